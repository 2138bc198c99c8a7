'use strict';
/**
 * The benchmark's recipients: deterministic, all valid, unique phones. The same function runs in
 * the floor script and (as source text) inside n8n's Code node, so both paths send identical data.
 */

function makeCustomers(n) {
	const first = ['An', 'Binh', 'Chi', 'Dung', 'Giang', 'Hoa', 'Khanh', 'Lan', 'Minh', 'Nam', 'Oanh', 'Phuong', 'Quang', 'Son', 'Thao', 'Uyen', 'Vy'];
	const last = ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Phan', 'Vu', 'Dang', 'Bui', 'Do', 'Ngo'];
	const services = ['Dental check-up', 'Eye exam', 'Haircut', 'Massage', 'Vaccination', 'Physiotherapy', 'Skin care'];
	const out = new Array(n);
	for (let i = 0; i < n; i++) {
		out[i] = {
			customerId: i + 1,
			name: last[i % last.length] + ' ' + first[i % first.length],
			phone: '091' + String(i).padStart(7, '0'),
			service: services[i % services.length],
			date: String(1 + (i % 28)).padStart(2, '0') + '/' + String(1 + (i % 12)).padStart(2, '0') + '/2027',
		};
	}
	return out;
}

/** Code node source that returns the same customers as n8n items. */
function customersCode(n) {
	return `${makeCustomers.toString()}\nreturn makeCustomers(${n}).map((json) => ({ json }));`;
}

module.exports = { makeCustomers, customersCode };

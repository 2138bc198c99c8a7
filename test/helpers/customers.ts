/** Deterministic sample customers, like the demo's: names, services, appointment dates, phones. */

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Linh', 'Minh', 'Ngọc', 'Phúc', 'Quân'];
const SERVICES = ['Khám tổng quát', 'Nha khoa', 'Chăm sóc da', 'Tư vấn dinh dưỡng', 'Vật lý trị liệu'];
const PREFIXES = ['090', '091', '093', '097', '098', '032', '070', '081', '086', '088'];

export interface Customer {
	id: number;
	name: string;
	phone: string;
	service: string;
	date: string;
	[key: string]: string | number;
}

export function customerPhone(index: number): string {
	return `${PREFIXES[index % PREFIXES.length]}${String(1_000_000 + index * 7).slice(-7)}`;
}

export function makeCustomers(count: number, start = 0): Customer[] {
	return Array.from({ length: count }, (_, offset) => {
		const index = start + offset;
		const day = 1 + (index % 28);
		return {
			id: index,
			name: `${FAMILY[index % FAMILY.length]} ${GIVEN[index % GIVEN.length]}`,
			phone: customerPhone(index),
			service: SERVICES[index % SERVICES.length],
			date: `2026-12-${String(day).padStart(2, '0')}`,
		};
	});
}

'use strict';
/** A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF): rows as objects by header. */
function readCsv(text) {
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			row.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || row.length) rows.push([...row, field]);
	const [header, ...records] = rows.filter((r) => r.length > 1 || r[0] !== '');
	return records.map((record) => Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])));
}

module.exports = { readCsv };

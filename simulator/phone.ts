/** Phone numbers as eSMS judges them: 10-digit `0[35789]xxxxxxxx`, or the same with `84` instead of `0`. */

const DOMESTIC = /^0[35789]\d{8}$/;
const INTERNATIONAL = /^84[35789]\d{8}$/;

/** The phone as the caller wrote it, for echoing back. */
export function phoneAsSent(raw: unknown): string {
	if (typeof raw === 'string') return raw;
	if (typeof raw === 'number') return String(raw);
	return '';
}

/** 0xxxxxxxxx, or undefined when eSMS would answer 108. */
export function normalizePhone(raw: unknown): string | undefined {
	const text = phoneAsSent(raw);
	if (DOMESTIC.test(text)) return text;
	if (INTERNATIONAL.test(text)) return '0' + text.slice(2);
	return undefined;
}

export function toInternational(normalized: string): string {
	return '84' + normalized.slice(1);
}

const TELCO_BY_PREFIX: Record<string, number> = {
	...prefixes(1, ['032', '033', '034', '035', '036', '037', '038', '039', '086', '096', '097', '098']),
	...prefixes(2, ['070', '076', '077', '078', '079', '089', '090', '093']),
	...prefixes(3, ['081', '082', '083', '084', '085', '088', '091', '094']),
	...prefixes(4, ['052', '056', '058', '092']),
	...prefixes(5, ['059', '099']),
	...prefixes(6, ['087']),
	...prefixes(7, ['055']),
};

function prefixes(telcoId: number, list: string[]): Record<string, number> {
	return Object.fromEntries(list.map((prefix) => [prefix, telcoId]));
}

/** eSMS telcoid: 1 Viettel, 2 Mobifone, 3 Vinaphone, 4 Vietnamobile, 5 Gtel, 6 Itel, 7 Reddi; 0 unknown. */
export function telcoOf(normalized: string): number {
	return TELCO_BY_PREFIX[normalized.slice(0, 3)] ?? 0;
}

/** Reading eSMS's loosely typed values: a field may be a list, a number or text. */

export function firstValue(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

export function toNumber(value: unknown): number | null {
	const single = firstValue(value);
	if (typeof single === 'number') return Number.isFinite(single) ? single : null;
	if (typeof single !== 'string') return null;
	const text = single.trim();
	if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
	return Number(text);
}

export function toInteger(value: unknown): number | null {
	const number = toNumber(value);
	return number !== null && Number.isInteger(number) ? number : null;
}

export function toText(value: unknown): string | null {
	const single = firstValue(value);
	if (typeof single === 'number' && Number.isFinite(single)) return String(single);
	if (typeof single !== 'string') return null;
	const text = single.trim();
	return text === '' ? null : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lowerCaseKeys(object: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(object)) {
		const lower = key.toLowerCase();
		if (!(lower in result)) result[lower] = value;
	}
	return result;
}

/** A count with its noun, singular or plural: `1 recipient`, `2 recipients`, `1 SMS part`. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
	return `${count} ${count === 1 ? singular : plural}`;
}

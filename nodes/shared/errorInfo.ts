import { firstValue, isPlainObject, lowerCaseKeys, toInteger, toText } from './values';

/**
 * Zalo's error behind a delivery (`error_info` / `ErrorInfo`): it arrives as a quoted JSON string
 * with escaped quotes, JSON URL-encoded twice with a date appended, plain JSON, or JSON followed
 * by .NET exception text; every layer is peeled off defensively and the raw text kept.
 */

/** Zalo's error: its code and message when they could be read, and the text as received. */
export interface DeliveryError {
	code: number | null;
	message: string | null;
	raw: string;
}

/** How many wrappings (quotes, URL-encodings) parseErrorInfo peels off before giving up. */
const MAX_ERROR_INFO_LAYERS = 6;

/** Index just past the JSON string literal that opens at `start` (a `"`), or -1 when unterminated. */
function endOfJsonString(text: string, start: number): number {
	for (let index = start + 1; index < text.length; index++) {
		if (text[index] === '\\') index++;
		else if (text[index] === '"') return index + 1;
	}
	return -1;
}

/** Index just past the `}` that closes the object opening at `start`, or -1 when unbalanced. */
function endOfJsonObject(text: string, start: number): number {
	let depth = 0;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (char === '"') {
			const end = endOfJsonString(text, index);
			if (end === -1) return -1;
			index = end - 1;
		} else if (char === '{') {
			depth++;
		} else if (char === '}') {
			depth--;
			if (depth === 0) return index + 1;
		}
	}
	return -1;
}

function tryJsonParse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** The JSON object the text starts with; whatever follows it (a date, .NET exception text) is ignored. */
function leadingJsonObject(text: string): Record<string, unknown> | null {
	if (!text.startsWith('{')) return null;
	const end = endOfJsonObject(text, 0);
	if (end === -1) return null;
	const parsed = tryJsonParse(text.slice(0, end));
	return isPlainObject(parsed) ? parsed : null;
}

/** The content of the JSON string literal the text starts with (one level of `\"` escaping removed). */
function leadingJsonString(text: string): string | null {
	if (!text.startsWith('"')) return null;
	const end = endOfJsonString(text, 0);
	if (end === -1) return null;
	const parsed = tryJsonParse(text.slice(0, end));
	return typeof parsed === 'string' ? parsed.trim() : null;
}

/** Decodes every well-formed run of %XX escapes; a stray `%` (as in "50% off") stays as it is. */
function percentDecoded(text: string): string {
	return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

/**
 * Peels quotes and URL-encodings off until a JSON object shows. Handles every encoding eSMS has
 * been seen to send: `"{\"error\":-114,…}"`, `%7B%22error%22…%7D____24/04/2024%2016:58:01`,
 * plain `{"error":0,…}` and `{"error":-124,…}Object reference not set to an instance of an object.`
 */
function unwrapErrorObject(raw: string): Record<string, unknown> | null {
	let text = raw.trim();
	for (let layer = 0; layer < MAX_ERROR_INFO_LAYERS; layer++) {
		const object = leadingJsonObject(text);
		if (object) return object;
		const unquoted = leadingJsonString(text);
		if (unquoted !== null) {
			text = unquoted;
			continue;
		}
		const decoded = percentDecoded(text).trim();
		if (decoded === text) return null;
		text = decoded;
	}
	return null;
}

function errorFromObject(object: Record<string, unknown>, raw: string): DeliveryError {
	const nested = isPlainObject(object.error) ? object.error : null;
	const source = nested ?? object;
	const lower = lowerCaseKeys(source);
	return {
		code: toInteger(lower.error ?? lower.code ?? lower.error_code),
		message: toText(lower.message ?? lower.error_message ?? lower.msg),
		raw,
	};
}


/**
 * Zalo's error behind a delivery: `{ code, message, raw }` with `raw` the text as received.
 * Empty → null; text that holds no JSON object → `{ code: null, message: null, raw }`.
 */
export function parseErrorInfo(raw: unknown): DeliveryError | null {
	const single = firstValue(raw);
	if (single === null || single === undefined) return null;
	if (isPlainObject(single)) return errorFromObject(single, JSON.stringify(single));
	if (typeof single === 'number') {
		return Number.isFinite(single) ? { code: toInteger(single), message: null, raw: String(single) } : null;
	}
	if (typeof single !== 'string') return { code: null, message: null, raw: JSON.stringify(single) ?? '' };
	if (single.trim() === '') return null;
	const object = unwrapErrorObject(single);
	return object ? errorFromObject(object, single) : { code: null, message: null, raw: single };
}

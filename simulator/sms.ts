/**
 * SMS text as carriers count it (industry rule; eSMS does not document it): GSM 7-bit, 160
 * septets in one part, 153 per part when split (characters of the extension table take 2);
 * Unicode (IsUnicode "1", or any character outside GSM 7-bit) 70 UTF-16 units, 67 per part.
 * And customer-care templates: registered texts with `{variable}` placeholders.
 */

const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXTENSION_SET = new Set(GSM_EXTENSION);

export const GSM_SINGLE = 160;
export const GSM_PER_PART = 153;
export const UNICODE_SINGLE = 70;
export const UNICODE_PER_PART = 67;

export interface SmsLength {
	/** Counted as Unicode: asked for (IsUnicode "1") or needed (a character outside GSM 7-bit). */
	unicode: boolean;
	/** Septets (GSM) or UTF-16 units (Unicode). */
	units: number;
	parts: number;
}

/** Whether every character can be written in GSM 7-bit (basic or extension table). */
export function isGsm7(text: string): boolean {
	for (const char of text) if (!GSM_BASIC_SET.has(char) && !GSM_EXTENSION_SET.has(char)) return false;
	return true;
}

/** Parts of an SMS; an empty text is one part. */
export function smsLength(content: string, isUnicode: boolean): SmsLength {
	const unicode = isUnicode || !isGsm7(content);
	if (unicode) {
		const units = content.length;
		return { unicode, units, parts: units <= UNICODE_SINGLE ? 1 : Math.ceil(units / UNICODE_PER_PART) };
	}
	let units = 0;
	for (const char of content) units += GSM_EXTENSION_SET.has(char) ? 2 : 1;
	return { unicode, units, parts: units <= GSM_SINGLE ? 1 : Math.ceil(units / GSM_PER_PART) };
}

const templateCache = new Map<string, RegExp>();

/** `{name}` matches one or more characters; everything else must match exactly. */
export function matchesTemplate(content: string, template: string): boolean {
	let pattern = templateCache.get(template);
	if (!pattern) {
		const source = template
			.split(/\{[^{}]*\}/)
			.map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('[\\s\\S]+?');
		pattern = new RegExp(`^${source}$`);
		templateCache.set(template, pattern);
	}
	return pattern.test(content);
}

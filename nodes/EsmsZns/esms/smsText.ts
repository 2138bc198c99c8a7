/**
 * SMS text as carriers count it: GSM 7-bit (160 characters in one part, 153 per part when split;
 * the extension characters ^ { } \ [ ] ~ | € count as two) or Unicode (70 in one part, 67 per part,
 * in UTF-16 units: an emoji counts as two). eSMS's IsUnicode says which; Vietnamese with
 * diacritics needs Unicode, which costs more parts, so customer-care SMS are commonly sent without.
 */

export type Charset = 'gsm7' | 'unicode';

/** How the node chooses: the cheapest that can carry the text, or always one of them. */
export type CharsetChoice = 'auto' | Charset;

const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[]~|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** GSM 7-bit septets the text needs, or null when a character is not in the GSM alphabet. */
function gsmLength(text: string): number | null {
	let length = 0;
	for (const character of text) {
		if (BASIC.has(character)) length += 1;
		else if (EXTENSION.has(character)) length += 2;
		else return null;
	}
	return length;
}

export interface SmsShape {
	charset: Charset;
	/** Characters as the charset counts them (septets, or UTF-16 units). */
	length: number;
	parts: number;
}

function partsOf(length: number, single: number, each: number): number {
	if (length === 0) return 1;
	return length <= single ? 1 : Math.ceil(length / each);
}

/**
 * The charset and parts of a text. `auto` takes GSM 7-bit when every character is in it, else
 * Unicode; `gsm7` refuses (null) a text that has a character outside it; `unicode` always is.
 */
export function smsShape(text: string, choice: CharsetChoice): SmsShape | null {
	const septets = choice === 'unicode' ? null : gsmLength(text);
	if (septets !== null) return { charset: 'gsm7', length: septets, parts: partsOf(septets, 160, 153) };
	if (choice === 'gsm7') return null;
	return { charset: 'unicode', length: text.length, parts: partsOf(text.length, 70, 67) };
}

/** The first character of the text that GSM 7-bit cannot carry, for error messages. */
export function firstNonGsm(text: string): string | null {
	for (const character of text) if (!BASIC.has(character) && !EXTENSION.has(character)) return character;
	return null;
}

const VIETNAMESE_D: Record<string, string> = { đ: 'd', Đ: 'D' };

/**
 * Vietnamese without diacritics, as customer-care SMS are usually sent: "Xin chào Đức" → "Xin
 * chao Duc". Only combining marks and đ/Đ change; every other character stays as it is.
 */
export function withoutDiacritics(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, (letter) => VIETNAMESE_D[letter])
		.normalize('NFC');
}

/**
 * Vietnamese mobile numbers. eSMS's samples all use the 10-digit domestic form `0xxxxxxxxx`
 * and reject 9 digits; Zalo also knows `84…`. We normalise to the domestic form before sending
 * and compare replies in that form, whichever form eSMS echoes.
 */

/** How the phone goes into the request: normalised to `0xxxxxxxxx`, or exactly as given. */
export type PhoneFormat = 'domestic' | 'asGiven';

/** 10 digits, a leading 0 and a mobile range (03x, 05x, 07x, 08x, 09x). */
export const DOMESTIC_MOBILE = /^0[35789]\d{8}$/;

const DIGITS = /^\d+$/;

/** What a phone that is not a Vietnamese mobile number breaks, in the node's "field rule" style. */
export const PHONE_RULE = 'must be a Vietnamese mobile number (10 digits 03x/05x/07x/08x/09x, or 84…)';

/** Removes what people type around digits: spaces, dots, dashes, brackets and a leading +. */
function stripFormatting(raw: string): string {
	if (DIGITS.test(raw)) return raw;
	return raw.replace(/[\s.\-()]/g, '').replace(/^\+/, '');
}

/** The domestic form `0xxxxxxxxx` of a Vietnamese mobile number, or null when it is not one. */
export function toDomesticMobile(raw: string): string | null {
	// Most phones arrive already in the domestic form (and every reply row of eSMS does).
	if (DOMESTIC_MOBILE.test(raw)) return raw;
	const digits = stripFormatting(raw);
	if (!DIGITS.test(digits)) return null;
	let domestic = digits;
	if (digits.startsWith('0084')) domestic = '0' + digits.slice(4);
	else if (digits.startsWith('84') && digits.length === 11) domestic = '0' + digits.slice(2);
	else if (digits.length === 9) domestic = '0' + digits;
	return DOMESTIC_MOBILE.test(domestic) ? domestic : null;
}

/** A key to match eSMS's reply rows with: the domestic form when there is one, else the digits. */
export function phoneKey(raw: unknown): string {
	const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
	return toDomesticMobile(text) ?? stripFormatting(text);
}

import { isInvisible } from './invisible';

/**
 * The rule for a Custom Request ID (the user's own RequestId per message). eSMS takes at most 50
 * characters and remembers a RequestId for 24 hours to refuse a duplicate (code 124), so an ID
 * must be one a person can read back and type: no control characters (line breaks, tabs), no
 * invisible characters that make two IDs look the same, at most 50 characters.
 */

export const MAX_CUSTOM_REQUEST_ID_LENGTH = 50;

/** C0 and C1 control characters and DEL. */
function isControl(code: number): boolean {
	return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

function codePointName(code: number): string {
	return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * What is wrong with a Custom Request ID (already trimmed by the caller, as the node reads text
 * fields), in the node's "field rule" style, or null when it is usable. Lengths and positions
 * count characters as users see them (code points: an emoji is one).
 */
export function checkCustomRequestId(id: string): string | null {
	if (id === '') return 'is required but empty';
	const characters = [...id];
	for (const [index, character] of characters.entries()) {
		const code = character.codePointAt(0) ?? 0;
		if (isControl(code)) {
			return `must not contain control characters such as line breaks or tabs (found ${codePointName(code)} at character ${index + 1})`;
		}
		if (isInvisible(code)) {
			return `must not contain invisible characters (found ${codePointName(code)} at character ${index + 1})`;
		}
	}
	// eSMS (a .NET service) counts UTF-16 units: an emoji is two.
	if (id.length > MAX_CUSTOM_REQUEST_ID_LENGTH) {
		const counted = id.length === characters.length ? '' : `, ${id.length} as eSMS counts them`;
		return `must be at most ${MAX_CUSTOM_REQUEST_ID_LENGTH} characters (has ${characters.length}${counted})`;
	}
	return null;
}

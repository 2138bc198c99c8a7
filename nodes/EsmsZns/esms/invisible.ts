/**
 * Characters that show nothing, or look like a plain space, and so make two texts that look alike
 * differ (or a text look filled when it is empty): every white space but the ASCII space (no-break
 * and other Unicode spaces, line and paragraph separators), zero-width characters, bidi marks and
 * controls, the soft hyphen, the combining grapheme joiner, Hangul fillers, variation selectors,
 * the byte order mark and invisible format characters. Ranges of code points, not a regular
 * expression: several are combining marks, which a character class would misread.
 */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
	[0x00a0, 0x00a0],
	[0x00ad, 0x00ad],
	[0x034f, 0x034f],
	[0x061c, 0x061c],
	[0x115f, 0x1160],
	[0x1680, 0x1680],
	[0x17b4, 0x17b5],
	[0x180b, 0x180f],
	[0x2000, 0x200f],
	[0x2028, 0x202f],
	[0x205f, 0x206f],
	[0x3000, 0x3000],
	[0x3164, 0x3164],
	[0xfe00, 0xfe0f],
	[0xfeff, 0xfeff],
	[0xffa0, 0xffa0],
];

export function isInvisible(codePoint: number): boolean {
	return INVISIBLE_RANGES.some(([first, last]) => codePoint >= first && codePoint <= last);
}

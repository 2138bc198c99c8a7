/**
 * Text that may end up in an error message, a node error or an output item, with secrets kept
 * out: URLs (a proxy's password, the trigger's Secret Path, GetListBrandname's keys in the path),
 * eSMS's own answers (which may quote the keys back) and values of any shape.
 */

/** The longest URL text urlForDisplay returns (a longer one ends with "…"). */
const MAX_URL_TEXT = 200;

/**
 * The most characters a shown path segment may have: fewer than the trigger's shortest Secret
 * Path (16), so a secret segment is never shown, whatever it is made of.
 */
const MAX_SHOWN_SEGMENT = 15;

/** One word of a segment: letters, optionally ending in at most two digits (`v4`, `json`, `svc`). */
const PLAIN_WORD = /^[A-Za-z]{1,12}[0-9]{0,2}$/;

/** Eight or more hex letters (`deadbeef`): reads as a key or an id, not a word. */
const HEX_ONLY = /^[A-Fa-f]{8,}$/;

function decoded(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}

/**
 * Whether a path segment is shown: at most 15 characters (once decoded), at most three words
 * joined by `.`, `_` or `-`, each word letters optionally followed by at most two digits, and not
 * eight or more hex letters alone. So `MainService.svc`, `json`, `webhook`, `webhook-test` and
 * `v4` are shown; a UUID, an eSMS key, a Secret Path and anything with digits inside are not.
 */
function isPlainSegment(segment: string): boolean {
	const text = decoded(segment);
	if (text === null || text === '' || text.length > MAX_SHOWN_SEGMENT) return false;
	const words = text.split(/[._-]/);
	if (words.length > 3) return false;
	return words.every((word) => PLAIN_WORD.test(word) && !HEX_ONLY.test(word));
}

/**
 * A URL as it may be shown in an error. The rule:
 * - the scheme (when written as `scheme://`), host and port are kept; `user:password@` is dropped;
 * - path segments are kept from the start while each is a plain word (see isPlainSegment); the
 *   first one that is not, and everything after it, becomes one `…` (a trailing slash is dropped);
 * - a query string becomes `?…` and a fragment `#…` (their values are never shown);
 * - the result is at most 200 characters.
 * It never throws and needs no valid URL: text without a scheme is read as `host/path`.
 */
export function urlForDisplay(url: string): string {
	let rest = typeof url === 'string' ? url.trim() : '';
	const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rest)?.[0] ?? '';
	rest = rest.slice(scheme.length);

	const queryAt = rest.search(/[?#]/);
	let tail = '';
	if (queryAt !== -1) {
		const after = rest.slice(queryAt);
		const hashAt = after.indexOf('#');
		if (after.startsWith('?')) tail = hashAt === -1 ? '?…' : '?…#…';
		else tail = '#…';
		rest = rest.slice(0, queryAt);
	}

	const slashAt = rest.indexOf('/');
	const authority = slashAt === -1 ? rest : rest.slice(0, slashAt);
	const host = authority.slice(authority.lastIndexOf('@') + 1);
	const segments = (slashAt === -1 ? '' : rest.slice(slashAt)).split('/').filter((segment) => segment !== '');

	const shown: string[] = [];
	for (const segment of segments) {
		if (!isPlainSegment(segment)) {
			shown.push('…');
			break;
		}
		shown.push(segment);
	}
	const text = scheme + host + shown.map((segment) => `/${segment}`).join('') + tail;
	return text.length > MAX_URL_TEXT ? `${text.slice(0, MAX_URL_TEXT)}…` : text;
}

/** The ways a secret can appear in text eSMS sends back: as is, URL-encoded (either hex case, or form-encoded) and JSON-escaped. */
function secretForms(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	const forms = [
		secret,
		encoded,
		encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
	];
	return [...new Set(forms)];
}

/**
 * Text with every occurrence of each non-empty secret (ApiKey, SecretKey) replaced by `***`, in
 * any of the forms of secretForms. Longer forms go first, so a key that contains another is
 * replaced whole.
 */
export function scrubSecrets(text: string, secrets: string[]): string {
	const forms = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret !== '')
		.flatMap(secretForms)
		.sort((a, b) => b.length - a.length);
	let result = String(text);
	for (const form of forms) result = result.split(form).join('***');
	return result;
}

/** JSON text of a value, BigInt written as `12n`; null when it cannot be written (cycle, too deep, a throwing toJSON). */
function jsonText(value: unknown): string | null {
	try {
		const text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
		return typeof text === 'string' ? text : null;
	} catch {
		return null;
	}
}

function valueText(value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (typeof value === 'bigint') return `${value}n`;
	if (typeof value === 'undefined') return 'undefined';
	if (typeof value === 'function') return 'a function';
	if (typeof value === 'symbol') return value.toString();
	return jsonText(value) ?? 'an object that cannot be shown as JSON';
}

/**
 * A value as JSON text for an error message (`"abc"`, `["a",1]`, `{"a":1}`; numbers as written,
 * NaN and Infinity included), its first `max` characters then `… (N characters)`. Characters are
 * counted as users see them (code points). Never throws.
 */
export function shortValue(value: unknown, max = 200): string {
	const characters = [...valueText(value)];
	if (characters.length <= max) return characters.join('');
	return `${characters.slice(0, Math.max(0, max)).join('')}… (${characters.length} characters)`;
}

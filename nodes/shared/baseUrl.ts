import { urlForDisplay } from './redact';
import { notOk, ok, type Result } from './result';

/**
 * The Base URL rule, one for the node and the credential test: trimmed, trailing slashes
 * stripped, the fallback (eSMS's own URL) when empty; refused unless it is an http(s) URL with a
 * host and without a query string, a `#` part or a user name/password (paths are appended to it,
 * and the keys must never travel to a URL the user did not mean). Errors name the URL through
 * urlForDisplay, so they never show a password or a query value. `label` names the field in
 * errors (e.g. 'Delivery Reports URL', which follows the same rule).
 */
export function checkedBaseUrl(raw: string, fallback: string, label = 'Base URL'): Result<string> {
	const trimmed = typeof raw === 'string' ? raw.trim() : '';
	const url = (trimmed === '' ? fallback : trimmed).replace(/\/+$/, '');
	const refuse = (why: string) => notOk(`The ${label} ${why} (got ${urlForDisplay(url)})`);

	if (!/^https?:\/\//i.test(url)) return refuse('must start with http:// or https://');
	let parsed: URL;
	try {
		if (/\s/.test(url)) throw new TypeError('white space');
		parsed = new URL(url);
	} catch {
		return refuse('is not a valid URL');
	}
	if (parsed.username !== '' || parsed.password !== '' || /^https?:\/\/[^/?#]*@/i.test(url)) {
		return refuse('must not hold a user name or password');
	}
	if (url.includes('?')) return refuse('must not have a query string');
	if (url.includes('#')) return refuse('must not have a "#" part');
	if (parsed.hostname === '' || /^https?:\/\/\//i.test(url)) return refuse('has no host');
	return ok(url);
}

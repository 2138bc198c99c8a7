import { createHash, timingSafeEqual } from 'crypto';

/**
 * The secret is the last segment of the webhook URL, so it may only hold characters that need
 * no URL encoding; 16 of them at least, so that it cannot be guessed.
 */
const SECRET_PATTERN = /^[A-Za-z0-9._~-]+$/;
export const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 200;

/** What is wrong with a configured secret, in words for the user, or null when it is usable. */
export function secretProblem(secret: unknown): string | null {
	if (typeof secret !== 'string' || secret === '') return 'The Secret Path is empty';
	if (!SECRET_PATTERN.test(secret)) {
		return "The Secret Path may only contain letters, digits, '-', '_', '.' and '~'";
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return `The Secret Path must be at least ${MIN_SECRET_LENGTH} characters long`;
	}
	if (secret.length > MAX_SECRET_LENGTH) {
		return `The Secret Path must be at most ${MAX_SECRET_LENGTH} characters long`;
	}
	return null;
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the content nor the
 * length of the expected secret leaks through timing.
 */
export function secretsMatch(presented: string | null, expected: unknown): boolean {
	if (presented === null || secretProblem(expected) !== null) return false;
	return timingSafeEqual(digest(presented), digest(expected as string));
}

function decodedSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function lastPathSegment(url: string): string | null {
	const path = url.split(/[?#]/, 1)[0];
	const segments = path.split('/').filter((segment) => segment !== '');
	const last = segments[segments.length - 1];
	return last === undefined ? null : decodedSegment(last);
}

/**
 * The secret a request presents. n8n fills the `token` route parameter when the request came in
 * through the catch-all `:token` webhook. Through the webhook whose path is the secret (or the
 * bare webhook id) it fills nothing, and the candidate is the last segment of the request's path.
 */
export function presentedSecret(params: unknown, requestUrl: unknown): string | null {
	const token = (params as { token?: unknown } | null | undefined)?.token;
	if (typeof token === 'string') return token;
	return typeof requestUrl === 'string' ? lastPathSegment(requestUrl) : null;
}

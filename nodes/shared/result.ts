/**
 * What a check or a look-up gives back: its value, or why there is none. One shape everywhere a
 * caller decides what a failure means (a template value's rule, a look-up eSMS could not answer,
 * an item's option): test `ok`, then read `value` or `why`.
 */
export type Result<T, Why = string> = { ok: true; value: T } | { ok: false; why: Why };

export function ok<T>(value: T): { ok: true; value: T } {
	return { ok: true, value };
}

export function notOk<Why>(why: Why): { ok: false; why: Why } {
	return { ok: false, why };
}

import { randomBytes } from 'crypto';

import type { Outcome } from './types';

/**
 * What this n8n process learnt from eSMS about each RequestId it sent.
 *
 * Why: n8n's Retry On Fail re-runs the whole node with the same RequestIds. Without this, a
 * re-run would send the rejected recipients again and eSMS would answer 124 (duplicate, no
 * SMSID) for the accepted ones, losing their SMSID. With it, a re-run reuses the final
 * outcome of every recipient the earlier try settled and sends only the rest. It also tells a
 * 124 caused by our own earlier attempt (whose answer was lost) from one the user should
 * check. Entries expire with eSMS's own 24-hour duplicate window.
 */

interface Remembered {
	executionId: string;
	/** The final answer eSMS gave for this RequestId, or null when an attempt got no answer. */
	outcome: Outcome | null;
	at: number;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 300_000;
const memory = new Map<string, Remembered>();

/** Outcomes that settle a recipient: sending it again could only yield a duplicate. */
const FINAL = new Set(['accepted', 'rejected']);

function keyOf(scope: string, requestId: string): string {
	return `${scope}\u0000${requestId}`;
}

/** Drops the oldest entries (maps keep insertion order) while over the size or past the TTL. */
function evictOld(entries: Map<string, { at: number }>, now: number): void {
	for (const [key, entry] of entries) {
		if (entries.size <= MAX_ENTRIES && now - entry.at < TTL_MS) break;
		entries.delete(key);
	}
}

function remember(scope: string, requestId: string, entry: Remembered): void {
	const key = keyOf(scope, requestId);
	memory.delete(key);
	memory.set(key, entry);
}

/**
 * Records final outcomes, and the RequestIds of requests that may have reached eSMS without
 * an answer (`attempted`), unless something final is known for them already.
 */
export function rememberOutcomes(
	scope: string,
	executionId: string,
	outcomes: Outcome[],
	attempted: string[],
	now: number,
): void {
	for (const outcome of outcomes) {
		if (outcome.requestId !== null && FINAL.has(outcome.status)) {
			remember(scope, outcome.requestId, { executionId, outcome, at: now });
		}
	}
	for (const requestId of attempted) {
		if (!recall(scope, requestId, now)?.outcome) remember(scope, requestId, { executionId, outcome: null, at: now });
	}
	evictOld(memory, now);
}

export function recall(scope: string, requestId: string, now: number): Remembered | undefined {
	const entry = memory.get(keyOf(scope, requestId));
	return entry && now - entry.at < TTL_MS ? entry : undefined;
}

/** For tests: forget everything, as a new n8n process would. */
export function forgetAll(): void {
	memory.clear();
	runTokens.clear();
}

const runTokens = new Map<string, { token: string; at: number }>();

/**
 * A random token for one node in one execution, the same for every try of it in this process.
 * It goes into the default Request IDs: execution ids restart at 1 in every n8n database, and
 * two instances may even share an encryption key (hence an instance id), so without it the
 * same workflow run on another instance within 24 hours would collide with this one and eSMS
 * would silently refuse every message as a duplicate.
 */
export function runToken(executionId: string, place: string, now: number): string {
	const key = `${executionId}\u0000${place}`;
	const known = runTokens.get(key);
	if (known && now - known.at < TTL_MS) return known.token;
	const token = randomBytes(8).toString('hex');
	runTokens.delete(key); // re-inserted at the end, so the oldest stay first for evictOld
	runTokens.set(key, { token, at: now });
	evictOld(runTokens, now);
	return token;
}

import type { Outcome } from './types';

/**
 * Remembers, in this n8n process, which RequestIds eSMS accepted and with which SMSID.
 *
 * Why: n8n's Retry On Fail re-runs the whole node with the same RequestIds. eSMS then
 * answers 124 (duplicate) without an SMSID, and the recipients that the first attempt sent
 * would lose their SMSID. With this memory a re-run does not send them again at all and
 * reports their original SMSID. Entries expire with eSMS's own 24-hour duplicate window.
 */

interface Accepted {
	executionId: string;
	smsId: string | null;
	batch: number | null;
	at: number;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_ENTRIES = 300_000;
const memory = new Map<string, Accepted>();

function keyOf(scope: string, requestId: string): string {
	return `${scope}\u0000${requestId}`;
}

function evictOld(now: number): void {
	for (const [key, entry] of memory) {
		if (memory.size <= MAX_ENTRIES && now - entry.at < TTL_MS) break;
		memory.delete(key);
	}
}

export function rememberAccepted(scope: string, executionId: string, outcomes: Outcome[], now: number): void {
	for (const outcome of outcomes) {
		if (outcome.status !== 'accepted' || outcome.requestId === null) continue;
		const key = keyOf(scope, outcome.requestId);
		memory.delete(key);
		memory.set(key, { executionId, smsId: outcome.smsId, batch: outcome.batch, at: now });
	}
	evictOld(now);
}

export function recallAccepted(scope: string, requestId: string, now: number): Accepted | undefined {
	const entry = memory.get(keyOf(scope, requestId));
	return entry && now - entry.at < TTL_MS ? entry : undefined;
}

/** For tests: forget everything. */
export function forgetAllAccepted(): void {
	memory.clear();
}

import { outcomeOf, retold } from './outcome';
import type { Outcome, Recipient } from './types';

/**
 * What this n8n process learnt from eSMS about the messages it sent: an optimisation, never the
 * thing that prevents a double send (eSMS's 24-hour RequestId check does that, see requestId.ts).
 *
 * It adds what eSMS cannot tell again: the SMSID of a message accepted earlier (eSMS answers a
 * repeat with 124 and no SMSID), and whether an earlier attempt got no answer at all. Entries
 * are reused only for the same RequestId AND the same message fingerprint, so a shortcut can
 * never hand one recipient another recipient's answer. At most MAX_ENTRIES messages are kept for
 * 24 hours (eSMS's window); past that budget a re-run still sends nothing twice, it only reports
 * `duplicate` without the SMSID.
 */

/** Where and when the node runs now. */
export interface RunPlace {
	/** Which eSMS account the RequestIds belong to. */
	scope: string;
	executionId: string;
	/** n8n's run index: a new one for each loop round, the same one for Retry On Fail. */
	runIndex: number;
	now: number;
}

/** eSMS's final answer about one message, as little of it as a later run needs. */
interface Answer {
	status: 'accepted' | 'rejected';
	smsId: string | null;
	codeResult: string | null;
	message: string;
	batch: number | null;
}

interface Remembered {
	fingerprint: string;
	executionId: string;
	runIndex: number;
	/** The final answer eSMS gave, or null when an attempt got no answer. */
	answer: Answer | null;
	at: number;
}

const TTL_MS = 24 * 60 * 60 * 1000;
/** Measured (node --expose-gc scripts/bench/memory.js): 75 MB of heap when full, 790 bytes a message. */
export const MAX_ENTRIES = 100_000;
/** Per eSMS account (RunPlace.scope), its messages by RequestId, oldest first (maps keep insertion order). */
const memory = new Map<string, Map<string, Remembered>>();
/** Messages kept, all accounts together. */
let size = 0;

/** One account's messages being walked from the oldest, for eviction. */
interface Walk {
	scope: string;
	messages: Map<string, Remembered>;
	entries: Iterator<[string, Remembered]>;
	head: [string, Remembered] | undefined;
}

/**
 * Drops the oldest entries while over the size or past the TTL. Each account's messages are
 * oldest first, so the oldest of all is the oldest of the accounts' first ones. One iterator per
 * account walks forward as it drops (a new iterator per drop would step over every entry dropped
 * before it: quadratic in the number dropped).
 */
function evictOld(now: number): void {
	const walks: Walk[] = [];
	for (const [scope, messages] of memory) {
		const entries = messages.entries();
		walks.push({ scope, messages, entries, head: entries.next().value });
	}
	for (;;) {
		let oldest: Walk | undefined;
		for (const walk of walks) {
			if (walk.head !== undefined && (oldest === undefined || walk.head[1].at < oldest.head![1].at)) oldest = walk;
		}
		if (oldest === undefined) break;
		const [requestId, entry] = oldest.head!;
		if (size <= MAX_ENTRIES && now - entry.at < TTL_MS) break;
		oldest.messages.delete(requestId);
		size--;
		oldest.head = oldest.entries.next().value;
	}
	for (const walk of walks) if (walk.messages.size === 0) memory.delete(walk.scope);
}

/** Stores an entry as the newest of its account (insertion order, which eviction relies on). */
function remember(messages: Map<string, Remembered>, requestId: string, entry: Remembered): void {
	if (messages.delete(requestId)) size--;
	messages.set(requestId, entry);
	size++;
}

function messagesOf(scope: string): Map<string, Remembered> {
	let messages = memory.get(scope);
	if (messages === undefined) {
		messages = new Map();
		memory.set(scope, messages);
	}
	return messages;
}

/** Recipients by item index (item indexes are small whole numbers). */
function byItemIndex(recipients: Recipient[]): Array<Recipient | undefined> {
	const byItem: Array<Recipient | undefined> = [];
	for (const recipient of recipients) byItem[recipient.itemIndex] = recipient;
	return byItem;
}

function recall(
	messages: Map<string, Remembered> | undefined,
	place: RunPlace,
	requestId: string,
	fingerprint: string,
): Remembered | undefined {
	const entry = messages?.get(requestId);
	if (!entry || place.now - entry.at >= TTL_MS || entry.fingerprint !== fingerprint) return undefined;
	return entry;
}

function isSameTry(entry: Remembered, place: RunPlace): boolean {
	return entry.executionId === place.executionId && entry.runIndex === place.runIndex;
}

function reusedOutcome(recipient: Recipient, entry: Remembered, place: RunPlace): Outcome | null {
	const earlier = entry.answer;
	if (earlier === null) return null;
	const { smsId, codeResult, batch } = earlier;
	if (isSameTry(entry, place)) {
		// Retry On Fail (or n8n's own retry) of this very run: its answer stands.
		const message = `${earlier.message} (answered to an earlier try of this run; not sent again)`;
		return outcomeOf(recipient, earlier.status, message, { smsId, codeResult, batch });
	}
	if (earlier.status !== 'accepted') return null; // eSMS decides again for anything not accepted
	const message =
		`Not sent again: the same message went to this phone within the last 24 hours and eSMS accepted it ` +
		`${smsId ? `as SMS ID ${smsId}` : 'without an SMS ID'} (execution ${entry.executionId}).`;
	return outcomeOf(recipient, 'duplicate', message, { smsId, batch });
}

/**
 * Recipients whose message this process already settled: accepted ones (any run) and this very
 * run's rejected ones come back as outcomes; everyone else is to be sent.
 */
export function reuseSettled(recipients: Recipient[], place: RunPlace): { toSend: Recipient[]; reused: Outcome[] } {
	const messages = memory.get(place.scope);
	if (messages === undefined) return { toSend: recipients, reused: [] };
	const toSend: Recipient[] = [];
	const reused: Outcome[] = [];
	for (const recipient of recipients) {
		const entry = recall(messages, place, recipient.requestId, recipient.fingerprint);
		const outcome = entry ? reusedOutcome(recipient, entry, place) : null;
		if (outcome) reused.push(outcome);
		else toSend.push(recipient);
	}
	return { toSend, reused };
}

/** A 124 (duplicate) outcome, told in full: what this process knows of the earlier send, if anything. */
function explainDuplicate(
	messages: Map<string, Remembered>,
	outcome: Outcome,
	recipient: Recipient | undefined,
	place: RunPlace,
): Outcome {
	if (outcome.status !== 'duplicate' || recipient === undefined) return outcome;
	const entry = recall(messages, place, recipient.requestId, recipient.fingerprint);
	if (entry?.answer?.status === 'accepted' && entry.answer.smsId && !outcome.smsId) {
		const { smsId } = entry.answer;
		return retold(outcome, recipient, outcome.status, `${outcome.message} It was accepted earlier as SMS ID ${smsId}.`, smsId);
	}
	if (entry && entry.answer === null) {
		const message = `${outcome.message} This n8n sent it earlier without getting eSMS's answer, so its SMS ID is unknown.`;
		return retold(outcome, recipient, outcome.status, message);
	}
	return outcome;
}

export function explainDuplicates(outcomes: Outcome[], recipients: Recipient[], place: RunPlace): Outcome[] {
	const messages = memory.get(place.scope);
	if (messages === undefined || !outcomes.some((outcome) => outcome.status === 'duplicate')) return outcomes;
	const byItem = byItemIndex(recipients);
	return outcomes.map((outcome) => explainDuplicate(messages, outcome, byItem[outcome.itemIndex], place));
}

/** eSMS's final answer in an outcome: accepted, or refused for this recipient. */
function answerIn(outcome: Outcome): Answer | null {
	if (outcome.status !== 'accepted' && outcome.status !== 'rejected') return null;
	const { status, smsId, codeResult, message, batch } = outcome;
	return { status, smsId, codeResult, message, batch };
}

/** Records what this run learnt, for the recipients it sent. */
export function recordOutcomes(outcomes: Outcome[], recipients: Recipient[], place: RunPlace): void {
	const byItem = byItemIndex(recipients);
	const { executionId, runIndex, now } = place;
	const messages = messagesOf(place.scope);
	for (const outcome of outcomes) {
		const recipient = byItem[outcome.itemIndex];
		if (!recipient) continue;
		const { requestId, fingerprint } = recipient;
		const answer = answerIn(outcome);
		if (answer !== null) {
			remember(messages, requestId, { fingerprint, executionId, runIndex, at: now, answer });
		} else if (outcome.status === 'unconfirmed' && !recall(messages, place, requestId, fingerprint)?.answer) {
			// It may have reached eSMS without an answer: a later 124 for it is ours.
			remember(messages, requestId, { fingerprint, executionId, runIndex, at: now, answer: null });
		}
	}
	evictOld(now); // also drops this account's map when nothing was kept in it
}

/** For tests: forget everything, as a new n8n process would. */
export function forgetAll(): void {
	memory.clear();
	size = 0;
}

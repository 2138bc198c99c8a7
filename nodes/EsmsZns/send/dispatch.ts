import { sleep } from 'n8n-workflow';

import { ACCEPTED, codeMeaning, failureScope, type FailureScope } from '../esms/codes';
import { matchReply } from './match';
import { unsentOutcome } from './outcomes';
import type { SendReply } from './reply';
import type { Batch, Outcome } from './types';

/** What came back for one batch: an eSMS answer, or nothing usable after the transport's retries. */
export type BatchAnswer =
	/** `afterLostAnswer`: an earlier attempt of this request may have reached eSMS unanswered. */
	| { kind: 'reply'; reply: SendReply; afterLostAnswer?: boolean }
	| { kind: 'unreachable'; message: string; transient: boolean };

export interface BatchFailure {
	batch: number;
	code: string | null;
	message: string;
	scope: FailureScope;
}

export interface DispatchResult {
	/** One per recipient of every batch, in no particular order. */
	outcomes: Outcome[];
	failures: BatchFailure[];
	/** The failure after which no further batch was started, if any. */
	stoppedBy: BatchFailure | null;
}

export interface DispatchOptions {
	concurrency: number;
	/** Stop after any failed batch (no Continue On Fail); otherwise only after a fatal one. */
	stopOnFailure: boolean;
}

function failureOf(batch: Batch, answer: BatchAnswer): BatchFailure | null {
	if (answer.kind === 'unreachable') {
		return { batch: batch.number, code: null, message: answer.message, scope: answer.transient ? 'batch' : 'fatal' };
	}
	const { code, errorMessage } = answer.reply;
	if (code === ACCEPTED) return null;
	const meaning = codeMeaning(code);
	const message = errorMessage && errorMessage !== meaning ? `${meaning} (eSMS: ${errorMessage})` : meaning;
	return { batch: batch.number, code, message, scope: failureScope(code) };
}

function outcomesOf(batch: Batch, status: 'failed' | 'skipped', codeResult: string | null, message: string): Outcome[] {
	return batch.recipients.map((recipient) => unsentOutcome(recipient, status, message, { codeResult, batch: batch.number }));
}

/**
 * Batches for the dispatcher, handed over as they become final: all at once (`BatchQueue.of`), or
 * while the items are still read (`push`, then `end` when the last batch is in).
 */
export class BatchQueue {
	private readonly waiting: Batch[] = [];
	private waiters: Array<(batch: Batch | null) => void> = [];
	private ended = false;

	static of(batches: Batch[]): BatchQueue {
		const queue = new BatchQueue();
		queue.push(batches);
		queue.end();
		return queue;
	}

	push(batches: Batch[]): void {
		for (const batch of batches) {
			const waiter = this.waiters.shift();
			if (waiter) waiter(batch);
			else this.waiting.push(batch);
		}
	}

	/** No more batches will come. */
	end(): void {
		this.ended = true;
		for (const waiter of this.waiters) waiter(null);
		this.waiters = [];
	}

	/** Stop at once: batches not handed out yet are never sent (the caller reports the failure). */
	abandon(): void {
		this.waiting.length = 0;
		this.end();
	}

	/** The next batch if one is waiting (no turn of the event loop), else undefined. */
	take(): Batch | undefined {
		return this.waiting.shift();
	}

	/** The next batch, waiting for one while more may come; null when there are no more. */
	async next(): Promise<Batch | null> {
		const waiting = this.take();
		if (waiting !== undefined) return waiting;
		if (this.ended) return null;
		return await new Promise<Batch | null>((resolve) => this.waiters.push(resolve));
	}
}

/**
 * Sends the batches through `sendBatch`, a few at a time, and turns every answer into one
 * outcome per recipient. After a failure that makes later batches pointless (or any failure,
 * when the caller wants to stop), batches not yet started are skipped, never dropped: also the
 * ones a queue receives after that, until it ends.
 */
export async function dispatchBatches(
	source: Batch[] | BatchQueue,
	sendBatch: (batch: Batch) => Promise<BatchAnswer>,
	options: DispatchOptions,
): Promise<DispatchResult> {
	const queue = Array.isArray(source) ? BatchQueue.of(source) : source;
	const outcomes: Outcome[] = [];
	const failures: BatchFailure[] = [];
	const notStarted: Batch[] = [];
	let stoppedBy: BatchFailure | null = null;

	const worker = async () => {
		while (stoppedBy === null) {
			const batch = queue.take() ?? (await queue.next());
			if (batch === null) return;
			if (stoppedBy !== null) {
				notStarted.push(batch);
				return;
			}
			const answer = await sendBatch(batch);
			const failure = failureOf(batch, answer);
			if (failure === null && answer.kind === 'reply') {
				outcomes.push(...matchReply(batch, answer.reply.rows, answer.afterLostAnswer ?? false));
				continue;
			}
			if (failure === null) continue;
			failures.push(failure);
			outcomes.push(...outcomesOf(batch, 'failed', failure.code, `The whole batch failed: ${failure.message}`));
			if (options.stopOnFailure || failure.scope === 'fatal') stoppedBy ??= failure;
		}
	};
	const workers = Math.max(1, Array.isArray(source) ? Math.min(options.concurrency, source.length) : options.concurrency);
	await Promise.all(Array.from({ length: workers }, worker));

	// Assigned inside the workers, which TypeScript's narrowing does not follow.
	const stop = stoppedBy as BatchFailure | null;
	if (stop !== null) {
		for (let batch = await queue.next(); batch !== null; batch = await queue.next()) notStarted.push(batch);
		const skipped = `Not sent: batch ${stop.batch} failed before it with: ${stop.message}`;
		for (const batch of notStarted) outcomes.push(...outcomesOf(batch, 'skipped', null, skipped));
	}
	return { outcomes, failures, stoppedBy };
}

/**
 * Requests in flight by default: ten 500-recipient requests at a time. At ~300 ms per request that
 * is ~33 requests/s — inside the 20–100 requests/s eSMS documents for its look-up APIs (it
 * documents no send limit) — and 10,000 recipients go in two rounds instead of ten at 2.
 */
export const DEFAULT_REQUESTS_IN_FLIGHT = 10;
export const MAX_REQUESTS_IN_FLIGHT = 100;

export interface AdaptiveConcurrencyOptions {
	/** The lowest limit back-off goes down to (default 1). */
	minimum?: number;
	/** The first pause after a throttled answer; doubled for each further one in a row (default 250 ms). */
	firstPauseMs?: number;
	/** The longest pause (default 10 s); an answer's Retry-After may ask for more, up to 60 s. */
	maxPauseMs?: number;
	/** Clock for pauses (tests). */
	now?: () => number;
	/** Waits (tests); default `sleep` from n8n-workflow. */
	wait?: (ms: number) => Promise<void>;
}

/**
 * How many requests to eSMS are in flight at once, adapted to how eSMS answers: never more than
 * `ceiling`; on a throttled answer (HTTP 429, eSMS code 160, HTTP 5xx, a timeout) the limit is
 * halved and no request starts for a pause (at least the answer's Retry-After) that doubles with
 * each further step down until a good answer comes; every `limit`
 * good answers in a row raise it by one again, up to the ceiling (additive increase,
 * multiplicative decrease). Throttled answers to requests started before the last decrease do
 * not lower it again: one overload is one step down.
 */
export class AdaptiveConcurrency {
	readonly ceiling: number;
	private current: number;
	private running = 0;
	private most = 0;
	/** Bumped at every decrease; a permit remembers the epoch it was taken in. */
	private epoch = 0;
	private goodInARow = 0;
	private throttledInARow = 0;
	private pausedUntil = 0;
	private readonly waiting: Array<() => void> = [];
	private readonly minimum: number;
	private readonly firstPauseMs: number;
	private readonly maxPauseMs: number;
	private readonly now: () => number;
	private readonly wait: (ms: number) => Promise<void>;
	/** Counters for reports and tests. */
	readonly stats = { decreases: 0, increases: 0, pausedMs: 0 };

	constructor(ceiling: number, options: AdaptiveConcurrencyOptions = {}) {
		this.ceiling = Math.max(1, Math.floor(ceiling));
		this.minimum = Math.min(this.ceiling, Math.max(1, Math.floor(options.minimum ?? 1)));
		this.current = this.ceiling;
		this.firstPauseMs = options.firstPauseMs ?? 250;
		this.maxPauseMs = options.maxPauseMs ?? 10_000;
		this.now = options.now ?? Date.now;
		this.wait = options.wait ?? (async (ms) => await sleep(ms));
	}

	/** The limit now (between the minimum and the ceiling). */
	get limit(): number {
		return this.current;
	}

	get inFlight(): number {
		return this.running;
	}

	/** The most requests that were in flight at once. */
	get maxInFlight(): number {
		return this.most;
	}

	/** Waits until a request may start: under the limit and not paused. */
	async acquire(): Promise<{ release: (signal: 'ok' | 'throttled' | 'neutral', retryAfterMs?: number) => void }> {
		for (;;) {
			const pause = this.pausedUntil - this.now();
			if (pause > 0) {
				await this.wait(pause);
				continue;
			}
			if (this.running < this.current) break;
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.running++;
		if (this.running > this.most) this.most = this.running;
		const epoch = this.epoch;
		let released = false;
		return {
			release: (signal, retryAfterMs) => {
				if (released) return;
				released = true;
				this.running--;
				this.report(signal, epoch, retryAfterMs);
				this.wakeUp();
			},
		};
	}

	private report(signal: 'ok' | 'throttled' | 'neutral', epoch: number, retryAfterMs: number | undefined): void {
		if (signal === 'ok') {
			// A good answer to a request started before the last step down says nothing new.
			if (epoch !== this.epoch) return;
			this.throttledInARow = 0;
			if (this.current < this.ceiling && ++this.goodInARow >= this.current) {
				this.current++;
				this.goodInARow = 0;
				this.stats.increases++;
			}
			return;
		}
		if (signal !== 'throttled') return;
		this.goodInARow = 0;
		let pause = Math.min(retryAfterMs ?? 0, 60_000);
		// A request started before the last step down reports the same overload: no second step.
		if (epoch === this.epoch) {
			pause = Math.max(pause, Math.min(this.maxPauseMs, this.firstPauseMs * 2 ** this.throttledInARow));
			this.throttledInARow++;
			this.epoch++;
			if (this.current > this.minimum) {
				this.current = Math.max(this.minimum, Math.floor(this.current / 2));
				this.stats.decreases++;
			}
		}
		const until = this.now() + pause;
		if (until > this.pausedUntil) {
			this.stats.pausedMs += until - Math.max(this.pausedUntil, this.now());
			this.pausedUntil = until;
		}
	}

	private wakeUp(): void {
		const free = this.current - this.running;
		for (let woken = 0; woken < free && this.waiting.length > 0; woken++) this.waiting.shift()!();
	}
}

import { outcomeOf } from './outcome';
import type { Batch, BatchAnswer, Channel, Outcome, RequestFailure } from './types';

/** A batch whose request failed as a whole. */
export interface BatchFailure extends RequestFailure {
	batch: number;
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

/** Every recipient of a batch whose request failed: not sent, or (answer lost) perhaps sent. */
function failedOutcomes(batch: Batch, failure: RequestFailure): Outcome[] {
	const { code, message, mayHaveArrived } = failure;
	const status = mayHaveArrived ? 'unconfirmed' : 'failed';
	return batch.recipients.map((recipient) => {
		const text = mayHaveArrived
			? `Whether eSMS took this message is unknown: its batch's answer was lost (${message}). Do not resend it by hand; ` +
				`its Request ID "${recipient.requestId}" will show in delivery reports if it was sent, and a retry is safe.`
			: `The whole batch failed: ${message}`;
		return outcomeOf(recipient, status, text, { codeResult: code, batch: batch.number });
	});
}

function skippedOutcomes(batch: Batch, message: string): Outcome[] {
	return batch.recipients.map((recipient) => outcomeOf(recipient, 'skipped', message, { batch: batch.number }));
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
	channel: Channel,
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
			const answer: BatchAnswer = await channel.send(batch);
			if ('outcomes' in answer) {
				outcomes.push(...answer.outcomes);
				continue;
			}
			const failure = { ...answer.failure, batch: batch.number };
			failures.push(failure);
			outcomes.push(...failedOutcomes(batch, failure));
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
		for (const batch of notStarted) outcomes.push(...skippedOutcomes(batch, skipped));
	}
	return { outcomes, failures, stoppedBy };
}


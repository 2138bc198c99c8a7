import { ACCEPTED, codeMeaning, failureScope, type FailureScope } from '../codes';
import { matchReply } from './match';
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
	return batch.recipients.map((recipient) => ({
		itemIndex: recipient.itemIndex,
		phone: recipient.phone,
		requestId: recipient.requestId,
		status,
		smsId: null,
		codeResult,
		message,
		batch: batch.number,
	}));
}

/**
 * Sends the batches through `sendBatch`, a few at a time, and turns every answer into one
 * outcome per recipient. After a failure that makes later batches pointless (or any failure,
 * when the caller wants to stop), batches not yet started are skipped, never dropped.
 */
export async function dispatchBatches(
	batches: Batch[],
	sendBatch: (batch: Batch) => Promise<BatchAnswer>,
	options: DispatchOptions,
): Promise<DispatchResult> {
	const outcomes: Outcome[] = [];
	const failures: BatchFailure[] = [];
	let stoppedBy: BatchFailure | null = null;
	let next = 0;

	const worker = async () => {
		while (stoppedBy === null && next < batches.length) {
			const batch = batches[next++];
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
	const workers = Math.max(1, Math.min(options.concurrency, batches.length));
	await Promise.all(Array.from({ length: workers }, worker));

	// Assigned inside the workers, which TypeScript's narrowing does not follow.
	const stop = stoppedBy as BatchFailure | null;
	if (stop !== null) {
		const skipped = `Not sent: batch ${stop.batch} failed before it with: ${stop.message}`;
		for (const batch of batches.slice(next)) outcomes.push(...outcomesOf(batch, 'skipped', null, skipped));
	}
	return { outcomes, failures, stoppedBy };
}

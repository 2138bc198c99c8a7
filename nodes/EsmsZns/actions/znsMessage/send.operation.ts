import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { explainDuplicates, recordOutcomes, reuseSettled } from '../../send/sendMemory';
import { BatchPlanner, planBatches } from '../../send/batches';
import { BatchQueue, dispatchBatches, type BatchAnswer, type DispatchResult } from '../../send/dispatch';
import { describeInvalid, isInvalid, type Twin } from '../../send/recipients';
import {
	balanceShortMessage,
	estimateOf,
	overQuotaOutcomes,
	quotaShortMessage,
	splitByQuota,
	type Estimate,
	type PreflightFacts,
} from '../../send/preflight';
import { unsentOutcome } from '../../send/outcomes';
import { parseSendReply, type SendReply } from '../../send/reply';
import type { Batch, InvalidItem, Outcome, Recipient } from '../../send/types';
import { recipientInput, type RecipientInput } from './sendInput';
import { lookUpPreflight, startPriceLookup } from './sendPreflight';
import { failedBeforeSending, invalidOutcome, toOutputItems, twinOutcome } from './sendOutput';
import { readSendSettings, type SendSettings } from './sendSettings';

export { description } from './send.description';

function invalidItemError(context: IExecuteFunctions, invalid: InvalidItem, total: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), describeInvalid(invalid), {
		itemIndex: invalid.itemIndex,
		description:
			`${total} item(s) are invalid; nothing was sent. Fix them, or set "On Error" to continue ` +
			'so that valid items are sent and invalid ones are reported.',
	});
}

async function sendBatch(settings: SendSettings, batch: Batch): Promise<BatchAnswer> {
	const rows = batch.recipients.map((recipient) => ({
		Phone: recipient.phone,
		RequestId: recipient.requestId,
		Params: recipient.params,
	}));
	// An answer without a result code is unusable like a network error: retried, never final.
	let checked: { body: unknown; reply: SendReply | null } = { body: undefined, reply: null };
	const answer = await settings.client.sendBulk(settings.requestFields, rows, (body) => {
		checked = { body, reply: parseSendReply(body) };
		return checked.reply !== null;
	});
	if (!answer.ok) return { kind: 'unreachable', message: answer.message, transient: answer.transient };
	// The answer's rows were read when it was checked; read again only if it is another body.
	const reply = checked.body === answer.body && checked.reply ? checked.reply : parseSendReply(answer.body)!;
	return { kind: 'reply', reply, afterLostAnswer: answer.attempts > 1 };
}

function retryAdvice(settings: SendSettings): string {
	if (settings.requestIdMode === 'perExecution') {
		return 'Request ID is set to "Per Execution": a Retry of this execution sends everyone again. Retry On Fail is safe.';
	}
	return (
		'Fix the cause, then retry: the Request IDs name each message, so eSMS will not send an accepted one ' +
		'twice within 24 hours (it comes out as "duplicate"), and only the others are sent.'
	);
}

function stoppedError(context: IExecuteFunctions, settings: SendSettings, result: DispatchResult, batchCount: number): NodeApiError {
	const failure = result.stoppedBy!;
	const accepted = result.outcomes.filter((outcome) => outcome.status === 'accepted').length;
	const code = failure.code === null ? '' : ` (eSMS code ${failure.code})`;
	return new NodeApiError(context.getNode(), { message: failure.message, code: failure.code } as JsonObject, {
		message: `Batch ${failure.batch} of ${batchCount} failed: ${failure.message}${code}`,
		description:
			(accepted === 0
				? 'Nothing was sent. '
				: `${accepted} recipient(s) in other batches had already been accepted by eSMS before the node stopped. `) +
			retryAdvice(settings),
	});
}

/** Under "Per Execution" Request IDs an accepted message says that it may repeat an earlier one on purpose. */
function labelled(outcome: Outcome, settings: SendSettings): Outcome {
	if (settings.requestIdMode !== 'perExecution' || outcome.status !== 'accepted') return outcome;
	return {
		...outcome,
		message: `${outcome.message}. Request ID "Per Execution": sent even if another execution sent the same message.`,
	};
}

/** The node's settings, or (in the Continue modes) every item failed with the reason: nobody is sent. */
async function settingsOrFailure(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<{ settings: SendSettings } | { failed: INodeExecutionData[] }> {
	try {
		return { settings: await readSendSettings(context) };
	} catch (error) {
		const nodeError =
			error instanceof NodeOperationError || error instanceof NodeApiError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		if (!context.continueOnFail()) throw nodeError;
		const message = nodeError.message;
		const settings = { includeInputFields: false, sandbox: false, campaign: null };
		return { failed: toOutputItems(context, items, failedBeforeSending(items, message), settings) };
	}
}

/** An error before sending: nothing was sent; in the Continue modes every valid recipient fails with it. */
class NotSent extends Error {
	constructor(
		message: string,
		readonly advice: string,
	) {
		super(message);
	}
}

const CHANGE_THE_CHECK = 'Change or turn off the check under Pre-Flight Checks, or use Estimate Only to see the numbers first.';

interface Checked {
	toSend: Recipient[];
	/** The batches of `toSend`, planned once for the estimate and the send. */
	batches: Batch[];
	overQuota: Outcome[];
	estimate: Estimate;
}

/**
 * A look-up that failed when the user chose to stop then (If a Check Cannot Run: Stop); the
 * failures the user chose to send without are noted instead.
 */
function lookupFailureThatStops(settings: SendSettings, facts: PreflightFacts, notes: string[]): string | null {
	for (const problem of [facts.quotaProblem, facts.balanceProblem]) {
		if (problem === null) continue;
		if (settings.preflight.onLookupFailure === 'stop') return problem;
		notes.push(`not checked: ${problem}`);
	}
	return null;
}

/**
 * The pre-flight checks: quota and balance against the campaign, with eSMS's numbers. Throws
 * NotSent when the campaign must not start (or a look-up failed and the user chose to stop).
 */
async function preflight(
	context: IExecuteFunctions,
	settings: SendSettings,
	unsettled: Recipient[],
	counts: { recipients: number; invalid: number },
): Promise<Checked> {
	const options = settings.preflight;
	const { facts, notes } = await lookUpPreflight(settings, unsettled);
	const stopping = lookupFailureThatStops(settings, facts, notes);
	if (stopping !== null) {
		throw new NotSent(
			`Pre-flight check failed: ${stopping}`,
			'Fix the cause, or set Pre-Flight Checks › If a Check Cannot Run to "Send Without That Check".',
		);
	}
	let toSend = unsettled;
	let overQuota: Outcome[] = [];
	const remaining = facts.remainingQuota;
	if (remaining !== null && unsettled.length > remaining) {
		if (options.quota === 'upToQuota') {
			const split = splitByQuota(unsettled, remaining);
			toSend = split.send;
			overQuota = overQuotaOutcomes(split.over, remaining, unsettled.length);
		} else if (!options.estimateOnly) {
			throw new NotSent(quotaShortMessage(remaining, unsettled.length), CHANGE_THE_CHECK);
		}
	}
	const batches = planBatches(toSend, settings.batchSize);
	const estimate = estimateOf({ facts, ...counts, toSend: toSend.length, overQuota: overQuota.length, batches: batches.length, notes });
	if (!options.estimateOnly && estimate.withinBalance === false) {
		const message = balanceShortMessage(facts.balance!, estimate.estimatedCost!, toSend.length, facts.pricePerMessage!);
		throw new NotSent(message, CHANGE_THE_CHECK);
	}
	return { toSend, batches, overQuota, estimate };
}

function notSentError(context: IExecuteFunctions, error: NotSent): NodeOperationError {
	return new NodeOperationError(context.getNode(), error.message, { description: `Nothing was sent. ${error.advice}` });
}


/** Small inputs (up to this many items) are read whole first in every mode. */
export const READ_CHUNK = 2000;
/** Without Continue: items read before the price look-up starts (with the first recipient among them). */
const FIRST_PART = 100;
/**
 * While sending and reading overlap: items read at a time, and how long reading may go on before
 * it gives the event loop a turn, so that eSMS's answers come in and the next batches go out.
 */
const READ_STEP = 250;
const READ_SLICE_MS = 10;

/** Everything that came out of one run, turned into one item per input item. */
interface Collected {
	outcomes: Outcome[];
	twins: Twin[];
}

function finish(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
	{ outcomes, twins }: Collected,
	estimate?: Estimate,
): INodeExecutionData[] {
	if (twins.length > 0) {
		const byItem = new Map(outcomes.map((outcome) => [outcome.itemIndex, outcome]));
		for (const twin of twins) outcomes.push(twinOutcome(twin, byItem.get(twin.firstItem)!));
	}
	return toOutputItems(context, items, outcomes, settings, estimate);
}

function isRecipient(read: Recipient | InvalidItem): read is Recipient {
	return !isInvalid(read);
}

/** The sent recipients' outcomes, explained with what this process knows, and remembered. */
function settleSent(result: DispatchResult, sentTo: Recipient[], settings: SendSettings): Outcome[] {
	const sent = explainDuplicates(result.outcomes, sentTo, settings.place).map((outcome) => labelled(outcome, settings));
	if (!settings.sandbox) recordOutcomes(sent, sentTo, settings.place);
	return sent;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const read = await settingsOrFailure(this, items);
	if ('failed' in read) return read.failed;
	const { settings } = read;
	const input = recipientInput(this, items, settings);
	// In the Continue modes an invalid item does not stop the node, so batches can leave while
	// later items are still read. Without Continue, every item is read (and checked) first.
	const overlap = this.continueOnFail() && !settings.preflight.estimateOnly;
	const firstReads = input.read(overlap ? READ_CHUNK : FIRST_PART);
	startPriceLookup(settings, firstReads.find(isRecipient));
	if (overlap && !input.done) {
		const opening = await checksForEveryItem(settings, firstReads.filter(isRecipient), items.length);
		if (opening) return await sendWhileReading(this, items, settings, input, firstReads, opening);
	}
	const reads = [...firstReads];
	// While a look-up is still out, reading gives it turns, so its answer is in when reading ends.
	await readInSlices(input, () => settings.earlyLookups.pending.count > 0, (part) => reads.push(...part));
	return await sendAfterReading(this, items, settings, reads, input.twins);
}

/**
 * Reads the rest of the items a step at a time; every READ_SLICE_MS of reading, when `wantsTurns`
 * says so, gives the event loop a turn (eSMS's answers come in, the next requests go out).
 */
async function readInSlices(
	input: RecipientInput,
	wantsTurns: () => boolean,
	take: (reads: Array<Recipient | InvalidItem>) => void,
): Promise<void> {
	let sliceStart = Date.now();
	while (!input.done) {
		if (Date.now() - sliceStart >= READ_SLICE_MS && wantsTurns()) {
			await sleep(0);
			sliceStart = Date.now();
		}
		take(input.read(READ_STEP));
	}
}

/**
 * The pre-flight checks, judged for every item at once: they pass when the campaign can have no
 * more recipients than the items, so whatever the later items hold, no check can stop it. Null
 * when they cannot be judged so early (then every item is read first, as without Continue).
 */
async function checksForEveryItem(
	settings: SendSettings,
	firstRecipients: Recipient[],
	itemCount: number,
): Promise<{ facts: PreflightFacts; notes: string[] } | null> {
	const { facts, notes } = await lookUpPreflight(settings, firstRecipients.slice(0, 1));
	if (lookupFailureThatStops(settings, facts, notes) !== null) return null;
	if (facts.remainingQuota !== null && itemCount > facts.remainingQuota) return null;
	if (settings.earlyLookups.balance !== null && facts.balanceProblem === null) {
		if (facts.balance === null || facts.pricePerMessage === null) return null;
		if (facts.pricePerMessage * itemCount > facts.balance) return null;
	}
	return { facts, notes };
}

/** Continue modes, more items than one read: full batches are sent while later items are read. */
async function sendWhileReading(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
	input: RecipientInput,
	firstReads: Array<Recipient | InvalidItem>,
	opening: { facts: PreflightFacts; notes: string[] },
): Promise<INodeExecutionData[]> {
	const planner = new BatchPlanner(settings.batchSize);
	const queue = new BatchQueue();
	const dispatched = dispatchBatches(queue, async (batch) => await sendBatch(settings, batch), {
		concurrency: settings.requestsInFlight,
		stopOnFailure: false,
	});
	const outcomes: Outcome[] = [];
	const sentTo: Recipient[] = [];
	let invalid = 0;
	const take = (reads: Array<Recipient | InvalidItem>) => {
		const valid: Recipient[] = [];
		for (const one of reads) {
			if (isRecipient(one)) valid.push(one);
			else outcomes.push(invalidOutcome(one));
		}
		invalid += reads.length - valid.length;
		const { toSend, reused } = reuseSettled(valid, settings.place);
		outcomes.push(...reused);
		for (const recipient of toSend) {
			planner.add(recipient);
			sentTo.push(recipient);
		}
		queue.push(planner.takeClosed());
	};
	try {
		take(firstReads);
		await readInSlices(input, () => true, take);
	} catch (error) {
		// An item n8n could not read (an expression error): stop sending, keep what eSMS accepted.
		queue.abandon();
		const sent = settleSent(await dispatched, sentTo, settings);
		const accepted = sent.filter((outcome) => outcome.status === 'accepted').length;
		throw new NodeOperationError(context.getNode(), error as Error, {
			description:
				`Sending had started while the items were read: ${accepted} recipient(s) were accepted by eSMS before it stopped. ` +
				retryAdvice(settings),
		});
	}
	queue.push(planner.takeRest());
	queue.end();
	outcomes.push(...settleSent(await dispatched, sentTo, settings));
	const { notes, facts } = opening;
	const counts = { recipients: items.length, invalid, toSend: sentTo.length, overQuota: 0, batches: planner.count };
	return finish(context, items, settings, { outcomes, twins: input.twins }, notes.length > 0 ? estimateOf({ facts, notes, ...counts }) : undefined);
}

/** Every item read and checked first; then the pre-flight checks; then the sending. */
async function sendAfterReading(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
	reads: Array<Recipient | InvalidItem>,
	twins: Twin[],
): Promise<INodeExecutionData[]> {
	const invalid = reads.filter(isInvalid);
	if (invalid.length > 0 && !context.continueOnFail()) throw invalidItemError(context, invalid[0], invalid.length);

	const { toSend: unsettled, reused } = reuseSettled(reads.filter(isRecipient), settings.place);
	const collected: Collected = { outcomes: [...invalid.map(invalidOutcome), ...reused], twins };
	const { outcomes } = collected;

	let checked: Checked;
	try {
		checked = await preflight(context, settings, unsettled, { recipients: items.length, invalid: invalid.length });
	} catch (error) {
		if (!(error instanceof NotSent)) throw new NodeOperationError(context.getNode(), error as Error);
		if (!context.continueOnFail()) throw notSentError(context, error);
		outcomes.push(...unsettled.map((recipient) => unsentOutcome(recipient, 'failed', `Not sent: ${error.message}`)));
		return finish(context, items, settings, collected);
	}
	outcomes.push(...checked.overQuota);
	if (settings.preflight.estimateOnly) {
		outcomes.push(...checked.toSend.map((recipient) => unsentOutcome(recipient, 'would_send', 'Would be sent (Estimate Only: nothing was sent)')));
		return finish(context, items, settings, collected, checked.estimate);
	}

	const { batches } = checked;
	const result = await dispatchBatches(batches, async (batch) => await sendBatch(settings, batch), {
		concurrency: settings.requestsInFlight,
		stopOnFailure: !context.continueOnFail(),
	});
	const sent = settleSent(result, checked.toSend, settings);
	if (result.stoppedBy && !context.continueOnFail()) throw stoppedError(context, settings, result, batches.length);
	outcomes.push(...sent);
	return finish(context, items, settings, collected, checked.estimate.notes.length > 0 ? checked.estimate : undefined);
}

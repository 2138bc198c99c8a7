import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { explainDuplicates, recordOutcomes, reuseSettled } from '../../send/sendMemory';
import { planBatches } from '../../send/batches';
import { dispatchBatches, type BatchAnswer, type DispatchResult } from '../../send/dispatch';
import { describeInvalid, isInvalid } from '../../send/recipients';
import {
	balanceShortMessage,
	estimateOf,
	overQuotaOutcomes,
	quotaShortMessage,
	splitByQuota,
	type Estimate,
} from '../../send/preflight';
import { unsentOutcome } from '../../send/outcomes';
import { parseSendReply } from '../../send/reply';
import type { Batch, InvalidItem, Outcome, Recipient } from '../../send/types';
import { readRecipients } from './sendInput';
import { lookUpPreflight } from './sendPreflight';
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
	const answer = await settings.client.sendBulk(settings.requestFields, rows, (body) => parseSendReply(body) !== null);
	if (!answer.ok) return { kind: 'unreachable', message: answer.message, transient: answer.transient };
	const reply = parseSendReply(answer.body)!;
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
	for (const problem of [facts.quotaProblem, facts.balanceProblem]) {
		if (problem === null) continue;
		if (options.onLookupFailure === 'stop') {
			throw new NotSent(
				`Pre-flight check failed: ${problem}`,
				'Fix the cause, or set Pre-Flight Checks › If a Check Cannot Run to "Send Without That Check".',
			);
		}
		notes.push(`not checked: ${problem}`);
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


export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const read = await settingsOrFailure(this, items);
	if ('failed' in read) return read.failed;
	const { settings } = read;
	const { reads, twins } = readRecipients(this, items, settings);
	const invalid = reads.filter(isInvalid);
	if (invalid.length > 0 && !this.continueOnFail()) throw invalidItemError(this, invalid[0], invalid.length);

	const valid = reads.filter((one): one is Recipient => !isInvalid(one));
	const { toSend: unsettled, reused } = reuseSettled(valid, settings.place);
	const outcomes: Outcome[] = [...invalid.map(invalidOutcome), ...reused];
	const finish = (estimate?: Estimate) => {
		const byItem = new Map(outcomes.map((outcome) => [outcome.itemIndex, outcome]));
		for (const twin of twins) outcomes.push(twinOutcome(twin, byItem.get(twin.firstItem)!));
		return toOutputItems(this, items, outcomes, settings, estimate);
	};

	let checked: Checked;
	try {
		checked = await preflight(this, settings, unsettled, { recipients: items.length, invalid: invalid.length });
	} catch (error) {
		if (!(error instanceof NotSent)) throw new NodeOperationError(this.getNode(), error as Error);
		if (!this.continueOnFail()) throw notSentError(this, error);
		outcomes.push(...unsettled.map((recipient) => unsentOutcome(recipient, 'failed', `Not sent: ${error.message}`)));
		return finish();
	}
	outcomes.push(...checked.overQuota);
	if (settings.preflight.estimateOnly) {
		outcomes.push(...checked.toSend.map((recipient) => unsentOutcome(recipient, 'would_send', 'Would be sent (Estimate Only: nothing was sent)')));
		return finish(checked.estimate);
	}

	const { batches } = checked;
	const result = await dispatchBatches(batches, async (batch) => await sendBatch(settings, batch), {
		concurrency: settings.requestsInFlight,
		stopOnFailure: !this.continueOnFail(),
	});
	const sent = explainDuplicates(result.outcomes, checked.toSend, settings.place).map((outcome) => labelled(outcome, settings));
	if (!settings.sandbox) recordOutcomes(sent, checked.toSend, settings.place);
	if (result.stoppedBy && !this.continueOnFail()) throw stoppedError(this, settings, result, batches.length);
	outcomes.push(...sent);
	return finish(checked.estimate.notes.length > 0 ? checked.estimate : undefined);
}

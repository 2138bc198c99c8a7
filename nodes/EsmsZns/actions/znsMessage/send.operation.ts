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
import { parseSendReply } from '../../send/reply';
import type { Batch, InvalidItem, Outcome, Recipient } from '../../send/types';
import { callEsms } from '../../transport';
import { readRecipients } from './sendInput';
import { failedBeforeSending, invalidOutcome, toOutputItems, twinOutcome } from './sendOutput';
import { readSendSettings, type SendSettings } from './sendSettings';

export { description } from './send.description';

/** How many batches are in flight at once: fast, yet gentle on an API with no documented limit. */
const CONCURRENT_BATCHES = 2;

function invalidItemError(context: IExecuteFunctions, invalid: InvalidItem, total: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Item ${invalid.itemIndex}: ${describeInvalid(invalid)}`, {
		itemIndex: invalid.itemIndex,
		description:
			`${total} item(s) are invalid; nothing was sent. Fix them, or set "On Error" to continue ` +
			'so that valid items are sent and invalid ones are reported.',
	});
}

async function sendBatch(context: IExecuteFunctions, settings: SendSettings, batch: Batch): Promise<BatchAnswer> {
	const body = {
		...settings.requestFields,
		Data: batch.recipients.map((recipient) => ({
			Phone: recipient.phone,
			RequestId: recipient.requestId,
			Params: recipient.params,
		})),
	};
	const answer = await callEsms(
		context,
		settings.baseUrl,
		// An answer without a result code is unusable like a network error: retried, never final.
		{ method: 'POST', path: 'Send_zns_bulk_v4_post_json/', body, isUsable: (reply) => parseSendReply(reply) !== null },
		settings.retry,
	);
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
		if (!context.continueOnFail()) throw error;
		const message = (error as Error).message;
		const settings = { includeInputFields: false, sandbox: false, campaign: null };
		return { failed: toOutputItems(context, items, failedBeforeSending(items, message), settings) };
	}
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const read = await settingsOrFailure(this, items);
	if ('failed' in read) return read.failed;
	const { settings } = read;
	const { reads, twins } = readRecipients(this, items, settings);
	const invalid = reads.filter(isInvalid);
	if (invalid.length > 0 && !this.continueOnFail()) throw invalidItemError(this, invalid[0], invalid.length);

	const valid = reads.filter((one): one is Recipient => !isInvalid(one));
	const { toSend, reused } = reuseSettled(valid, settings.place);
	const batches = planBatches(toSend, settings.batchSize);
	const result = await dispatchBatches(batches, async (batch) => await sendBatch(this, settings, batch), {
		concurrency: CONCURRENT_BATCHES,
		stopOnFailure: !this.continueOnFail(),
	});
	const sent = explainDuplicates(result.outcomes, toSend, settings.place).map((outcome) => labelled(outcome, settings));
	if (!settings.sandbox) recordOutcomes(sent, toSend, settings.place);
	if (result.stoppedBy && !this.continueOnFail()) throw stoppedError(this, settings, result, batches.length);

	const outcomes: Outcome[] = [...invalid.map(invalidOutcome), ...reused, ...sent];
	const byItem = new Map(outcomes.map((outcome) => [outcome.itemIndex, outcome]));
	for (const twin of twins) outcomes.push(twinOutcome(twin, byItem.get(twin.firstItem)!));
	return toOutputItems(this, items, outcomes, settings);
}

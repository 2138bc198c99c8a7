import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { recall, rememberOutcomes } from '../../send/sendMemory';
import { planBatches } from '../../send/batches';
import { dispatchBatches, type BatchAnswer, type DispatchResult } from '../../send/dispatch';
import { describeInvalid, isInvalid } from '../../send/recipients';
import { parseSendReply } from '../../send/reply';
import type { Batch, InvalidItem, Outcome, Recipient } from '../../send/types';
import { callEsms } from '../../transport';
import { readRecipients } from './sendInput';
import { invalidOutcome, toOutputItems } from './sendOutput';
import { readSendSettings, type SendSettings } from './sendSettings';

export { description } from './send.description';

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
		{ method: 'POST', path: 'Send_zns_bulk_v4_post_json/', body },
		settings.retry,
	);
	if (!answer.ok) return { kind: 'unreachable', message: answer.message, transient: answer.transient };
	const reply = parseSendReply(answer.body);
	if (reply === null) {
		return { kind: 'unreachable', message: 'eSMS answered without a result code', transient: false };
	}
	return { kind: 'reply', reply, afterLostAnswer: answer.attempts > 1 };
}

/** Recipients an earlier try of this execution settled (before n8n's Retry On Fail re-ran the node). */
function splitSettledEarlier(recipients: Recipient[], settings: SendSettings, now: number) {
	const toSend: Recipient[] = [];
	const settledEarlier: Outcome[] = [];
	for (const recipient of recipients) {
		const earlier = recall(settings.accountScope, recipient.requestId, now);
		if (earlier?.outcome && earlier.executionId === settings.executionId) {
			settledEarlier.push({
				...earlier.outcome,
				itemIndex: recipient.itemIndex,
				message: `${earlier.outcome.message} (answered to an earlier try of this execution; not sent again)`,
			});
		} else {
			toSend.push(recipient);
		}
	}
	return { toSend, settledEarlier };
}

/** A 124 for a RequestId this process has sent before: say what is known about it. */
function explainDuplicate(outcome: Outcome, settings: SendSettings, now: number): Outcome {
	if (outcome.status !== 'duplicate' || outcome.requestId === null) return outcome;
	const earlier = recall(settings.accountScope, outcome.requestId, now);
	if (!earlier) return outcome;
	if (earlier.outcome === null) {
		return {
			...outcome,
			message: `${outcome.message} This n8n sent it earlier without getting eSMS's answer, so its SMSID is unknown.`,
		};
	}
	if (earlier.outcome.status !== 'accepted' || !earlier.outcome.smsId || outcome.smsId) return outcome;
	const { smsId } = earlier.outcome;
	return { ...outcome, smsId, message: `${outcome.message} It was accepted earlier as SMSID ${smsId}.` };
}

/** Requests that may have reached eSMS without an answer: a later 124 for them is ours. */
function attemptedWithoutAnswer(outcomes: Outcome[]): string[] {
	return outcomes
		.filter((outcome) => outcome.status === 'unconfirmed' || (outcome.status === 'failed' && outcome.codeResult === null))
		.map((outcome) => outcome.requestId as string);
}

function stoppedError(context: IExecuteFunctions, result: DispatchResult, batchCount: number): NodeApiError {
	const failure = result.stoppedBy!;
	const accepted = result.outcomes.filter((outcome) => outcome.status === 'accepted').length;
	const code = failure.code === null ? '' : ` (eSMS code ${failure.code})`;
	return new NodeApiError(context.getNode(), { message: failure.message, code: failure.code } as JsonObject, {
		message: `Batch ${failure.batch} of ${batchCount} failed: ${failure.message}${code}`,
		description:
			`${accepted} recipient(s) in other batches had already been accepted by eSMS before the node stopped. ` +
			'Retry On Fail re-runs this node with the same Request IDs and will not send them twice. A new ' +
			'execution, including n8n\'s Retry of this one, gets new default Request IDs: use Custom Request IDs ' +
			'(e.g. an order ID) to make such a retry safe too.',
	});
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const settings = await readSendSettings(this);
	const reads = readRecipients(this, items, settings);
	const invalid = reads.filter(isInvalid);
	if (invalid.length > 0 && !this.continueOnFail()) throw invalidItemError(this, invalid[0], invalid.length);

	const now = Date.now();
	const valid = reads.filter((read): read is Recipient => !isInvalid(read));
	const { toSend, settledEarlier } = splitSettledEarlier(valid, settings, now);
	const batches = planBatches(toSend, settings.batchSize);
	const result = await dispatchBatches(batches, async (batch) => await sendBatch(this, settings, batch), {
		concurrency: settings.requestsInFlight,
		stopOnFailure: !this.continueOnFail(),
	});
	const sent = result.outcomes.map((outcome) => explainDuplicate(outcome, settings, now));
	if (!settings.sandbox) {
		rememberOutcomes(settings.accountScope, settings.executionId, sent, attemptedWithoutAnswer(sent), now);
	}
	if (result.stoppedBy && !this.continueOnFail()) throw stoppedError(this, result, batches.length);

	const outcomes = [...invalid.map(invalidOutcome), ...settledEarlier, ...sent];
	return toOutputItems(this, items, outcomes, settings);
}

import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { znsBulkChannel } from '../../channels/znsBulk';
import { startLookups } from '../../lookups/preflight';
import { describeInvalid } from '../../send/outcome';
import { SendStopped, runPipeline, type Stop } from '../../send/pipeline';
import type { Outcome } from '../../send/types';
import { EsmsClient } from '../../transport/client';
import { firstItemSample, recipientSource } from './sendItems';
import { failedBeforeSending, toOutputItems } from './sendOutput';
import { readSendSettings, type SendSettings } from './sendSettings';
import { templateForSending } from './sendTemplate';

export { description } from './send.description';

/**
 * ZNS Message › Send: the items become recipients, the pipeline sends them through the bulk ZNS
 * channel, and each comes out as one item paired to its input (send/pipeline.ts has the stages).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	let settings: SendSettings | undefined;
	try {
		settings = readSendSettings(this);
		const client = await EsmsClient.of(this, settings.retry);
		const node = this.getNode();
		const credential = node.credentials?.esmsApi;
		settings.place.scope = `${credential?.id ?? credential?.name ?? ''}|${client.baseUrl}`;
		// The look-ups that need no item start now, beside the template's.
		const lookups = startLookups({
			client,
			scope: settings.place.scope,
			oaId: settings.oaId,
			templateId: settings.templateId,
			now: settings.place.now,
			sample: settings.preflight.balance ? firstItemSample(this, settings.paramsMode) : null,
			...fixedModes(this),
			preflight: settings.preflight,
		});
		const template = await templateForSending(this, client, settings);
		const result = await runPipeline(recipientSource(this, items, settings, template), znsBulkChannel(client, settings), lookups, {
			itemCount: items.length,
			batchSize: settings.batchSize,
			concurrency: settings.requestsInFlight,
			continueOnFail: this.continueOnFail(),
			place: settings.place,
			acceptedNote:
				settings.requestIdMode === 'perExecution'
					? 'Request ID "Per Execution": sent even if another execution sent the same message.'
					: null,
		});
		return toOutputItems(this, items, result.outcomes, settings, result.estimate);
	} catch (error) {
		if (error instanceof SendStopped) throw stopError(this, settings!, error.stop);
		const nodeError =
			error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(this.getNode(), error as Error);
		if (!this.continueOnFail()) throw nodeError;
		// A failure before sending (a setting, the template, the credential): nobody was sent.
		return toOutputItems(this, items, failedBeforeSending(items, nodeError.message), { includeInputFields: false });
	}
}

/**
 * Sandbox or "Over Daily Quota" set for every item (not an expression): the quota and balance
 * look-ups that cannot apply are not made. Per item, each recipient is judged as it is read.
 */
function fixedModes(context: IExecuteFunctions): { sandbox: boolean; overQuotaMode: boolean } {
	const saved = (context.getNode().parameters.options ?? {}) as { sandbox?: unknown; sendingMode?: unknown };
	return { sandbox: saved.sandbox === true, overQuotaMode: saved.sendingMode === '3' };
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

/**
 * What the batches did before the node stopped, said honestly: "Nothing was sent" only when eSMS
 * cannot have any of it; recipients whose answer was lost may have been sent.
 */
function sentSoFar(sent: Outcome[], accepted: (count: number) => string): string {
	const acceptedCount = sent.filter((outcome) => outcome.status === 'accepted').length;
	const unconfirmed = sent.filter((outcome) => outcome.status === 'unconfirmed').length;
	if (acceptedCount === 0 && unconfirmed === 0) return 'Nothing was sent. ';
	const took = acceptedCount === 0 ? '' : accepted(acceptedCount);
	const lost = unconfirmed === 0 ? '' : `${unconfirmed} recipient(s) may have been received by eSMS although its answer was lost (they come out "unconfirmed"). `;
	return took + lost;
}

/** Why the node stopped, as n8n shows it. */
function stopError(context: IExecuteFunctions, settings: SendSettings, stop: Stop): Error {
	const node = context.getNode();
	switch (stop.kind) {
		case 'invalid':
			return new NodeOperationError(node, describeInvalid(stop.first), {
				itemIndex: stop.first.itemIndex,
				description:
					`${stop.count} item(s) are invalid; nothing was sent. Fix them, or set "On Error" to continue ` +
					'so that valid items are sent and invalid ones are reported.',
			});
		case 'notSent':
			return new NodeOperationError(node, stop.why.notSent, { description: `Nothing was sent. ${stop.why.advice}` });
		case 'batch': {
			const { failure } = stop;
			const code = failure.code === null ? '' : ` (eSMS code ${failure.code})`;
			const accepted = (count: number) => `${count} recipient(s) in other batches had already been accepted by eSMS before the node stopped. `;
			return new NodeApiError(node, { message: failure.message, code: failure.code } as JsonObject, {
				message: `Batch ${failure.batch} of ${stop.batches} failed: ${failure.message}${code}`,
				description: sentSoFar(stop.sent, accepted) + retryAdvice(settings),
			});
		}
		case 'read':
			return new NodeOperationError(node, stop.cause as Error, {
				description:
					'Sending had started while the items were read: ' +
					sentSoFar(stop.sent, (count) => `${count} recipient(s) were accepted by eSMS before it stopped. `) +
					retryAdvice(settings),
			});
	}
}

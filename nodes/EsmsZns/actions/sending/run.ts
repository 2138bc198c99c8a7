import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { fallbackChannel } from '../../channels/fallback';
import { smsChannel } from '../../channels/sms';
import { znsBulkChannel } from '../../channels/znsBulk';
import { startLookups } from '../../lookups/preflight';
import { SendStopped, runPipeline } from '../../send/pipeline';
import type { Channel, Outcome } from '../../send/types';
import { EsmsClient, ZNS_TYPES, type SentLogType } from '../../client/client';
import { recipientSource } from './items';
import { failedBeforeSending, toOutputItems } from './output';
import { readSendSettings, type MessageKind, type SendSettings } from './settings';
import { stopError } from './stopError';
import { templateForSending } from './template';
import { firstItemSample } from './templateValues';

/**
 * A Send operation, for each kind of message (bulk ZNS, SMS, ZNS with SMS fallback): the items
 * become recipients, the pipeline sends them through the kind's channel, and each comes out as
 * one item paired to its input (send/pipeline.ts has the stages).
 */
export async function runSend(context: IExecuteFunctions, items: INodeExecutionData[], kind: MessageKind): Promise<INodeExecutionData[]> {
	let settings: SendSettings | undefined;
	try {
		settings = readSendSettings(context, kind);
		const client = await EsmsClient.of(context, settings.retry);
		const credential = context.getNode().credentials?.esmsApi;
		settings.place.scope = `${credential?.id ?? credential?.name ?? ''}|${client.baseUrl}`;
		// The look-ups that need no item start now, beside the template's.
		const lookups = startLookups({
			client,
			scope: settings.place.scope,
			oaId: settings.oaId,
			templateId: settings.templateId,
			now: settings.place.now,
			priced: { zns: kind !== 'sms', smsBrandname: settings.sms?.brandname ?? null },
			sample: settings.preflight.balance && kind !== 'sms' ? firstItemSample(context, settings.paramsMode) : null,
			...fixedModes(context),
			sentLogTypes: SENT_LOG_TYPES[kind],
			preflight: settings.preflight,
		});
		const template = kind === 'sms' ? null : await templateForSending(context, client, settings);
		const result = await runPipeline(recipientSource(context, items, settings, template), channelFor(client, settings), lookups, {
			itemCount: items.length,
			batchSize: settings.batchSize,
			concurrency: settings.requestsInFlight,
			continueOnFail: context.continueOnFail(),
			place: settings.place,
			acceptedNote:
				settings.requestIdMode === 'perExecution'
					? 'Request ID "Per Execution": sent even if another execution sent the same message.'
					: null,
		});
		hintWhenNotSentAgain(context, result.outcomes, settings);
		return toOutputItems(context, items, result.outcomes, settings, result.estimate);
	} catch (error) {
		if (error instanceof SendStopped) throw stopError(context, settings!, error.stop);
		const nodeError =
			error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(context.getNode(), error as Error);
		if (!context.continueOnFail()) throw nodeError;
		// A failure before sending (a setting, the template, the credential): nobody was sent.
		return toOutputItems(context, items, failedBeforeSending(items, nodeError.message), { includeInputFields: false });
	}
}

/**
 * Recipients not sent again (sent before) under n8n's green "executed successfully": a hint above
 * the output says how many, and how to send on purpose (someone trying a template).
 */
function hintWhenNotSentAgain(context: IExecuteFunctions, outcomes: Outcome[], settings: SendSettings): void {
	if (settings.preflight.estimateOnly || typeof context.addExecutionHints !== 'function') return;
	const repeats = outcomes.filter((outcome) => outcome.status === 'duplicate').length;
	if (repeats === 0) return;
	const whom = repeats === outcomes.length ? (repeats === 1 ? 'The recipient' : `All ${repeats} recipients`) : `${repeats} of ${outcomes.length} recipients`;
	const again =
		settings.requestIdMode === 'perExecution'
			? 'To send to them again on purpose, set Pre-Flight Checks › Skip Already Sent to "Don\'t Check".'
			: 'To try a template again, turn on Options › Sandbox; to send again on purpose, set Request ID to "Per Execution" (and Pre-Flight Checks › Skip Already Sent to "Don\'t Check" when a Campaign is set).';
	context.addExecutionHints({
		message: `${whom} already got this message, so ${repeats === 1 ? 'it was' : 'they were'} not sent again (status "duplicate"; each item's message says when). ${again}`,
		type: 'info',
		location: 'outputPane',
	});
}

/** Where eSMS's sent log lists each kind's messages: ZNS under 24/25, SMS under 2, a fallback under both. */
const SENT_LOG_TYPES: Record<MessageKind, readonly SentLogType[]> = { zns: ZNS_TYPES, sms: ['2'], fallback: [...ZNS_TYPES, '2'] };

function channelFor(client: EsmsClient, settings: SendSettings): Channel {
	const { oaId, templateId } = settings;
	if (settings.kind === 'zns') return znsBulkChannel(client, { oaId, templateId });
	const { brandname } = settings.sms!;
	if (settings.kind === 'sms') return smsChannel(client, brandname);
	return fallbackChannel(client, { oaId, templateId, brandname });
}

/**
 * Sandbox or "Over Daily Quota" set for every item (not an expression): the quota and balance
 * look-ups that cannot apply are not made. Per item, each recipient is judged as it is read.
 * A Campaign given at all (a value or an expression): Skip Already Sent reads the sent log.
 */
function fixedModes(context: IExecuteFunctions): { sandbox: boolean; overQuotaMode: boolean; campaignSet: boolean } {
	const saved = (context.getNode().parameters.options ?? {}) as { sandbox?: unknown; sendingMode?: unknown; campaign?: unknown };
	const campaign = typeof saved.campaign === 'string' ? saved.campaign.trim() : '';
	return { sandbox: saved.sandbox === true, overQuotaMode: saved.sendingMode === '3', campaignSet: campaign !== '' && campaign !== '=' };
}

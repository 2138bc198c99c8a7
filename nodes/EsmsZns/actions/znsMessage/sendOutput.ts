import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { describeInvalid } from '../../send/recipients';
import type { InvalidItem, Outcome, RecipientStatus } from '../../send/types';
import type { SendSettings } from './sendSettings';

/** Turns outcomes into n8n items: one per input item, in input order, paired to it. */

const NEEDS_ATTENTION: ReadonlySet<RecipientStatus> = new Set([
	'invalid',
	'rejected',
	'unconfirmed',
	'failed',
	'skipped',
]);

export function invalidOutcome(invalid: InvalidItem): Outcome & { field: string } {
	return {
		itemIndex: invalid.itemIndex,
		phone: invalid.phone,
		requestId: invalid.requestId,
		status: 'invalid',
		smsId: null,
		codeResult: null,
		message: describeInvalid(invalid),
		batch: null,
		field: invalid.field,
	};
}

function outcomeJson(outcome: Outcome & { field?: string }, settings: SendSettings): IDataObject {
	return {
		phone: outcome.phone,
		requestId: outcome.requestId,
		status: outcome.status,
		smsId: outcome.smsId,
		codeResult: outcome.codeResult,
		message: outcome.message,
		...(outcome.field ? { field: outcome.field } : {}),
		batch: outcome.batch,
		sandbox: settings.sandbox,
		campaign: settings.campaign,
	};
}

/**
 * How a recipient that needs attention is shaped depends on the node's "On Error" setting.
 * n8n routes an item to the error output only when its json holds nothing but `error`,
 * `message` and `details` (and then merges the input item into it); an item-level `error`
 * would make n8n replace the json with the message alone, losing phone, code and request id.
 */
function itemJson(
	context: IExecuteFunctions,
	outcome: Outcome & { field?: string },
	input: INodeExecutionData,
	settings: SendSettings,
): IDataObject {
	const json = outcomeJson(outcome, settings);
	const withInput = settings.includeInputFields ? { ...input.json, ...json } : json;
	if (!NEEDS_ATTENTION.has(outcome.status)) return withInput;
	const onError = context.getNode().onError;
	if (onError === 'continueErrorOutput') {
		return { error: `${outcome.status}: ${outcome.message}`, message: outcome.message, details: json };
	}
	if (onError === 'continueRegularOutput' || context.continueOnFail()) {
		return { ...withInput, error: outcome.message };
	}
	return withInput;
}

export function toOutputItems(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	outcomes: Array<Outcome & { field?: string }>,
	settings: SendSettings,
): INodeExecutionData[] {
	const byItem = new Array<Outcome | undefined>(items.length);
	for (const outcome of outcomes) byItem[outcome.itemIndex] = outcome;
	return items.map((input, itemIndex) => {
		const outcome = byItem[itemIndex];
		if (outcome === undefined) {
			// Unreachable by construction; kept so a bug can never drop a recipient silently.
			throw new Error(`Internal error: item ${itemIndex} has no outcome`);
		}
		return { json: itemJson(context, outcome, input, settings), pairedItem: { item: itemIndex } };
	});
}

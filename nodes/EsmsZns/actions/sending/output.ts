import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { NEEDS_ATTENTION, outcomeOf } from '../../send/outcome';
import type { Estimate } from '../../send/preflight';
import type { Outcome } from '../../send/types';
import type { MessageKind } from './settings';

/** Turns outcomes into n8n items: one per input item, in input order, paired to it. */

/** What the output needs to know about the send (also when it failed before sending). */
export interface OutputSettings {
	includeInputFields: boolean;
	/** What was sent; absent when the node failed before it knew. */
	kind?: MessageKind;
}

/** The channel(s) a message took, as far as they are known when it is sent (a delivery report says which delivered). */
const CHANNEL: Record<MessageKind, string> = { zns: 'zns', sms: 'sms', fallback: 'zns_sms_fallback' };

/** Every recipient, when the node fails before it sends anything: nobody was sent. */
export function failedBeforeSending(items: INodeExecutionData[], message: string): Outcome[] {
	return items.map((_item, itemIndex) => outcomeOf({ itemIndex, phone: null, requestId: null }, 'failed', `Not sent: ${message}`));
}

/**
 * The outcome's fields, what a person reads first first (status, phone, smsId; `message` follows
 * them in the item), then the details and the request options that applied (per item: Send At,
 * Campaign…).
 */
function outcomeFields(outcome: Outcome, settings: OutputSettings): IDataObject {
	const fields: IDataObject = {
		status: outcome.status,
		phone: outcome.phone,
		smsId: outcome.smsId,
		requestId: outcome.requestId,
		codeResult: outcome.codeResult,
	};
	if (settings.kind) fields.channel = CHANNEL[settings.kind];
	if (outcome.sms) {
		fields.smsParts = outcome.sms.parts;
		fields.charset = outcome.sms.charset;
	}
	if (outcome.field) fields.field = outcome.field;
	fields.batch = outcome.batch;
	fields.sandbox = outcome.options?.sandbox ?? false;
	fields.campaign = outcome.options?.campaign ?? null;
	fields.sendAt = outcome.options?.sendAt ?? null;
	return fields;
}

/** What a person reads first, before the input's fields in n8n's table: what happened, to whom, which message, why. */
const FIRST = ['status', 'phone', 'smsId', 'message'];

/**
 * The outcome's first fields, then the input item's, then the outcome's others. An input field
 * that the outcome would replace with another value (e.g. `phone` as typed, now normalized) is
 * kept as `input` + its name (`inputPhone`), so nothing the user sent in disappears silently.
 */
function withInputFields(input: IDataObject, fields: IDataObject): IDataObject {
	const json: IDataObject = {};
	for (const key of FIRST) json[key] = fields[key];
	for (const [key, value] of Object.entries(input)) if (!(key in fields)) json[key] = value;
	for (const [key, value] of Object.entries(fields)) {
		if (key in input && input[key] !== value && input[key] !== undefined) {
			json[`input${key.charAt(0).toUpperCase()}${key.slice(1)}`] = input[key];
		}
		json[key] = value;
	}
	return json;
}

/**
 * The shape of one recipient's item depends on the node's "On Error" setting.
 * - Sent (or settled earlier): status, phone, smsId, message, then the rest (estimate last).
 * - Needs attention, "Continue (using error output)": exactly `{ message, error }`, where
 *   `error` holds the outcome's fields (status, phone, requestId, smsId, codeResult, …). It is
 *   the one shape that both n8n 1.x (`{error}` or `{error, message}` only) and 2.x route to
 *   the error output; n8n then merges the input item's fields into it. An item-level `error`
 *   is never used: n8n would replace the whole json with its message.
 * - Needs attention, "Continue (regular output)": the outcome's fields plus `error` (the message).
 */
/** How the node's "On Error" setting shapes items (read once per run: n8n copies the node on each read). */
interface ErrorRouting {
	errorOutput: boolean;
	continueOnFail: boolean;
}

function itemJson(
	routing: ErrorRouting,
	outcome: Outcome,
	input: INodeExecutionData,
	settings: OutputSettings,
	estimate: Estimate | undefined,
): IDataObject {
	const fields = outcomeFields(outcome, settings);
	const needsAttention = NEEDS_ATTENTION.has(outcome.status);
	if (needsAttention && routing.errorOutput) {
		return { message: outcome.message, error: fields };
	}
	const ordered: IDataObject = { status: fields.status, phone: fields.phone, smsId: fields.smsId, message: outcome.message, ...fields };
	const json: IDataObject = settings.includeInputFields ? withInputFields(input.json, ordered) : ordered;
	if (needsAttention && routing.continueOnFail) json.error = outcome.message;
	if (estimate) json.estimate = estimate;
	return json;
}

export function toOutputItems(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	outcomes: Outcome[],
	settings: OutputSettings,
	/** Estimate Only: the campaign's totals, on every item of the main output. */
	estimate?: Estimate,
): INodeExecutionData[] {
	const byItem = new Array<Outcome | undefined>(items.length);
	for (const outcome of outcomes) byItem[outcome.itemIndex] = outcome;
	const routing = { errorOutput: context.getNode().onError === 'continueErrorOutput', continueOnFail: context.continueOnFail() };
	return items.map((input, itemIndex) => {
		const outcome = byItem[itemIndex];
		if (outcome === undefined) {
			// Unreachable by construction; kept so a bug can never drop a recipient silently.
			throw new Error(`Internal error: item ${itemIndex} has no outcome`);
		}
		return { json: itemJson(routing, outcome, input, settings, estimate), pairedItem: { item: itemIndex } };
	});
}

import { shortValue } from '../../shared/redact';
import type { InvalidItem, Outcome, RequestOptions, SmsText, Status } from './types';

/** The one place an outcome is made: every stage of the pipeline says what happened through here. */

/** Whose outcome it is: a recipient, an invalid item, or an item the node could not read at all. */
export interface Whose {
	itemIndex: number;
	phone: string | null;
	requestId: string | null;
	options?: RequestOptions;
	sms?: SmsText;
}

export interface OutcomeDetails {
	smsId?: string | null;
	codeResult?: string | null;
	batch?: number | null;
	field?: string;
}

export function outcomeOf(whose: Whose, status: Status, message: string, details: OutcomeDetails = {}): Outcome {
	const outcome: Outcome = {
		itemIndex: whose.itemIndex,
		phone: whose.phone,
		requestId: whose.requestId,
		status,
		smsId: details.smsId ?? null,
		codeResult: details.codeResult ?? null,
		message,
		batch: details.batch ?? null,
	};
	if (details.field !== undefined) outcome.field = details.field;
	if (whose.options !== undefined) outcome.options = whose.options;
	if (whose.sms !== undefined) outcome.sms = whose.sms;
	return outcome;
}

/** The same outcome told for another item, or with another status and message. */
export function retold(outcome: Outcome, whose: Whose, status: Status, message: string, smsId = outcome.smsId): Outcome {
	return outcomeOf(whose, status, message, { smsId, codeResult: outcome.codeResult, batch: outcome.batch, field: outcome.field });
}

export function describeInvalid(invalid: InvalidItem): string {
	return `${invalid.field} ${invalid.rule} (got ${invalid.value === undefined ? 'nothing' : shortValue(invalid.value)})`;
}

export function invalidOutcome(invalid: InvalidItem): Outcome {
	return outcomeOf(invalid, 'invalid', describeInvalid(invalid), { field: invalid.field });
}

/** A recipient whose message is already in this run: it is sent once, for `firstItem`. */
export interface Twin {
	itemIndex: number;
	phone: string;
	firstItem: number;
}

/** A twin gets its first item's answer, told as such. */
export function twinOutcome(twin: Twin, first: Outcome): Outcome {
	const sentOnce = first.status === 'accepted' || first.status === 'duplicate';
	const whose = { itemIndex: twin.itemIndex, phone: twin.phone, requestId: first.requestId, options: first.options, sms: first.sms };
	const message = `Same phone and message as item ${first.itemIndex}, so it is sent once, for both: ${first.message}`;
	return retold(first, whose, sentOnce ? 'duplicate' : first.status, message);
}

/** Statuses that mean "this recipient did not get the message from this run and needs a look". */
export const NEEDS_ATTENTION: ReadonlySet<Status> = new Set(['invalid', 'rejected', 'unconfirmed', 'failed', 'skipped']);

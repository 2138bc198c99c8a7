import { ACCEPTED, DUPLICATE_REQUEST_ID, codeMeaning, isKnownCode } from '../esms/codes';
import { outcomeOf } from '../send/outcome';
import type { Outcome, Recipient } from '../send/types';

/**
 * How eSMS's answer for one recipient becomes its outcome, for every channel: 100 accepted, 124
 * duplicate (not sent again), a documented refusal rejected, and anything the node cannot read
 * for sure (no code, an undocumented one, a refusal that still carries an SMSID) unconfirmed —
 * never a final "rejected" that would invite a resend.
 */

function duplicateMessage(recipient: Recipient, afterLostAnswer: boolean): string {
	const what =
		`Not sent again: eSMS already has Request ID "${recipient.requestId}" from the last 24 hours. ` +
		'This is not a new message and not a delivery failure.';
	if (!afterLostAnswer) return what;
	return (
		`${what} An earlier attempt of this request reached eSMS but its answer was lost, so the SMS ID ` +
		'is unknown; delivery callbacks will carry this Request ID.'
	);
}

const ACCEPTED_MESSAGE = codeMeaning(ACCEPTED);

/**
 * What a result row says, in words (its code is the item's `codeResult`): eSMS's meaning of a
 * documented code; an undocumented one can only be named by its number.
 */
export function rowInWords(code: string | null): string {
	if (code === null) return 'has no result code';
	return isKnownCode(code) ? `says "${codeMeaning(code)}"` : `has a result code eSMS does not document (${code})`;
}

/** How eSMS answered a whole request that was not accepted (code other than 100), in words. */
export function requestInWords(code: string): string {
	return isKnownCode(code) ? `eSMS answered the whole request "${codeMeaning(code)}"` : `eSMS answered the whole request with a result code it does not document (${code})`;
}

/** How the whole request was answered: accepted (100), or with another code that still came with rows. */
export interface Context {
	batch: number;
	afterLostAnswer: boolean;
	/** The request-level code when it is not 100: then only a row that says 100 counts as accepted. */
	requestCode: string | null;
}

/** eSMS's answer for one recipient: a bulk row, or a one-recipient send's whole answer. */
export interface RecipientAnswer {
	code: string | null;
	smsId: string | null;
	errorMessage: string | null;
}

function settled(recipient: Recipient, row: RecipientAnswer, context: Context, status: Outcome['status'], smsId: string | null, message: string): Outcome {
	return outcomeOf(recipient, status, message, { smsId, codeResult: row.code, batch: context.batch });
}

export function outcomeOfAnswer(recipient: Recipient, row: RecipientAnswer, context: Context): Outcome {
	if (row.code === ACCEPTED) return settled(recipient, row, context, 'accepted', row.smsId, ACCEPTED_MESSAGE);
	if (context.requestCode !== null) {
		const why = `${requestInWords(context.requestCode)}, and this phone's result row ${rowInWords(row.code)}`;
		return unconfirmed(recipient, context, row, why);
	}
	if (row.code === DUPLICATE_REQUEST_ID) {
		return settled(recipient, row, context, 'duplicate', row.smsId, duplicateMessage(recipient, context.afterLostAnswer));
	}
	if (row.code === null || !isKnownCode(row.code) || row.smsId !== null) {
		// A row the node cannot read with certainty is never a final "rejected": that would invite a resend.
		const what = `its result row ${rowInWords(row.code)}`;
		return unconfirmed(recipient, context, row, `${what}${row.smsId ? ` and SMS ID ${row.smsId}` : ''}`);
	}
	return settled(recipient, row, context, 'rejected', null, row.errorMessage ?? codeMeaning(row.code));
}

export function unconfirmed(recipient: Recipient, context: Context, row: RecipientAnswer | null, why: string): Outcome {
	const message =
		`Whether eSMS took this message is unknown: ${why}. Do not resend it by hand; its Request ID ` +
		`"${recipient.requestId}" will show in delivery reports if it was sent.`;
	return outcomeOf(recipient, 'unconfirmed', message, { smsId: row?.smsId ?? null, codeResult: row?.code ?? null, batch: context.batch });
}


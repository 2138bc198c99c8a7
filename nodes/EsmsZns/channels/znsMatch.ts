import { ACCEPTED, DUPLICATE_REQUEST_ID, codeMeaning, failureScope, isKnownCode } from '../esms/codes';
import { outcomeOf } from '../send/outcome';
import type { BatchAnswer, Batch, Outcome, Recipient } from '../send/types';
import type { BulkReply, BulkRow } from '../transport/answers';

/** A bulk ZNS answer, judged: per-recipient outcomes from its rows, or the request's failure. */

function duplicateMessage(recipient: Recipient, afterLostAnswer: boolean): string {
	const what =
		`Not sent again: eSMS already has RequestId "${recipient.requestId}" from the last 24 hours ` +
		'(code 124). This is not a new message and not a delivery failure.';
	if (!afterLostAnswer) return what;
	return (
		`${what} An earlier attempt of this request reached eSMS but its answer was lost, so the SMSID ` +
		'is unknown; delivery callbacks will carry this Request ID.'
	);
}

const ACCEPTED_MESSAGE = codeMeaning(ACCEPTED);

/** How the whole request was answered: accepted (100), or with another code that still came with rows. */
interface Context {
	batch: number;
	afterLostAnswer: boolean;
	/** The request-level code when it is not 100: then only a row that says 100 counts as accepted. */
	requestCode: string | null;
}

function settled(recipient: Recipient, row: BulkRow, context: Context, status: Outcome['status'], smsId: string | null, message: string): Outcome {
	return outcomeOf(recipient, status, message, { smsId, codeResult: row.code, batch: context.batch });
}

function outcomeOfRow(recipient: Recipient, row: BulkRow, context: Context): Outcome {
	if (row.code === ACCEPTED) return settled(recipient, row, context, 'accepted', row.smsId, ACCEPTED_MESSAGE);
	if (context.requestCode !== null) {
		const why = `eSMS answered the request with code ${context.requestCode} (${codeMeaning(context.requestCode)}) and this phone's row with code ${row.code ?? 'none'}`;
		return unconfirmed(recipient, context, row, why);
	}
	if (row.code === DUPLICATE_REQUEST_ID) {
		return settled(recipient, row, context, 'duplicate', row.smsId, duplicateMessage(recipient, context.afterLostAnswer));
	}
	if (row.code === null || !isKnownCode(row.code) || row.smsId !== null) {
		// A row the node cannot read with certainty is never a final "rejected": that would invite a resend.
		const what = row.code === null ? 'its result row has no result code' : `its result row has code ${row.code}`;
		return unconfirmed(recipient, context, row, `${what}${row.smsId ? ` and SMSID ${row.smsId}` : ''}`);
	}
	return settled(recipient, row, context, 'rejected', null, row.errorMessage ?? codeMeaning(row.code));
}

function unconfirmed(recipient: Recipient, context: Context, row: BulkRow | null, why: string): Outcome {
	const message =
		`Whether eSMS took this message is unknown: ${why}. Do not resend it by hand; its Request ID ` +
		`"${recipient.requestId}" will show in delivery reports if it was sent.`;
	return outcomeOf(recipient, 'unconfirmed', message, { smsId: row?.smsId ?? null, codeResult: row?.code ?? null, batch: context.batch });
}

function sameRow(a: BulkRow, b: BulkRow): boolean {
	return a.code === b.code && a.smsId === b.smsId;
}

const CONFLICT = Symbol('conflicting rows');

function inBatchOrder(batch: Batch, rows: BulkRow[]): boolean {
	const { recipients } = batch;
	if (rows.length !== recipients.length) return false;
	for (let index = 0; index < rows.length; index++) {
		if (rows[index].phoneKey !== recipients[index].phoneKey) return false;
	}
	return true;
}

/**
 * Pairs eSMS's reply rows with the batch's recipients by normalised phone (rows carry no
 * RequestId and their order is not documented). Every recipient gets exactly one outcome: a
 * recipient without a row, or with two rows that disagree, is unconfirmed, never assumed sent
 * or refused; rows for unknown phones are ignored.
 */
export function matchReply(batch: Batch, rows: BulkRow[], afterLostAnswer = false, requestCode: string | null = null): Outcome[] {
	const context: Context = { batch: batch.number, afterLostAnswer, requestCode };
	if (inBatchOrder(batch, rows)) {
		// One row per recipient, in the batch's order: a batch never holds one phone twice, so each
		// row is its recipient's and no phone has two rows. The same pairing as below, without maps.
		return batch.recipients.map((recipient, index) => outcomeOfRow(recipient, rows[index], context));
	}
	const rowOfPhone = new Map<string, BulkRow | typeof CONFLICT>();
	const firstSmsId = new Map<string, string>();
	for (const row of rows) {
		const known = rowOfPhone.get(row.phoneKey);
		if (row.smsId !== null && !firstSmsId.has(row.phoneKey)) firstSmsId.set(row.phoneKey, row.smsId);
		if (known === undefined) rowOfPhone.set(row.phoneKey, row);
		else if (known !== CONFLICT && !sameRow(known, row)) rowOfPhone.set(row.phoneKey, CONFLICT);
	}
	return batch.recipients.map((recipient) => {
		const row = rowOfPhone.get(recipient.phoneKey);
		if (row === undefined) {
			const why = requestCode === null
				? 'eSMS accepted the request but returned no result row for this phone'
				: `eSMS answered the request with code ${requestCode} (${codeMeaning(requestCode)}) and no result row for this phone`;
			return unconfirmed(recipient, context, null, why);
		}
		if (row === CONFLICT) {
			const smsId = firstSmsId.get(recipient.phoneKey) ?? null;
			return unconfirmed(recipient, context, { code: null, phoneKey: recipient.phoneKey, smsId, errorMessage: null }, 'eSMS returned two different result rows for this phone');
		}
		return outcomeOfRow(recipient, row, context);
	});
}

/**
 * The answer to one bulk request. Code 100: each recipient by its row. Another code with rows
 * (undocumented): a row that says 100 is accepted, every other recipient unconfirmed — eSMS may
 * have taken them. Another code without rows: the request failed; with a code eSMS does not
 * document, whether it took the messages is unknown.
 */
export function judgeBulkReply(batch: Batch, reply: BulkReply, afterLostAnswer: boolean): BatchAnswer {
	const { code, rows, errorMessage } = reply;
	if (code === ACCEPTED) return { outcomes: matchReply(batch, rows, afterLostAnswer) };
	if (rows.length > 0) return { outcomes: matchReply(batch, rows, afterLostAnswer, code) };
	const meaning = codeMeaning(code);
	const message = errorMessage && errorMessage !== meaning ? `${meaning} (eSMS: ${errorMessage})` : meaning;
	return { failure: { code, message, scope: failureScope(code), mayHaveArrived: !isKnownCode(code) } };
}

import { ACCEPTED, codeMeaning, failureScope, isKnownCode } from '../esms/codes';
import type { BatchAnswer, Batch, Outcome } from '../send/types';
import type { BulkReply, BulkRow } from '../client/answers';
import { outcomeOfAnswer, requestInWords, unconfirmed, type Context } from './answerOutcome';

/** A bulk ZNS answer, judged: per-recipient outcomes from its rows, or the request's failure. */

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
		return batch.recipients.map((recipient, index) => outcomeOfAnswer(recipient, rows[index], context));
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
				: `${requestInWords(requestCode)}, and returned no result row for this phone`;
			return unconfirmed(recipient, context, null, why);
		}
		if (row === CONFLICT) {
			const smsId = firstSmsId.get(recipient.phoneKey) ?? null;
			return unconfirmed(recipient, context, { code: null, smsId, errorMessage: null }, 'eSMS returned two different result rows for this phone');
		}
		return outcomeOfAnswer(recipient, row, context);
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

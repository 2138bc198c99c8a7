import { ACCEPTED, DUPLICATE_REQUEST_ID, codeMeaning, isKnownCode } from '../esms/codes';
import type { ReplyRow } from './reply';
import type { Batch, Outcome, Recipient } from './types';

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

function settled(recipient: Recipient, row: ReplyRow, batch: number, status: Outcome['status'], smsId: string | null, message: string): Outcome {
	const { itemIndex, phone, requestId } = recipient;
	return { itemIndex, phone, requestId, status, smsId, codeResult: row.code, message, batch };
}

function outcomeOfRow(recipient: Recipient, row: ReplyRow, batch: number, afterLostAnswer: boolean): Outcome {
	if (row.code === ACCEPTED) return settled(recipient, row, batch, 'accepted', row.smsId, ACCEPTED_MESSAGE);
	if (row.code === DUPLICATE_REQUEST_ID) {
		return settled(recipient, row, batch, 'duplicate', row.smsId, duplicateMessage(recipient, afterLostAnswer));
	}
	if (row.code === null || !isKnownCode(row.code) || row.smsId !== null) {
		// A row the node cannot read with certainty is never a final "rejected": that would invite a resend.
		const what = row.code === null ? 'its result row has no result code' : `its result row has code ${row.code}`;
		return unconfirmed(recipient, batch, row, `${what}${row.smsId ? ` and SMSID ${row.smsId}` : ''}`);
	}
	return settled(recipient, row, batch, 'rejected', null, row.errorMessage ?? codeMeaning(row.code));
}

function unconfirmed(recipient: Recipient, batch: number, row: ReplyRow | null, why: string): Outcome {
	return {
		itemIndex: recipient.itemIndex,
		phone: recipient.phone,
		requestId: recipient.requestId,
		status: 'unconfirmed',
		smsId: row?.smsId ?? null,
		codeResult: row?.code ?? null,
		message:
			`Whether eSMS took this message is unknown: ${why}. Do not resend it by hand; its Request ID ` +
			`"${recipient.requestId}" will show in delivery reports if it was sent.`,
		batch,
	};
}

function sameRow(a: ReplyRow, b: ReplyRow): boolean {
	return a.code === b.code && a.smsId === b.smsId;
}

const CONFLICT = Symbol('conflicting rows');

function inBatchOrder(batch: Batch, rows: ReplyRow[]): boolean {
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
export function matchReply(batch: Batch, rows: ReplyRow[], afterLostAnswer = false): Outcome[] {
	if (inBatchOrder(batch, rows)) {
		// One row per recipient, in the batch's order: a batch never holds one phone twice, so each
		// row is its recipient's and no phone has two rows. The same pairing as below, without maps.
		return batch.recipients.map((recipient, index) => outcomeOfRow(recipient, rows[index], batch.number, afterLostAnswer));
	}
	const rowOfPhone = new Map<string, ReplyRow | typeof CONFLICT>();
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
			return unconfirmed(recipient, batch.number, null, 'eSMS accepted the request but returned no result row for this phone');
		}
		if (row === CONFLICT) {
			const smsId = firstSmsId.get(recipient.phoneKey) ?? null;
			return unconfirmed(recipient, batch.number, { code: null, phoneKey: recipient.phoneKey, smsId, errorMessage: null }, 'eSMS returned two different result rows for this phone');
		}
		return outcomeOfRow(recipient, row, batch.number, afterLostAnswer);
	});
}

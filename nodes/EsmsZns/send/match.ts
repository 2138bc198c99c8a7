import { ACCEPTED, DUPLICATE_REQUEST_ID, codeMeaning } from '../codes';
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

function outcomeOfRow(recipient: Recipient, row: ReplyRow, batch: number, afterLostAnswer: boolean): Outcome {
	const base = {
		itemIndex: recipient.itemIndex,
		phone: recipient.phone,
		requestId: recipient.requestId,
		codeResult: row.code,
		batch,
	};
	if (row.code === ACCEPTED) {
		return { ...base, status: 'accepted', smsId: row.smsId, message: codeMeaning(row.code) };
	}
	if (row.code === DUPLICATE_REQUEST_ID) {
		return { ...base, status: 'duplicate', smsId: row.smsId, message: duplicateMessage(recipient, afterLostAnswer) };
	}
	return {
		...base,
		status: 'rejected',
		smsId: null,
		message: row.errorMessage ?? codeMeaning(row.code),
	};
}

function unconfirmed(recipient: Recipient, batch: number): Outcome {
	return {
		itemIndex: recipient.itemIndex,
		phone: recipient.phone,
		requestId: recipient.requestId,
		status: 'unconfirmed',
		smsId: null,
		codeResult: null,
		message:
			'eSMS accepted the request but returned no result row for this phone, so whether it was ' +
			`sent is unknown. Its RequestId "${recipient.requestId}" will show in delivery callbacks if it was.`,
		batch,
	};
}

/**
 * Pairs eSMS's reply rows with the batch's recipients by normalised phone (rows carry no
 * RequestId and their order is not documented). Every recipient gets exactly one outcome: a
 * recipient without a row is unconfirmed, never assumed sent; rows for unknown phones are ignored.
 */
export function matchReply(batch: Batch, rows: ReplyRow[], afterLostAnswer = false): Outcome[] {
	const rowOfPhone = new Map<string, ReplyRow>();
	for (const row of rows) {
		if (!rowOfPhone.has(row.phoneKey)) rowOfPhone.set(row.phoneKey, row);
	}
	return batch.recipients.map((recipient) => {
		const row = rowOfPhone.get(recipient.phoneKey);
		return row ? outcomeOfRow(recipient, row, batch.number, afterLostAnswer) : unconfirmed(recipient, batch.number);
	});
}

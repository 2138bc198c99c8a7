import type { IDataObject } from 'n8n-workflow';

import { matchReply } from '../../../../nodes/EsmsZns/channels/znsMatch';
import type { Batch } from '../../../../nodes/EsmsZns/send/types';
import { readBulkReply } from '../../../../nodes/EsmsZns/client/answers';
import { SEND_NOW } from '../../../helpers/recipients';

const parseSendReply = (body: Record<string, unknown>) => readBulkReply(body as IDataObject);

const batch: Batch = {
	number: 2,
	recipients: [
		{ itemIndex: 4, phone: '0901888484', phoneKey: '0901888484', requestId: 'r4', params: [], fingerprint: 'f4', options: SEND_NOW },
		{ itemIndex: 5, phone: '0918238965', phoneKey: '0918238965', requestId: 'r5', params: [], fingerprint: 'f5', options: SEND_NOW },
		{ itemIndex: 6, phone: '0974691880', phoneKey: '0974691880', requestId: 'r6', params: [], fingerprint: 'f6', options: SEND_NOW },
	],
	options: SEND_NOW,
};

function outcomesFor(body: Record<string, unknown>) {
	const reply = parseSendReply(body);
	if (!reply) throw new Error('not a reply');
	return matchReply(batch, reply.rows);
}

describe('matchReply', () => {
	test('pairs rows by phone whatever their order and phone form', () => {
		const outcomes = outcomesFor({
			CodeResult: 100,
			detail: [
				{ CodeResult: 124, Phone: '84974691880' },
				{ CodeResult: 100, Phone: '84901888484', SMSID: 'S-4' },
				{ CodeResult: '99', Phone: '0918238965', ErrorMessage: 'blocked' },
			],
		});
		expect(outcomes.map((o) => [o.itemIndex, o.status, o.smsId, o.codeResult, o.batch])).toEqual([
			[4, 'accepted', 'S-4', '100', 2],
			[5, 'rejected', null, '99', 2],
			[6, 'duplicate', null, '124', 2],
		]);
		expect(outcomes[1].message).toBe('blocked');
		expect(outcomes[2].message).toContain('not a new message and not a delivery failure');
	});

	test('a recipient without a row is unconfirmed, never sent or dropped', () => {
		const outcomes = outcomesFor({ CodeResult: '100', detail: [{ CodeResult: '100', Phone: '0901888484', SMSID: 'S' }] });
		expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'unconfirmed', 'unconfirmed']);
		expect(outcomes[1].message).toContain('r5');
	});

	test('rows in the batch\'s order or in any other: the same outcomes', () => {
		const rows = [
			{ CodeResult: '100', Phone: '0901888484', SMSID: 'S4' },
			{ CodeResult: '99', Phone: '0918238965', ErrorMessage: 'blocked' },
			{ CodeResult: '124', Phone: '0974691880' },
		];
		const inOrder = outcomesFor({ CodeResult: '100', detail: rows });
		expect(inOrder.map((o) => [o.itemIndex, o.status, o.smsId])).toEqual([
			[4, 'accepted', 'S4'],
			[5, 'rejected', null],
			[6, 'duplicate', null],
		]);
		expect(outcomesFor({ CodeResult: '100', detail: [...rows].reverse() })).toEqual(inOrder);
		expect(outcomesFor({ CodeResult: '100', detail: [rows[1], rows[0], rows[2]] })).toEqual(inOrder);
	});

	test('no detail at all: everyone unconfirmed', () => {
		expect(outcomesFor({ CodeResult: '100' }).every((o) => o.status === 'unconfirmed')).toBe(true);
	});

	test('rows for unknown phones and repeated rows are ignored', () => {
		const outcomes = outcomesFor({
			CodeResult: '100',
			detail: [
				{ CodeResult: '100', Phone: '0999999999', SMSID: 'X' },
				{ CodeResult: '100', Phone: '0901888484', SMSID: 'first' },
				{ CodeResult: '100', Phone: '0901888484', SMSID: 'second' },
			],
		});
		expect(outcomes[0].smsId).toBe('first');
		expect(outcomes).toHaveLength(3);
	});

	test('an unknown row code is rejected with its meaning', () => {
		const [outcome] = outcomesFor({ CodeResult: '100', detail: [{ CodeResult: '108', Phone: '0901888484' }] });
		expect(outcome.status).toBe('rejected');
		expect(outcome.message).toBe('Phone number in a wrong format');
	});
});

describe('matchReply: rows the node cannot read for sure are unconfirmed, never rejected', () => {
	test('a row with an SMSID but no result code: unconfirmed, SMSID kept', () => {
		const [first] = outcomesFor({ CodeResult: '100', detail: [{ Phone: '0901888484', SMSID: 'sms-1' }] });
		expect(first).toMatchObject({ status: 'unconfirmed', smsId: 'sms-1', codeResult: null });
		expect(first.message).toContain('Do not resend it by hand');
	});

	test('a row with an unknown code and no SMSID: unconfirmed with that code', () => {
		const [first] = outcomesFor({ CodeResult: '100', detail: [{ CodeResult: '777', Phone: '0901888484' }] });
		expect(first).toMatchObject({ status: 'unconfirmed', smsId: null, codeResult: '777' });
	});

	test('a known refusal that still carries an SMSID: unconfirmed, SMSID kept', () => {
		const [first] = outcomesFor({ CodeResult: '100', detail: [{ CodeResult: '108', Phone: '0901888484', SMSID: 'sms-2' }] });
		expect(first).toMatchObject({ status: 'unconfirmed', smsId: 'sms-2' });
	});

	test('two different rows for one phone: unconfirmed, the SMSID kept', () => {
		const outcomes = outcomesFor({
			CodeResult: '100',
			detail: [
				{ CodeResult: '108', Phone: '0901888484', ErrorMessage: 'bad' },
				{ CodeResult: '100', Phone: '84901888484', SMSID: 'sms-3' },
				{ CodeResult: '100', Phone: '0918238965', SMSID: 'sms-4' },
				{ CodeResult: '100', Phone: '0918238965', SMSID: 'sms-4' },
			],
		});
		expect(outcomes[0]).toMatchObject({ status: 'unconfirmed', smsId: 'sms-3' });
		expect(outcomes[0].message).toContain('two different result rows');
		// The same row twice is no conflict.
		expect(outcomes[1]).toMatchObject({ status: 'accepted', smsId: 'sms-4' });
		expect(outcomes[2]).toMatchObject({ status: 'unconfirmed', smsId: null });
	});

	test('a documented refusal without an SMSID is final: rejected', () => {
		const [first] = outcomesFor({ CodeResult: '100', detail: [{ CodeResult: 99, Phone: '0901888484', ErrorMessage: 'blocked' }] });
		expect(first).toMatchObject({ status: 'rejected', codeResult: '99', message: 'blocked' });
	});
});

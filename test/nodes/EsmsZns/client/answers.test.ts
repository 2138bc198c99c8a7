import type { IDataObject } from 'n8n-workflow';

import { readBulkReply } from '../../../../nodes/EsmsZns/client/answers';

/** The transport hands only JSON objects to the reader (anything else is "not JSON" there). */
const parseSendReply = (body: Record<string, unknown>) => readBulkReply(body as IDataObject);

describe('readBulkReply', () => {
	test('reads the documented sample, codes as strings', () => {
		const reply = parseSendReply({
			CodeResult: '100',
			Message: 'Sucess',
			TotalSuccess: 2,
			TotalFail: 1,
			detail: [
				{ CodeResult: '100', Phone: '0901888484', SMSID: 'a037b928' },
				{ CodeResult: '108', Phone: '097469188', ErrorMessage: 'The phone number 097469188 is not valid.' },
			],
		});
		expect(reply).toEqual({
			code: '100',
			errorMessage: null,
			rows: [
				{ code: '100', phoneKey: '0901888484', smsId: 'a037b928', errorMessage: null },
				{ code: '108', phoneKey: '097469188', smsId: null, errorMessage: 'The phone number 097469188 is not valid.' },
			],
		});
	});

	test('reads codes sent as numbers and request-level failures', () => {
		expect(parseSendReply({ CodeResult: 101, CountRegenerate: 0, ErrorMessage: 'Authorize Failed' })).toEqual({
			code: '101',
			errorMessage: 'Authorize Failed',
			rows: [],
		});
	});

	test.each([[{ hello: 'world' }], [{ CodeResult: { x: 1 } }], [{ CodeResult: '  ' }]])(
		'%j is not an eSMS answer',
		(body: Record<string, unknown>) => {
			expect(parseSendReply(body)).toBeNull();
		},
	);

	test('skips malformed rows instead of failing the batch', () => {
		expect(parseSendReply({ CodeResult: '100', detail: ['junk', { CodeResult: '100', Phone: '0901888484', SMSID: 'x' }] })?.rows).toHaveLength(1);
	});
});


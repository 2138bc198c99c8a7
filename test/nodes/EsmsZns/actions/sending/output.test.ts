/**
 * The Send outputs (issue 23): what a person reads first comes first in n8n's table — status,
 * phone, smsId, message — for bulk ZNS, SMS and ZNS with SMS Fallback, with or without the input's
 * fields; the campaign's `estimate` last; the error output's `error` in the same order.
 */
import type { INodeParameters } from 'n8n-workflow';

import { makeCustomers } from '../../../../helpers/customers';
import { locator, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();

const FIRST = ['status', 'phone', 'smsId', 'message'];

const SMS: INodeParameters = {
	resource: 'sms',
	operation: 'send',
	brandname: locator('SIMCLINIC'),
	smsText: '=Xin chao {{ $json.name }}',
};
const FALLBACK: INodeParameters = { smsFallback: true, brandname: locator('SIMCLINIC'), smsText: '=Xin chao {{ $json.name }}' };

describe('Send outputs: what a person reads first first', () => {
	test.each([
		['bulk ZNS', {}, ['status', 'phone', 'smsId', 'message', 'requestId', 'codeResult', 'channel', 'batch', 'sandbox', 'campaign', 'sendAt']],
		['SMS', SMS, ['status', 'phone', 'smsId', 'message', 'requestId', 'codeResult', 'channel', 'smsParts', 'charset', 'batch', 'sandbox', 'campaign', 'sendAt']],
		['ZNS with SMS Fallback', FALLBACK, ['status', 'phone', 'smsId', 'message', 'requestId', 'codeResult', 'channel', 'smsParts', 'charset', 'batch', 'sandbox', 'campaign', 'sendAt']],
	])('%s: status, phone, smsId, message, then the details', async (_name, parameters, keys) => {
		const { outputs, error } = await runSend(simulator(), makeCustomers(2), parameters);
		expect(error).toBeUndefined();
		for (const item of outputs[0]) expect(Object.keys(item.json)).toEqual(keys);
	});

	test("Include Input Fields: the four first, then the input's fields, then the details; a changed input value kept as input…", async () => {
		const customers = makeCustomers(1).map((customer) => ({ ...customer, phone: `+84 ${customer.phone.slice(1)}` }));
		const { outputs } = await runSend(simulator(), customers, { options: { includeInputFields: true } });
		const keys = Object.keys(outputs[0][0].json);
		expect(keys.slice(0, 4)).toEqual(FIRST);
		expect(keys.slice(4, 8)).toEqual(['id', 'name', 'service', 'date']);
		expect(keys).toContain('inputPhone');
		expect(keys.indexOf('inputPhone')).toBeGreaterThan(keys.indexOf('date'));
		expect(outputs[0][0].json).toMatchObject({ phone: customers[0].phone.replace('+84 ', '0'), inputPhone: customers[0].phone });
	});

	test("Estimate Only: the campaign's totals (estimate) come last, after the input's fields", async () => {
		const { outputs } = await runSend(simulator(), makeCustomers(3), { preflight: { estimateOnly: true }, options: { includeInputFields: true } });
		for (const item of outputs[0]) {
			const keys = Object.keys(item.json);
			expect(keys.slice(0, 4)).toEqual(FIRST);
			expect(keys[keys.length - 1]).toBe('estimate');
			expect(item.json).toMatchObject({ status: 'would_send', estimate: { recipients: 3, toSend: 3 } });
		}
	});

	test("the error output: { message, error } where error reads status, phone, smsId first", async () => {
		const customers = makeCustomers(2);
		customers[1].phone = '12345';
		const { outputs } = await runSend(simulator(), customers, {}, { onError: 'continueErrorOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted']);
		const [failed] = outputs[1];
		expect(Object.keys(failed.json).slice(-2)).toEqual(['message', 'error']);
		expect(Object.keys(failed.json.error as object).slice(0, 4)).toEqual(['status', 'phone', 'smsId', 'requestId']);
		expect(failed.json.error).toMatchObject({ status: 'invalid', field: 'Phone' });
	});
});

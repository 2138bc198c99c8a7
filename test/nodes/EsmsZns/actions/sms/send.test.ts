/**
 * SMS › Send, in n8n-core's engine against the simulator: one request per recipient through the
 * same pipeline as bulk ZNS (reading, checks, Request IDs, memory, concurrency, outcomes).
 */
import type { INodeParameters } from 'n8n-workflow';

import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { makeCustomers } from '../../../../helpers/customers';
import { runNode } from '../../../../helpers/engine';
import { credentialsFor, locator, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
type Sim = ReturnType<typeof simulator>;


function smsParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'sms',
		operation: 'send',
		brandname: locator('SIMCLINIC'),
		phone: '={{ $json.phone }}',
		smsText: '=Xin chào {{ $json.name }}, hẹn gặp lại!',
		requestIdMode: 'auto',
		...overrides,
	};
}

async function runSms(sim: Sim, items: Array<Record<string, unknown>>, parameters: INodeParameters = {}, onError?: 'continueRegularOutput' | 'continueErrorOutput', executionId?: string) {
	return await runNode({
		node: { parameters: smsParameters(parameters), ...(onError ? { onError } : {}) },
		items: items as never,
		credentials: credentialsFor(sim),
		executionId,
	});
}

const smsRequests = (sim: Sim) => sim.requests.filter((request) => request.path.includes('SendMultipleMessage_V4_post_json'));

describe('SMS › Send', () => {
	test('one request per recipient; each stored once as an SMS with its own SMSID; Unicode counted', async () => {
		const sim = simulator();
		const customers = makeCustomers(5);
		const { outputs, error } = await runSms(sim, customers);
		expect(error).toBeUndefined();
		expect(smsRequests(sim)).toHaveLength(5);
		const main = outputs[0];
		expect(main.map((item) => item.json.status)).toEqual(Array(5).fill('accepted'));
		const stored = sim.messages();
		expect(stored.every((message) => message.channel === 'sms' && message.brandname === 'SIMCLINIC' && message.unicode === true)).toBe(true);
		main.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.smsId).toBe(sim.messagesTo(customers[index].phone, 'sms')[0].smsId);
			expect(item.json.requestId).toMatch(/^sms-[0-9a-f]{32}$/);
			expect(item.json).toMatchObject({ channel: 'sms', smsParts: 1, charset: 'unicode' });
		});
		expect((smsRequests(sim)[0].body as Record<string, unknown>).IsUnicode).toBe('1');
	});

	test('Remove Diacritics: sent unaccented as GSM 7-bit; a registered template matches', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		const { outputs } = await runSms(sim, [customer], {
			brandname: locator('SIMSHOP'),
			smsText: '=Kính gửi {{ $json.name }}, lịch hẹn {{ $json.service }} của quý khách vào ngày {{ $json.date }}. Liên hệ 19001234 nếu cần đổi lịch.',
			options: { removeDiacritics: true },
		});
		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', charset: 'gsm7', smsParts: 1 });
		const body = smsRequests(sim)[0].body as Record<string, unknown>;
		expect(body).toMatchObject({ Brandname: 'SIMSHOP', SmsType: '2', IsUnicode: '0' });
		expect(body.Content).toMatch(/^Kinh gui .+, lich hen .+ cua quy khach vao ngay 2026-12-01\. Lien he 19001234 neu can doi lich\.$/);
	});

	test('a text over Max SMS Parts, or one GSM 7-bit cannot carry, is invalid before anything is sent', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		const long = await runSms(sim, [customer], { smsText: `=${'a'.repeat(470)}`, options: { maxParts: 3 } });
		expect(long.error?.message).toBe(`SMS Text needs 4 SMS parts (470 GSM 7-bit characters), more than Max SMS Parts (3) (got "${'a'.repeat(199)}… (472 characters))`);
		const gsm = await runSms(sim, [customer], { options: { charset: 'gsm7' } });
		expect(gsm.error?.message).toMatch(/^SMS Text has "ễ", which GSM 7-bit cannot carry: turn on Remove Diacritics, or set Charset to Auto or Unicode/);
		const empty = await runSms(sim, [{ ...customer, text: '' }], { smsText: '={{ $json.text }}' });
		expect(empty.error?.message).toMatch(/^SMS Text is required but empty/);
		expect(smsRequests(sim)).toHaveLength(0);
	});

	test('per recipient refusals: 146 text not registered, 177 carrier not registered; the others are sent', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		customers[2].phone = '0921234567'; // Vietnamobile: not registered for SIMCLINIC
		const registered = await runSms(sim, customers.slice(0, 1), { brandname: locator('SIMSHOP'), smsText: 'Any text that is no template' }, 'continueRegularOutput');
		expect(registered.outputs[0][0].json).toMatchObject({ status: 'rejected', codeResult: '146', smsId: null });
		const carrier = await runSms(sim, customers, {}, 'continueRegularOutput', 'e2');
		expect(carrier.outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'rejected']);
		expect(carrier.outputs[0][2].json.codeResult).toBe('177');
	});

	test('an unknown brandname (104) stops later requests: Stop mode names it; Continue fails and skips', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		const stopped = await runSms(sim, customers, { brandname: locator('NOSUCHNAME'), preflight: { balance: 'off' }, options: { requestsInFlight: 1 } });
		expect(stopped.error?.message).toMatch(/^Batch 1 of 4 failed: Brandname unknown, inactive, or not registered for customer-care SMS .*\(eSMS code 104\)$/);
		expect(smsRequests(sim)).toHaveLength(1);
		const continued = await runSms(sim, customers, { brandname: locator('NOSUCHNAME'), preflight: { balance: 'off' }, options: { requestsInFlight: 1 } }, 'continueRegularOutput', 'e2');
		expect(continued.outputs[0].map((item) => item.json.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
	});

	test('never twice: a run again (another execution, another process) sends nobody again', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		const first = await runSms(sim, customers);
		const again = await runSms(sim, customers, {}, undefined, 'e2');
		expect(again.outputs[0].map((item) => [item.json.status, item.json.smsId])).toEqual(first.outputs[0].map((item) => ['duplicate', item.json.smsId]));
		forgetAll();
		const elsewhere = await runSms(sim, customers, {}, undefined, 'e3');
		expect(elsewhere.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
		expect(sim.messages()).toHaveLength(3);
	});

	test('Requests in Flight is the ceiling of requests at once', async () => {
		const sim = simulator();
		sim.settings.latencyMs = 30;
		const { outputs } = await runSms(sim, makeCustomers(40), { options: { requestsInFlight: 5 } });
		expect(outputs[0]).toHaveLength(40);
		expect(sim.trafficStats().maxInFlight).toBeLessThanOrEqual(5);
		expect(sim.trafficStats().maxInFlight).toBeGreaterThanOrEqual(4);
	});

	test('Estimate Only: eSMS\'s price per part × the parts; nothing sent', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		const { outputs } = await runSms(sim, customers, { smsText: `=${'x'.repeat(200)}`, preflight: { estimateOnly: true } });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['would_send', 'would_send', 'would_send']);
		expect(outputs[0][0].json.estimate).toMatchObject({ toSend: 3, batches: 3, pricePerSmsPart: 850, smsParts: 6, estimatedCost: 5100, withinBalance: true });
		expect(smsRequests(sim)).toHaveLength(0);
	});

	test('the balance check stops a campaign it cannot pay for, before any request', async () => {
		const sim = simulator();
		sim.account('sim-api-key')!.balance = 850 * 2;
		const { error } = await runSms(sim, makeCustomers(3), { smsText: 'Hello' });
		expect(error?.message).toBe('The eSMS balance is 1700 VND, but 3 SMS parts at 850 VND cost an estimated 2550 VND');
		expect(smsRequests(sim)).toHaveLength(0);
	});
});

describe('SMS › Get Status and Account › Get Brandnames', () => {
	test('Get Status reads GetSendStatus for an SMS SMSID', async () => {
		const sim = simulator();
		const sent = await runSms(sim, makeCustomers(1));
		const smsId = sent.outputs[0][0].json.smsId as string;
		const { outputs } = await runNode({
			node: { parameters: { resource: 'sms', operation: 'getStatus', smsId: '={{ $json.smsId }}' } },
			items: [{ smsId }],
			credentials: credentialsFor(sim),
		});
		expect(outputs[0][0].json).toMatchObject({ smsId, channel: 'sms', type: 'sms_customer_care', price: expect.any(Number) });
		expect(['delivered', 'waiting', 'pending_approval', 'awaiting_carrier']).toContain(outputs[0][0].json.status);
		// GetSendStatus names no phone, telco, OA or template: those fields are left out, never null.
		for (const missing of ['phone', 'telco', 'oaId', 'templateId']) expect(outputs[0][0].json).not.toHaveProperty(missing);
	});

	test('Get Brandnames lists them in words; the keys in its URL never show', async () => {
		const sim = simulator();
		const { outputs } = await runNode({
			node: { parameters: { resource: 'account', operation: 'getBrandnames' } },
			items: [{}],
			credentials: credentialsFor(sim),
		});
		expect(outputs[0].map((item) => [item.json.brandname, item.json.type])).toEqual(
			expect.arrayContaining([
				['SIMSHOP', 'customer care'],
				['SIMADS', 'advertising'],
			]),
		);
		const request = sim.requests.find((recorded) => recorded.path.includes('GetListBrandname'))!;
		expect(request.path).not.toContain(sim.defaultAccount.secretKey);
	});
});

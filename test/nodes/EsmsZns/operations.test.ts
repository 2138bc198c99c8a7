import { ORDER_TEMPLATE, REMINDER_TEMPLATE, SHOP_OA, credentialsFor, locator, sendParameters, useSimulator } from '../../helpers/send';
import { runNode } from '../../helpers/engine';
import { makeCustomers } from '../../helpers/customers';

const simulator = useSimulator();

async function run(parameters: Record<string, unknown>, items: object[] = [{}], node = {}, keys = {}) {
	const sim = simulator();
	const credentials = credentialsFor(sim, keys);
	credentials.esmsApi = { ...credentials.esmsApi, reportsUrl: sim.origin } as typeof credentials.esmsApi;
	return await runNode({ node: { ...node, parameters: parameters as never }, items: items as never, credentials });
}

async function sendSome(count: number) {
	const result = await run(
		sendParameters(),
		makeCustomers(count).map((customer, index) => ({ ...customer, phone: index === 0 ? '0901234513' : customer.phone })),
	);
	return result.outputs[0].map((item) => item.json);
}

describe('Account › Get Balance', () => {
	test('the balance, once per execution however many items come in (paired to the first)', async () => {
		const { outputs } = await run({ resource: 'account', operation: 'getBalance' }, [{}, {}, {}, {}]);
		expect(outputs[0].map((item) => item.json)).toEqual([{ balance: 1_000_000_000, userId: 9999, currency: 'VND' }]);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
	});

	test('Get Brandnames lists each brandname once with 4 items in', async () => {
		const once = await run({ resource: 'account', operation: 'getBrandnames' }, [{}]);
		const four = await run({ resource: 'account', operation: 'getBrandnames' }, [{}, {}, {}, {}]);
		expect(once.outputs[0].length).toBeGreaterThan(0);
		expect(four.outputs[0].map((item) => item.json)).toEqual(once.outputs[0].map((item) => item.json));
		expect(new Set(four.outputs[0].map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set([JSON.stringify({ item: 0 })]));
	});

	test('wrong keys: a clear error, or an error item with Continue On Fail', async () => {
		const failed = await run({ resource: 'account', operation: 'getBalance' }, [{}], {}, { secretKey: 'nope' });
		expect(failed.error?.message).toBe('Get balance failed: Wrong API Key or Secret Key (eSMS: Authorize Failed) (eSMS code 101)');
		const continued = await run({ resource: 'account', operation: 'getBalance' }, [{}], { onError: 'continueErrorOutput' }, { secretKey: 'nope' });
		expect(continued.outputs[1][0].json.error).toContain('Wrong API Key or Secret Key');
		expect(JSON.stringify([failed.run, continued.run])).not.toContain('nope');
	});
});

describe('Zalo OA', () => {
	test('Get Many, with a limit', async () => {
		const all = await run({ resource: 'zaloOa', operation: 'getMany', returnAll: true });
		expect(all.outputs[0].map((item) => item.json.oaId)).toEqual(expect.arrayContaining([SHOP_OA, '1397492183140006179']));
		const one = await run({ resource: 'zaloOa', operation: 'getMany', returnAll: false, limit: 1 });
		expect(one.outputs[0]).toHaveLength(1);
	});

	test('Get Many runs once per execution: 4 items in, each OA listed once', async () => {
		const single = await run({ resource: 'zaloOa', operation: 'getMany', returnAll: true });
		const four = await run({ resource: 'zaloOa', operation: 'getMany', returnAll: true }, [{}, {}, {}, {}]);
		expect(four.outputs[0].map((item) => item.json)).toEqual(single.outputs[0].map((item) => item.json));
		expect(four.outputs[0].every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	test('Get Quota goes down as messages are accepted', async () => {
		const before = await run({ resource: 'zaloOa', operation: 'getQuota', oaId: locator(SHOP_OA) });
		await sendSome(3);
		const after = await run({ resource: 'zaloOa', operation: 'getQuota', oaId: locator(SHOP_OA) });
		expect(before.outputs[0][0].json.remainingQuota as number).toBe((after.outputs[0][0].json.remainingQuota as number) + 3);
	});

	test('Get Quota of an OA that is not in the account fails with the meaning of the code', async () => {
		const { error } = await run({ resource: 'zaloOa', operation: 'getQuota', oaId: locator('42') });
		expect(error?.message).toMatch(/^Get quota of Zalo OA 42 failed: .*\(eSMS code \d+\)$/);
	});
});

describe('Template', () => {
	test('Get Many lists both ZNS kinds', async () => {
		const { outputs } = await run({ resource: 'template', operation: 'getMany', oaId: locator(SHOP_OA), znsType: '24' });
		const order = outputs[0].find((item) => item.json.templateId === ORDER_TEMPLATE)?.json;
		expect(order).toMatchObject({ name: 'Order confirmation', znsType: '24' });
		expect((order?.params as Array<{ type: string }>).map((param) => param.type)).toEqual(
			expect.arrayContaining(['text', 'number', 'date', 'url']),
		);
	});

	test('Get returns status, tag and variables', async () => {
		const { outputs } = await run({ resource: 'template', operation: 'get', oaId: locator(SHOP_OA), templateId: locator('2056448') });
		expect(outputs[0][0].json).toMatchObject({ templateId: '2056448', status: 'PENDING_REVIEW' });
	});

	test('Get of an unknown template fails clearly', async () => {
		const { error } = await run({ resource: 'template', operation: 'get', oaId: locator(SHOP_OA), templateId: locator('999') });
		expect(error?.message).toMatch(/^Get template 999 failed: /);
	});
});

describe('ZNS Message › Get Status and Get Delivery Reports', () => {
	test('Get Status normalises the status of each sent message', async () => {
		const sent = await sendSome(2);
		const { outputs } = await run({ resource: 'znsMessage', operation: 'getStatus', smsId: '={{ $json.smsId }}', znsType: '24' }, sent);
		expect(outputs[0].map((item) => [item.json.smsId, item.json.status, item.json.final])).toEqual([
			[sent[0].smsId, 'failed', true],
			[sent[1].smsId, 'delivered', true],
		]);
		expect(outputs[0][0].json.deliveryError).toMatchObject({ code: -114 });
		expect(outputs[0][0].json.error).toBeUndefined();
	});

	test("Get Status of the Send's output says whose message it is (its phone and Request ID), status first", async () => {
		const sent = await sendSome(2);
		const { outputs } = await run({ resource: 'znsMessage', operation: 'getStatus', smsId: '={{ $json.smsId }}', znsType: '24' }, sent);
		outputs[0].forEach((item, index) => {
			expect(item.json).toMatchObject({ phone: sent[index].phone, requestId: sent[index].requestId, smsId: sent[index].smsId, channel: 'zns', type: 'zns_priority' });
			expect(Object.keys(item.json).slice(0, 3)).toEqual(['status', 'phone', 'smsId']);
		});
		// What eSMS's QueryZnsStatus does not give (telco, price, OA, template) is left out, not null.
		expect(Object.keys(outputs[0][1].json)).toEqual(['status', 'phone', 'smsId', 'requestId', 'channel', 'type', 'deliveryError', 'sendStatus', 'fallback', 'zaloMessageId', 'final']);
		// An SMS ID typed in (not the Send's item) takes nothing from the item: no phone, no Request ID.
		const typed = await run({ resource: 'znsMessage', operation: 'getStatus', smsId: String(sent[1].smsId), znsType: '24' }, [{ phone: '0999999999' }]);
		expect(typed.outputs[0][0].json).not.toHaveProperty('phone');
		expect(typed.outputs[0][0].json).not.toHaveProperty('requestId');
		// The one null is deliveryError, and it means "none": this message was delivered.
		expect(Object.entries(typed.outputs[0][0].json).filter(([, value]) => value === null)).toEqual([['deliveryError', null]]);
	});

	test('Get Status of an unknown SMSID: 854 with its meaning', async () => {
		const { error } = await run({ resource: 'znsMessage', operation: 'getStatus', smsId: 'nope', znsType: '24' });
		expect(error?.message).toBe('Get status of SMS ID nope failed: No data found (eSMS code 854)'.replace(' (eSMS code', (m) => m));
	});

	test("Get Delivery Reports of a Send item eSMS has no report for yet: status first, whose message it is", async () => {
		const [sent] = await sendSome(1);
		const { outputs } = await run({ resource: 'znsMessage', operation: 'getDeliveryReports', oaId: locator(SHOP_OA), smsId: '={{ $json.smsId }}' }, [{ ...sent, smsId: 'not-yet' }]);
		expect(outputs[0][0].json).toEqual({ status: 'unknown', phone: sent.phone, smsId: 'not-yet', requestId: sent.requestId, message: 'eSMS has no delivery report for this SMS ID yet' });
	});

	test('Get Delivery Reports: one item per input, 200 SMSIDs per call, unknown ones say so', async () => {
		const sent = await sendSome(450);
		const sim = simulator();
		sim.clearRequests();
		const items = [...sent, { smsId: 'not-a-real-smsid' }];
		const { outputs } = await run({ resource: 'znsMessage', operation: 'getDeliveryReports', oaId: locator(SHOP_OA), smsId: '={{ $json.smsId }}' }, items);
		expect(outputs[0]).toHaveLength(451);
		expect(sim.requests.filter((request) => request.path.includes('GetCallback')).map((r) => (r.body as { ListRefid: string[] }).ListRefid.length)).toEqual([200, 200, 51]);
		expect(outputs[0][0].json).toMatchObject({ smsId: sent[0].smsId, status: 'failed', requestId: sent[0].requestId });
		expect(outputs[0][1].json).toMatchObject({ smsId: sent[1].smsId, status: 'delivered' });
		expect(outputs[0][450].json).toEqual({ status: 'unknown', smsId: 'not-a-real-smsid', message: 'eSMS has no delivery report for this SMS ID yet' });
		outputs[0].forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	});
});

describe('ZNS Message › look-ups given an SMSID that is not text', () => {
	test.each([
		['getStatus', { znsType: '24' }],
		['getDeliveryReports', { oaId: locator(SHOP_OA) }],
	])('%s: a list or an object is an error naming what it got', async (operation, extra) => {
		const items = [{ smsId: ['a', 'b'] }, { smsId: { id: 'x' } }];
		const { error } = await run({ resource: 'znsMessage', operation, smsId: '={{ $json.smsId }}', ...extra }, items);
		expect(error?.message).toBe('SMS ID must be text, got ["a","b"]');
		const continued = await run({ resource: 'znsMessage', operation, smsId: '={{ $json.smsId }}', ...extra }, items, { onError: 'continueErrorOutput' });
		expect(continued.outputs[1].map((item) => item.json.error)).toEqual(['SMS ID must be text, got ["a","b"]', 'SMS ID must be text, got {"id":"x"}']);
		expect(continued.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('ZNS Message › Get Delivery Reports with a Zalo OA per item', () => {
	test('items are asked for under their own OA, 200 SMSIDs per request per OA', async () => {
		const sent = await sendSome(3);
		const sim = simulator();
		sim.clearRequests();
		const OTHER_OA = '1397492183140006179';
		const items = [
			{ smsId: sent[0].smsId, oa: SHOP_OA },
			{ smsId: 'other-1', oa: OTHER_OA },
			{ smsId: sent[1].smsId, oa: SHOP_OA },
			{ smsId: 'other-2', oa: OTHER_OA },
		];
		const { outputs, error } = await run(
			{ resource: 'znsMessage', operation: 'getDeliveryReports', oaId: locator('={{ $json.oa }}'), smsId: '={{ $json.smsId }}' },
			items,
		);
		expect(error).toBeUndefined();
		const asked = sim.requests
			.filter((request) => request.path.includes('GetCallback'))
			.map((request) => request.body as { OAId: string; ListRefid: string[] });
		expect(asked.map(({ OAId, ListRefid }) => [OAId, ListRefid])).toEqual([
			[SHOP_OA, [sent[0].smsId, sent[1].smsId]],
			[OTHER_OA, ['other-1', 'other-2']],
		]);
		expect(outputs[0].map((item) => item.json.smsId)).toEqual([sent[0].smsId, 'other-1', sent[1].smsId, 'other-2']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});
});

describe('ZNS Message › look-ups of a message without an SMSID (e.g. a duplicate whose answer was lost)', () => {
	test.each([
		['getDeliveryReports', { oaId: locator(SHOP_OA) }],
		['getStatus', { znsType: '24' }],
	])('%s: that item gets status "unknown" with the reason; the others their own result; nothing fails', async (operation, extra) => {
		const sent = await sendSome(2);
		const items = [sent[0], { ...sent[1], smsId: null }, { smsId: '' }];
		const { outputs, error } = await run({ resource: 'znsMessage', operation, smsId: '={{ $json.smsId }}', ...extra }, items);
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.status)).toEqual(['failed', 'unknown', 'unknown']);
		// The Send's item without an SMS ID still says whose message it is; status first.
		expect(outputs[0][1].json).toEqual({ status: 'unknown', phone: sent[1].phone, smsId: null, requestId: sent[1].requestId, message: expect.stringContaining('No SMS ID to look up') });
		expect(outputs[0][2].json).toEqual({ status: 'unknown', smsId: null, message: expect.stringContaining('No SMS ID to look up') });
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('ZNS Message › Estimate Cost', () => {
	test('the price of one message per item', async () => {
		const { outputs } = await run(
			{ resource: 'znsMessage', operation: 'estimateCost', oaId: locator(SHOP_OA), templateId: locator(REMINDER_TEMPLATE), phone: '={{ $json.phone }}', paramsJson: '={{ [$json.name, $json.service, "24/12/2026"] }}' },
			makeCustomers(2),
		);
		expect(outputs[0].map((item) => item.json.totalPrice)).toEqual([300, 300]);
	});

	test('a bad phone is an error naming the item', async () => {
		const { outputs } = await run(
			{ resource: 'znsMessage', operation: 'estimateCost', oaId: locator(SHOP_OA), templateId: locator(REMINDER_TEMPLATE), phone: '123', paramsJson: '[]' },
			[{}],
			{ onError: 'continueRegularOutput' },
		);
		expect(outputs[0][0].json.error).toBe('Phone must be a Vietnamese mobile number (got "123")');
	});
});

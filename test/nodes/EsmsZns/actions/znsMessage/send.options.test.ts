import { makeCustomers } from '../../../../helpers/customers';
import { ORDER_TEMPLATE, locator, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();

function firstSendBody(sim: ReturnType<typeof simulator>) {
	return sim.sendRequests()[0].body as Record<string, unknown>;
}

describe('Send: options reach eSMS as documented', () => {
	test('sandbox: sent with Sandbox "1", nothing stored, items say sandbox', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(2), { options: { sandbox: true } });
		expect(firstSendBody(sim).Sandbox).toBe('1');
		expect(sim.messages()).toHaveLength(0);
		expect(outputs[0].map((item) => [item.json.status, item.json.sandbox])).toEqual([
			['accepted', true],
			['accepted', true],
		]);
	});

	test('Send At is sent in Vietnam time whatever the workflow timezone', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(1), { options: { sendAt: '2026-12-24T09:30:00' } }, {}, { timezone: 'Europe/Berlin' });
		expect(firstSendBody(sim).SendDate).toBe('2026-12-24 15:30:00');
	});

	test('Send At as an expression with an offset', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(1), { options: { sendAt: '={{ "2026-12-24T09:30:00-05:00" }}' } }, {}, { timezone: 'UTC' });
		expect(firstSendBody(sim).SendDate).toBe('2026-12-24 21:30:00');
	});

	test('campaign, callback URL and over-quota mode', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(1), {
			options: { campaign: 'Tet 2027', callbackUrl: 'https://example.test/hook/abc', sendingMode: '3' },
		});
		expect(firstSendBody(sim)).toMatchObject({
			campaignid: 'Tet 2027',
			CallbackUrl: 'https://example.test/hook/abc',
			SendingMode: '3',
		});
		expect(outputs[0][0].json.campaign).toBe('Tet 2027');
	});

	test.each([
		[{ sendingMode: '3', sendAt: '2026-12-24T09:30:00' }, /^Sending Mode "Over Daily Quota" cannot be scheduled: eSMS refuses it with code 801/],
		[{ campaign: 'c'.repeat(255) }, /^Campaign must be at most 254 characters \(has 255\) \(got "c{199}… \(257 characters\)\)$/],
		// Counted as eSMS counts them (an emoji is two), said in characters as people count them.
		[{ campaign: '😀'.repeat(127) }, null],
		[{ campaign: '😀'.repeat(200) }, /^Campaign must be at most 254 characters, an emoji or other symbol counting as two as eSMS counts them \(has 200 characters, 400 as eSMS counts them\)/],
		[{ callbackUrl: 'not a url' }, /^Callback URL must be an http\(s\) URL/],
		[{ sendAt: 'soon' }, /^Send At is not a date-time \(got "soon"\)$/],
		[{ sendAt: '1970-01-01T00:00:00' }, /^Send At must be between 2000-01-01 00:00:00 and 2100-12-31 23:59:59 Vietnam time \(it is 1970-01-01 /],
		[{ sendAt: '9999-12-31T23:59:59' }, /^Send At must be between 2000-01-01 00:00:00 and 2100-12-31 23:59:59 Vietnam time \(it is 9999-12-31 23:59:59\)/],
	])('%j is refused before sending, naming the item and the field', async (options, message) => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { options });
		if (message === null) {
			expect(error).toBeUndefined();
			return;
		}
		expect(error?.message).toMatch(message);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test('Include Input Fields copies the input item; a field the outcome replaces is kept as input…', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		const typed = `+84 ${customer.phone.slice(1)}`;
		const { outputs } = await runSend(sim, [{ ...customer, phone: typed, status: 'vip' }], { options: { includeInputFields: true } });
		expect(outputs[0][0].json).toMatchObject({
			name: customer.name,
			service: customer.service,
			status: 'accepted',
			inputStatus: 'vip',
			phone: customer.phone,
			inputPhone: typed,
		});
		expect(outputs[0][0].json).not.toHaveProperty('inputName');
	});

	test('Phone Format "as given" sends 84… untouched and still matches the reply', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, [{ ...makeCustomers(1)[0], phone: '84901888484' }], {
			options: { phoneFormat: 'asGiven' },
		});
		expect((firstSendBody(sim).Data as Array<{ Phone: string }>)[0].Phone).toBe('84901888484');
		expect(outputs[0][0].json).toMatchObject({ status: 'accepted', phone: '84901888484' });
	});

	test('a custom Request ID from an expression', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(2), { requestIdMode: 'custom', requestId: '=order-{{ $json.id }}' });
		expect(outputs[0].map((item) => item.json.requestId)).toEqual(['order-0', 'order-1']);
		expect(sim.messages().map((message) => message.requestId)).toEqual(['order-0', 'order-1']);
	});

	test('values as one JSON array expression', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		await runSend(sim, [customer], { paramsMode: 'json', paramsJson: '={{ [$json.name, $json.service, $json.date] }}' });
		expect((firstSendBody(sim).Data as Array<{ Params: string[] }>)[0].Params).toEqual([customer.name, customer.service, '01/12/2026']);
	});

	test('a JSON array expression that is not an array is an invalid item', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { paramsMode: 'json', paramsJson: '={{ $json.name }}' });
		expect(error?.message).toContain('Params (JSON Array) must be a JSON array of values');
	});
});

describe('Send: template fields mapped by name', () => {
	const orderFields = {
		mappingMode: 'defineBelow',
		value: {
			tracking_url: '={{ $json.url }}',
			amount: '={{ $json.total }}',
			customer_name: '={{ $json.name }}',
			order_date: '={{ $json.orderedAt }}',
			order_code: '={{ $json.code }}',
		},
		matchingColumns: [],
		schema: [],
	};
	const order = {
		name: 'Lê Chi',
		phone: '0931000014',
		code: 'DH-1001',
		total: '1.250.000',
		orderedAt: '2026-11-30T20:15:00Z',
		url: 'https://shop.example/track/DH-1001',
	};

	test('values go in the template order, a repeated variable once, types converted', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, [order], { templateId: locator(ORDER_TEMPLATE), paramsMode: 'fields', templateFields: orderFields });
		expect(outputs[0][0].json.status).toBe('accepted');
		expect((firstSendBody(sim).Data as Array<{ Params: string[] }>)[0].Params).toEqual([
			'Lê Chi',
			'DH-1001',
			'1250000',
			'01/12/2026',
			'https://shop.example/track/DH-1001',
		]);
	});

	test('auto-mapped input fields with the variable names', async () => {
		const sim = simulator();
		const item = { phone: order.phone, customer_name: 'An', service: 'Nha khoa', appointment_date: '24/12/2026' };
		await runSend(sim, [item], { paramsMode: 'fields', templateFields: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: [] } });
		expect((firstSendBody(sim).Data as Array<{ Params: string[] }>)[0].Params).toEqual(['An', 'Nha khoa', '24/12/2026']);
	});

	test.each([
		[{ total: '12.5' }, 'Template Fields › amount must be a whole number written with digits only'],
		[{ total: '1234567890123' }, 'Template Fields › amount must have at most 12 digits (has 13)'],
		[{ url: 'shop.example/track' }, 'Template Fields › tracking_url must be an http(s) URL'],
		[{ orderedAt: '31/02/2026' }, 'Template Fields › order_date must be a date'],
		[{ name: 'A'.repeat(31) }, 'Template Fields › customer_name must be at most 30 characters (has 31)'],
		[{ code: '' }, 'Template Fields › order_code is required but empty'],
	])('%j is an invalid item naming the field and its rule', async (change, message) => {
		const sim = simulator();
		const { outputs } = await runSend(
			sim,
			[{ ...order, ...change }],
			{ templateId: locator(ORDER_TEMPLATE), paramsMode: 'fields', templateFields: orderFields },
			{ onError: 'continueRegularOutput' },
		);
		expect(outputs[0][0].json.status).toBe('invalid');
		expect(outputs[0][0].json.message).toContain(message);
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test('the template details are fetched once per execution, not per item', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(50), { paramsMode: 'fields', templateFields: {
			mappingMode: 'defineBelow',
			value: { customer_name: '={{ $json.name }}', service: '={{ $json.service }}', appointment_date: '={{ $json.date }}' },
			matchingColumns: [],
			schema: [],
		} });
		expect(sim.requests.filter((request) => request.path.includes('GetZnsTemplateInfo'))).toHaveLength(1);
		expect(sim.messages()).toHaveLength(50);
	});
});

describe('Send: secrets', () => {
	test('no key in any output, error or console line', async () => {
		const sim = simulator();
		const lines: string[] = [];
		const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
			jest.spyOn(console, name).mockImplementation(capture),
		);
		const writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
			lines.push(String(chunk));
			return true;
		});
		try {
			sim.faults.add({ kind: 'result-code', code: '101', path: 'Send_zns_bulk_v4_post_json/', times: 1 });
			const failed = await runSend(sim, makeCustomers(2));
			sim.faults.add({ kind: 'http-error', status: 500, path: 'Send_zns_bulk_v4_post_json/' });
			const continued = await runSend(sim, makeCustomers(2), { options: { retries: 0 } }, { onError: 'continueErrorOutput' });
			const everything = JSON.stringify([failed.error, failed.run, continued.outputs, continued.run, lines]);
			expect(everything).not.toContain('sim-api-key');
			expect(everything).not.toContain('sim-secret-key');
		} finally {
			spies.forEach((spy) => spy.mockRestore());
			writeSpy.mockRestore();
		}
	});
});

import { makeCustomers } from '../../../../helpers/customers';
import { REMINDER_TEMPLATE, SHOP_OA, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();

function expectOnePairedItemPerInput(items: Array<{ pairedItem?: unknown }>, count: number) {
	expect(items).toHaveLength(count);
	items.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
}

describe('Send: batching', () => {
	test.each([
		[1, [1]],
		[499, [499]],
		[500, [500]],
		[501, [500, 1]],
		[1000, [500, 500]],
		[1234, [500, 500, 234]],
	])('%i recipients go out in batches of %j, each paired to its input', async (count, sizes) => {
		const sim = simulator();
		const customers = makeCustomers(count);
		const { outputs, error } = await runSend(sim, customers);
		expect(error).toBeUndefined();

		const requests = sim.sendRequests();
		expect(requests.map((request) => (request.body as { Data: unknown[] }).Data.length)).toEqual(sizes);
		const [main] = outputs;
		expectOnePairedItemPerInput(main, count);

		const messageByRequestId = new Map(sim.messages().map((message) => [message.requestId, message]));
		expect(messageByRequestId.size).toBe(count);
		main.forEach((item, index) => {
			const message = messageByRequestId.get(item.json.requestId as string);
			expect(item.json).toMatchObject({ status: 'accepted', codeResult: '100', phone: customers[index].phone });
			expect(message?.smsId).toBe(item.json.smsId);
			expect(message?.normalizedPhone).toBe(customers[index].phone);
		});
	});

	test('the exact body: keys from the credential, template fields, nothing else', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		await runSend(sim, [customer], {}, {}, { executionId: '777' });
		const [request] = sim.sendRequests();
		expect(request.headers).not.toHaveProperty('apikey');
		expect(request.query).toEqual({});
		expect(request.body).toEqual({
			ApiKey: 'sim-api-key',
			SecretKey: 'sim-secret-key',
			OAID: SHOP_OA,
			TempID: REMINDER_TEMPLATE,
			Data: [
				{
					Phone: customer.phone,
					RequestId: expect.stringMatching(/^zns-[0-9a-f]{32}$/),
					Params: [customer.name, customer.service, '01/12/2026'],
				},
			],
		});
		expect(JSON.stringify(request.headers)).not.toContain('sim-secret-key');
	});

	test('a phone repeated in the input never shares a batch, and everybody is answered', async () => {
		const sim = simulator();
		const customers = makeCustomers(6).map((customer, index) => ({
			...customer,
			phone: index % 2 === 0 ? '0901888484' : customer.phone,
		}));
		const { outputs } = await runSend(sim, customers, { options: { batchSize: 500 } });
		for (const request of sim.sendRequests()) {
			const phones = (request.body as { Data: Array<{ Phone: string }> }).Data.map((row) => row.Phone);
			expect(new Set(phones).size).toBe(phones.length);
		}
		expect(sim.sendRequests()).toHaveLength(3);
		expect(outputs[0].map((item) => item.json.status)).toEqual(Array(6).fill('accepted'));
		expect(new Set(outputs[0].map((item) => item.json.smsId)).size).toBe(6);
	});

	test('Batch Size is honoured', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(25), { options: { batchSize: 10 } });
		expect(sim.sendRequests().map((r) => (r.body as { Data: unknown[] }).Data.length)).toEqual([10, 10, 5]);
		expect(outputs[0].map((item) => item.json.batch)).toEqual([...Array(10).fill(1), ...Array(10).fill(2), ...Array(5).fill(3)]);
	});
});

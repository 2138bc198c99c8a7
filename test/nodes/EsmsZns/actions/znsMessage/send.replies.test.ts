import { makeCustomers } from '../../../../helpers/customers';
import { runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';

type Fault = Parameters<ReturnType<typeof simulator>['faults']['add']>[0];

async function sendTen(fault?: Fault, ...more: Fault[]) {
	const sim = simulator();
	for (const each of [fault, ...more]) if (each) sim.faults.add(each);
	const customers = makeCustomers(10);
	const { outputs, error } = await runSend(sim, customers);
	expect(error).toBeUndefined();
	const smsIdOf = new Map(sim.messages().map((message) => [message.requestId, message.smsId]));
	return { main: outputs[0], customers, smsIdOf };
}

describe('Send: matching eSMS reply rows to recipients', () => {
	test.each([
		['reversed rows', { kind: 'reorder-detail', order: 'reverse' }],
		['shuffled rows', { kind: 'reorder-detail', order: 'shuffle', seed: 7 }],
		['phones echoed as 84…', { kind: 'phones-as-84' }],
		['codes as numbers', { kind: 'numeric-codes' }],
	] as const)('%s: every recipient gets its own SMSID', async (_name, fault) => {
		const { main, customers, smsIdOf } = await sendTen({ ...fault, path: PATH });
		expect(main).toHaveLength(10);
		main.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.phone).toBe(customers[index].phone);
			expect(item.json.status).toBe('accepted');
			expect(item.json.codeResult).toBe('100');
			expect(item.json.smsId).toBe(smsIdOf.get(item.json.requestId as string));
		});
	});

	test('missing rows, the sent log unreadable: their recipients are unconfirmed, never accepted or dropped', async () => {
		const { main } = await sendTen({ kind: 'drop-detail', every: 3, path: PATH }, { kind: 'http-error', status: 500, path: 'GetSmsSentData_V2' });
		expect(main.map((item) => item.json.status)).toEqual([
			'accepted', 'accepted', 'unconfirmed', 'accepted', 'accepted', 'unconfirmed', 'accepted', 'accepted', 'unconfirmed', 'accepted',
		]);
		const unconfirmed = main[2].json;
		expect(unconfirmed.smsId).toBeNull();
		expect(unconfirmed.message).toContain(unconfirmed.requestId as string);
	});

	test("missing rows: eSMS's sent log gives each its own SMS ID (accepted, saying so)", async () => {
		const { main, smsIdOf } = await sendTen({ kind: 'drop-detail', every: 3, path: PATH });
		expect(main.every((item) => item.json.status === 'accepted')).toBe(true);
		main.forEach((item) => expect(item.json.smsId).toBe(smsIdOf.get(item.json.requestId as string)));
		expect(main[2].json.message).toMatch(/eSMS's sent log shows this message as SMS ID/);
	});

	test('a blocked phone (row code 99) is rejected with eSMS text; the others are accepted', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		customers[1].phone = '0900000099';
		const { outputs } = await runSend(sim, customers);
		expect(outputs[0].map((item) => [item.json.status, item.json.codeResult])).toEqual([
			['accepted', '100'],
			['rejected', '99'],
			['accepted', '100'],
		]);
		expect(typeof outputs[0][1].json.message).toBe('string');
		expect(outputs[0][1].json.error).toBeUndefined();
	});

	test('a repeated phone the simulator collapses into one row leaves the other unconfirmed', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'duplicate-phones', mode: 'collapse', path: PATH });
		const customers = makeCustomers(2);
		customers[1].phone = customers[0].phone;
		const { outputs } = await runSend(sim, customers);
		// The node never puts one phone twice in a batch, so both are matched.
		expect(sim.sendRequests()).toHaveLength(2);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
	});
});

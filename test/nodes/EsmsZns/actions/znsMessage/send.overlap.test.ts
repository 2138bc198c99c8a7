/**
 * Start sending sooner: in the Continue modes full batches leave while later items are still
 * read; without Continue, and whenever a pre-flight check could still stop the campaign, every
 * item is read first. Observed from inside: each item's phone is a getter that notes how many
 * requests eSMS had received when n8n read it.
 */
import type { IDataObject } from 'n8n-workflow';

import { READ_CHUNK } from '../../../../../nodes/EsmsZns/send/pipeline';
import { makeCustomers } from '../../../../helpers/customers';
import { SHOP_OA, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const COUNT = READ_CHUNK * 3 + 7;

/** Reading an item takes this long (a busy wait): long enough for a batch to reach eSMS meanwhile. */
const READ_MICROSECONDS = 60;

function busy(microseconds: number): void {
	const until = process.hrtime.bigint() + BigInt(microseconds * 1000);
	while (process.hrtime.bigint() < until);
}

const pricesAsked = (sim: ReturnType<typeof simulator>) =>
	sim.requests.filter((request) => request.path.includes('SummaryZaloMessage_V4_post_json')).length;

/** Customers whose phone, when read, records how many batches eSMS had received by then. */
function watchedCustomers(sim: ReturnType<typeof simulator>, count: number, change?: (row: IDataObject, index: number) => void) {
	const sentWhenRead: number[] = [];
	const pricedWhenRead: number[] = [];
	const customers = makeCustomers(count).map((customer, index) => {
		const row: IDataObject = { ...customer };
		change?.(row, index);
		const phone = row.phone;
		Object.defineProperty(row, 'phone', {
			enumerable: true,
			get: () => {
				busy(READ_MICROSECONDS);
				sentWhenRead[index] ??= sim.sendRequests().length;
				pricedWhenRead[index] ??= pricesAsked(sim);
				return phone;
			},
		});
		return row;
	});
	return { customers, sentWhenRead, pricedWhenRead };
}

function statuses(items: Array<{ json: IDataObject }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) {
		const status = String(item.json.status ?? (item.json.error as IDataObject | undefined)?.status);
		counts[status] = (counts[status] ?? 0) + 1;
	}
	return counts;
}

describe('Send: batches leave while later items are read (Continue modes)', () => {
	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: eSMS has batches before the last item is read; every recipient once, every item paired',
		async (onError) => {
			const sim = simulator();
			const { customers, sentWhenRead } = watchedCustomers(sim, COUNT);
			const { outputs, error } = await runSend(sim, customers, {}, { onError });
			expect(error).toBeUndefined();
			expect(sentWhenRead[0]).toBe(0);
			expect(sentWhenRead[COUNT - 1]).toBeGreaterThan(0);
			const main = outputs[0];
			expect(main).toHaveLength(COUNT);
			main.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json.phone).toBe(customers[index].phone);
			});
			expect(statuses(main)).toEqual({ accepted: COUNT });
			const ids = sim.messages().map((message) => message.requestId);
			expect(new Set(ids).size).toBe(COUNT);
			expect(ids).toHaveLength(COUNT);
		},
	);

	test('invalid items and repeats across the read parts are reported as when read whole', async () => {
		const sim = simulator();
		const repeatOf = (index: number) => index - READ_CHUNK - 1;
		const { customers, sentWhenRead } = watchedCustomers(sim, COUNT, (row, index) => {
			if (index === 5 || index === COUNT - 2) row.phone = '12345';
			if (index > READ_CHUNK + 10 && index % 1000 === 0) Object.assign(row, makeCustomers(1, repeatOf(index))[0]);
		});
		const { outputs, error } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		expect(sentWhenRead[COUNT - 1]).toBeGreaterThan(0);
		const main = outputs[0];
		expect(main[5].json).toMatchObject({ status: 'invalid', field: 'Phone' });
		expect(main[COUNT - 2].json).toMatchObject({ status: 'invalid', field: 'Phone' });
		const repeats = main.map((item, index) => ({ item, index })).filter(({ index }) => index > READ_CHUNK + 10 && index % 1000 === 0);
		expect(repeats.length).toBeGreaterThan(0);
		for (const { item, index } of repeats) {
			expect(item.json.status).toBe('duplicate');
			expect(item.json.smsId).toBe(main[repeatOf(index)].json.smsId);
		}
		expect(sim.messages()).toHaveLength(COUNT - 2 - repeats.length);
	});

	test('a fatal answer mid-way: later batches are skipped, never sent, still one item each', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'result-code', code: '101', path: 'Send_zns_bulk_v4_post_json/', after: 3 });
		const { customers } = watchedCustomers(sim, COUNT);
		const { outputs, error } = await runSend(sim, customers, { options: { requestsInFlight: 1 } }, { onError: 'continueRegularOutput' });
		expect(error).toBeUndefined();
		const counts = statuses(outputs[0]);
		expect(outputs[0]).toHaveLength(COUNT);
		expect(counts.accepted).toBe(sim.messages().length);
		expect(counts.accepted).toBe(1500);
		expect(counts.failed).toBe(500);
		expect(counts.skipped).toBe(COUNT - 2000);
	});
});

describe('Send: an item whose expression n8n cannot evaluate', () => {
	// For one item the phone expression names a node that does not exist.
	const parameters = { phone: "={{ $json.contact.elsewhere ? $('No Such Node').item.json.phone : $json.contact.mobile }}" };
	const broken = COUNT - 3;
	const customersWithOneBroken = (sim: ReturnType<typeof simulator>) =>
		watchedCustomers(sim, COUNT, (row, index) => {
			row.contact = { mobile: row.phone, elsewhere: index === broken };
		});

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s (sending while reading): only that item is invalid, naming the field and n8n\'s reason',
		async (onError) => {
			const sim = simulator();
			const { customers } = customersWithOneBroken(sim);
			const { outputs, error } = await runSend(sim, customers, parameters, { onError });
			expect(error).toBeUndefined();
			const all = [...outputs[0], ...(outputs[1] ?? [])];
			expect(all).toHaveLength(COUNT);
			expect(statuses(all)).toEqual({ accepted: COUNT - 1, invalid: 1 });
			const bad = all.find((item) => (item.pairedItem as { item: number }).item === broken)!;
			const outcome = (onError === 'continueErrorOutput' ? bad.json.error : bad.json) as IDataObject;
			expect(outcome).toMatchObject({ status: 'invalid', field: 'Phone' });
			expect(String(bad.json.message)).toMatch(/^Phone could not be evaluated: Referenced node doesn't exist/);
			expect(sim.messages()).toHaveLength(COUNT - 1);
		},
	);

	test("without Continue: n8n's error stops the node and nothing is sent", async () => {
		const sim = simulator();
		const { customers } = customersWithOneBroken(sim);
		const { error } = await runSend(sim, customers, parameters);
		expect(error?.message).toMatch(/Referenced node doesn't exist/);
		expect(sim.sendRequests()).toHaveLength(0);
	});
});

describe('Send: every item is read first where an item or a check could still stop the node', () => {
	test('without Continue: nothing reaches eSMS before the last item is read, but the price is asked meanwhile', async () => {
		const sim = simulator();
		const { customers, sentWhenRead, pricedWhenRead } = watchedCustomers(sim, COUNT);
		const { error } = await runSend(sim, customers);
		expect(error).toBeUndefined();
		expect(sentWhenRead[COUNT - 1]).toBe(0);
		expect(pricedWhenRead[0]).toBe(0);
		expect(pricedWhenRead[COUNT - 1]).toBe(1);
		expect(pricesAsked(sim)).toBe(1);
		expect(sim.messages()).toHaveLength(COUNT);
	});

	test('without Continue: an invalid last item stops the node before anything is sent', async () => {
		const sim = simulator();
		const { customers } = watchedCustomers(sim, COUNT, (row, index) => {
			if (index === COUNT - 1) row.phone = 'not a phone';
		});
		const { error } = await runSend(sim, customers);
		expect(error?.message).toMatch(/^Phone must be a Vietnamese mobile number/);
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test('Continue, but the daily quota is below the item count: read whole, then the check stops it', async () => {
		const sim = simulator();
		sim.oa(SHOP_OA)!.dailyQuota = COUNT - 1;
		const { customers, sentWhenRead } = watchedCustomers(sim, COUNT);
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(sentWhenRead[COUNT - 1]).toBe(0);
		expect(sim.sendRequests()).toHaveLength(0);
		expect(statuses(outputs[0])).toEqual({ failed: COUNT });
	});

	test('Continue, and the balance covers fewer than the items: read whole, then the check stops it', async () => {
		const sim = simulator();
		sim.account('sim-api-key')!.balance = 300 * (COUNT - 1);
		const { customers, sentWhenRead } = watchedCustomers(sim, COUNT);
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueErrorOutput' });
		expect(sentWhenRead[COUNT - 1]).toBe(0);
		expect(sim.sendRequests()).toHaveLength(0);
		expect(outputs[0]).toHaveLength(0);
		expect(statuses(outputs[1])).toEqual({ failed: COUNT });
	});
});

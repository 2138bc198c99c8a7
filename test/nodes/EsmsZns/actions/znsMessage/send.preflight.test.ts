/** Pre-flight checks: the OA's daily quota and the balance, known before the first message goes out. */
import { makeCustomers } from '../../../../helpers/customers';
import { SHOP_OA, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const PRICE = 300;

function setQuota(sim: ReturnType<typeof simulator>, remaining: number) {
	sim.oa(SHOP_OA)!.dailyQuota = remaining;
}

describe('Send: daily quota', () => {
	test('short by one, Stop Before Sending (default): nothing sent, both numbers in the error', async () => {
		const sim = simulator();
		setQuota(sim, 9);
		const { error } = await runSend(sim, makeCustomers(10));
		expect(sim.sendRequests()).toHaveLength(0);
		expect(error?.message).toBe("The Zalo OA's daily quota has 9 messages left, but 10 recipients are to be sent");
		expect((error as unknown as { description: string }).description).toMatch(/^Nothing was sent\. Change or turn off the check/);
	});

	test('exactly enough: everyone is sent', async () => {
		const sim = simulator();
		setQuota(sim, 10);
		const { outputs, error } = await runSend(sim, makeCustomers(10));
		expect(error).toBeUndefined();
		expect(outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
	});

	test('Send Up to the Quota: the first in input order are sent, the rest skipped with the numbers', async () => {
		const sim = simulator();
		setQuota(sim, 3);
		const { outputs } = await runSend(sim, makeCustomers(5), { preflight: { quota: 'upToQuota' } }, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'accepted', 'skipped', 'skipped']);
		expect(outputs[0][4].json.message).toBe(
			"Not sent: over the Zalo OA's daily quota (The Zalo OA's daily quota has 3 messages left, but 5 recipients are to be sent; the first 3 in input order were sent)",
		);
		expect(sim.messages()).toHaveLength(3);
	});

	test("Don't Check: the node sends everyone (eSMS decides)", async () => {
		const sim = simulator();
		setQuota(sim, 3);
		const { outputs } = await runSend(sim, makeCustomers(5), { preflight: { quota: 'off' } });
		expect(outputs[0]).toHaveLength(5);
		expect(sim.requests.some((request) => /getquota/i.test(request.path))).toBe(false);
	});

	test('Sending Mode "Over Daily Quota" skips the quota check', async () => {
		const sim = simulator();
		setQuota(sim, 1);
		const { outputs, error } = await runSend(sim, makeCustomers(3), { options: { sendingMode: '3' } });
		expect(error).toBeUndefined();
		expect(outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect(sim.requests.some((request) => /getquota/i.test(request.path))).toBe(false);
	});

	test('with Continue, a stop before sending fails every valid recipient with the reason; invalid stay invalid', async () => {
		const sim = simulator();
		setQuota(sim, 1);
		const customers = makeCustomers(3);
		customers[1].phone = '123';
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueErrorOutput' });
		expect(outputs[0]).toEqual([]);
		expect(outputs[1].map((item) => (item.json.error as { status: string }).status)).toEqual(['failed', 'invalid', 'failed']);
		expect(outputs[1][0].json.message).toContain('daily quota has 1 message left, but 2 recipients');
		expect(sim.sendRequests()).toHaveLength(0);
	});
});

describe('Send: balance and cost', () => {
	test('balance short: nothing sent, both figures in the error', async () => {
		const sim = simulator();
		sim.account('sim-api-key')!.balance = PRICE * 10 - 1;
		const { error } = await runSend(sim, makeCustomers(10));
		expect(sim.sendRequests()).toHaveLength(0);
		expect(error?.message).toBe('The eSMS balance is 2999 VND, but 10 messages at 300 VND cost an estimated 3000 VND');
	});

	test('balance exactly enough: sent', async () => {
		const sim = simulator();
		sim.account('sim-api-key')!.balance = PRICE * 10;
		const { error } = await runSend(sim, makeCustomers(10));
		expect(error).toBeUndefined();
		expect(sim.messages()).toHaveLength(10);
	});

	test('the price is asked for one recipient only', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(700));
		expect(sim.requests.filter((request) => /summaryzalomessage/i.test(request.path))).toHaveLength(1);
		expect(sim.requests.filter((request) => /getbalance/i.test(request.path))).toHaveLength(1);
	});
});

describe('Send: pre-flight look-ups cost little time', () => {
	test('the price is remembered for the next runs (a loop, a campaign run again)', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(3));
		await runSend(sim, makeCustomers(3, 3));
		expect(sim.requests.filter((request) => /summaryzalomessage/i.test(request.path))).toHaveLength(1);
		expect(sim.requests.filter((request) => /getbalance/i.test(request.path))).toHaveLength(2);
	});

	test('quota, balance and price are asked together with the template, before the items are read', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'latency', ms: 300 });
		await runSend(sim, makeCustomers(2), { options: { batchSize: 1 } });
		const lookups = sim.requests.filter((request) => /getquota|getbalance|getznstemplateinfo|summaryzalomessage/i.test(request.path));
		// The first item as given (its date in ISO form) is a sample eSMS takes: one price request.
		expect(lookups).toHaveLength(4);
		// Four look-ups at 300 ms each, in parallel: they arrive within a few ms of each other.
		const arrivals = lookups.map((request) => request.receivedAt);
		expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(250);
	});
});

describe('Send: a look-up that fails', () => {
	test('a first item that cannot be a price sample (its phone): the price is asked with the first valid recipient', async () => {
		const sim = simulator();
		const customers = makeCustomers(3).map((customer, index) => (index === 0 ? { ...customer, phone: '0901' } : customer));
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['invalid', 'accepted', 'accepted']);
		const asked = sim.requests.filter((request) => /summaryzalomessage/i.test(request.path));
		expect(asked.map((request) => (request.body as { Phone: string }).Phone)).toEqual([customers[1].phone]);
	});

	test('a first item eSMS refuses as a price sample (a value too long): asked again with the first valid recipient', async () => {
		const sim = simulator();
		const customers = makeCustomers(3).map((customer, index) => (index === 0 ? { ...customer, name: 'x'.repeat(300) } : customer));
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['invalid', 'accepted', 'accepted']);
		const asked = sim.requests.filter((request) => /summaryzalomessage/i.test(request.path));
		expect(asked.map((request) => (request.body as { Phone: string }).Phone)).toEqual([customers[0].phone, customers[1].phone]);
	});

	test('Stop Before Sending (default): says which check could not run; nothing sent', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'http-error', status: 500, path: 'ZNS/GetQuota/' });
		const { error } = await runSend(sim, makeCustomers(2), { options: { retries: 0 } });
		expect(error?.message).toBe("Pre-flight check failed: could not read the Zalo OA's daily quota: eSMS answered HTTP 500 (internal server error)");
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test('Send Without That Check: sends, and every item says which check was skipped', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'http-error', status: 500, path: 'GetBalance_json' });
		const { outputs, error } = await runSend(sim, makeCustomers(2), { options: { retries: 0 }, preflight: { onLookupFailure: 'continue' } });
		expect(error).toBeUndefined();
		expect(outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect((outputs[0][0].json.estimate as { notes: string[] }).notes).toEqual(['not checked: could not read the eSMS balance: eSMS answered HTTP 500 (internal server error)']);
	});
});

describe('Send: Estimate Only', () => {
	test('a repeated item (same phone, same values) is counted as not sent again: the counts add up to the recipients', async () => {
		const sim = simulator();
		setQuota(sim, 1000);
		sim.account('sim-api-key')!.balance = 1_000_000;
		const customers = makeCustomers(3);
		const { outputs } = await runSend(sim, [...customers, customers[1]], { preflight: { estimateOnly: true } });
		expect(sim.sendRequests()).toHaveLength(0);
		expect(outputs[0]).toHaveLength(4);
		expect(outputs[0][0].json.estimate).toMatchObject({ recipients: 4, invalid: 0, alreadySent: 1, toSend: 3, overQuota: 0 });
	});

	test('sends nothing; every item would_send or invalid; totals for a following node', async () => {
		const sim = simulator();
		setQuota(sim, 1000);
		sim.account('sim-api-key')!.balance = 1_000_000;
		const customers = makeCustomers(1200);
		customers[7].phone = 'nope';
		const { outputs } = await runSend(sim, customers, { preflight: { estimateOnly: true } }, { onError: 'continueErrorOutput' });
		expect(sim.sendRequests()).toHaveLength(0);
		expect(outputs[0]).toHaveLength(1199);
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[0].every((item) => item.json.status === 'would_send')).toBe(true);
		expect(outputs[0][0].json.estimate).toEqual({
			recipients: 1200,
			invalid: 1,
			alreadySent: 0,
			toSend: 1199,
			overQuota: 0,
			batches: 3,
			remainingQuota: 1000,
			quotaLeftAfter: -199,
			withinQuota: false,
			pricePerMessage: PRICE,
			estimatedCost: 1199 * PRICE,
			balance: 1_000_000,
			balanceLeftAfter: 1_000_000 - 1199 * PRICE,
			withinBalance: true,
			currency: 'VND',
			notes: [],
		});
	});

	test('with Send Up to the Quota: the estimate says who would be skipped', async () => {
		const sim = simulator();
		setQuota(sim, 2);
		const { outputs } = await runSend(sim, makeCustomers(3), { preflight: { estimateOnly: true, quota: 'upToQuota' } }, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['would_send', 'would_send', 'skipped']);
		expect(outputs[0][0].json.estimate).toMatchObject({ toSend: 2, overQuota: 1, withinQuota: true, quotaLeftAfter: 0 });
		expect(sim.sendRequests()).toHaveLength(0);
	});
});

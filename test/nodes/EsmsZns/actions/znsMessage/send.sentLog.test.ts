/**
 * eSMS's sent log as the record (issue 22): Skip Already Sent past eSMS's Request ID window and
 * this process's memory, and SMS IDs that a lost answer would leave empty. Real HTTP to the
 * simulator, whose clock is moved as days pass; forgetAll() is another n8n process or worker.
 */
import { makeCustomers } from '../../../../helpers/customers';
import { runSend, SHOP_OA, useSimulator } from '../../../../helpers/send';
import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { startSimulator, type EsmsSimulator } from '../../../../../simulator/index';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';
const SENT_LOG = 'GetSmsSentData_V2';
const HOUR = 60 * 60 * 1000;

type Sim = ReturnType<typeof simulator>;

function messagesPerPhone(sim: EsmsSimulator, phones: string[]): number[] {
	return phones.map((phone) => sim.messagesTo(phone).length);
}

function statuses(items: Array<{ json: Record<string, unknown> }>): unknown[] {
	return items.map((item) => item.json.status);
}

const logRequests = (sim: EsmsSimulator) => sim.requests.filter((request) => request.path.includes(SENT_LOG)).length;

describe('Skip Already Sent: a campaign larger than the daily quota, sent over two days', () => {
	test('day 2 (eSMS has forgotten the Request IDs, another worker): yesterday\'s recipients are skipped with SMS ID and date; each customer gets one message', async () => {
		const sim = simulator();
		const customers = makeCustomers(10);
		const phones = customers.map((customer) => customer.phone);
		const campaign = { options: { campaign: 'tet-2027' }, preflight: { quota: 'upToQuota' } };
		// Every message is delivered (a failed one would be sent again: see "only the campaign counts").
		for (const phone of phones) sim.setDeliveryOutcome(phone, { status: 'delivered' });
		sim.oa(SHOP_OA)!.dailyQuota = 6;
		const day1 = await runSend(sim, customers, campaign, { onError: 'continueRegularOutput' }, { executionId: 'day-1' });
		expect(statuses(day1.outputs[0])).toEqual([...Array(6).fill('accepted'), ...Array(4).fill('skipped')]);

		sim.advanceClock(25 * HOUR); // eSMS's Request ID memory has expired, the quota is new
		forgetAll(); // another worker, or n8n restarted
		const day2 = await runSend(sim, customers, campaign, { onError: 'continueRegularOutput' }, { executionId: 'day-2' });
		expect(statuses(day2.outputs[0])).toEqual([...Array(6).fill('duplicate'), ...Array(4).fill('accepted')]);
		expect(messagesPerPhone(sim, phones)).toEqual(Array(10).fill(1));
		day2.outputs[0].slice(0, 6).forEach((item, index) => {
			expect(item.json.smsId).toBe(day1.outputs[0][index].json.smsId);
			expect(item.json.message).toMatch(/^Not sent again: eSMS's sent log shows campaign "tet-2027" reached this phone on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Vietnam time\) as SMS ID /);
		});
	});

	test('the same two days with the check off: yesterday\'s recipients are sent again (what the check prevents)', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		sim.oa(SHOP_OA)!.dailyQuota = 2;
		const off = { options: { campaign: 'tet-2027' }, preflight: { quota: 'upToQuota', alreadySent: 'off' } };
		await runSend(sim, customers, off, { onError: 'continueRegularOutput' }, { executionId: 'day-1' });
		sim.advanceClock(25 * HOUR);
		forgetAll();
		sim.oa(SHOP_OA)!.dailyQuota = 10;
		await runSend(sim, customers, off, { onError: 'continueRegularOutput' }, { executionId: 'day-2' });
		expect(messagesPerPhone(sim, customers.map((customer) => customer.phone))).toEqual([2, 2, 1, 1]);
		expect(logRequests(sim)).toBe(0);
	});

	test('Estimate Only shows who is already sent, with the number in the estimate', async () => {
		const sim = simulator();
		const customers = makeCustomers(5);
		await runSend(sim, customers.slice(0, 2), { options: { campaign: 'c1' } }, {}, { executionId: 'e1' });
		sim.advanceClock(25 * HOUR);
		forgetAll();
		const { outputs } = await runSend(sim, customers, { options: { campaign: 'c1' }, preflight: { estimateOnly: true } });
		expect(statuses(outputs[0])).toEqual(['duplicate', 'duplicate', 'would_send', 'would_send', 'would_send']);
		expect(outputs[0][0].json.estimate).toMatchObject({ recipients: 5, alreadySent: 2, toSend: 3 });
		expect(sim.messages()).toHaveLength(2);
	});

	test('only the campaign counts: another campaign and a failed delivery do not', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		sim.setDeliveryOutcome(customers[2].phone, { status: 'failed', errorCode: -118, errorMessage: 'Zalo account does not exist' });
		await runSend(sim, customers.slice(0, 1), { options: { campaign: 'other' } }, {}, { executionId: 'a' });
		await runSend(sim, customers.slice(1, 3), { options: { campaign: 'c2' } }, {}, { executionId: 'b' });
		sim.advanceClock(25 * HOUR);
		forgetAll();
		const { outputs } = await runSend(sim, customers, { options: { campaign: 'c2' } }, {}, { executionId: 'c' });
		// Item 0 got another campaign, item 1 this one, item 2's message to this campaign failed.
		expect(statuses(outputs[0])).toEqual(['accepted', 'duplicate', 'accepted']);
		expect(messagesPerPhone(sim, customers.map((customer) => customer.phone))).toEqual([2, 1, 2]);
	});

	test('no Campaign: the sent log is not read (nothing to compare with)', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(2));
		expect(logRequests(sim)).toBe(0);
	});

	test('the sent log cannot be read: Stop sends nothing and says why; "Send Without That Check" sends and notes it', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'http-error', status: 500, path: SENT_LOG });
		const stopped = await runSend(sim, makeCustomers(2), { options: { campaign: 'c3' }, preflight: { quota: 'off' } });
		expect(stopped.error?.message).toMatch(/^Pre-flight check failed: could not read eSMS's sent log of the last 7 days/);
		expect(sim.messages()).toHaveLength(0);
		const sent = await runSend(sim, makeCustomers(2), { options: { campaign: 'c3' }, preflight: { onLookupFailure: 'continue', quota: 'off' } });
		expect(statuses(sent.outputs[0])).toEqual(['accepted', 'accepted']);
		expect((sent.outputs[0][0].json.estimate as { notes: string[] }).notes.join(' ')).toMatch(/not checked: could not read eSMS's sent log/);
	});

	test('Look Back (Days): a message older than the look-back does not count', async () => {
		const sim = simulator();
		const customers = makeCustomers(1);
		// Sent 3 days ago (the simulator's clock runs 3 days behind the node's).
		const behind = await startSimulator({ now: () => Date.now() - 72 * HOUR });
		try {
			await runSend(behind, customers, { options: { campaign: 'c4' } }, {}, { executionId: 'x' });
			behind.advanceClock(25 * HOUR); // eSMS no longer refuses the Request ID: only the sent log can tell
			forgetAll();
			const short = await runSend(behind, customers, { options: { campaign: 'c4' }, preflight: { lookBackDays: 2 } }, {}, { executionId: 'y' });
			expect(short.outputs[0][0].json.status).toBe('accepted');
			forgetAll();
			const long = await runSend(behind, customers, { options: { campaign: 'c4' }, preflight: { lookBackDays: 4 } }, {}, { executionId: 'z' });
			expect(long.outputs[0][0].json.status).toBe('duplicate');
		} finally {
			await behind.stop();
		}
		expect(sim.messages()).toHaveLength(0);
	});
});

/** The latest 23:50 in Vietnam at least two hours ago (so that 00:10 after it has passed too). */
function lastVietnamTenToMidnight(): number {
	const vietnamNow = Date.now() + 7 * HOUR - 2 * HOUR;
	const day = new Date(vietnamNow);
	const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 50) - 7 * HOUR;
	return at > Date.now() - 2 * HOUR ? at - 24 * HOUR : at;
}

describe('a run that fails at 23:50 is retried at 00:10 on another worker', () => {
	let sim: EsmsSimulator;
	const base = lastVietnamTenToMidnight();
	beforeAll(async () => {
		// eSMS's Vietnamese page: the Request ID is refused "trong ngày" (within the day).
		sim = await startSimulator({ now: () => base, settings: { requestIdWindow: 'calendarDay' } });
	});
	beforeEach(() => {
		sim.reset();
		forgetAll();
	});
	afterAll(async () => await sim.stop());

	const failAtBatch2 = (s: Sim) => s.faults.add({ kind: 'result-code', code: '103', path: PATH, after: 1 });

	test.each([
		['with a Campaign (Skip Already Sent)', { options: { campaign: 'night' } }, [1, 1, 1, 1]],
		['without a Campaign: eSMS sends the accepted ones again (the limit the README states)', {}, [2, 2, 1, 1]],
	] as const)('%s', async (_name, parameters, perPhone) => {
		const customers = makeCustomers(4);
		failAtBatch2(sim);
		const first = await runSend(sim, customers, { ...parameters, options: { ...(parameters as { options?: object }).options, batchSize: 2 }, preflight: { balance: 'off' } }, {}, { executionId: 'night-1' });
		expect(first.error?.message).toMatch(/^Batch 2 of 2 failed/);
		expect(sim.messages()).toHaveLength(2);
		sim.advanceClock(20 * 60 * 1000); // 00:10: a new day in Vietnam
		sim.faults.clear();
		forgetAll();
		const retry = await runSend(sim, customers, { ...parameters, options: { ...(parameters as { options?: object }).options, batchSize: 2 }, preflight: { balance: 'off' } }, {}, { executionId: 'night-2' });
		expect(retry.error).toBeUndefined();
		expect(messagesPerPhone(sim, customers.map((customer) => customer.phone))).toEqual(perPhone);
	});
});

describe('No lost SMS ID: the answer lost, the process memory gone', () => {
	test('the retry on another worker is refused with 124; each duplicate gets its SMS ID from the sent log, saying so', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		sim.faults.add({ kind: 'http-error', status: 500, path: SENT_LOG }); // this worker cannot read the log either
		const first = await runSend(sim, customers, { options: { retries: 0 } }, { onError: 'continueRegularOutput' }, { executionId: 'lost' });
		expect(statuses(first.outputs[0])).toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed']);
		sim.faults.clear();
		forgetAll();
		const retry = await runSend(sim, customers, {}, {}, { executionId: 'retry' });
		expect(statuses(retry.outputs[0])).toEqual(['duplicate', 'duplicate', 'duplicate']);
		customers.forEach((customer, index) => {
			expect(retry.outputs[0][index].json.smsId).toBe(sim.messagesTo(customer.phone)[0].smsId);
			expect(retry.outputs[0][index].json.message).toContain("from eSMS's sent log");
		});
		expect(messagesPerPhone(sim, customers.map((customer) => customer.phone))).toEqual([1, 1, 1]);
	});

	test.each(['rendered', 'empty'] as const)('ZNS rows whose Content is %s: the SMS ID is found either way', async (content) => {
		const sim = simulator();
		sim.settings.sentLogZnsContent = content;
		const customers = makeCustomers(2);
		await runSend(sim, customers, {}, {}, { executionId: 'one' });
		forgetAll();
		const again = await runSend(sim, customers, {}, {}, { executionId: 'two' });
		again.outputs[0].forEach((item, index) => expect(item.json.smsId).toBe(sim.messagesTo(customers[index].phone)[0].smsId));
	});

	test('two messages to the phone could be it (another template, no campaign, no text logged): no SMS ID, and why', async () => {
		const sim = simulator();
		sim.settings.sentLogZnsContent = 'empty';
		const [customer] = makeCustomers(1);
		await runSend(sim, [customer], {}, {}, { executionId: 'one' });
		await runSend(sim, [{ ...customer, name: `${customer.name} (2)` }], {}, {}, { executionId: 'two' });
		forgetAll();
		const again = await runSend(sim, [customer], {}, {}, { executionId: 'three' });
		expect(again.outputs[0][0].json).toMatchObject({ status: 'duplicate', smsId: null });
		expect(again.outputs[0][0].json.message).toContain("No SMS ID: eSMS's sent log shows 2 messages to this phone without a campaign in that time that could be it");
	});

	test('the same case with the text logged: the right one is told apart by its values', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		await runSend(sim, [customer], {}, {}, { executionId: 'one' });
		await runSend(sim, [{ ...customer, name: `${customer.name} (2)` }], {}, {}, { executionId: 'two' });
		forgetAll();
		const again = await runSend(sim, [{ ...customer, name: `${customer.name} (2)` }], {}, {}, { executionId: 'three' });
		expect(again.outputs[0][0].json.smsId).toBe(sim.messagesTo(customer.phone)[1].smsId);
	});
});

describe('run again right after a send (issue 23, findings 5 and 6)', () => {
	const hintsOf = (run: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } }) =>
		(run.data.resultData.runData['eSMS ZNS']?.at(-1)?.hints ?? []).map((hint) => hint.message);

	test('Estimate Only after the send: every item duplicate, and the price, cost, balance and a note are still given', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		await runSend(sim, customers, {}, {}, { executionId: 'sent' });
		const { outputs } = await runSend(sim, customers, { preflight: { estimateOnly: true } }, {}, { executionId: 'estimate' });
		expect(statuses(outputs[0])).toEqual(['duplicate', 'duplicate', 'duplicate']);
		const estimate = outputs[0][0].json.estimate as Record<string, unknown>;
		expect(estimate).toMatchObject({ recipients: 3, alreadySent: 3, toSend: 0, estimatedCost: 0, withinBalance: true });
		expect(typeof estimate.pricePerMessage).toBe('number');
		expect(typeof estimate.balance).toBe('number');
		expect((estimate.notes as string[]).join(' ')).toMatch(/^nothing to send: every recipient is invalid, over the quota or sent before/);
	});

	test('a second Execute step: nothing sent, and a hint above the output says why and how to send on purpose', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		const first = await runSend(sim, customers, {}, {}, { executionId: 'one' });
		expect(hintsOf(first.run as never)).toEqual([]);
		const again = await runSend(sim, customers, {}, {}, { executionId: 'two' });
		expect(statuses(again.outputs[0])).toEqual(['duplicate', 'duplicate']);
		const [hint] = hintsOf(again.run as never);
		expect(hint).toMatch(/^All 2 recipients already got this message, so they were not sent again \(status "duplicate"; each item's message says when\)\. To try a template again, turn on Options › Sandbox/);
	});
});

describe('what the sent log costs at 10,000 recipients (the README states these numbers)', () => {
	test('Skip Already Sent the next day: 21 look-ups; SMS IDs for 10,000 duplicates within the day: 21 look-ups', async () => {
		const sim = simulator();
		const customers = makeCustomers(10_000);
		const campaign = { options: { campaign: 'ten-thousand' }, preflight: { balance: 'off', quota: 'off' } };
		for (const customer of customers) sim.setDeliveryOutcome(customer.phone, { status: 'delivered' });
		await runSend(sim, customers, campaign, {}, { executionId: 'day-1' });
		expect(sim.messages()).toHaveLength(10_000);

		// Within eSMS's window, memory gone, the check off: 10,000 refused with 124, each SMS ID from the log.
		forgetAll();
		sim.clearRequests();
		const refused = await runSend(sim, customers, { ...campaign, preflight: { ...campaign.preflight, alreadySent: 'off' } }, {}, { executionId: 'again' });
		expect(refused.outputs[0].filter((item) => item.json.status === 'duplicate' && item.json.smsId)).toHaveLength(10_000);
		expect(logRequests(sim)).toBe(21);

		// The next day: the check reads the week's log once, before the first message.
		sim.advanceClock(25 * HOUR);
		forgetAll();
		sim.clearRequests();
		const day2 = await runSend(sim, customers, campaign, {}, { executionId: 'day-2' });
		expect(day2.outputs[0].every((item) => item.json.status === 'duplicate')).toBe(true);
		expect(logRequests(sim)).toBe(21);
		expect(sim.sendRequests()).toHaveLength(0);
	}, 120_000);
});

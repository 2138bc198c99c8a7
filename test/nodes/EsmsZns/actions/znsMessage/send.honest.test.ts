/**
 * Per-item options and honest outcomes: what a careful user and a misbehaving gateway found (each
 * test names the finding it covers). Every status must tell the truth about eSMS: "not sent" only
 * when eSMS cannot have the message.
 */
import { makeCustomers } from '../../../../helpers/customers';
import { runSend, useSimulator } from '../../../../helpers/send';
import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';
const SENT_LOG = 'GetSmsSentData_V2';

type Sim = ReturnType<typeof simulator>;

function statuses(items: Array<{ json: Record<string, unknown> }>): unknown[] {
	return items.map((item) => item.json.status ?? (item.json.error as Record<string, unknown> | undefined)?.status);
}

describe('1. request options per item', () => {
	test('Send At per item: each request carries its own SendDate; the output says which applied', async () => {
		const sim = simulator();
		const customers = makeCustomers(4).map((customer, index) => ({ ...customer, when: `2027-01-0${1 + (index % 3)}T09:00:00` }));
		const { outputs, error } = await runSend(sim, customers, { options: { sendAt: '={{ $json.when }}' } });
		expect(error).toBeUndefined();
		const sendDates = sim.sendRequests().map((request) => (request.body as Record<string, unknown>).SendDate).sort();
		expect(sendDates).toEqual(['2027-01-01 09:00:00', '2027-01-02 09:00:00', '2027-01-03 09:00:00']);
		expect(outputs[0].map((item) => item.json.sendAt)).toEqual([
			'2027-01-01 09:00:00',
			'2027-01-02 09:00:00',
			'2027-01-03 09:00:00',
			'2027-01-01 09:00:00',
		]);
		expect(statuses(outputs[0])).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
		const stored = new Map(sim.messages().map((message) => [message.phone, message.sendDate]));
		customers.forEach((customer, index) => expect(stored.get(customer.phone)).toBe(outputs[0][index].json.sendAt));
	});

	test('Campaign and Callback URL per item; Sandbox per item', async () => {
		const sim = simulator();
		const customers = makeCustomers(3).map((customer, index) => ({ ...customer, campaign: `c${index % 2}`, test: index === 2 }));
		const { outputs } = await runSend(sim, customers, {
			options: { campaign: '={{ $json.campaign }}', sandbox: '={{ $json.test }}', callbackUrl: '=https://example.test/hook/{{ $json.campaign }}' },
		});
		expect(outputs[0].map((item) => [item.json.campaign, item.json.sandbox])).toEqual([
			['c0', false],
			['c1', false],
			['c0', true],
		]);
		const bodies = sim.sendRequests().map((request) => request.body as Record<string, unknown>);
		expect(bodies.map((body) => [body.campaignid, body.CallbackUrl, body.Sandbox ?? '0']).sort()).toEqual([
			['c0', 'https://example.test/hook/c0', '0'],
			['c0', 'https://example.test/hook/c0', '1'],
			['c1', 'https://example.test/hook/c1', '0'],
		]);
		expect(sim.messages()).toHaveLength(2);
	});

	test('a parameter that cannot vary per item (Batch Size) is refused for the item that differs, never replaced', async () => {
		const sim = simulator();
		const customers = makeCustomers(2).map((customer, index) => ({ ...customer, size: index === 0 ? 100 : 200 }));
		const { outputs } = await runSend(sim, customers, { options: { batchSize: '={{ $json.size }}' } }, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['accepted', 'invalid']);
		expect(outputs[0][1].json.message).toMatch(/^Batch Size must be the same for every item \(the first item uses 100\)/);
	});

	test('a per-item option that is wrong makes only that item invalid, naming the field', async () => {
		const sim = simulator();
		const customers = makeCustomers(3).map((customer, index) => ({ ...customer, when: index === 1 ? 'soon' : '2027-01-01T09:00:00' }));
		const { outputs } = await runSend(sim, customers, { options: { sendAt: '={{ $json.when }}' } }, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['accepted', 'invalid', 'accepted']);
		expect(outputs[0][1].json).toMatchObject({ field: 'Send At', message: 'Send At is not a date-time (got "soon")' });
	});
});

describe('2. a lost answer is never "nothing was sent"', () => {
	test('accept-then-drop, Continue, the sent log unreadable: the batch is unconfirmed, and a retry sends nobody twice', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		sim.faults.add({ kind: 'http-error', status: 500, path: SENT_LOG });
		const { outputs } = await runSend(sim, makeCustomers(3), { options: { retries: 0 } }, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed']);
		expect(outputs[0][0].json.message).toMatch(/^Whether eSMS took this message is unknown: its batch's answer was lost/);
		expect(outputs[0][0].json.message).toContain("Its SMS ID could not be looked up in eSMS's sent log");
		expect(sim.messages()).toHaveLength(3);
		forgetAll();
		const again = await runSend(sim, makeCustomers(3), {}, {}, { executionId: 'retry-1' });
		expect(statuses(again.outputs[0])).toEqual(['duplicate', 'duplicate', 'duplicate']);
		expect(sim.messages()).toHaveLength(3);
	});

	test('accept-then-drop, Continue: eSMS\'s sent log shows each message, so each is accepted with its own SMS ID', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		const customers = makeCustomers(3);
		const { outputs } = await runSend(sim, customers, { options: { retries: 0 } }, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['accepted', 'accepted', 'accepted']);
		customers.forEach((customer, index) => {
			const [stored] = sim.messagesTo(customer.phone);
			expect(outputs[0][index].json.smsId).toBe(stored.smsId);
			expect(outputs[0][index].json.message).toMatch(/^Sent: eSMS's answer was lost, but eSMS's sent log shows this message as SMS ID /);
		});
		expect(sim.messages()).toHaveLength(3);
	});

	test('accept-then-drop, Stop, the sent log unreadable: the error never says "Nothing was sent"', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		sim.faults.add({ kind: 'http-error', status: 500, path: SENT_LOG });
		const { error } = await runSend(sim, makeCustomers(2), { options: { retries: 0 } });
		const description = (error as unknown as { description: string }).description;
		expect(description).not.toContain('Nothing was sent');
		expect(description).toContain('2 recipients may have been received by eSMS although its answer was lost');
	});

	test('accept-then-drop, Stop: eSMS\'s sent log shows the whole batch sent, so the node does not stop', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		const { outputs, error } = await runSend(sim, makeCustomers(2), { options: { retries: 0 } });
		expect(error).toBeUndefined();
		expect(statuses(outputs[0])).toEqual(['accepted', 'accepted']);
	});

	test('accept-then-drop, Stop, one batch lost and another refused: the error says who eSMS\'s sent log shows accepted', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		sim.faults.add({ kind: 'result-code', code: '103', path: PATH, after: 1 });
		const { error } = await runSend(sim, makeCustomers(4), { options: { retries: 0, batchSize: 2, requestsInFlight: 1 }, preflight: { balance: 'off' } });
		const description = (error as unknown as { description: string }).description;
		expect(description).not.toContain('Nothing was sent');
		expect(description).toContain('2 recipients were accepted by eSMS before the node stopped');
	});

	test('a reply cut by the deadline, the sent log unreadable: unconfirmed', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'slow-body', path: PATH, times: 1, chunkBytes: 4, intervalMs: 400 });
		sim.faults.add({ kind: 'http-error', status: 500, path: SENT_LOG });
		const { outputs } = await runSend(sim, makeCustomers(2), { options: { retries: 0, timeoutSeconds: 5 } }, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['unconfirmed', 'unconfirmed']);
		expect(sim.messages()).toHaveLength(2);
	}, 20_000);

	test('a refused connection can never have reached eSMS: failed, "nothing was sent"', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(1), { options: { retries: 0 } }, { onError: 'continueRegularOutput' }, {
			credentials: { esmsApi: { ...sim.defaultAccount, baseUrl: 'http://127.0.0.1:1/json' } },
		});
		expect(statuses(outputs[0])).toEqual(['failed']);
	});
});

describe('3, 4. odd answers are read for what they say', () => {
	test.each([[{}], [false], [['x']]])('ErrorMessage %j beside accepted rows: accepted, with SMSIDs, sent once', async (odd) => {
		const sim = simulator();
		sim.faults.add({ kind: 'merge-answer', path: PATH, times: 1, fields: { ErrorMessage: odd } });
		const { outputs } = await runSend(sim, makeCustomers(2));
		expect(statuses(outputs[0])).toEqual(['accepted', 'accepted']);
		expect(outputs[0].map((item) => item.json.smsId)).toEqual(sim.messages().map((message) => message.smsId));
		expect(sim.sendRequests()).toHaveLength(1);
	});

	test('an unknown request-level code with accepted rows: each accepted by its row, remembered', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'merge-answer', path: PATH, times: 1, fields: { CodeResult: '555' } });
		const customers = makeCustomers(2);
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['accepted', 'accepted']);
		const again = await runSend(sim, customers, {}, {}, { executionId: 'again' });
		expect(again.outputs[0].map((item) => [item.json.status, item.json.smsId])).toEqual(
			outputs[0].map((item) => ['duplicate', item.json.smsId]),
		);
		expect(sim.messages()).toHaveLength(2);
	});

	test('an unknown request-level code with rows that are not 100: unconfirmed, never rejected', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'merge-answer', path: PATH, times: 1, fields: { CodeResult: '555' }, rowFields: { CodeResult: '108' } });
		const { outputs } = await runSend(sim, makeCustomers(1), {}, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['unconfirmed']);
		expect(outputs[0][0].json.message).toContain('a result code it does not document (555)');
	});

	test('an unknown request-level code without rows: unconfirmed (eSMS may have the messages)', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'result-code', code: '555', path: PATH, times: 1 });
		const { outputs } = await runSend(sim, makeCustomers(1), {}, { onError: 'continueRegularOutput' });
		expect(statuses(outputs[0])).toEqual(['unconfirmed']);
	});
});

describe('5. a relative Send At stays retry-safe', () => {
	test('Send At {{ $now.plus(...) }}: a run again later makes the same Request IDs, and nobody is sent twice', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		const parameters = { options: { sendAt: '={{ $now.plus({ hours: 1 }).toISO() }}' } };
		const first = await runSend(sim, customers, parameters, {}, { executionId: 'e1' });
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		forgetAll(); // another worker, or n8n restarted
		const second = await runSend(sim, customers, parameters, {}, { executionId: 'e2' });
		expect(second.outputs[0].map((item) => item.json.requestId)).toEqual(first.outputs[0].map((item) => item.json.requestId));
		expect(statuses(second.outputs[0])).toEqual(['duplicate', 'duplicate']);
		expect(sim.messages()).toHaveLength(2);
	});

	test('a Send At from the items (not the clock) still names the schedule: another time is another message', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		await runSend(sim, [{ ...customer, when: '2027-01-01T09:00:00' }], { options: { sendAt: '={{ $json.when }}' } });
		await runSend(sim, [{ ...customer, when: '2027-01-02T09:00:00' }], { options: { sendAt: '={{ $json.when }}' } }, {}, { executionId: 'e2' });
		expect(sim.messages()).toHaveLength(2);
	});
});

describe('what a README review found', () => {
	test('a Sandbox test and the real send of the same message have other Request IDs (eSMS may remember a test\'s)', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		const test = await runSend(sim, customers, { options: { sandbox: '={{ "true" }}' } });
		const real = await runSend(sim, customers, {}, {}, { executionId: 'real' });
		expect(test.outputs[0].map((item) => item.json.sandbox)).toEqual([true, true]);
		expect(real.outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		expect(real.outputs[0][0].json.requestId).not.toBe(test.outputs[0][0].json.requestId);
	});

	test('Per Execution with a Send At that reads the clock: Retry On Fail (same execution and run) sends nobody twice', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		const parameters = { requestIdMode: 'perExecution', options: { sendAt: '={{ $now.plus({ hours: 2 }).toISO() }}' } };
		const first = await runSend(sim, customers, parameters, {}, { executionId: 'x1' });
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		forgetAll();
		const retried = await runSend(sim, customers, parameters, {}, { executionId: 'x1' });
		expect(retried.outputs[0].map((item) => item.json.requestId)).toEqual(first.outputs[0].map((item) => item.json.requestId));
		expect(sim.messages()).toHaveLength(2);
	});

	test('the estimate\'s quota numbers count only what the quota counts (not Sandbox)', async () => {
		const sim = simulator();
		const customers = makeCustomers(4).map((customer, index) => ({ ...customer, test: index < 2 }));
		const { outputs } = await runSend(sim, customers, { options: { sandbox: '={{ $json.test }}' }, preflight: { estimateOnly: true } });
		const remaining = outputs[0][0].json.estimate as Record<string, number>;
		expect(remaining.quotaLeftAfter).toBe(remaining.remainingQuota - 2);
	});
});

describe('6, 8. every number is checked: no endless retries, no timer overflow', () => {
	test.each([
		[{ retries: '={{ "abc" }}' }, 'Retries on Network Errors must be a whole number from 0 to 10 (got "abc")'],
		[{ retries: 11 }, 'Retries on Network Errors must be a whole number from 0 to 10 (got 11)'],
		[{ timeoutSeconds: 1e7 }, 'Request Timeout (Seconds) must be a number from 0 to 3600 (got 10000000)'],
		[{ timeoutSeconds: '={{ NaN }}' }, 'Request Timeout (Seconds) must be a number from 0 to 3600 (got null)'],
		[{ requestsInFlight: 1000 }, 'Requests in Flight must be a whole number from 1 to 100 (got 1000)'],
		[{ batchSize: 0 }, 'Batch Size must be a whole number from 1 to 500 (got 0)'],
	])('%j: one error naming the field and the range; nothing sent', async (options, message) => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { options });
		expect(error?.message).toBe(message);
		expect(sim.sendRequests()).toHaveLength(0);
	});
});

describe('10. secrets are never echoed', () => {
	test('an invalid Callback URL is named without its path or password', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { options: { callbackUrl: 'htp://user:pa55word@n8n.example/webhook/9f8e7d6c5b4a39281706f5e4d3c2b1a0' } });
		expect(error?.message).toMatch(/^Callback URL must be an http\(s\) URL/);
		expect(error?.message).not.toContain('pa55word');
		expect(error?.message).not.toContain('9f8e7d6c5b4a39281706f5e4d3c2b1a0');
	});

	test('eSMS text that quotes the keys is scrubbed from node errors and item messages', async () => {
		const sim = simulator();
		const { apiKey, secretKey } = sim.defaultAccount;
		sim.faults.add({ kind: 'result-code', code: '101', message: `bad keys ${apiKey}/${secretKey}`, path: PATH, times: 1 });
		const stopped = await runSend(sim, makeCustomers(1));
		expect(JSON.stringify({ message: stopped.error?.message, description: (stopped.error as unknown as { description: string }).description })).not.toMatch(new RegExp(`${apiKey}|${secretKey}`));
		sim.faults.add({ kind: 'merge-answer', path: PATH, times: 1, rowFields: { CodeResult: '99', SMSID: null, ErrorMessage: `blocked for ${secretKey}` } });
		const { outputs } = await runSend(sim, makeCustomers(2), {}, { onError: 'continueRegularOutput' }, { executionId: 'e2' });
		expect(JSON.stringify(outputs)).not.toContain(secretKey);
		expect(outputs[0][0].json.message).toBe('blocked for ***');
	});
});

describe('11, 12. clear errors and values', () => {
	test.each([
		[{ campaign: '={{ ["a", "b"] }}' }, 'Campaign must be text (got ["a","b"])'],
		[{ callbackUrl: '={{ { url: "x" } }}' }, 'Callback URL must be text (got {"url":"x"})'],
	])('%j from an expression: "must be text", not a crash', async (options, message) => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { options });
		expect(error?.message).toBe(message);
	});

	test('an invalid item does not echo a 100,000-character value', async () => {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		const { outputs } = await runSend(sim, [{ ...customer, phone: '9'.repeat(100_000) }], {}, { onError: 'continueRegularOutput' });
		const message = String(outputs[0][0].json.message);
		expect(message.length).toBeLessThan(400);
		expect(message).toContain('(100002 characters)');
	});

	test('a Base URL that is not http(s) is refused before any request, named without secrets', async () => {
		const sim: Sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), {}, {}, {
			credentials: { esmsApi: { ...sim.defaultAccount, baseUrl: 'ftp://user:pw-secret@esms.example/json' } },
		});
		expect(error?.message).toMatch(/^The Base URL must start with http:\/\/ or https:\/\//);
		expect(error?.message).not.toContain('pw-secret');
		expect(sim.requests).toHaveLength(0);
	});
});

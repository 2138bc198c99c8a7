/** Requests in Flight, back-off against a rate-limited eSMS, the request deadline, and error text — in n8n-core's engine. */
import { makeCustomers } from '../../../../helpers/customers';
import { runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';

/** Waits (without a timer) until `condition` holds, giving the event loop a turn in between. */
async function until(condition: () => boolean, turns = 1_000_000): Promise<void> {
	for (let turn = 0; !condition(); turn++) {
		if (turn > turns) throw new Error('condition never held');
		await new Promise((resolve) => setImmediate(resolve));
	}
}

function everyRequestIdOnce(sim: ReturnType<typeof simulator>): number {
	const ids = sim.messages().map((message) => message.requestId);
	expect(new Set(ids).size).toBe(ids.length);
	return ids.length;
}

describe('Send: Requests in Flight', () => {
	test('at most that many requests reach eSMS at once', async () => {
		const sim = simulator();
		sim.settings.latencyMs = 40;
		const { outputs, error } = await runSend(sim, makeCustomers(24), { options: { batchSize: 2, requestsInFlight: 4 } });
		expect(error).toBeUndefined();
		expect(outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect(sim.sendRequests()).toHaveLength(12);
		// The template look-up comes first, alone; then four at a time.
		expect(sim.trafficStats().maxInFlight).toBe(4);
	});

	test.each([
		['HTTP 429', 'http-429'],
		['eSMS code 160', 'code-160'],
	] as const)('against a rate-limited eSMS answering %s: backs off, everyone accepted once', async (_name, answer) => {
		const sim = simulator();
		sim.settings.latencyMs = 30;
		sim.settings.rateLimit = { maxInFlight: 3, answer, retryAfterSeconds: answer === 'http-429' ? 0 : undefined, path: PATH };
		const { outputs, error } = await runSend(sim, makeCustomers(40), { options: { batchSize: 2, requestsInFlight: 10, retries: 0 } });
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.status)).toEqual(Array(40).fill('accepted'));
		expect(everyRequestIdOnce(sim)).toBe(40);
		const traffic = sim.trafficStats();
		expect(traffic.rateLimited).toBeGreaterThan(0);
		// Never a burst above the ceiling, rate-limited answers included.
		expect(traffic.maxInFlight).toBeLessThanOrEqual(10);
		expect(sim.sendRequests()).toHaveLength(20 + traffic.rateLimited);
	});
});

describe('Send: Request Timeout is a deadline for the whole request', () => {
	test('a reply that drips in is cut off at the deadline (at least 5 s), not when the socket goes idle', async () => {
		const sim = simulator();
		// About 150 bytes, one every 100 ms: 15 s of an ever-busy socket.
		sim.faults.add({ kind: 'slow-body', chunkBytes: 1, intervalMs: 100, path: PATH });
		// eSMS's sent log unreadable too (else it shows the message sent, and the node goes on).
		sim.faults.add({ kind: 'http-error', status: 500, path: 'GetSmsSentData_V2' });
		const started = Date.now();
		const { error } = await runSend(sim, makeCustomers(1), { options: { timeoutSeconds: 1, retries: 0 } });
		const took = Date.now() - started;
		expect(error?.message).toBe('Batch 1 of 1 failed: eSMS did not answer within 5 s');
		expect(took).toBeGreaterThanOrEqual(5_000);
		expect(took).toBeLessThan(9_000);
		// The request was aborted, not left dripping in the background.
		await until(() => sim.trafficStats().inFlight === 0);
		expect(Date.now() - started).toBeLessThan(12_000);
	}, 20_000);
});

describe('Send: errors keep their context', () => {
	test('a network failure names the batch, the attempts and how many were already accepted', async () => {
		const sim = simulator();
		const sending = runSend(sim, makeCustomers(4), { options: { batchSize: 2, requestsInFlight: 1, retries: 1 } });
		// Batch 1 is accepted; from then on every connection is reset.
		await until(() => sim.messages().length === 2);
		sim.faults.add({ kind: 'reset', path: PATH });
		const { error } = await sending;
		expect(error?.message).toBe('Batch 2 of 2 failed: Could not reach eSMS: the connection was closed unexpectedly, after 2 attempts');
		expect((error as { description?: string }).description).toMatch(/^2 recipients were accepted by eSMS before the node stopped/);
	});

	test('a refused connection is said so, not replaced by n8n\'s generic text', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { options: { retries: 0 } }, {}, {
			credentials: { esmsApi: { ...sim.defaultAccount, baseUrl: 'http://127.0.0.1:9/MainService.svc/json' } },
		});
		// The pre-flight look-ups fail first: nothing is sent.
		expect(error?.message).toBe("Pre-flight check failed: could not read the Zalo OA's daily quota: Could not reach eSMS: the connection was refused");
		// Without them, the template look-up fails (positional values are still sent without it), then the batch.
		const unchecked = await runSend(sim, makeCustomers(1), { options: { retries: 0 }, preflight: { quota: 'off', balance: 'off' } }, {}, {
			credentials: { esmsApi: { ...sim.defaultAccount, baseUrl: 'http://127.0.0.1:9/MainService.svc/json' } },
		});
		expect(unchecked.error?.message).toBe('Batch 1 of 1 failed: Could not reach eSMS: the connection was refused');
	});
});

describe('Send: the template is looked up once for a few minutes', () => {
	const lookUps = (sim: ReturnType<typeof simulator>) =>
		sim.requests.filter((request) => request.path.includes('GetZnsTemplateInfo')).length;

	test('a second run (a loop round, a campaign run again) does not wait for the same look-up', async () => {
		const sim = simulator();
		const first = await runSend(sim, makeCustomers(3));
		const second = await runSend(sim, makeCustomers(3, 100));
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(lookUps(sim)).toBe(1);
	});

	test('a template that cannot be sent is asked again every run, and eSMS still judges every send', async () => {
		const sim = simulator();
		const template = sim.template('4097311281936189049', '2056447')!;
		template.status = 'PENDING_REVIEW';
		const refused = await runSend(sim, makeCustomers(1));
		expect(refused.error?.message).toMatch(/cannot be sent: it is waiting for approval by Zalo/);
		template.status = 'ENABLE';
		const sent = await runSend(sim, makeCustomers(1));
		expect(sent.error).toBeUndefined();
		expect(lookUps(sim)).toBe(2);
	});
});

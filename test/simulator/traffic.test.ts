import { type EsmsSimulator, startSimulator } from '../../simulator/index';
import { latencyOf, TrafficMeter } from '../../simulator/traffic';
import { DEFAULT_SETTINGS } from '../../simulator/index';
import { keys, post, row, sendBulk, uniqueId } from './helpers';

/** Waits (without a timer) until `condition` holds, giving the event loop a turn in between. */
async function until(condition: () => boolean): Promise<void> {
	for (let turns = 0; !condition(); turns++) {
		if (turns > 100_000) throw new Error('condition never held');
		await new Promise((resolve) => setImmediate(resolve));
	}
}

function elapsed(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e6;
}

describe('TrafficMeter (pure, with a fake clock)', () => {
	test('requests per second: a sliding one-second window of admitted requests', () => {
		let now = 0;
		const meter = new TrafficMeter(() => now);
		const limit = { requestsPerSecond: 2, answer: 'http-429' as const };
		expect(meter.admit(limit).admitted).toBe(true);
		now = 400;
		expect(meter.admit(limit).admitted).toBe(true);
		now = 999;
		expect(meter.admit(limit).admitted).toBe(false);
		now = 1000; // the first one left the window
		expect(meter.admit(limit).admitted).toBe(true);
		expect(meter.admit(limit).admitted).toBe(false);
		now = 1400;
		expect(meter.admit(limit).admitted).toBe(true);
	});

	test('requests in flight: a refused request holds no place; a released one frees its place', () => {
		const meter = new TrafficMeter(() => 0);
		const limit = { maxInFlight: 1, answer: 'code-160' as const };
		const first = meter.admit(limit);
		expect(first.admitted).toBe(true);
		expect(meter.admit(limit).admitted).toBe(false);
		if (first.admitted) first.release();
		if (first.admitted) first.release(); // twice is harmless
		expect(meter.admit(limit).admitted).toBe(true);
		expect(meter.admit(limit).admitted).toBe(false);
	});

	test('counts requests in flight and the most at once', () => {
		const meter = new TrafficMeter(() => 0);
		const a = meter.arrive();
		const b = meter.arrive();
		a();
		a();
		const c = meter.arrive();
		expect(meter.snapshot()).toEqual({ inFlight: 2, maxInFlight: 2, requests: 3, rateLimited: 0 });
		b();
		c();
		meter.reset();
		expect(meter.snapshot()).toEqual({ inFlight: 0, maxInFlight: 0, requests: 0, rateLimited: 0 });
	});

	test('latency: fixed, plus jitter in [0, jitter), plus per row of Data', () => {
		const settings = { ...DEFAULT_SETTINGS, latencyMs: 300, latencyJitterMs: 100, latencyPerRowMs: 0.5 };
		const body = { Data: Array.from({ length: 500 }, () => ({})) };
		expect(latencyOf(settings, body, () => 0)).toBe(550);
		expect(latencyOf(settings, body, () => 0.5)).toBe(600);
		expect(latencyOf(settings, { ApiKey: 'x' }, () => 0.99)).toBeCloseTo(399, 5);
		expect(latencyOf(DEFAULT_SETTINGS, body)).toBe(0);
	});
});

describe('simulator latency and rate limit over HTTP', () => {
	let sim: EsmsSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.stop());
	beforeEach(() => sim.reset());

	test('every answer waits the fixed latency plus the per-row latency', async () => {
		sim.settings.latencyMs = 150;
		sim.settings.latencyPerRowMs = 1;
		const rows = Array.from({ length: 100 }, (_, i) => row(`09010${String(i).padStart(5, '0')}`, uniqueId()));
		let started = process.hrtime.bigint();
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe('100');
		expect(elapsed(started)).toBeGreaterThanOrEqual(149);
		started = process.hrtime.bigint();
		const reply = await sendBulk(sim, rows);
		expect(reply.json.TotalSuccess).toBe(100);
		expect(elapsed(started)).toBeGreaterThanOrEqual(249);
	});

	test('over requests per second: HTTP 429 with Retry-After, nothing processed', async () => {
		sim.settings.rateLimit = { requestsPerSecond: 2, answer: 'http-429', retryAfterSeconds: 1 };
		const replies = await Promise.all([1, 2, 3].map(() => sendBulk(sim, [row('0901000001', uniqueId())])));
		const refused = replies.filter((reply) => reply.status === 429);
		expect(refused).toHaveLength(1);
		expect(refused[0].headers.get('retry-after')).toBe('1');
		expect(sim.messages()).toHaveLength(2);
		expect(sim.trafficStats()).toMatchObject({ requests: 3, rateLimited: 1 });
	});

	test('over requests in flight: eSMS code 160 in the endpoint\'s own shape, at once', async () => {
		sim.settings.rateLimit = { maxInFlight: 2, answer: 'code-160', path: 'Send_zns_bulk_v4_post_json/' };
		sim.settings.latencyMs = 60_000;
		const held = [1, 2].map(() => sendBulk(sim, [row('0901000001', uniqueId())]).catch(() => null));
		await until(() => sim.trafficStats().inFlight === 2);
		sim.settings.latencyMs = 0;
		const started = process.hrtime.bigint();
		const refused = await sendBulk(sim, [row('0901000002', uniqueId())]);
		expect(refused.status).toBe(200);
		expect(refused.json).toEqual({ CodeResult: '160', CountRegenerate: 0, ErrorMessage: 'TPS limit exceeded' });
		expect(elapsed(started)).toBeLessThan(30_000);
		// Other endpoints are not limited.
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe('100');
		expect(sim.trafficStats()).toMatchObject({ inFlight: 2, maxInFlight: 3, rateLimited: 1 });
		expect(sim.requests.at(-2)?.faults).toEqual(['rate-limit']);
		// Stopping the simulator ends the held requests; a fresh one serves the rest of the file.
		await sim.stop();
		await Promise.all(held);
		sim = await startSimulator();
	});

	test('slow-body fault: the reply drips in, the socket never idle', async () => {
		sim.faults.add({ kind: 'slow-body', chunkBytes: 20, intervalMs: 40, times: 1 });
		const started = process.hrtime.bigint();
		const reply = await post(sim, 'GetBalance_json', keys(sim));
		const chunks = Math.ceil(reply.text.length / 20);
		expect(chunks).toBeGreaterThan(2);
		expect(elapsed(started)).toBeGreaterThanOrEqual((chunks - 1) * 40 - 1);
		expect(reply.json.CodeResponse).toBe('100');
		expect(sim.requests[0].faults).toEqual(['slow-body']);
	});
});

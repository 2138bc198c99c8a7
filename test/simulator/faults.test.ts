import { FaultController } from '../../simulator/faults';
import { type EsmsSimulator, startSimulator } from '../../simulator/index';
import { keys, post, row, sendBulk, uniqueId } from './helpers';

let sim: EsmsSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const phones = ['0901000001', '0901000002', '0901000003', '0901000004', '0901000005'];
const fiveRows = () => phones.map((phone) => row(phone, uniqueId()));
const phonesOf = (detail: Array<{ Phone: string }>) => detail.map((entry) => entry.Phone);

async function fetchFails(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		return String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
	}
	throw new Error('expected the request to fail');
}

describe('fault bookkeeping', () => {
	it('applies a fault a limited number of times, in arrival order', async () => {
		sim.faults.add({ kind: 'http-error', status: 503, times: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await post(sim, 'GetBalance_json', keys(sim))).status);
		expect(statuses).toEqual([503, 503, 200]);
		expect(sim.faults.list()).toEqual([]);
	});

	it('limits a fault to one endpoint, whatever the spelling of its path', async () => {
		sim.faults.add({ kind: 'http-error', status: 500, path: 'send_zns_bulk_v4_post_json' });
		sim.faults.add({ kind: 'http-error', status: 502, path: `${sim.origin}/ZaloCallback/GetCallback/` });
		expect((await post(sim, 'GetBalance_json', keys(sim))).status).toBe(200);
		expect((await sendBulk(sim, fiveRows())).status).toBe(500);
		expect((await post(sim, sim.callbackApiUrl, keys(sim))).status).toBe(502);
	});

	it('lists, removes, replaces and clears faults', async () => {
		const [latency, reset] = sim.faults.add([{ kind: 'latency', ms: 1 }, { kind: 'reset', times: 3 }]);
		expect(sim.faults.list()).toEqual([
			{ id: latency, fault: { kind: 'latency', ms: 1 }, remaining: Infinity, hits: 0, passes: 0 },
			{ id: reset, fault: { kind: 'reset', times: 3 }, remaining: 3, hits: 0, passes: 0 },
		]);
		sim.faults.remove(reset);
		expect(sim.faults.list().map((entry) => entry.id)).toEqual([latency]);
		sim.faults.set({ kind: 'numeric-codes' });
		expect(sim.faults.list().map((entry) => entry.fault.kind)).toEqual(['numeric-codes']);
		sim.faults.clear();
		expect(sim.faults.list()).toEqual([]);
	});

	it('uses only the earliest answer-replacing fault, and leaves reply rewrites unused', async () => {
		sim.faults.add([
			{ kind: 'non-json', times: 1 },
			{ kind: 'http-error', status: 500, times: 1 },
			{ kind: 'numeric-codes', times: 1 },
		]);
		expect((await post(sim, 'GetBalance_json', keys(sim))).text).toContain('<html>');
		expect((await post(sim, 'GetBalance_json', keys(sim))).status).toBe(500);
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe(100);
		expect(sim.requests.map((request) => request.faults)).toEqual([['non-json'], ['http-error'], ['numeric-codes']]);
	});

	it('plans every fault of a request when it arrives, so a delayed request keeps its place', async () => {
		sim.faults.add([
			{ kind: 'latency', ms: 100, times: 1 },
			{ kind: 'http-error', status: 500, times: 1 },
		]);
		const first = post(sim, 'GetBalance_json', keys(sim));
		while (sim.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
		const second = await post(sim, 'GetBalance_json', keys(sim));
		expect(second.status).toBe(200);
		expect((await first).status).toBe(500);
		expect(sim.requests.map((request) => request.faults)).toEqual([['latency', 'http-error'], []]);
	});

	it('is cleared by reset()', async () => {
		sim.faults.add({ kind: 'reset' });
		sim.reset();
		expect((await post(sim, 'GetBalance_json', keys(sim))).status).toBe(200);
	});
});

describe('transport faults', () => {
	it('latency: waits before answering, once', async () => {
		sim.faults.add({ kind: 'latency', ms: 150, times: 1 });
		const started = performance.now();
		await post(sim, 'GetBalance_json', keys(sim));
		expect(performance.now() - started).toBeGreaterThanOrEqual(140);
		await post(sim, 'GetBalance_json', keys(sim));
		expect(sim.requests.map((request) => request.faults)).toEqual([['latency'], []]);
	});

	it('http-error: answers 503 with an HTML page and processes nothing', async () => {
		sim.faults.add({ kind: 'http-error', status: 503, times: 1 });
		const reply = await sendBulk(sim, fiveRows());
		expect(reply.status).toBe(503);
		expect(reply.headers.get('content-type')).toContain('text/html');
		expect(reply.text).toContain('503 Service Unavailable');
		expect(sim.messages()).toHaveLength(0);
	});

	it('http-error: answers 429 with Retry-After', async () => {
		sim.faults.add({ kind: 'http-error', status: 429, retryAfterSeconds: 2, times: 1 });
		const reply = await sendBulk(sim, fiveRows());
		expect(reply.status).toBe(429);
		expect(reply.headers.get('retry-after')).toBe('2');
		expect(sim.messages()).toHaveLength(0);
	});

	it('reset: destroys the connection before processing anything', async () => {
		sim.faults.add({ kind: 'reset', times: 1 });
		const rows = fiveRows();
		expect(await fetchFails(sendBulk(sim, rows))).toMatch(/ECONNRESET|UND_ERR_SOCKET|fetch failed/);
		expect(sim.messages()).toHaveLength(0);
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].faults).toEqual(['reset']);
		const retried = await sendBulk(sim, rows);
		expect(retried.json.TotalSuccess).toBe(5);
	});

	it('accept-then-drop: processes the send fully, then drops the connection unanswered', async () => {
		sim.faults.add({ kind: 'accept-then-drop', path: 'Send_zns_bulk_v4_post_json/', times: 1 });
		const rows = fiveRows();
		await fetchFails(sendBulk(sim, rows));
		expect(sim.requests).toHaveLength(1);
		expect(sim.messages().map((message) => message.normalizedPhone)).toEqual(phones);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(1_000_000_000 - 1_500);
		const retried = await sendBulk(sim, rows);
		expect(retried.json).toMatchObject({ CodeResult: '100', TotalSuccess: 0, TotalFail: 5 });
		expect(retried.json.detail.every((entry: { CodeResult: string }) => entry.CodeResult === '124')).toBe(true);
	});

	it('non-json: answers an HTML error page with HTTP 200', async () => {
		sim.faults.add({ kind: 'non-json', times: 1 });
		const reply = await sendBulk(sim, fiveRows());
		expect(reply.status).toBe(200);
		expect(() => JSON.parse(reply.text)).toThrow();
		expect(reply.text).toContain('Runtime Error');
		expect(sim.messages()).toHaveLength(0);
	});

	it("result-code: answers a request-level code in each endpoint's own shape", async () => {
		sim.faults.add({ kind: 'result-code', code: '160', message: 'TPS exceeded' });
		expect((await post(sim, 'QueryZnsStatus/', { ...keys(sim), SmsId: 'x', SmsType: '24' })).json).toEqual({
			CodeResult: '160',
			CountRegenerate: 0,
			ErrorMessage: 'TPS exceeded',
		});
		expect((await post(sim, 'GetBalance_json', keys(sim))).json).toEqual({ CodeResponse: '160', ErrorMessage: 'TPS exceeded' });
		expect((await post(sim, sim.callbackApiUrl, keys(sim))).json).toMatchObject({ Code: 160 });
	});
});

describe('reply rewrites', () => {
	it('reorder-detail: reverses the rows', async () => {
		sim.faults.add({ kind: 'reorder-detail', order: 'reverse' });
		const reply = await sendBulk(sim, fiveRows());
		expect(phonesOf(reply.json.detail)).toEqual([...phones].reverse());
	});

	it('reorder-detail: shuffles deterministically for a seed', async () => {
		sim.faults.add({ kind: 'reorder-detail', order: 'shuffle', seed: 7 });
		const first = phonesOf((await sendBulk(sim, fiveRows())).json.detail);
		const second = phonesOf((await sendBulk(sim, fiveRows())).json.detail);
		expect(first).toEqual(second);
		expect(first).not.toEqual(phones);
		expect([...first].sort()).toEqual(phones);
	});

	it('reorder-detail: keeps each SMSID with its phone', async () => {
		sim.faults.add({ kind: 'reorder-detail', order: 'shuffle' });
		const reply = await sendBulk(sim, fiveRows());
		const byPhone = new Map(sim.messages().map((message) => [message.phone, message.smsId]));
		for (const entry of reply.json.detail) expect(entry.SMSID).toBe(byPhone.get(entry.Phone));
	});

	it('drop-detail: leaves out every Nth row, totals unchanged', async () => {
		sim.faults.add({ kind: 'drop-detail', every: 2 });
		const reply = await sendBulk(sim, fiveRows());
		expect(phonesOf(reply.json.detail)).toEqual([phones[0], phones[2], phones[4]]);
		expect(reply.json).toMatchObject({ TotalSuccess: 5, TotalFail: 0 });
		expect(sim.messages()).toHaveLength(5);
	});

	it('drop-detail: leaves out the last N rows', async () => {
		sim.faults.add({ kind: 'drop-detail', last: 2 });
		const reply = await sendBulk(sim, fiveRows());
		expect(phonesOf(reply.json.detail)).toEqual(phones.slice(0, 3));
	});

	it('phones-as-84: echoes valid phones in the 84 form, invalid ones as sent', async () => {
		sim.faults.add({ kind: 'phones-as-84' });
		const reply = await sendBulk(sim, [row('0901000001', uniqueId()), row('84901000002', uniqueId()), row('097469188', uniqueId())]);
		expect(phonesOf(reply.json.detail)).toEqual(['84901000001', '84901000002', '097469188']);
	});

	it('numeric-codes: every CodeResult and CodeResponse becomes a number', async () => {
		sim.faults.add({ kind: 'numeric-codes' });
		const reply = await sendBulk(sim, [row('0901000001', uniqueId()), row('097469188', uniqueId())]);
		expect(reply.json.CodeResult).toBe(100);
		expect(reply.json.detail.map((entry: { CodeResult: unknown }) => entry.CodeResult)).toEqual([100, 108]);
		expect((await sendBulk(sim, fiveRows(), { SecretKey: 'bad' })).json.CodeResult).toBe(101);
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe(100);
	});

	it('combines rewrites in a fixed order: phones, drop, reorder, numeric codes', async () => {
		sim.faults.add([
			{ kind: 'numeric-codes' },
			{ kind: 'reorder-detail', order: 'reverse' },
			{ kind: 'drop-detail', last: 1 },
			{ kind: 'phones-as-84' },
		]);
		const reply = await sendBulk(sim, fiveRows());
		expect(phonesOf(reply.json.detail)).toEqual(['84901000004', '84901000003', '84901000002', '84901000001']);
		expect(reply.json.detail[0].CodeResult).toBe(100);
	});

	it('bulk-only rewrites do not touch or get used up by other endpoints', async () => {
		sim.faults.add({ kind: 'drop-detail', every: 1, times: 1 });
		await post(sim, 'GetBalance_json', keys(sim));
		expect(sim.faults.list()).toHaveLength(1);
		expect((await sendBulk(sim, fiveRows())).json.detail).toEqual([]);
	});
});

describe('duplicate phones inside one request', () => {
	const repeated = () => [row('0901000001', uniqueId()), row('0901000002', uniqueId()), row('84901000001', uniqueId())];

	it('judges each row on its own by default', async () => {
		const reply = await sendBulk(sim, repeated());
		expect(reply.json).toMatchObject({ TotalSuccess: 3, TotalFail: 0 });
	});

	it('reject-repeats: answers 110 for the later rows of a phone', async () => {
		sim.faults.add({ kind: 'duplicate-phones', mode: 'reject-repeats', times: 1 });
		const reply = await sendBulk(sim, repeated());
		expect(reply.json.detail.map((entry: { CodeResult: string }) => entry.CodeResult)).toEqual(['100', '100', '110']);
		expect(sim.messages()).toHaveLength(2);
		expect((await sendBulk(sim, repeated())).json.TotalSuccess).toBe(3);
	});

	it('collapse: leaves the later rows of a phone out of detail', async () => {
		sim.faults.add({ kind: 'duplicate-phones', mode: 'collapse' });
		const reply = await sendBulk(sim, repeated());
		expect(phonesOf(reply.json.detail)).toEqual(['0901000001', '0901000002']);
		expect(reply.json).toMatchObject({ TotalSuccess: 2, TotalFail: 0 });
		expect(sim.messages()).toHaveLength(2);
	});
});

describe('a fault that lets requests through first ("after")', () => {
	test('applies from the (after + 1)th matching request on, for `times` requests', () => {
		const faults = new FaultController();
		faults.add({ kind: 'result-code', code: '103', path: 'Send_zns_bulk_v4_post_json/', after: 2, times: 2 });
		const codes = Array.from({ length: 6 }, () => faults.plan('send_zns_bulk_v4_post_json').replaceAnswer?.kind ?? 'none');
		expect(codes).toEqual(['none', 'none', 'result-code', 'result-code', 'none', 'none']);
		expect(faults.plan('getbalance_json').replaceAnswer).toBeUndefined();
	});
});

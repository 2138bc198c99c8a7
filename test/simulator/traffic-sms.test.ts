import { type EsmsSimulator, SHOP_BRANDNAME, startSimulator } from '../../simulator/index';
import { APPOINTMENT_PARAMS, get, type Json, keys, post, SHOP, uniqueId } from './helpers';

function elapsed(started: bigint): number {
	return Number(process.hrtime.bigint() - started) / 1e6;
}

const OTP_TEXT = 'Ma xac thuc cua quy khach la 42. Ma co hieu luc trong 5 phut.';
let sim: EsmsSimulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

function sendSms(extra: Json = {}) {
	return post(sim, 'SendMultipleMessage_V4_post_json/', {
		...keys(sim),
		Phone: '0901888484',
		Content: OTP_TEXT,
		Brandname: SHOP_BRANDNAME,
		SmsType: '2',
		RequestId: uniqueId('t'),
		...extra,
	});
}

function multi() {
	return post(sim, 'MultiChannelMessage/', {
		...keys(sim),
		Phone: '0901888484',
		Channels: ['zalo', 'sms'],
		Data: [
			{ TempID: '2056447', Params: APPOINTMENT_PARAMS, OAID: SHOP, RequestId: uniqueId('z') },
			{ Content: OTP_TEXT, SmsType: '2', Brandname: SHOP_BRANDNAME, RequestId: uniqueId('s') },
		],
	});
}

function listBrandnames() {
	return fetch(`${sim.baseUrl}/GetListBrandname/${sim.defaultAccount.apiKey}/${sim.defaultAccount.secretKey}`);
}

describe('latency, rate limit and faults on the one-phone endpoints', () => {
	test('the fixed latency applies to every new endpoint; per-row latency does not count MultiChannelMessage entries', async () => {
		sim.settings.latencyMs = 120;
		sim.settings.latencyPerRowMs = 500;
		for (const call of [
			() => sendSms(),
			() => multi(),
			() => get(sim, 'SummaryMultipleMessage_V4_get', { ...keys(sim), Phone: '0901888484', Content: 'x', SmsType: '2', BrandName: SHOP_BRANDNAME }),
			() => listBrandnames(),
			() => post(sim, 'GetSmsSentData_V2', { ...keys(sim), SmsType: '2', From: '2026-01-01 00:00:00', To: '2026-01-02 00:00:00' }),
		]) {
			const started = process.hrtime.bigint();
			await call();
			const took = elapsed(started);
			expect(took).toBeGreaterThanOrEqual(119);
			expect(took).toBeLessThan(900);
		}
	});

	test('over requests per second on the SMS endpoints (path list): HTTP 429, nothing processed', async () => {
		sim.settings.rateLimit = {
			requestsPerSecond: 2,
			answer: 'http-429',
			retryAfterSeconds: 1,
			path: ['SendMultipleMessage_V4_post_json/', 'MultiChannelMessage/'],
		};
		const replies = await Promise.all([sendSms(), sendSms(), multi()]);
		expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 429]);
		expect(replies.find((reply) => reply.status === 429)!.headers.get('retry-after')).toBe('1');
		expect(sim.messages()).toHaveLength(2);
		// Endpoints outside the list are not limited.
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe('100');
	});

	test('code 160 in each endpoint\'s own shape', async () => {
		sim.settings.rateLimit = { requestsPerSecond: 0, answer: 'code-160' };
		expect((await sendSms()).json).toEqual({ CodeResult: '160', CountRegenerate: 0, ErrorMessage: 'TPS limit exceeded' });
		expect((await multi()).json).toEqual({ CodeResult: '160', CountRegenerate: 0, ErrorMessage: 'TPS limit exceeded' });
		expect(await (await listBrandnames()).json()).toEqual({ CodeResponse: '160', ErrorMessage: 'TPS limit exceeded' });
		expect(sim.messages()).toHaveLength(0);
		expect(sim.requests.every((request) => request.faults.includes('rate-limit'))).toBe(true);
	});

	test('faults apply to the new endpoints by path', async () => {
		sim.faults.add([
			{ kind: 'http-error', status: 503, path: 'SendMultipleMessage_V4_post_json', times: 1 },
			{ kind: 'result-code', code: '102', path: 'GetListBrandname', times: 1 },
			{ kind: 'accept-then-drop', path: 'MultiChannelMessage/', times: 1 },
			{ kind: 'numeric-codes', path: 'SendMultipleMessage_V4_post_json', times: 1 },
		]);
		expect((await sendSms()).status).toBe(503);
		expect(await (await listBrandnames()).json()).toEqual({ CodeResponse: '102', ErrorMessage: expect.any(String) });
		await expect(multi()).rejects.toThrow();
		expect(sim.messages()).toHaveLength(1);
		expect((await sendSms()).json.CodeResult).toBe(100);
	});
});

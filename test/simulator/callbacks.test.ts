import { type EsmsSimulator, startSimulator } from '../../simulator/index';
import { manualClock, type Receiver, row, sendBulk, SHOP, startReceiver, uniqueId } from './helpers';

const clock = manualClock(Date.UTC(2026, 10, 27, 3, 4, 5));
let sim: EsmsSimulator;
let receiver: Receiver | undefined;

beforeAll(async () => {
	sim = await startSimulator({ now: clock.now, settings: { callbackRetryDelayMs: 1 } });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());
afterEach(async () => {
	sim.reset();
	await receiver?.close();
	receiver = undefined;
});

const SAMPLE_QUOTED_ERROR_INFO = '%22%7B%5C%22error%5C%22%3A-114%2C%5C%22message%5C%22%3A%5C%22User%20is%20inactive%5C%22%7D%22';

describe('delivery callbacks', () => {
	it('calls the CallbackUrl with GET and the documented query fields', async () => {
		receiver = await startReceiver(200);
		const deliveredId = uniqueId();
		const failedId = uniqueId();
		const reply = await sendBulk(sim, [row('0901888484', deliveredId), row('0351888413', failedId)], {
			CallbackUrl: `${receiver.url}?token=s3cret`,
			TempID: '2056447',
		});
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(2);
		const bySmsId = new Map(receiver.hits.map((hit) => [hit.searchParams.get('SMSID'), hit]));
		const delivered = bySmsId.get(reply.json.detail[0].SMSID)!;
		const failed = bySmsId.get(reply.json.detail[1].SMSID)!;
		expect(delivered.pathname).toBe('/esms-callback');
		expect(Object.fromEntries(delivered.searchParams)).toEqual({
			token: 's3cret',
			SMSID: reply.json.detail[0].SMSID,
			SendFailed: '0',
			SendStatus: '5',
			SendSuccess: '1',
			TotalPrice: '300.0000',
			TotalReceiver: '1',
			TotalSent: '1',
			RequestId: deliveredId,
			TypeId: '24',
			telcoid: '2',
			phonenumber: '0901888484',
			partnerids: expect.stringMatching(/^[0-9a-f]{32}$/),
			error_info: '',
			oaid: SHOP,
			tempid: '2056447',
		});
		expect(Object.fromEntries(failed.searchParams)).toMatchObject({
			SendFailed: '1',
			SendStatus: '5',
			SendSuccess: '0',
			TotalPrice: '0.0000',
			TotalSent: '0',
			RequestId: failedId,
			telcoid: '1',
			phonenumber: '0351888413',
			partnerids: '',
			error_info: '"{\\"error\\":-114,\\"message\\":\\"User is inactive\\"}"',
		});
		expect(sim.callbackAttempts).toHaveLength(2);
		expect(sim.callbackAttempts.every((attempt) => attempt.result === 'ok' && attempt.status === 200 && attempt.attempt === 1)).toBe(
			true,
		);
	});

	it('writes the quoted error_info byte for byte like the sample in the eSMS docs', async () => {
		receiver = await startReceiver(200);
		await sendBulk(sim, [row('0901888413', uniqueId())], { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(receiver.rawUrls[0]).toContain(`&error_info=${SAMPLE_QUOTED_ERROR_INFO}&`);
	});

	it('reports the phone in the 0 form, the account TypeId and the Vinaphone telco', async () => {
		receiver = await startReceiver(200);
		sim.account(sim.defaultAccount.apiKey)!.znsTypeId = 25;
		await sendBulk(sim, [row('84911888484', uniqueId())], { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(receiver.hits[0].searchParams.get('phonenumber')).toBe('0911888484');
		expect(receiver.hits[0].searchParams.get('TypeId')).toBe('25');
		expect(receiver.hits[0].searchParams.get('telcoid')).toBe('3');
	});

	describe('error_info encodings', () => {
		const errorInfoWith = async (setUp: () => void): Promise<string> => {
			receiver = await startReceiver(200);
			setUp();
			await sendBulk(sim, [row('0901888413', uniqueId())], { CallbackUrl: receiver.url });
			await sim.callbacksIdle();
			return receiver.hits[0].searchParams.get('error_info')!;
		};

		it('quoted (the default): a JSON string holding the JSON', async () => {
			const value = await errorInfoWith(() => undefined);
			expect(JSON.parse(JSON.parse(value))).toEqual({ error: -114, message: 'User is inactive' });
		});

		it('double-encoded: URL-encoded JSON with ____dd/MM/yyyy HH:mm:ss (Vietnam time) appended', async () => {
			const value = await errorInfoWith(() => sim.faults.add({ kind: 'error-info-encoding', encoding: 'double-encoded' }));
			const [encoded, stamp] = value.split('____');
			expect(stamp).toBe('27/11/2026 10:04:05');
			expect(encoded).toBe('%7B%22error%22%3A-114%2C%22message%22%3A%22User%20is%20inactive%22%7D');
			expect(JSON.parse(decodeURIComponent(encoded))).toEqual({ error: -114, message: 'User is inactive' });
		});

		it('plain: the JSON itself', async () => {
			const value = await errorInfoWith(() => {
				sim.account(sim.defaultAccount.apiKey)!.errorInfoEncoding = 'plain';
			});
			expect(value).toBe('{"error":-114,"message":"User is inactive"}');
		});

		it('dotnet: the JSON followed by .NET exception text', async () => {
			const value = await errorInfoWith(() => sim.faults.add({ kind: 'error-info-encoding', encoding: 'dotnet' }));
			expect(value.startsWith('{"error":-114,"message":"User is inactive"}System.Net.WebException')).toBe(true);
		});

		it('the fault applies to as many messages as its times', async () => {
			receiver = await startReceiver(200);
			sim.faults.add({ kind: 'error-info-encoding', encoding: 'plain', times: 1 });
			await sendBulk(sim, [row('0901888413', uniqueId()), row('0901888513', uniqueId())], { CallbackUrl: receiver.url });
			await sim.callbacksIdle();
			const values = new Map(receiver.hits.map((hit) => [hit.searchParams.get('phonenumber'), hit.searchParams.get('error_info')]));
			expect(values.get('0901888413')).toBe('{"error":-114,"message":"User is inactive"}');
			expect(values.get('0901888513')!.startsWith('"')).toBe(true);
		});
	});

	it('retries a receiver answering 500 five times, then gives up', async () => {
		receiver = await startReceiver(500);
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(6);
		expect(sim.callbackAttempts.map((attempt) => [attempt.attempt, attempt.status, attempt.result])).toEqual([
			[1, 500, 'retry'],
			[2, 500, 'retry'],
			[3, 500, 'retry'],
			[4, 500, 'retry'],
			[5, 500, 'retry'],
			[6, 500, 'gave-up'],
		]);
		expect(sim.callbackAttempts.every((attempt) => attempt.smsId === reply.json.detail[0].SMSID)).toBe(true);
	});

	it('stops retrying once the receiver answers 2xx', async () => {
		let calls = 0;
		receiver = await startReceiver((respond) => respond(++calls < 3 ? 503 : 204));
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(sim.callbackAttempts.map((attempt) => [attempt.status, attempt.result])).toEqual([
			[503, 'retry'],
			[503, 'retry'],
			[204, 'ok'],
		]);
	});

	it('counts a receiver that does not answer in time as failed, with the configured retries', async () => {
		receiver = await startReceiver('hold');
		sim.settings.callbackTimeoutMs = 50;
		sim.settings.callbackRetries = 1;
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(sim.callbackAttempts).toEqual([
			expect.objectContaining({ attempt: 1, error: 'timeout after 50 ms', result: 'retry' }),
			expect.objectContaining({ attempt: 2, error: 'timeout after 50 ms', result: 'gave-up' }),
		]);
		expect(sim.callbackAttempts[0].status).toBeUndefined();
	});

	it('records connection errors and retries them', async () => {
		const closed = await startReceiver(200);
		const url = closed.url;
		await closed.close();
		sim.settings.callbackRetries = 2;
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: url });
		await sim.callbacksIdle();
		expect(sim.callbackAttempts.map((attempt) => attempt.result)).toEqual(['retry', 'retry', 'gave-up']);
		expect(sim.callbackAttempts[0].error).toMatch(/ECONNREFUSED/);
	});

	it('gives up at once on a URL it cannot call', async () => {
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: 'not a url' });
		await sim.callbacksIdle();
		expect(sim.callbackAttempts).toEqual([expect.objectContaining({ attempt: 1, result: 'gave-up', error: 'invalid callback URL' })]);
	});

	it('does not delay the send answer: it arrives while the callback is still unanswered', async () => {
		const pending: Array<(status: number) => void> = [];
		receiver = await startReceiver((respond) => pending.push(respond));
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		expect(reply.json.TotalSuccess).toBe(1);
		await receiver.waitForHits(1);
		let idle = false;
		const idlePromise = sim.callbacksIdle().then(() => {
			idle = true;
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(idle).toBe(false);
		pending[0](200);
		await idlePromise;
		expect(sim.callbackAttempts).toEqual([expect.objectContaining({ result: 'ok' })]);
	});

	it('keeps the number of callbacks in flight within callbackConcurrency', async () => {
		receiver = await startReceiver((respond) => setTimeout(() => respond(200), 5));
		sim.settings.callbackConcurrency = 2;
		const rows = Array.from({ length: 12 }, (_, i) => row(`09010000${String(i).padStart(2, '0')}`, uniqueId()));
		await sendBulk(sim, rows, { CallbackUrl: receiver.url });
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(12);
		expect(receiver.maxConcurrent).toBeLessThanOrEqual(2);
	});

	it('sends no callback for sandbox sends, nor without a CallbackUrl', async () => {
		receiver = await startReceiver(200);
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url, Sandbox: '1' });
		await sendBulk(sim, [row('0901888485', uniqueId())]);
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(0);
		expect(sim.callbackAttempts).toHaveLength(0);
	});

	it('resolves callbacksIdle at once when nothing is scheduled', async () => {
		await expect(sim.callbacksIdle()).resolves.toBeUndefined();
	});

	it('cancels pending callbacks on reset() and on stop()', async () => {
		receiver = await startReceiver('hold');
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		await receiver.waitForHits(1);
		const idle = sim.callbacksIdle();
		sim.reset();
		await idle;
		expect(sim.callbackAttempts).toHaveLength(0);

		const own = await startSimulator();
		await sendBulk(own, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url });
		await receiver.waitForHits(2);
		const ownIdle = own.callbacksIdle();
		await own.stop();
		await ownIdle;
		expect(own.callbackAttempts).toHaveLength(0);
	});

	it('sends callbacks for accept-then-drop sends too (the message was accepted)', async () => {
		receiver = await startReceiver(200);
		sim.faults.add({ kind: 'accept-then-drop', times: 1 });
		await sendBulk(sim, [row('0901888484', uniqueId())], { CallbackUrl: receiver.url }).catch(() => undefined);
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(1);
	});
});

import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { AdaptiveConcurrency } from '../../../../nodes/EsmsZns/transport/gate';
import { callEsms, MAX_THROTTLED_RESENDS, type RetryPolicy } from '../../../../nodes/EsmsZns/transport/request';

type Handler = (options: IHttpRequestOptions, attempt: number) => Promise<unknown>;

/** Only what callEsms uses of n8n's context: the authenticated request helper. */
function contextWith(handler: Handler) {
	const seen: IHttpRequestOptions[] = [];
	const context = {
		helpers: {
			async httpRequestWithAuthentication(_credential: string, options: IHttpRequestOptions) {
				// As n8n's helper does (1.x and 2.x): it puts the execution's cancel signal on the request.
				options.abortSignal = new AbortController().signal;
				seen.push(options);
				return await handler(options, seen.length);
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, seen };
}

/** An error shaped as n8n's NodeApiError around an axios error. */
function httpError(status: number, headers: Record<string, string> = {}) {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		httpCode: String(status),
		cause: { response: { status, headers } },
	});
}
function networkError(code: string) {
	return Object.assign(new Error(code), { cause: { code } });
}

const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ retries: 2, firstDelayMs: 1, timeoutMs: 5_000, ...overrides });
const call = { method: 'POST' as const, path: 'Send_zns_bulk_v4_post_json/', body: { Data: [] } };

describe('callEsms: a deadline for the whole request', () => {
	test('a request still running at the deadline is ended there and aborted', async () => {
		const signals: AbortSignal[] = [];
		const { context } = contextWith(async (options) => {
			const signal = options.abortSignal as AbortSignal;
			signals.push(signal);
			// Never answers on its own; only the abort signal ends it (as axios does).
			return await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(networkError('ERR_CANCELED'))));
		});
		const started = Date.now();
		const answer = await callEsms(context, 'http://esms.test', call, policy({ retries: 0, timeoutMs: 200 }));
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(answer).toEqual({ ok: false, transient: true, message: 'eSMS did not answer within 0.2 s', httpCode: null, mayHaveArrived: true });
		expect(signals).toHaveLength(1);
		// n8n replaced abortSignal with its own, yet the request saw a signal our deadline aborted.
		expect(signals[0].aborted).toBe(true);
	});

	test('the deadline timer does not outlive a fast answer, and the answer is kept', async () => {
		const { context, seen } = contextWith(async () => ({ CodeResult: '100' }));
		const answer = await callEsms(context, 'http://esms.test', call, policy({ timeoutMs: 60_000 }));
		expect(answer).toEqual({ ok: true, body: { CodeResult: '100' }, attempts: 1 });
		expect((seen[0].abortSignal as AbortSignal).aborted).toBe(true);
		expect(seen[0].timeout).toBe(60_000);
	});

	test('timed-out attempts are retried and counted', async () => {
		const { context } = contextWith(async (options, attempt) => {
			if (attempt === 3) return { CodeResult: '100' };
			const signal = options.abortSignal as AbortSignal;
			return await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(networkError('ERR_CANCELED'))));
		});
		const answer = await callEsms(context, 'http://esms.test', call, policy({ timeoutMs: 50 }));
		expect(answer).toMatchObject({ ok: true, attempts: 3 });
	});
});

describe('callEsms: error text that n8n keeps', () => {
	// n8n's NodeApiError replaces a message containing any of these codes with a generic sentence.
	const n8nRewrites = /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|ECONNABORTED|EHOSTUNREACH|EAI_AGAIN|EADDRNOTAVAIL|GETADDRINFO/i;

	// A refused connection or an unknown host never reached eSMS; anything else may have been processed.
	test.each([
		['ECONNREFUSED', 'Could not reach eSMS: the connection was refused, after 3 attempts', false],
		['ECONNRESET', 'Could not reach eSMS: the connection was closed unexpectedly, after 3 attempts', true],
		['ECONNABORTED', 'Could not reach eSMS: the connection timed out, after 3 attempts', true],
		['ENOTFOUND', 'Could not reach eSMS: the host name was not found, after 3 attempts', false],
		['EWHATEVER', 'Could not reach eSMS: a network error, after 3 attempts', true],
	])('%s is said in words, with the attempts', async (code, message, mayHaveArrived) => {
		const { context, seen } = contextWith(async () => {
			throw networkError(code);
		});
		const answer = await callEsms(context, 'http://esms.test', call, policy());
		expect(answer).toEqual({ ok: false, transient: true, message, httpCode: null, mayHaveArrived });
		expect(answer.ok || answer.message).not.toMatch(n8nRewrites);
		expect(seen).toHaveLength(3);
	});
});

describe('callEsms: too many requests', () => {
	test('HTTP 429 is resent besides the retries, waiting what Retry-After asks, and is not a lost answer', async () => {
		const { context, seen } = contextWith(async (_options, attempt) => {
			if (attempt <= 3) throw httpError(429, { 'retry-after': '0' });
			return { CodeResult: '100' };
		});
		const answer = await callEsms(context, 'http://esms.test', call, policy({ retries: 0 }));
		expect(answer).toEqual({ ok: true, body: { CodeResult: '100' }, attempts: 1 });
		expect(seen).toHaveLength(4);
	});

	test('an answer the call judges "throttled" (eSMS code 160) is resent; one that persists is handed back as the answer', async () => {
		const { context, seen } = contextWith(async () => ({ CodeResult: '160', ErrorMessage: 'TPS' }));
		const judge = (body: IDataObject): 'throttled' | 'usable' => (body.CodeResult === '160' ? 'throttled' : 'usable');
		const answer = await callEsms(context, 'http://esms.test', { ...call, judge }, policy({ retries: 0 }));
		expect(answer).toEqual({ ok: true, body: { CodeResult: '160', ErrorMessage: 'TPS' }, attempts: 1 });
		expect(seen).toHaveLength(MAX_THROTTLED_RESENDS + 1);
	});

	test('with a gate: throttled answers lower its limit and the gate does the waiting', async () => {
		const waits: number[] = [];
		const gate = new AdaptiveConcurrency(8, { firstPauseMs: 10, wait: async (ms) => void waits.push(ms), now: () => waits.reduce((a, b) => a + b, 0) });
		const { context } = contextWith(async (_options, attempt) => {
			if (attempt === 1) throw httpError(429, { 'retry-after': '2' });
			if (attempt === 2) throw httpError(503);
			return { CodeResult: '100' };
		});
		const answer = await callEsms(context, 'http://esms.test', call, policy({ retries: 1, firstDelayMs: 0, gate }));
		expect(answer).toMatchObject({ ok: true, attempts: 2 });
		expect(gate.limit).toBe(2);
		expect(waits[0]).toBe(2_000);
		expect(gate.inFlight).toBe(0);
	});
});

describe('callEsms: whether a failed call may have reached eSMS', () => {
	test('a timeout, then a refused connection: it may have arrived (the first attempt may have been processed)', async () => {
		const { context } = contextWith(async (options, attempt) => {
			if (attempt === 1) {
				const signal = options.abortSignal as AbortSignal;
				return await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(networkError('ERR_CANCELED'))));
			}
			throw networkError('ECONNREFUSED');
		});
		const answer = await callEsms(context, 'http://esms.test', call, policy({ retries: 1, timeoutMs: 50, firstDelayMs: 0 }));
		expect(answer).toMatchObject({ ok: false, mayHaveArrived: true });
	});

	test('HTTP 5xx may have been processed; HTTP 404 and 429 were not', async () => {
		for (const [status, expected] of [[502, true], [404, false]] as const) {
			const { context } = contextWith(async () => {
				throw httpError(status);
			});
			const answer = await callEsms(context, 'http://esms.test', call, policy({ retries: 0 }));
			expect(answer).toMatchObject({ ok: false, mayHaveArrived: expected });
		}
	});
});

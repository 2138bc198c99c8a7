import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from './account';
import type { RequestGate } from './gate';
import { NEVER_ARRIVED, networkErrorText } from './networkErrors';

/**
 * The one door to eSMS's HTTP. Every call goes through here: base URL, authentication (the
 * credential injects the keys), the gate, a deadline per request, retries of transient failures,
 * and error text that never carries a key. It reads no eSMS field: each call says, through
 * `judge`, whether an answer is usable or says "too many requests" (see client.ts).
 */

export type EsmsContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface EsmsCall {
	method: IHttpRequestMethods;
	/** Relative to the credential's Base URL, e.g. `Send_zns_bulk_v4_post_json/`. */
	path?: string;
	/** A full URL, for the few endpoints that live elsewhere. */
	url?: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * How a JSON answer reads: `usable`; `unusable` (not an answer eSMS meant, e.g. no result code:
	 * retried like a network error); `throttled` (eSMS says too many requests: nothing was
	 * processed, resent after a pause). Default: every JSON answer is usable.
	 */
	judge?: (body: IDataObject) => Verdict;
}

export type Verdict = 'usable' | 'unusable' | 'throttled';

export interface RetryPolicy {
	/** Resends after a network error, a timeout, HTTP 5xx or a non-JSON answer. */
	retries: number;
	firstDelayMs: number;
	/** A deadline for the whole request, answer included (not a socket-idle timer). */
	timeoutMs: number;
	/** Requests wait here for their turn (see gate.ts). */
	gate?: RequestGate;
}

/** The shortest deadline the node accepts: below it, a 500-row request could be cut off while eSMS still answers. */
export const MIN_TIMEOUT_MS = 5_000;

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, firstDelayMs: 250, timeoutMs: 60_000 };

/**
 * Answers "too many requests" (HTTP 429, or an answer judged `throttled`) are resent up to this many times besides
 * `retries`: eSMS processed nothing, and the wait between them grows.
 */
export const MAX_THROTTLED_RESENDS = 8;

export type EsmsAnswer =
	/** `attempts` > 1: earlier attempts got no usable answer, but may have reached eSMS. */
	| { ok: true; body: IDataObject; attempts: number }
	| CallFailure;

/** No usable answer, after the retries. */
export interface CallFailure {
	ok: false;
	transient: boolean;
	message: string;
	httpCode: string | null;
	/**
	 * Whether an attempt may have reached eSMS and been processed although its answer was lost (a
	 * timeout, a connection closed after the request was written, HTTP 5xx, an answer that is not
	 * eSMS's). False only when no attempt can have been processed (refused connection, unknown
	 * host, HTTP 429 or 4xx).
	 */
	mayHaveArrived: boolean;
}

type Attempt =
	| { kind: 'answer'; body: IDataObject; tooMany: boolean }
	| { kind: 'failure'; failure: CallFailure; throttled: boolean; tooMany: boolean; retryAfterMs?: number };

function isTransientStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

function retryAfterMsOf(value: unknown): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const seconds = Number(text);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
	const date = Date.parse(String(text));
	return Number.isFinite(date) ? Math.min(Math.max(0, date - Date.now()), 60_000) : undefined;
}

/** What an HTTP status says, in words, for the statuses a gateway answers with. */
const HTTP_STATUS_WORDS: Record<number, string> = {
	400: 'bad request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not found',
	405: 'method not allowed',
	408: 'request timeout',
	413: 'request too large',
	429: 'too many requests',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

/** "eSMS answered HTTP 429 (too many requests)": the status in words, its number kept for support. */
export function httpAnswerText(status: number): string {
	const words = HTTP_STATUS_WORDS[status];
	return `eSMS answered HTTP ${status}${words ? ` (${words})` : ''}`;
}

/** Reads what went wrong without ever quoting the request (its body or URL holds the keys). */
function describeFailure(error: unknown): Attempt {
	const failure = error as {
		httpCode?: unknown;
		cause?: { code?: unknown; response?: { status?: unknown; headers?: Record<string, unknown> } };
	};
	const status = Number(failure.cause?.response?.status ?? failure.httpCode);
	if (Number.isInteger(status) && status > 0) {
		return {
			kind: 'failure',
			failure: {
				ok: false,
				transient: isTransientStatus(status),
				message: httpAnswerText(status),
				httpCode: String(status),
				mayHaveArrived: status >= 500,
			},
			throttled: isTransientStatus(status),
			tooMany: status === 429,
			retryAfterMs: status === 429 ? retryAfterMsOf(failure.cause?.response?.headers?.['retry-after']) : undefined,
		};
	}
	const code = typeof failure.cause?.code === 'string' ? failure.cause.code.toUpperCase() : '';
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT';
	return {
		kind: 'failure',
		failure: {
			ok: false,
			transient: true,
			message: `Could not reach eSMS: ${networkErrorText(code)}`,
			httpCode: null,
			mayHaveArrived: !NEVER_ARRIVED.has(code),
		},
		throttled: timedOut,
		tooMany: false,
	};
}

/**
 * Keeps our deadline signal on the request although n8n's request helper assigns its own
 * execution-cancel signal to `abortSignal` (n8n 1.x and 2.x do): the request then ends on
 * whichever fires first — our deadline or the user cancelling the execution.
 */
function withDeadlineSignal(options: IHttpRequestOptions, deadline: AbortSignal): IHttpRequestOptions {
	const request = { ...options };
	let cancel: unknown;
	let both: AbortSignal | undefined;
	Object.defineProperty(request, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => {
			if (!(cancel instanceof AbortSignal)) return deadline;
			both ??= AbortSignal.any([deadline, cancel]);
			return both;
		},
		set: (signal: unknown) => {
			cancel = signal;
			both = undefined;
		},
	});
	return request;
}

/** One request, ended by its deadline whether or not bytes keep arriving. */
async function requestOnce(
	context: EsmsContext,
	options: IHttpRequestOptions,
	deadlineMs: number,
	judge?: (body: IDataObject) => Verdict,
): Promise<Attempt> {
	const controller = new AbortController();
	const request = context.helpers.httpRequestWithAuthentication
		.call(context, CREDENTIAL_NAME, withDeadlineSignal(options, controller.signal))
		.then(
			(body: unknown) => ({ done: true as const, body }),
			(error: unknown) => ({ done: true as const, error }),
		);
	const deadline = sleep(deadlineMs, controller.signal).then(
		() => ({ done: false as const }),
		() => ({ done: false as const }),
	);
	const first = await Promise.race([request, deadline]);
	// Ends the deadline timer, and the request too when it is still running.
	controller.abort();
	if (!first.done) {
		return {
			kind: 'failure',
			failure: {
				ok: false,
				transient: true,
				message: `eSMS did not answer within ${formatSeconds(deadlineMs)}`,
				httpCode: null,
				mayHaveArrived: true,
			},
			throttled: true,
			tooMany: false,
		};
	}
	if ('error' in first) return describeFailure(first.error);
	const body = first.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return {
			kind: 'failure',
			failure: { ok: false, transient: true, message: 'eSMS answered with something that is not JSON', httpCode: null, mayHaveArrived: true },
			throttled: false,
			tooMany: false,
		};
	}
	const verdict = judge ? judge(body as IDataObject) : 'usable';
	if (verdict === 'unusable') {
		return {
			kind: 'failure',
			failure: { ok: false, transient: true, message: 'eSMS answered without a result code', httpCode: null, mayHaveArrived: true },
			throttled: false,
			tooMany: false,
		};
	}
	return { kind: 'answer', body: body as IDataObject, tooMany: verdict === 'throttled' };
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** A request that waited its turn at the gate (if any) and reported how it went. */
async function attempt(
	context: EsmsContext,
	options: IHttpRequestOptions,
	retry: RetryPolicy,
	judge?: (body: IDataObject) => Verdict,
): Promise<Attempt> {
	const permit = retry.gate ? await retry.gate.acquire() : undefined;
	let result: Attempt | undefined;
	try {
		result = await requestOnce(context, options, retry.timeoutMs, judge);
		return result;
	} finally {
		// Always given back, so that no other request waits for a place that never frees.
		if (result === undefined) permit?.release('neutral');
		else if (result.kind === 'answer') permit?.release(result.tooMany ? 'throttled' : 'ok');
		else permit?.release(result.throttled ? 'throttled' : 'neutral', result.retryAfterMs);
	}
}

/**
 * Calls eSMS with a deadline per request. Resends network errors, timeouts, HTTP 5xx and non-JSON
 * answers `retry.retries` times with growing waits; "too many requests" (HTTP 429, or an answer the
 * call judges `throttled`) up to MAX_THROTTLED_RESENDS more times, waiting at least what the answer
 * asks for. A throttled answer that persists is handed back as eSMS's answer.
 */
export async function callEsms(
	context: EsmsContext,
	baseUrl: string,
	call: EsmsCall,
	retry: RetryPolicy = DEFAULT_RETRY,
): Promise<EsmsAnswer> {
	const options: IHttpRequestOptions = {
		method: call.method,
		url: call.url ?? `${baseUrl}/${call.path ?? ''}`,
		body: call.body,
		qs: call.qs,
		json: true,
		// Also ends a connection left idle, should n8n not honour the abort signal.
		timeout: retry.timeoutMs,
	};
	let attempts = 0;
	let resends = 0;
	let throttledResends = 0;
	let mayHaveArrived = false;
	for (;;) {
		const result = await attempt(context, options, retry, call.judge);
		attempts++;
		const { tooMany } = result;
		if (result.kind === 'failure' && result.failure.mayHaveArrived) mayHaveArrived = true;
		// Only attempts that may have reached eSMS count: a throttled one was not processed.
		if (result.kind === 'answer' && !tooMany) return { ok: true, body: result.body, attempts: resends + 1 };
		if (tooMany && throttledResends < MAX_THROTTLED_RESENDS) {
			// With a gate, the gate's pause is the wait; without one, back off here.
			const hint = result.kind === 'failure' ? (result.retryAfterMs ?? 0) : 0;
			if (!retry.gate) await sleep(Math.max(hint, Math.min(4_000, retry.firstDelayMs * 2 ** throttledResends)));
			throttledResends++;
			continue;
		}
		if (result.kind === 'answer') return { ok: true, body: result.body, attempts: resends + 1 };
		if (!result.failure.transient || resends >= retry.retries) {
			const failure = { ...result.failure, mayHaveArrived };
			return attempts > 1 ? { ...failure, message: `${failure.message}, after ${attempts} attempts` } : failure;
		}
		await sleep(retry.firstDelayMs * 3 ** resends);
		resends++;
	}
}

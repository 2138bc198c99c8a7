import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, DEFAULT_REPORTS_URL } from '../../credentials/EsmsApi.credentials';

/**
 * The one door to eSMS. Every call goes through here: base URL, authentication (the
 * credential injects the keys), timeouts, retries of transient failures, and error text that
 * never carries a key.
 */

export const CREDENTIAL_NAME = 'esmsApi';

type EsmsContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface EsmsCall {
	method: IHttpRequestMethods;
	/** Relative to the credential's Base URL, e.g. `Send_zns_bulk_v4_post_json/`. */
	path?: string;
	/** A full URL, for the few endpoints that live elsewhere. */
	url?: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Whether a JSON answer is one eSMS meant (e.g. has a result code); an unusable one is retried. */
	isUsable?: (body: IDataObject) => boolean;
}

export interface RetryPolicy {
	retries: number;
	firstDelayMs: number;
	timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 2, firstDelayMs: 250, timeoutMs: 60_000 };

export type EsmsAnswer =
	/** `attempts` > 1: earlier attempts got no usable answer, but may have reached eSMS. */
	| { ok: true; body: IDataObject; attempts: number }
	| { ok: false; transient: boolean; message: string; httpCode: string | null };

async function credentialUrl(context: EsmsContext, field: 'baseUrl' | 'reportsUrl', fallback: string): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const configured = typeof credentials[field] === 'string' ? credentials[field].trim() : '';
	return (configured || fallback).replace(/\/+$/, '');
}

export async function getBaseUrl(context: EsmsContext): Promise<string> {
	return await credentialUrl(context, 'baseUrl', DEFAULT_BASE_URL);
}

/** The stored-callback API lives on its own host. */
export async function getReportsUrl(context: EsmsContext): Promise<string> {
	return await credentialUrl(context, 'reportsUrl', DEFAULT_REPORTS_URL);
}

function isTransientStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

/** Reads what went wrong without ever quoting the request (its body or URL holds the keys). */
function describeFailure(error: unknown): Extract<EsmsAnswer, { ok: false }> {
	const failure = error as { httpCode?: unknown; cause?: { code?: unknown; response?: { status?: unknown } } };
	const status = Number(failure.cause?.response?.status ?? failure.httpCode);
	if (Number.isInteger(status) && status > 0) {
		return {
			ok: false,
			transient: isTransientStatus(status),
			message: `eSMS answered HTTP ${status}`,
			httpCode: String(status),
		};
	}
	const code = typeof failure.cause?.code === 'string' ? failure.cause.code : 'no response';
	return { ok: false, transient: true, message: `Could not reach eSMS (${code})`, httpCode: null };
}

async function requestOnce(
	context: EsmsContext,
	options: IHttpRequestOptions,
	isUsable?: (body: IDataObject) => boolean,
): Promise<EsmsAnswer> {
	let body: unknown;
	try {
		body = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_NAME, options);
	} catch (error) {
		return describeFailure(error);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, transient: true, message: 'eSMS answered with something that is not JSON', httpCode: null };
	}
	if (isUsable && !isUsable(body as IDataObject)) {
		return { ok: false, transient: true, message: 'eSMS answered without a result code', httpCode: null };
	}
	return { ok: true, body: body as IDataObject, attempts: 1 };
}

/** Calls eSMS, retrying network errors, timeouts, HTTP 5xx/429 and non-JSON answers with backoff. */
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
		timeout: retry.timeoutMs,
	};
	let answer = await requestOnce(context, options, call.isUsable);
	let attempts = 1;
	for (; attempts <= retry.retries && !answer.ok && answer.transient; attempts++) {
		await sleep(retry.firstDelayMs * 3 ** (attempts - 1));
		answer = await requestOnce(context, options, call.isUsable);
	}
	if (answer.ok) return { ...answer, attempts };
	if (answer.transient && retry.retries > 0) {
		return { ...answer, message: `${answer.message}, after ${retry.retries + 1} attempts` };
	}
	return answer;
}

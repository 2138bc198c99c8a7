import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { PhoneFormat } from '../../esms/phone';
import type { CharsetChoice } from '../../esms/smsText';
import { MAX_BATCH_SIZE } from '../../send/batches';
import type { RunPlace } from '../../send/memory';
import type { PreflightOptions } from '../../send/preflight';
import type { IdScope, RequestIdMode } from '../../send/requestId';
import { AdaptiveConcurrency } from '../../transport/gate';
import { DEFAULT_RETRY, MIN_TIMEOUT_MS, type RetryPolicy } from '../../transport/request';
import { locatorValue } from '../commonFields';

/**
 * The Send parameters that are the same for every item, read once per execution and checked:
 * each number from an expression is checked against its range, with one error naming the field.
 * The request options (Send At, Campaign…) are read per item (sendItems.ts).
 */
export interface SendSettings {
	/** What is sent: a bulk ZNS, an SMS, or a ZNS that eSMS follows with an SMS when Zalo cannot deliver it. */
	kind: MessageKind;
	/** The Zalo OA and template ('' for an SMS). */
	oaId: string;
	templateId: string;
	paramsMode: 'fields' | 'list' | 'json';
	/** How the SMS is written (an SMS, or the fallback's); null for a bulk ZNS. */
	sms: SmsSettings | null;
	requestIdMode: RequestIdMode;
	/** Where default Request IDs are unique (null with custom Request IDs). */
	idScope: IdScope | null;
	batchSize: number;
	phoneFormat: PhoneFormat;
	includeInputFields: boolean;
	retry: RetryPolicy;
	/** Requests to eSMS in flight at most (the ceiling of retry.gate's adaptive concurrency). */
	requestsInFlight: number;
	timezone: string;
	/** Where and when this run happens, for the outcome memory (`scope` once the credential is known). */
	place: RunPlace;
	preflight: PreflightOptions;
}

export type MessageKind = 'zns' | 'sms' | 'fallback';

export interface SmsSettings {
	brandname: string;
	charset: CharsetChoice;
	removeDiacritics: boolean;
	maxParts: number;
}

/** The options read once (per item, the request options are read by items.ts). */
export interface RunOptions {
	batchSize?: unknown;
	charset?: unknown;
	maxParts?: unknown;
	removeDiacritics?: unknown;
	includeInputFields?: unknown;
	phoneFormat?: unknown;
	requestsInFlight?: unknown;
	retries?: unknown;
	timeoutSeconds?: unknown;
}

/** The parameters read once: an item whose expression gives another value is refused (sendItems.ts). */
export const ONCE_PER_RUN: Array<{ path: string; field: string }> = [
	{ path: 'options.batchSize', field: 'Batch Size' },
	{ path: 'options.includeInputFields', field: 'Include Input Fields' },
	{ path: 'options.phoneFormat', field: 'Phone Format' },
	{ path: 'options.requestsInFlight', field: 'Requests in Flight' },
	{ path: 'options.retries', field: 'Retries on Network Errors' },
	{ path: 'options.timeoutSeconds', field: 'Request Timeout (Seconds)' },
	{ path: 'options.charset', field: 'Charset' },
	{ path: 'options.removeDiacritics', field: 'Remove Diacritics' },
	{ path: 'options.maxParts', field: 'Max SMS Parts' },
];

/**
 * Requests in flight by default. Bulk ZNS: ten 500-recipient requests at a time; at ~300 ms per
 * request that is ~33 requests/s, and 10,000 recipients go in two rounds. One recipient per
 * request (SMS, ZNS with SMS fallback): time is round trips, so 30 at a time, ~100 requests/s at
 * ~300 ms, the top of the 20–100 requests/s eSMS documents for its look-up APIs (it documents no
 * send limit; measured in reports/bench-sms.md). The adaptive gate halves either whenever eSMS
 * pushes back.
 */
export const DEFAULT_REQUESTS_IN_FLIGHT: Record<MessageKind, number> = { zns: 10, sms: 30, fallback: 30 };
export const MAX_REQUESTS_IN_FLIGHT = 100;

const MAX_RETRIES = 10;
/** Skip Already Sent reads eSMS's sent log this far back by default, and at most this far. */
export const DEFAULT_LOOK_BACK_DAYS = 7;
const MAX_LOOK_BACK_DAYS = 90;
/** Longer texts are split by the carriers into more parts than anyone means to pay for. */
const MAX_SMS_PARTS = 10;
export const DEFAULT_MAX_SMS_PARTS = 3;
/** An hour: longer than any eSMS answer, and far below what a timer can hold (24.8 days). */
const MAX_TIMEOUT_SECONDS = 3600;

export function settingError(context: IExecuteFunctions, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex: 0 });
}

/** A whole number in a range, from a number field or an expression; the default when empty. */
function wholeNumber(context: IExecuteFunctions, raw: unknown, field: string, range: [number, number], fallback: number): number {
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
		throw settingError(context, `${field} must be a whole number from ${range[0]} to ${range[1]} (got ${JSON.stringify(raw)})`);
	}
	return value;
}

/** Seconds, at most an hour; below the minimum (5 s), and 0, count as the minimum. */
function timeoutMsOf(context: IExecuteFunctions, raw: unknown): number {
	if (raw === undefined || raw === null || raw === '') return DEFAULT_RETRY.timeoutMs;
	const seconds = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_TIMEOUT_SECONDS) {
		throw settingError(context, `Request Timeout (Seconds) must be a number from 0 to ${MAX_TIMEOUT_SECONDS} (got ${JSON.stringify(raw)})`);
	}
	return Math.max(MIN_TIMEOUT_MS, seconds * 1000);
}

function choice<T extends string>(context: IExecuteFunctions, raw: unknown, field: string, allowed: readonly T[], fallback: T): T {
	if (raw === undefined || raw === null || raw === '') return fallback;
	if ((allowed as readonly unknown[]).includes(raw)) return raw as T;
	throw settingError(context, `${field} must be one of ${allowed.map((value) => `"${value}"`).join(', ')} (got ${JSON.stringify(raw)})`);
}

function flag(context: IExecuteFunctions, raw: unknown, field: string): boolean {
	if (raw === undefined || raw === null || raw === '') return false;
	if (typeof raw === 'boolean') return raw;
	throw settingError(context, `${field} must be true or false (got ${JSON.stringify(raw)})`);
}

function readPreflight(context: IExecuteFunctions, kind: MessageKind): PreflightOptions {
	const raw = context.getNodeParameter('preflight', 0, {}) as IDataObject;
	return {
		// An SMS uses no Zalo OA, so no daily quota.
		quota: kind === 'sms' ? 'off' : choice(context, raw.quota, 'Pre-Flight Checks › Daily Quota', ['stop', 'upToQuota', 'off'], 'stop'),
		balance: raw.balance !== 'off' && raw.balance !== false,
		onLookupFailure: choice(context, raw.onLookupFailure, 'Pre-Flight Checks › If a Check Cannot Run', ['stop', 'continue'], 'stop'),
		estimateOnly: flag(context, raw.estimateOnly, 'Pre-Flight Checks › Estimate Only'),
		alreadySent: choice(context, raw.alreadySent, 'Pre-Flight Checks › Skip Already Sent', ['campaign', 'off'], 'campaign'),
		lookBackDays: wholeNumber(context, raw.lookBackDays, 'Pre-Flight Checks › Look Back (Days)', [1, MAX_LOOK_BACK_DAYS], DEFAULT_LOOK_BACK_DAYS),
	};
}

function required(context: IExecuteFunctions, value: string, name: string): string {
	if (!value) throw settingError(context, `${name} is required`);
	return value;
}

function readSms(context: IExecuteFunctions, options: RunOptions): SmsSettings {
	return {
		brandname: required(context, locatorValue(context, 'brandname', 0), 'Brandname'),
		charset: choice(context, options.charset, 'Charset', ['auto', 'gsm7', 'unicode'], 'auto'),
		removeDiacritics: flag(context, options.removeDiacritics, 'Remove Diacritics'),
		maxParts: wholeNumber(context, options.maxParts, 'Max SMS Parts', [1, MAX_SMS_PARTS], DEFAULT_MAX_SMS_PARTS),
	};
}

export function readSendSettings(context: IExecuteFunctions, kind: MessageKind): SendSettings {
	const zns = kind !== 'sms';
	const oaId = zns ? required(context, locatorValue(context, 'oaId', 0), 'Zalo OA') : '';
	const templateId = zns ? required(context, locatorValue(context, 'templateId', 0), 'Template') : '';
	const paramsMode = zns ? choice(context, context.getNodeParameter('paramsMode', 0), 'Template Values', ['fields', 'list', 'json'], 'fields') : 'list';
	const savedMode = context.getNodeParameter('requestIdMode', 0, 'auto') as string;
	const requestIdMode: RequestIdMode = savedMode === 'custom' || savedMode === 'perExecution' ? savedMode : 'content';
	const options = context.getNodeParameter('options', 0, {}) as RunOptions;
	const node = context.getNode();
	const executionId = String(context.getExecutionId() ?? '') || `run${Date.now()}`;
	const requestsInFlight = wholeNumber(context, options.requestsInFlight, 'Requests in Flight', [1, MAX_REQUESTS_IN_FLIGHT], DEFAULT_REQUESTS_IN_FLIGHT[kind]);
	const retry: RetryPolicy = {
		...DEFAULT_RETRY,
		retries: wholeNumber(context, options.retries, 'Retries on Network Errors', [0, MAX_RETRIES], DEFAULT_RETRY.retries),
		timeoutMs: timeoutMsOf(context, options.timeoutSeconds),
		// One adaptive gate per execution.
		gate: new AdaptiveConcurrency(requestsInFlight),
	};
	return {
		kind,
		oaId,
		templateId,
		paramsMode,
		sms: kind === 'zns' ? null : readSms(context, options),
		requestIdMode,
		idScope:
			requestIdMode === 'custom'
				? null
				: {
						mode: requestIdMode,
						workflowId: String(context.getWorkflow().id ?? ''),
						nodeId: node.id ?? node.name,
						instanceId: context.getInstanceId(),
						executionId,
					},
		batchSize: wholeNumber(context, options.batchSize, 'Batch Size', [1, MAX_BATCH_SIZE], MAX_BATCH_SIZE),
		phoneFormat: choice(context, options.phoneFormat, 'Phone Format', ['domestic', 'asGiven'], 'domestic'),
		includeInputFields: flag(context, options.includeInputFields, 'Include Input Fields'),
		retry,
		requestsInFlight,
		timezone: context.getTimezone(),
		preflight: readPreflight(context, kind),
		place: { scope: '', executionId, runIndex: Number(context.getWorkflowDataProxy(0).$runIndex ?? 0), now: Date.now() },
	};
}

import { isHttpUrl } from '../esms/params';
import { toEsmsSendDate } from '../esms/schedule';
import type { RequestOptions } from './types';

/**
 * The request options of one item (Send At, Campaign, Callback URL, Sandbox, Sending Mode), checked.
 * They are read per item: recipients are batched by them, so each request carries its own.
 */

/** The options as n8n gave them for one item. */
export interface RawOptions {
	sendAt?: unknown;
	campaign?: unknown;
	callbackUrl?: unknown;
	sandbox?: unknown;
	sendingMode?: unknown;
}

/** What is wrong with one option of one item. */
export interface OptionProblem {
	field: string;
	rule: string;
	value: unknown;
}

export const MAX_CAMPAIGN_LENGTH = 254;
/** eSMS's schedule is a calendar date-time: anything outside these years is a mistake, not a plan. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function describeType(value: unknown): string {
	return Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
}

/** Characters as people count them (an emoji is one), not UTF-16 units. */
function characterCount(text: string): number {
	let count = 0;
	for (const _character of text) count++;
	return count;
}

function readSendAt(value: unknown, timezone: string): string | null | OptionProblem {
	if (isEmpty(value)) return null;
	const sendAt = toEsmsSendDate(value, timezone);
	if (sendAt === null) return { field: 'Send At', rule: 'is not a date-time', value };
	const year = Number(sendAt.slice(0, sendAt.indexOf('-')));
	if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
		return { field: 'Send At', rule: `must be a date-time between the years ${FIRST_YEAR} and ${LAST_YEAR}`, value };
	}
	return sendAt;
}

function readText(field: string, value: unknown): string | null | OptionProblem {
	if (isEmpty(value)) return null;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return { field, rule: `must be text, not ${describeType(value)}`, value };
	const text = value.trim();
	return text === '' ? null : text;
}

function readCampaign(value: unknown): string | null | OptionProblem {
	const campaign = readText('Campaign', value);
	if (typeof campaign !== 'string') return campaign;
	const length = characterCount(campaign);
	if (length > MAX_CAMPAIGN_LENGTH) {
		return { field: 'Campaign', rule: `must be at most ${MAX_CAMPAIGN_LENGTH} characters (has ${length})`, value };
	}
	return campaign;
}

function readCallbackUrl(value: unknown, shownUrl: (url: string) => string): string | null | OptionProblem {
	const url = readText('Callback URL', value);
	if (typeof url !== 'string') return url;
	// The URL is never echoed whole: it may hold the trigger's secret path or a password.
	if (!isHttpUrl(url)) return { field: 'Callback URL', rule: 'must be an http(s) URL', value: shownUrl(url) };
	return url;
}

function isProblem(value: unknown): value is OptionProblem {
	return typeof value === 'object' && value !== null && 'rule' in value;
}

/** One item's request options, or the first one that is wrong. */
export function readRequestOptions(
	raw: RawOptions,
	timezone: string,
	shownUrl: (url: string) => string,
): RequestOptions | OptionProblem {
	const sendAt = readSendAt(raw.sendAt, timezone);
	if (isProblem(sendAt)) return sendAt;
	const campaign = readCampaign(raw.campaign);
	if (isProblem(campaign)) return campaign;
	const callbackUrl = readCallbackUrl(raw.callbackUrl, shownUrl);
	if (isProblem(callbackUrl)) return callbackUrl;
	const overQuota = raw.sendingMode === '3';
	if (overQuota && sendAt !== null) {
		return {
			field: 'Sending Mode',
			rule: '"Over Daily Quota" cannot be scheduled: eSMS refuses it with code 801. Remove Send At or use the normal mode',
			value: sendAt,
		};
	}
	const sandbox = raw.sandbox === true;
	const key = JSON.stringify([sendAt, campaign, callbackUrl, sandbox, overQuota]);
	return { sendAt, campaign, callbackUrl, sandbox, overQuota, key };
}

export function isOptionProblem(read: RequestOptions | OptionProblem): read is OptionProblem {
	return 'rule' in read;
}

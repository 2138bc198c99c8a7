import { campaignProblem, campaignText } from '../esms/campaign';
import { isHttpUrl } from '../esms/params';
import { checkSendAt } from '../esms/schedule';
import { urlForDisplay } from '../../shared/redact';
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

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function readSendAt(value: unknown, timezone: string): string | null | OptionProblem {
	if (isEmpty(value)) return null;
	const checked = checkSendAt(value, timezone);
	return 'rule' in checked ? { field: 'Send At', rule: checked.rule, value } : checked.text;
}

function readCampaign(value: unknown): string | null | OptionProblem {
	const rule = campaignProblem(value);
	if (rule !== null) return { field: 'Campaign', rule, value };
	return campaignText(value) || null;
}

function readCallbackUrl(value: unknown): string | null | OptionProblem {
	if (isEmpty(value)) return null;
	if (typeof value !== 'string') return { field: 'Callback URL', rule: 'must be text', value };
	const url = value.trim();
	if (url === '') return null;
	// The URL is never echoed whole: it may hold the trigger's secret path or a password.
	if (!isHttpUrl(url)) return { field: 'Callback URL', rule: 'must be an http(s) URL', value: urlForDisplay(url) };
	return url;
}

function isProblem(value: unknown): value is OptionProblem {
	return typeof value === 'object' && value !== null && 'rule' in value;
}

/** One item's request options, or the first one that is wrong. */
export function readRequestOptions(raw: RawOptions, timezone: string): RequestOptions | OptionProblem {
	const sendAt = readSendAt(raw.sendAt, timezone);
	if (isProblem(sendAt)) return sendAt;
	const campaign = readCampaign(raw.campaign);
	if (isProblem(campaign)) return campaign;
	const callbackUrl = readCallbackUrl(raw.callbackUrl);
	if (isProblem(callbackUrl)) return callbackUrl;
	// From an expression these may come as text or a number.
	const overQuota = String(raw.sendingMode ?? '').trim() === '3';
	if (overQuota && sendAt !== null) {
		return {
			field: 'Sending Mode',
			rule: '"Over Daily Quota" cannot be scheduled: eSMS refuses it with code 801. Remove Send At or use the normal mode',
			value: sendAt,
		};
	}
	const sandbox = raw.sandbox === true || String(raw.sandbox).trim().toLowerCase() === 'true';
	const key = JSON.stringify([sendAt, campaign, callbackUrl, sandbox, overQuota]);
	return { sendAt, campaign, callbackUrl, sandbox, overQuota, key };
}

export function isOptionProblem(read: RequestOptions | OptionProblem): read is OptionProblem {
	return 'rule' in read;
}

import { campaignProblem, campaignText } from '../esms/campaign';
import { isHttpUrl } from '../esms/params';
import { checkSendAt } from '../esms/schedule';
import { urlForDisplay } from '../../shared/redact';
import { notOk, ok, type Result } from '../../shared/result';
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

type Read = Result<string | null, OptionProblem>;

function readSendAt(value: unknown, timezone: string): Read {
	if (isEmpty(value)) return ok(null);
	const checked = checkSendAt(value, timezone);
	return checked.ok ? checked : notOk({ field: 'Send At', rule: checked.why, value });
}

function readCampaign(value: unknown): Read {
	const rule = campaignProblem(value);
	if (rule !== null) return notOk({ field: 'Campaign', rule, value });
	return ok(campaignText(value) || null);
}

function readCallbackUrl(value: unknown): Read {
	if (isEmpty(value)) return ok(null);
	if (typeof value !== 'string') return notOk({ field: 'Callback URL', rule: 'must be text', value });
	const url = value.trim();
	if (url === '') return ok(null);
	// The URL is never echoed whole: it may hold the trigger's secret path or a password.
	if (!isHttpUrl(url)) return notOk({ field: 'Callback URL', rule: 'must be an http(s) URL', value: urlForDisplay(url) });
	return ok(url);
}

/** One item's request options, or the first one that is wrong. */
export function readRequestOptions(raw: RawOptions, timezone: string): Result<RequestOptions, OptionProblem> {
	const sendAt = readSendAt(raw.sendAt, timezone);
	if (!sendAt.ok) return sendAt;
	const campaign = readCampaign(raw.campaign);
	if (!campaign.ok) return campaign;
	const callbackUrl = readCallbackUrl(raw.callbackUrl);
	if (!callbackUrl.ok) return callbackUrl;
	// From an expression these may come as text or a number.
	const overQuota = String(raw.sendingMode ?? '').trim() === '3';
	if (overQuota && sendAt.value !== null) {
		const rule = '"Over Daily Quota" cannot be scheduled: eSMS refuses it with code 801. Remove Send At or use the normal mode';
		return notOk({ field: 'Sending Mode', rule, value: sendAt.value });
	}
	const sandbox = raw.sandbox === true || String(raw.sandbox).trim().toLowerCase() === 'true';
	const key = JSON.stringify([sendAt.value, campaign.value, callbackUrl.value, sandbox, overQuota]);
	return ok({ sendAt: sendAt.value, campaign: campaign.value, callbackUrl: callbackUrl.value, sandbox, overQuota, key });
}

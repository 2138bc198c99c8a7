import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { codeMeaning, normaliseCode } from '../../codes';
import type { PreflightFacts } from '../../send/preflight';
import type { Recipient } from '../../send/types';
import { callEsms, type EsmsAnswer } from '../../transport';
import type { SendSettings } from './sendSettings';

/** Asks eSMS, once per run, what the pre-flight checks need: the OA's quota, the balance, a price. */

type Looked = { body: IDataObject } | { problem: string };

function readAnswer(answer: EsmsAnswer, codeField: 'CodeResult' | 'CodeResponse', what: string): Looked {
	if (!answer.ok) return { problem: `could not ${what}: ${answer.message}` };
	const code = normaliseCode(answer.body[codeField]);
	if (code === '100') return { body: answer.body };
	return { problem: `could not ${what}: ${codeMeaning(code)}${code === null ? '' : ` (code ${code})`}` };
}

function numberIn(body: IDataObject, field: string): number | null {
	const value = Number(body[field]);
	return body[field] === undefined || body[field] === null || body[field] === '' || !Number.isFinite(value) ? null : value;
}

async function remainingQuota(context: IExecuteFunctions, settings: SendSettings): Promise<{ value: number | null; problem: string | null }> {
	const answer = await callEsms(context, settings.baseUrl, { method: 'POST', path: 'ZNS/GetQuota/', body: { OAID: settings.oaId } }, settings.retry);
	const looked = readAnswer(answer, 'CodeResult', "read the Zalo OA's daily quota");
	if ('problem' in looked) return { value: null, problem: looked.problem };
	const value = numberIn(looked.body, 'RemainingQuota');
	return value === null ? { value, problem: "could not read the Zalo OA's daily quota: eSMS gave no RemainingQuota" } : { value, problem: null };
}

async function balanceAndPrice(
	context: IExecuteFunctions,
	settings: SendSettings,
	sample: Recipient,
): Promise<{ balance: number | null; price: number | null; problem: string | null }> {
	const [balanceAnswer, priceAnswer] = await Promise.all([
		callEsms(context, settings.baseUrl, { method: 'POST', path: 'GetBalance_json', body: {} }, settings.retry),
		callEsms(
			context,
			settings.baseUrl,
			{
				method: 'POST',
				path: 'SummaryZaloMessage_V4_post_json/',
				body: { Phone: sample.phone, Params: sample.params, TempID: settings.templateId, OAID: settings.oaId },
			},
			settings.retry,
		),
	]);
	const balance = readAnswer(balanceAnswer, 'CodeResponse', 'read the eSMS balance');
	if ('problem' in balance) return { balance: null, price: null, problem: balance.problem };
	const price = readAnswer(priceAnswer, 'CodeResult', "get eSMS's price for this template");
	if ('problem' in price) return { balance: numberIn(balance.body, 'Balance'), price: null, problem: price.problem };
	const total = numberIn(price.body, 'TotalPrice');
	const receivers = numberIn(price.body, 'TotalReceiver') ?? 1;
	return {
		balance: numberIn(balance.body, 'Balance'),
		price: total === null || receivers <= 0 ? null : total / receivers,
		problem: total === null ? "could not get eSMS's price for this template: eSMS gave no TotalPrice" : null,
	};
}

/**
 * The facts the checks need, each asked only when its check is on. Sandbox sends are neither
 * charged nor counted; Sending Mode "Over Daily Quota" is not bound by the quota.
 */
export async function lookUpPreflight(
	context: IExecuteFunctions,
	settings: SendSettings,
	toSend: Recipient[],
): Promise<{ facts: PreflightFacts; notes: string[] }> {
	const { preflight } = settings;
	const notes: string[] = [];
	const facts: PreflightFacts = { remainingQuota: null, quotaProblem: null, balance: null, pricePerMessage: null, balanceProblem: null };
	const checkQuota = preflight.quota !== 'off' && !settings.sandbox && settings.requestFields.SendingMode !== '3';
	const checkBalance = preflight.balance && !settings.sandbox && toSend.length > 0;
	if (preflight.quota !== 'off' && settings.sandbox) notes.push('daily quota not checked: Sandbox sends are not counted');
	if (preflight.quota !== 'off' && settings.requestFields.SendingMode === '3') notes.push('daily quota not checked: Sending Mode "Over Daily Quota"');
	if (preflight.balance && settings.sandbox) notes.push('balance not checked: Sandbox sends are not charged');
	const [quota, money] = await Promise.all([
		checkQuota ? remainingQuota(context, settings) : null,
		checkBalance ? balanceAndPrice(context, settings, toSend[0]) : null,
	]);
	if (quota) {
		facts.remainingQuota = quota.value;
		facts.quotaProblem = quota.problem;
	}
	if (money) {
		facts.balance = money.balance;
		facts.pricePerMessage = money.price;
		facts.balanceProblem = money.problem;
	}
	return { facts, notes };
}

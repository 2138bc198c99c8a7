import type { IDataObject } from 'n8n-workflow';

import { settle } from '../../client';
import type { PreflightFacts } from '../../send/preflight';
import type { Recipient } from '../../send/types';
import type { SendSettings } from './sendSettings';

/** Asks eSMS, once per run, what the pre-flight checks need: the OA's quota, the balance, a price. */

function numberIn(body: IDataObject, field: string): number | null {
	const value = Number(body[field]);
	return body[field] === undefined || body[field] === null || body[field] === '' || !Number.isFinite(value) ? null : value;
}

/** A look-up's answer, or why it could not be had (the user decides what a failure means). */
async function attempt<T>(what: string, lookUp: () => Promise<T>): Promise<{ value: T } | { problem: string }> {
	const settled = await settle(lookUp);
	if ('value' in settled) return settled;
	const { reason, code } = settled.error;
	return { problem: `could not ${what}: ${reason}${code === null ? '' : ` (code ${code})`}` };
}

async function remainingQuota(settings: SendSettings): Promise<{ value: number | null; problem: string | null }> {
	const looked = await attempt("read the Zalo OA's daily quota", async () => await settings.client.getQuota(settings.oaId));
	if ('problem' in looked) return { value: null, problem: looked.problem };
	const value = numberIn(looked.value, 'RemainingQuota');
	return value === null ? { value, problem: "could not read the Zalo OA's daily quota: eSMS gave no RemainingQuota" } : { value, problem: null };
}

async function balanceAndPrice(
	settings: SendSettings,
	sample: Recipient,
): Promise<{ balance: number | null; price: number | null; problem: string | null }> {
	const message = { oaId: settings.oaId, templateId: settings.templateId, phone: sample.phone, params: sample.params };
	const [balance, price] = await Promise.all([
		attempt('read the eSMS balance', async () => await settings.client.getBalance()),
		attempt("get eSMS's price for this template", async () => await settings.client.estimateCost(message)),
	]);
	if ('problem' in balance) return { balance: null, price: null, problem: balance.problem };
	if ('problem' in price) return { balance: balance.value.balance, price: null, problem: price.problem };
	const total = numberIn(price.value, 'TotalPrice');
	const receivers = numberIn(price.value, 'TotalReceiver') ?? 1;
	return {
		balance: balance.value.balance,
		price: total === null || receivers <= 0 ? null : total / receivers,
		problem: total === null ? "could not get eSMS's price for this template: eSMS gave no TotalPrice" : null,
	};
}

/**
 * The facts the checks need, each asked only when its check is on. Sandbox sends are neither
 * charged nor counted; Sending Mode "Over Daily Quota" is not bound by the quota.
 */
export async function lookUpPreflight(
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
		checkQuota ? remainingQuota(settings) : null,
		checkBalance ? balanceAndPrice(settings, toSend[0]) : null,
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

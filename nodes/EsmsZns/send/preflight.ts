import { unsentOutcome } from './outcomes';
import type { Outcome, Recipient } from './types';

/**
 * Pre-flight: what a careful campaign manager checks before the first message goes out — the
 * Zalo OA's daily quota and the account's balance against the campaign's cost. Pure: the
 * numbers come from eSMS (see sendPreflight.ts), the decisions are made here.
 */

/** What to do when the OA's remaining daily quota is smaller than the campaign. */
export type QuotaMode = 'stop' | 'upToQuota' | 'off';

/** eSMS's answers, or why one could not be had (null: not asked). */
export interface PreflightFacts {
	remainingQuota: number | null;
	quotaProblem: string | null;
	balance: number | null;
	pricePerMessage: number | null;
	balanceProblem: string | null;
}

/** The campaign as planned, for a following node (e.g. an IF that lets the real send run). */
export interface Estimate {
	[key: string]: number | boolean | string | null | string[];
	recipients: number;
	invalid: number;
	toSend: number;
	overQuota: number;
	batches: number;
	remainingQuota: number | null;
	quotaLeftAfter: number | null;
	withinQuota: boolean | null;
	pricePerMessage: number | null;
	estimatedCost: number | null;
	balance: number | null;
	balanceLeftAfter: number | null;
	withinBalance: boolean | null;
	currency: string;
	/** Checks that were skipped or could not run, in words. */
	notes: string[];
}

/** The first `remaining` recipients in input order are sent; the rest are over the quota. */
export function splitByQuota(recipients: Recipient[], remaining: number): { send: Recipient[]; over: Recipient[] } {
	const sorted = [...recipients].sort((a, b) => a.itemIndex - b.itemIndex);
	const room = Math.max(0, Math.floor(remaining));
	return { send: sorted.slice(0, room), over: sorted.slice(room) };
}

export function quotaShortMessage(remaining: number, wanted: number): string {
	return `The Zalo OA's daily quota has ${remaining} message(s) left, but ${wanted} recipient(s) are to be sent`;
}

export function balanceShortMessage(balance: number, cost: number, count: number, price: number): string {
	return `The eSMS balance is ${balance} VND, but ${count} message(s) at ${price} VND cost an estimated ${cost} VND`;
}

export function overQuotaOutcomes(over: Recipient[], remaining: number, wanted: number): Outcome[] {
	const message = `Not sent: over the Zalo OA's daily quota (${quotaShortMessage(remaining, wanted)}; the first ${remaining} in input order were sent)`;
	return over.map((recipient) => unsentOutcome(recipient, 'skipped', message));
}

export function estimateOf(input: {
	facts: PreflightFacts;
	recipients: number;
	invalid: number;
	toSend: number;
	overQuota: number;
	batches: number;
	notes: string[];
}): Estimate {
	const { facts } = input;
	const cost = facts.pricePerMessage === null ? null : roundMoney(facts.pricePerMessage * input.toSend);
	return {
		recipients: input.recipients,
		invalid: input.invalid,
		toSend: input.toSend,
		overQuota: input.overQuota,
		batches: input.batches,
		remainingQuota: facts.remainingQuota,
		quotaLeftAfter: facts.remainingQuota === null ? null : facts.remainingQuota - input.toSend,
		withinQuota: facts.remainingQuota === null ? null : input.toSend <= facts.remainingQuota,
		pricePerMessage: facts.pricePerMessage,
		estimatedCost: cost,
		balance: facts.balance,
		balanceLeftAfter: facts.balance === null || cost === null ? null : roundMoney(facts.balance - cost),
		withinBalance: facts.balance === null || cost === null ? null : cost <= facts.balance,
		currency: 'VND',
		notes: input.notes,
	};
}

function roundMoney(value: number): number {
	return Math.round(value * 100) / 100;
}

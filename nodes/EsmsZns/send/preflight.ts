import { counted } from '../../shared/values';
import { outcomeOf } from './outcome';
import type { SentLogLookups } from './sentLog';
import type { Outcome, Recipient } from './types';

/**
 * Pre-flight: what a careful campaign manager checks before the first message goes out — the
 * Zalo OA's daily quota and the account's balance against the campaign's cost, and whom the
 * campaign already reached (eSMS's sent log, see sentLog.ts). Pure: the
 * numbers come from eSMS (lookups/preflight.ts), the decisions are made here.
 */

/** What to do when the OA's remaining daily quota is smaller than the campaign. */
export type QuotaMode = 'stop' | 'upToQuota' | 'off';

export interface PreflightOptions {
	quota: QuotaMode;
	balance: boolean;
	/** When a look-up fails: stop before sending, or send without that check (and say so). */
	onLookupFailure: 'stop' | 'continue';
	/** Read, validate, plan and check everything; send nothing. */
	estimateOnly: boolean;
	/** Skip Already Sent: recipients eSMS's sent log shows their campaign reached ('campaign'), or no check. */
	alreadySent: 'campaign' | 'off';
	/** How far back the sent log is read for Skip Already Sent. */
	lookBackDays: number;
}

/** eSMS's numbers for the checks, as the pipeline asks for them (lookups/preflight.ts). */
export interface PreflightLookups extends SentLogLookups {
	readonly options: PreflightOptions;
	/** Whether the balance is asked (off, or all Sandbox: not). */
	readonly checksBalance: boolean;
	/** The first recipient read: the price can be asked with it while the others are read. */
	firstRecipient(recipient: Recipient | undefined): void;
	/** Whether a look-up still waits for its answer (reading then gives it turns). */
	pending(): boolean;
	facts(toSend: Recipient[]): Promise<{ facts: PreflightFacts; notes: string[] }>;
}

/** Why the campaign must not start: nothing is sent. */
export interface NotSent {
	notSent: string;
	advice: string;
}

const CHANGE_THE_CHECK = 'Change or turn off the check under Pre-Flight Checks, or use Estimate Only to see the numbers first.';

/** Sandbox messages are neither counted nor charged; "Over Daily Quota" ones are not counted. */
function countsForQuota(recipient: Recipient): boolean {
	return !recipient.options.sandbox && !recipient.options.overQuota;
}

function isCharged(recipient: Recipient): boolean {
	return !recipient.options.sandbox;
}

/**
 * A look-up that failed when the user chose to stop then (If a Check Cannot Run: Stop); the
 * failures the user chose to send without are noted instead.
 */
export function lookupFailureThatStops(options: PreflightOptions, facts: PreflightFacts, notes: string[]): string | null {
	for (const problem of [facts.quotaProblem, facts.balanceProblem, facts.alreadySentProblem]) {
		if (problem === null) continue;
		if (options.onLookupFailure === 'stop') return problem;
		notes.push(`not checked: ${problem}`);
	}
	return null;
}

/**
 * The checks judged for every item at once, before all are read: they pass when the campaign can
 * have no more recipients than the items, so whatever the later items hold, no check can stop it.
 */
export function passesForEveryItem(lookups: PreflightLookups, facts: PreflightFacts, notes: string[], itemCount: number): boolean {
	if (lookupFailureThatStops(lookups.options, facts, notes) !== null) return false;
	if (facts.remainingQuota !== null && itemCount > facts.remainingQuota) return false;
	if (lookups.checksBalance && facts.balanceProblem === null) {
		// An SMS's parts are known only once its text is read: judged on the exact numbers then.
		if (facts.balance === null || facts.pricePerMessage === null || facts.pricePerSmsPart !== null) return false;
		if (facts.pricePerMessage * itemCount > facts.balance) return false;
	}
	return true;
}

/**
 * What the recipients to send count for: the Zalo OA's quota (not Sandbox, not Over Daily Quota),
 * and the cost (not Sandbox): their messages and their SMS parts.
 */
export interface Charged {
	recipients: number;
	smsParts: number;
	counted: number;
}

function chargedOf(recipients: Recipient[]): Charged {
	let count = 0;
	let smsParts = 0;
	let counted = 0;
	for (const recipient of recipients) {
		if (countsForQuota(recipient)) counted++;
		if (!isCharged(recipient)) continue;
		count++;
		smsParts += recipient.sms?.parts ?? 0;
	}
	return { recipients: count, smsParts, counted };
}

/**
 * eSMS's price of the charged recipients: a ZNS per message, an SMS per part; a ZNS with SMS
 * fallback counts both, the most it can cost. Null when no price is known.
 */
function costOf(charged: Charged, facts: PreflightFacts): number | null {
	if (facts.pricePerMessage === null && facts.pricePerSmsPart === null) return null;
	return roundMoney((facts.pricePerMessage ?? 0) * charged.recipients + (facts.pricePerSmsPart ?? 0) * charged.smsParts);
}

export interface Checked {
	toSend: Recipient[];
	overQuota: Outcome[];
	charged: Charged;
}

/** Quota and balance against the campaign, with eSMS's numbers; NotSent when it must not start. */
export function checkCampaign(options: PreflightOptions, facts: PreflightFacts, notes: string[], unsettled: Recipient[]): Checked | NotSent {
	const stopping = lookupFailureThatStops(options, facts, notes);
	if (stopping !== null) {
		return {
			notSent: `Pre-flight check failed: ${stopping}`,
			advice: 'Fix the cause, or set Pre-Flight Checks › If a Check Cannot Run to "Send Without That Check".',
		};
	}
	let toSend = unsettled;
	let overQuota: Outcome[] = [];
	const remaining = facts.remainingQuota;
	const counted = remaining === null ? [] : unsettled.filter(countsForQuota);
	if (remaining !== null && counted.length > remaining) {
		if (options.quota === 'upToQuota') {
			const split = splitByQuota(counted, remaining);
			const over = new Set(split.over);
			toSend = unsettled.filter((recipient) => !over.has(recipient));
			overQuota = overQuotaOutcomes(split.over, remaining, counted.length);
		} else if (!options.estimateOnly) {
			return { notSent: quotaShortMessage(remaining, counted.length), advice: CHANGE_THE_CHECK };
		}
	}
	const charged = chargedOf(toSend);
	const cost = costOf(charged, facts);
	if (!options.estimateOnly && facts.balance !== null && cost !== null && cost > facts.balance) {
		return { notSent: balanceShortMessage(facts, cost, charged), advice: CHANGE_THE_CHECK };
	}
	return { toSend, overQuota, charged };
}

/** eSMS's answers, or why one could not be had (null: not asked). */
export interface PreflightFacts {
	remainingQuota: number | null;
	quotaProblem: string | null;
	balance: number | null;
	/** A ZNS message's price (null for an SMS). */
	pricePerMessage: number | null;
	/** An SMS part's price (null for a bulk ZNS). */
	pricePerSmsPart: number | null;
	balanceProblem: string | null;
	/** Skip Already Sent could not read eSMS's sent log. */
	alreadySentProblem: string | null;
}

/** The campaign as planned, for a following node (e.g. an IF that lets the real send run). */
export interface Estimate {
	[key: string]: number | boolean | string | null | string[] | undefined;
	recipients: number;
	invalid: number;
	/** Not sent again: sent before (eSMS's sent log, this n8n's memory, or repeated items). */
	alreadySent: number;
	toSend: number;
	overQuota: number;
	batches: number;
	remainingQuota: number | null;
	quotaLeftAfter: number | null;
	withinQuota: boolean | null;
	pricePerMessage: number | null;
	/** With SMS (an SMS, or a ZNS with SMS fallback): the price of one part, and the parts. */
	pricePerSmsPart?: number | null;
	smsParts?: number;
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
	return `The Zalo OA's daily quota has ${counted(remaining, 'message')} left, but ${counted(wanted, 'recipient')} ${wanted === 1 ? 'is' : 'are'} to be sent`;
}

export function balanceShortMessage(facts: PreflightFacts, cost: number, charged: Charged): string {
	const prices: string[] = [];
	if (facts.pricePerMessage !== null) prices.push(`${counted(charged.recipients, 'message')} at ${facts.pricePerMessage} VND`);
	if (facts.pricePerSmsPart !== null) prices.push(`${counted(charged.smsParts, 'SMS part')} at ${facts.pricePerSmsPart} VND`);
	return `The eSMS balance is ${facts.balance} VND, but ${prices.join(' and ')} cost an estimated ${cost} VND`;
}

export function overQuotaOutcomes(over: Recipient[], remaining: number, wanted: number): Outcome[] {
	const message = `Not sent: over the Zalo OA's daily quota (${quotaShortMessage(remaining, wanted)}; the first ${remaining} in input order were sent)`;
	return over.map((recipient) => outcomeOf(recipient, 'skipped', message));
}

export function estimateOf(input: {
	facts: PreflightFacts;
	recipients: number;
	invalid: number;
	alreadySent: number;
	toSend: number;
	/** What costs money (not Sandbox); toSend messages without SMS parts when absent. */
	charged?: Charged;
	overQuota: number;
	batches: number;
	notes: string[];
}): Estimate {
	const { facts } = input;
	const charged = input.charged ?? { recipients: input.toSend, smsParts: 0, counted: input.toSend };
	const cost = costOf(charged, facts);
	const estimate: Estimate = {
		recipients: input.recipients,
		invalid: input.invalid,
		alreadySent: input.alreadySent,
		toSend: input.toSend,
		overQuota: input.overQuota,
		batches: input.batches,
		remainingQuota: facts.remainingQuota,
		quotaLeftAfter: facts.remainingQuota === null ? null : facts.remainingQuota - charged.counted,
		withinQuota: facts.remainingQuota === null ? null : charged.counted <= facts.remainingQuota,
		pricePerMessage: facts.pricePerMessage,
		estimatedCost: cost,
		balance: facts.balance,
		balanceLeftAfter: facts.balance === null || cost === null ? null : roundMoney(facts.balance - cost),
		withinBalance: facts.balance === null || cost === null ? null : cost <= facts.balance,
		currency: 'VND',
		notes: input.notes,
	};
	if (facts.pricePerSmsPart !== null || charged.smsParts > 0) {
		estimate.pricePerSmsPart = facts.pricePerSmsPart;
		estimate.smsParts = charged.smsParts;
	}
	return estimate;
}

function roundMoney(value: number): number {
	return Math.round(value * 100) / 100;
}

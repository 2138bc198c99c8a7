import { KeptAnswers, templateKey } from '../../shared/keptAnswers';
import { notOk, ok, type Result } from '../../shared/result';
import type { PreflightFacts, PreflightLookups, PreflightOptions } from '../send/preflight';
import type { CampaignLog } from '../send/sentLog';
import type { Recipient } from '../send/types';
import { settle } from '../client/callErrors';
import type { EsmsClient, SentLogType } from '../client/client';
import { campaignLog, withLoggedSmsIds, type SentLogWhere } from './sentLog';

/**
 * Asks eSMS, once per run, what the pre-flight checks need: the OA's quota, the balance, a price,
 * and the campaign's messages in eSMS's sent log (Skip Already Sent); after sending, the sent log
 * again for the SMS IDs whose answers were lost.
 */

/** A number from eSMS, or why it could not be had (the user decides what a failure means). */
type Looked = Result<number>;

async function attempt<T>(what: string, lookUp: () => Promise<T>): Promise<Result<T>> {
	const settled = await settle(lookUp);
	if (settled.ok) return settled;
	const { reason, code } = settled.why;
	return notOk(`could not ${what}: ${reason}${code === null ? '' : ` (code ${code})`}`);
}

/** The look-ups under way for one run. */
interface EarlyLookups {
	quota: Promise<Looked> | null;
	balance: Promise<Looked> | null;
	/**
	 * The price per message: asked with the first item's values as given, together with the
	 * template (`sample`), else as soon as the first recipient is read (startPriceLookup).
	 */
	price: Promise<Looked> | null;
	/** The price of one SMS part, asked with the first recipient's text (an SMS, or a fallback's). */
	smsPrice: Promise<Looked> | null;
	notes: string[];
	/** Whether `price` ends with an answer for a checked recipient (not only for the first item as given). */
	priceChecked: boolean;
	/** Skip Already Sent: the campaign's messages in eSMS's sent log over the look-back (null: not checked). */
	alreadySent: Promise<Result<CampaignLog>> | null;
	/** How many of these look-ups have no answer yet (reading gives them turns meanwhile). */
	pending: { count: number };
	/** The first recipient read: the price is asked with it when nobody is left to send. */
	firstSeen: Recipient | undefined;
}

/** Counts the look-up as pending until it has its answer (it never rejects: see attempt()). */
function tracked<T>(pending: { count: number }, lookUp: Promise<T>): Promise<T> {
	pending.count++;
	return lookUp.finally(() => pending.count--);
}

/** Where a price holds: the account (scope), OA and template; `now` for the kept prices. */
interface PriceScope {
	client: EsmsClient;
	scope: string;
	oaId: string;
	templateId: string;
	now: number;
}

/** A message to ask the price of: a phone and the template's values. */
export interface PriceSample {
	phone: string;
	params: string[];
}

export interface LookupInput extends PriceScope {
	/** Which prices the messages need: a ZNS template's, an SMS brandname's (null: no SMS). */
	priced: { zns: boolean; smsBrandname: string | null };
	/** The first item's phone and values as given (before the template is known), if readable. */
	sample: PriceSample | null;
	/** Every item is Sandbox / Over Daily Quota (the option is not an expression). */
	sandbox: boolean;
	overQuotaMode: boolean;
	/** A Campaign is given (a value or an expression): Skip Already Sent reads the sent log. */
	campaignSet: boolean;
	/** The sent log's message types this kind of message is logged under. */
	sentLogTypes: readonly SentLogType[];
	preflight: PreflightOptions;
}

/**
 * Starts the quota and balance look-ups (each only when its check is on), together with the
 * template's. Sandbox sends are neither charged nor counted; Sending Mode "Over Daily Quota" is
 * not bound by the quota.
 */
export function startLookups(input: LookupInput): PreflightLookups {
	const early = startEarlyLookups(input);
	return {
		options: input.preflight,
		checksBalance: early.balance !== null,
		firstRecipient: (recipient) => {
			early.firstSeen ??= recipient;
			startPriceLookup(early, input, recipient);
		},
		pending: () => early.pending.count > 0,
		facts: async (toSend) => await lookUpPreflight(early, input, toSend),
		alreadySent: async () => {
			const looked = early.alreadySent ? await early.alreadySent : null;
			return looked?.ok ? looked.value : null;
		},
		withLoggedSmsIds: async (outcomes, sentTo) => await withLoggedSmsIds(logWhere(input), outcomes, sentTo),
	};
}

function startEarlyLookups(input: LookupInput): EarlyLookups {
	const { preflight } = input;
	const notes: string[] = [];
	if (preflight.quota !== 'off' && input.sandbox) notes.push('daily quota not checked: Sandbox sends are not counted');
	if (preflight.quota !== 'off' && input.overQuotaMode) notes.push('daily quota not checked: Sending Mode "Over Daily Quota"');
	if (preflight.balance && input.sandbox) notes.push('balance not checked: Sandbox sends are not charged');
	const checkQuota = preflight.quota !== 'off' && !input.sandbox && !input.overQuotaMode;
	const checkBalance = preflight.balance && !input.sandbox;
	const checkSent = preflight.alreadySent === 'campaign' && input.campaignSet && !input.sandbox;
	if (preflight.alreadySent === 'campaign' && input.campaignSet && input.sandbox) notes.push('already sent not checked: Sandbox sends are not logged');
	const pending = { count: 0 };
	return {
		alreadySent: checkSent ? tracked(pending, campaignLogOf(input)) : null,
		firstSeen: undefined,
		quota: checkQuota ? tracked(pending, remainingQuota(input.client, input.oaId)) : null,
		balance: checkBalance ? tracked(pending, balanceOf(input.client)) : null,
		price: checkBalance && input.priced.zns && input.sample ? tracked(pending, pricePerMessage(input, input.sample)) : null,
		smsPrice: null,
		notes,
		priceChecked: false,
		pending,
	};
}

async function remainingQuota(client: EsmsClient, oaId: string): Promise<Looked> {
	const looked = await attempt("read the Zalo OA's daily quota", async () => await client.getQuota(oaId));
	if (!looked.ok) return looked;
	const value = looked.value.remainingQuota;
	return value === null ? notOk("could not read the Zalo OA's daily quota: eSMS gave no RemainingQuota") : ok(value);
}

async function balanceOf(client: EsmsClient): Promise<Looked> {
	const looked = await attempt('read the eSMS balance', async () => await client.getBalance());
	if (!looked.ok) return looked;
	return looked.value.balance === null ? notOk('could not read the eSMS balance: eSMS gave no Balance') : ok(looked.value.balance);
}

/**
 * eSMS's price of one message of this template, asked for one recipient. Kept for 10 minutes per
 * account, OA and template in this process: a loop or a campaign run again does not ask again.
 */
const PRICE_TTL_MS = 10 * 60 * 1000;
const prices = new KeptAnswers<number>(PRICE_TTL_MS);

async function pricePerMessage(where: PriceScope, sample: PriceSample): Promise<Looked> {
	const key = templateKey(where.scope, where.oaId, where.templateId);
	const known = prices.get(key, where.now);
	if (known !== undefined) return ok(known);
	const message = { oaId: where.oaId, templateId: where.templateId, phone: sample.phone, params: sample.params };
	const looked = await attempt("get eSMS's price for this template", async () => await where.client.estimateCost(message));
	if (!looked.ok) return looked;
	const total = looked.value.totalPrice;
	const receivers = looked.value.totalReceiver ?? 1;
	if (total === null || receivers <= 0) return notOk("could not get eSMS's price for this template: eSMS gave no TotalPrice");
	prices.set(key, total / receivers, where.now);
	return ok(total / receivers);
}

/**
 * The price of one SMS part for this brandname, asked with one recipient's text: eSMS prices an
 * SMS by its parts (and the carrier), so the first recipient's price per part stands for all.
 */
async function pricePerSmsPart(client: EsmsClient, brandname: string, sample: Recipient): Promise<Looked> {
	const sms = sample.sms!;
	const message = { phone: sample.phone, text: sms.text, brandname, unicode: sms.charset === 'unicode' };
	const looked = await attempt(`get eSMS's SMS price for brandname ${brandname}`, async () => await client.smsPrice(message));
	if (!looked.ok) return looked;
	const total = looked.value.totalPrice;
	if (total === null) return notOk(`could not get eSMS's SMS price for brandname ${brandname}: eSMS gave no TotalPrice`);
	return ok(total / sms.parts);
}

/**
 * Asks eSMS's prices with the first recipient read, while the other items are still read (only
 * when the balance is checked). ZNS is priced per template, so any recipient's answer is every
 * recipient's price.
 */
function startPriceLookup(early: EarlyLookups, input: LookupInput, sample: Recipient | undefined): void {
	if (early.balance === null || sample === undefined || early.priceChecked) return;
	early.priceChecked = true;
	const { smsBrandname } = input.priced;
	if (smsBrandname !== null && sample.sms) early.smsPrice = tracked(early.pending, pricePerSmsPart(input.client, smsBrandname, sample));
	if (!input.priced.zns) return;
	const where: PriceScope = input;
	const asked = early.price;
	// Asked already with the first item as given: ask again with this checked message only if that failed.
	early.price = tracked(
		early.pending,
		asked ? asked.then(async (answer) => (answer.ok ? answer : await pricePerMessage(where, sample))) : pricePerMessage(where, sample),
	);
}

/** The price asked early, else asked now with the first recipient to be sent. */
async function priceFor(early: EarlyLookups, where: PriceScope, first: Recipient): Promise<Looked> {
	const asked = early.price ? await early.price : null;
	if (asked && (asked.ok || early.priceChecked)) return asked;
	return await pricePerMessage(where, first);
}

function logWhere(input: LookupInput): SentLogWhere {
	return { client: input.client, types: input.sentLogTypes, attemptStart: input.now };
}

/** Skip Already Sent: the campaign's messages of the look-back, or why the log could not be read. */
async function campaignLogOf(input: LookupInput): Promise<Result<CampaignLog>> {
	const days = input.preflight.lookBackDays;
	return await attempt(`read eSMS's sent log of the last ${days} days`, async () => await campaignLog(logWhere(input), days));
}

/** For tests: forget the remembered prices, as a new n8n process would. */
export function forgetPrices(): void {
	prices.clear();
}

function valueOf(looked: Looked | null): number | null {
	return looked?.ok ? looked.value : null;
}

function whyOf(looked: Looked | null): string | null {
	return looked && !looked.ok ? looked.why : null;
}

/** The facts the checks need: the early look-ups' answers, and the prices when the balance is checked. */
async function lookUpPreflight(early: EarlyLookups, input: LookupInput, toSend: Recipient[]): Promise<{ facts: PreflightFacts; notes: string[] }> {
	const facts: PreflightFacts = {
		remainingQuota: null,
		quotaProblem: null,
		balance: null,
		pricePerMessage: null,
		pricePerSmsPart: null,
		balanceProblem: null,
		alreadySentProblem: null,
	};
	// Nobody left to send (all sent before): the price is still told, asked with the first recipient read.
	const sample = toSend[0] ?? early.firstSeen;
	const priced = early.balance !== null && sample !== undefined;
	const { smsBrandname } = input.priced;
	const withSms = toSend.find((recipient) => recipient.sms) ?? (sample?.sms ? sample : undefined);
	const [quota, balance, price, smsPrice, alreadySent] = await Promise.all([
		early.quota,
		early.balance,
		priced && input.priced.zns ? priceFor(early, input, sample) : null,
		priced && smsBrandname !== null && withSms ? (early.smsPrice ?? pricePerSmsPart(input.client, smsBrandname, withSms)) : null,
		early.alreadySent,
	]);
	if (alreadySent && !alreadySent.ok) facts.alreadySentProblem = alreadySent.why;
	if (quota) {
		facts.remainingQuota = quota.ok ? quota.value : null;
		facts.quotaProblem = quota.ok ? null : quota.why;
	}
	if (balance && (price || smsPrice)) {
		facts.balance = valueOf(balance);
		facts.pricePerMessage = valueOf(price);
		facts.pricePerSmsPart = valueOf(smsPrice);
		facts.balanceProblem = [balance, price, smsPrice].map(whyOf).find((why) => why !== null) ?? null;
	}
	return { facts, notes: [...early.notes] };
}

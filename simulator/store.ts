/** Everything eSMS remembers: accounts, OAs, templates, accepted messages, recent RequestIds, quotas. */
import { DAY_MS, vietnamDay } from './dates';
import {
	BLOCKED_PHONE,
	DEFAULT_ACCOUNT,
	DEFAULT_BRANDNAMES,
	DEFAULT_OAS,
	DEFAULT_TEMPLATES,
	DELIVERED,
	fixtureDeliveryOutcome,
	OVER_DAILY_QUOTA,
} from './fixtures';
import { normalizePhone } from './phone';
import { buildTemplate } from './templates';
import type {
	AccountInput,
	AccountSpec,
	BrandnameInput,
	BrandnameSpec,
	DeliveryOutcome,
	MessageStatus,
	OaInput,
	OaSpec,
	RequestIdWindow,
	SentMessage,
	SimulatorSettings,
	TemplateInput,
	TemplateSpec,
} from './types';
import { hasZalo } from './zalo';

export type StoredMessage = Omit<SentMessage, 'status'>;

export interface SeenRequestId {
	at: number;
	smsId: string;
}

interface DailyCount {
	total: number;
	promotion: number;
}

export class Store {
	readonly accounts = new Map<string, AccountSpec>();
	readonly oas = new Map<string, OaSpec>();
	private readonly templatesByOa = new Map<string, Map<string, TemplateSpec>>();
	private readonly blockedPhones = new Set<string>();
	private readonly outcomeOverrides = new Map<string, DeliveryOutcome>();
	private readonly smsOutcomeOverrides = new Map<string, DeliveryOutcome>();
	private deliveryRule: (normalizedPhone: string) => DeliveryOutcome = () => DELIVERED;
	private readonly messageList: StoredMessage[] = [];
	/** Usually one message per SMSID; two when a MultiChannelMessage's fallback SMS reuses the SMSID. */
	private readonly messagesById = new Map<string, StoredMessage[]>();
	/** apiKey → RequestId → when it was accepted (simulator clock) and the SMSID it got. */
	private readonly seenRequestIds = new Map<string, Map<string, SeenRequestId>>();
	private lastPortalId = 880_000_000;
	/** `${oaId}|${vietnamDay}` → accepted sends. */
	private readonly dailyCounts = new Map<string, DailyCount>();

	constructor(fixtures: 'default' | 'empty') {
		if (fixtures === 'default') this.loadDefaultFixtures();
	}

	private loadDefaultFixtures(): void {
		this.addAccount(DEFAULT_ACCOUNT);
		for (const oa of DEFAULT_OAS) this.addOa(DEFAULT_ACCOUNT.apiKey, oa);
		for (const { oaId, template } of DEFAULT_TEMPLATES) this.addTemplate(oaId, template);
		for (const brandname of DEFAULT_BRANDNAMES) this.addBrandname(DEFAULT_ACCOUNT.apiKey, brandname);
		this.blockPhone(BLOCKED_PHONE);
		this.deliveryRule = fixtureDeliveryOutcome;
	}

	addAccount(input: AccountInput): AccountSpec {
		const { brandnames, ...rest } = input;
		const account: AccountSpec = {
			userId: 10_000 + this.accounts.size,
			balance: 1_000_000_000,
			active: true,
			ipAllowed: true,
			pricePerZns: 300,
			pricePerSmsPart: 850,
			znsTypeId: 24,
			oaIds: [],
			errorInfoEncoding: 'quoted',
			duplicatePhones: 'independent',
			...definedOnly(rest),
			brandnames: [],
		};
		this.accounts.set(account.apiKey, account);
		for (const brandname of brandnames ?? []) this.addBrandname(account.apiKey, brandname);
		return account;
	}

	/** Registers (or replaces) a brandname of the account. Defaults: customer care, active, every carrier, no templates. */
	addBrandname(apiKey: string, input: BrandnameInput): BrandnameSpec {
		const account = this.accounts.get(apiKey);
		if (!account) throw new Error(`addBrandname: no account with apiKey ${apiKey}`);
		const brandname: BrandnameSpec = {
			type: 2,
			active: true,
			telcos: [1, 2, 3, 4, 5, 6, 7],
			...definedOnly(input),
			templates: [...(input.templates ?? [])],
		};
		const index = account.brandnames.findIndex((existing) => existing.brandname === brandname.brandname);
		if (index >= 0) account.brandnames[index] = brandname;
		else account.brandnames.push(brandname);
		return brandname;
	}

	addOa(apiKey: string, input: OaInput): OaSpec {
		const account = this.accounts.get(apiKey);
		if (!account) throw new Error(`addOa: no account with apiKey ${apiKey}`);
		const oa: OaSpec = {
			active: true,
			allowSendingMode3: false,
			dailyQuota: 1_000_000,
			dailyPromotionQuota: 0,
			...definedOnly(input),
		};
		this.oas.set(oa.oaId, oa);
		if (!account.oaIds.includes(oa.oaId)) account.oaIds.push(oa.oaId);
		if (!this.templatesByOa.has(oa.oaId)) this.templatesByOa.set(oa.oaId, new Map());
		return oa;
	}

	addTemplate(oaId: string, input: TemplateInput): TemplateSpec {
		const templates = this.templatesByOa.get(oaId);
		if (!templates) throw new Error(`addTemplate: no OA ${oaId}; add it with addOa first`);
		const template = buildTemplate(input);
		templates.set(template.tempId, template);
		return template;
	}

	template(oaId: string, tempId: string): TemplateSpec | undefined {
		return this.templatesByOa.get(oaId)?.get(tempId);
	}

	templatesOf(oaId: string): TemplateSpec[] {
		return [...(this.templatesByOa.get(oaId)?.values() ?? [])];
	}

	blockPhone(phone: string): void {
		this.blockedPhones.add(normalizePhone(phone) ?? phone);
	}

	isBlocked(normalizedPhone: string): boolean {
		return this.blockedPhones.has(normalizedPhone);
	}

	setDeliveryOutcome(phone: string, outcome: DeliveryOutcome): void {
		this.outcomeOverrides.set(normalizePhone(phone) ?? phone, outcome);
	}

	/**
	 * How a ZNS ends, decided at acceptance: the OA's quota first, then per-phone overrides, then
	 * the fixture rule (phones ending 13 / 14), then whether the phone has Zalo (settings.noZaloPercent).
	 */
	decideOutcome(
		normalizedPhone: string,
		oaId: string,
		sendingMode: '1' | '3',
		now: number,
		settings: Pick<SimulatorSettings, 'noZaloPercent' | 'noZaloError'>,
	): DeliveryOutcome {
		const oa = this.oas.get(oaId);
		if (oa && sendingMode === '1' && this.dailyCount(oaId, now).total >= oa.dailyQuota) return OVER_DAILY_QUOTA;
		const decided = this.outcomeOverrides.get(normalizedPhone) ?? this.deliveryRule(normalizedPhone);
		if (decided.status === 'failed' || this.outcomeOverrides.has(normalizedPhone)) return decided;
		if (!hasZalo(normalizedPhone, settings)) return { status: 'failed', ...settings.noZaloError };
		return decided;
	}

	/** Whether a ZNS to this phone would reach a Zalo account (overrides, fixture rule and hash; quota aside). */
	reachesZalo(normalizedPhone: string, settings: Pick<SimulatorSettings, 'noZaloPercent' | 'noZaloError'>): boolean {
		return this.decideOutcome(normalizedPhone, '', '1', 0, settings).status === 'delivered';
	}

	setSmsDeliveryOutcome(phone: string, outcome: DeliveryOutcome): void {
		this.smsOutcomeOverrides.set(normalizePhone(phone) ?? phone, outcome);
	}

	/** How an SMS ends: per-phone override, else delivered. */
	decideSmsOutcome(normalizedPhone: string): DeliveryOutcome {
		return this.smsOutcomeOverrides.get(normalizedPhone) ?? DELIVERED;
	}

	isRecentRequestId(apiKey: string, requestId: string, now: number, window: RequestIdWindow): boolean {
		return this.recentRequestId(apiKey, requestId, now, window) !== undefined;
	}

	/** The RequestId's record while eSMS still refuses it: for 24 hours, or until midnight (Vietnam time). */
	recentRequestId(apiKey: string, requestId: string, now: number, window: RequestIdWindow): SeenRequestId | undefined {
		const seen = this.seenRequestIds.get(apiKey)?.get(requestId);
		if (seen === undefined) return undefined;
		const within = window === 'calendarDay' ? vietnamDay(seen.at) === vietnamDay(now) : now - seen.at < DAY_MS;
		return within ? seen : undefined;
	}

	storeMessage(message: StoredMessage, promotion: boolean): void {
		this.messageList.push(message);
		const sameId = this.messagesById.get(message.smsId);
		if (sameId) sameId.push(message);
		else this.messagesById.set(message.smsId, [message]);
		if (message.requestId !== undefined) this.rememberRequestId(message.apiKey, message.requestId, message.acceptedAt, message.smsId);
		if (message.channel !== 'zns') return;
		const count = this.dailyCount(message.oaId, message.acceptedAt);
		count.total++;
		if (promotion) count.promotion++;
	}

	/** Starts (or restarts) the 24-hour window of a RequestId. */
	rememberRequestId(apiKey: string, requestId: string, at: number, smsId: string): void {
		let seen = this.seenRequestIds.get(apiKey);
		if (!seen) this.seenRequestIds.set(apiKey, (seen = new Map()));
		seen.set(requestId, { at, smsId });
	}

	nextPortalId(): number {
		return ++this.lastPortalId;
	}

	dailyCount(oaId: string, now: number): DailyCount {
		const key = `${oaId}|${vietnamDay(now)}`;
		let count = this.dailyCounts.get(key);
		if (!count) this.dailyCounts.set(key, (count = { total: 0, promotion: 0 }));
		return count;
	}

	/** The message with this SMSID; when two share it (fallback 'same'), the later one: the SMS. */
	message(smsId: string): StoredMessage | undefined {
		const found = this.messagesById.get(smsId);
		return found?.[found.length - 1];
	}

	/** Every message with this SMSID, in acceptance order. */
	messagesWithId(smsId: string): StoredMessage[] {
		return this.messagesById.get(smsId) ?? [];
	}

	/** Stored messages in acceptance order (no copies: do not change them). */
	storedMessages(): readonly StoredMessage[] {
		return this.messageList;
	}

	messages(now: number): SentMessage[] {
		return this.messageList.map((message) => ({ ...message, status: statusAt(message, now) }));
	}
}

/** Drops keys whose value is undefined, so they do not override defaults when spread. */
function definedOnly<T extends object>(input: T): T {
	return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as T;
}

export function statusAt(message: StoredMessage, now: number): MessageStatus {
	if (now < message.finalAt) return 'pending';
	return message.outcome.status;
}

/** Everything eSMS remembers: accounts, OAs, templates, accepted messages, recent RequestIds, quotas. */
import { DAY_MS, vietnamDay } from './dates';
import {
	BLOCKED_PHONE,
	DEFAULT_ACCOUNT,
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
	DeliveryOutcome,
	MessageStatus,
	OaInput,
	OaSpec,
	SentMessage,
	TemplateInput,
	TemplateSpec,
} from './types';

export type StoredMessage = Omit<SentMessage, 'status'>;

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
	private deliveryRule: (normalizedPhone: string) => DeliveryOutcome = () => DELIVERED;
	private readonly messageList: StoredMessage[] = [];
	private readonly messagesById = new Map<string, StoredMessage>();
	/** apiKey → RequestId → when it was accepted (simulator clock). */
	private readonly seenRequestIds = new Map<string, Map<string, number>>();
	/** `${oaId}|${vietnamDay}` → accepted sends. */
	private readonly dailyCounts = new Map<string, DailyCount>();

	constructor(fixtures: 'default' | 'empty') {
		if (fixtures === 'default') this.loadDefaultFixtures();
	}

	private loadDefaultFixtures(): void {
		this.addAccount(DEFAULT_ACCOUNT);
		for (const oa of DEFAULT_OAS) this.addOa(DEFAULT_ACCOUNT.apiKey, oa);
		for (const { oaId, template } of DEFAULT_TEMPLATES) this.addTemplate(oaId, template);
		this.blockPhone(BLOCKED_PHONE);
		this.deliveryRule = fixtureDeliveryOutcome;
	}

	addAccount(input: AccountInput): AccountSpec {
		const account: AccountSpec = {
			userId: 10_000 + this.accounts.size,
			balance: 1_000_000_000,
			active: true,
			ipAllowed: true,
			pricePerZns: 300,
			znsTypeId: 24,
			oaIds: [],
			errorInfoEncoding: 'quoted',
			duplicatePhones: 'independent',
			...definedOnly(input),
		};
		this.accounts.set(account.apiKey, account);
		return account;
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

	/** Decided at acceptance: the OA's quota first, then per-phone overrides, then the fixture rule. */
	decideOutcome(normalizedPhone: string, oaId: string, sendingMode: '1' | '3', now: number): DeliveryOutcome {
		const oa = this.oas.get(oaId);
		if (oa && sendingMode === '1' && this.dailyCount(oaId, now).total >= oa.dailyQuota) return OVER_DAILY_QUOTA;
		return this.outcomeOverrides.get(normalizedPhone) ?? this.deliveryRule(normalizedPhone);
	}

	isRecentRequestId(apiKey: string, requestId: string, now: number): boolean {
		const seenAt = this.seenRequestIds.get(apiKey)?.get(requestId);
		return seenAt !== undefined && now - seenAt < DAY_MS;
	}

	storeMessage(message: StoredMessage, promotion: boolean): void {
		this.messageList.push(message);
		this.messagesById.set(message.smsId, message);
		if (message.requestId !== undefined) this.recordRequestId(message.apiKey, message.requestId, message.acceptedAt);
		const count = this.dailyCount(message.oaId, message.acceptedAt);
		count.total++;
		if (promotion) count.promotion++;
	}

	private recordRequestId(apiKey: string, requestId: string, at: number): void {
		let seen = this.seenRequestIds.get(apiKey);
		if (!seen) this.seenRequestIds.set(apiKey, (seen = new Map()));
		seen.set(requestId, at);
	}

	dailyCount(oaId: string, now: number): DailyCount {
		const key = `${oaId}|${vietnamDay(now)}`;
		let count = this.dailyCounts.get(key);
		if (!count) this.dailyCounts.set(key, (count = { total: 0, promotion: 0 }));
		return count;
	}

	message(smsId: string): StoredMessage | undefined {
		return this.messagesById.get(smsId);
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

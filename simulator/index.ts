/**
 * An in-process eSMS (esms.vn) simulator: a real HTTP server that answers like the API described in
 * docs/esms-api.md, with switchable faults and delivery callbacks. Independent of nodes/ and credentials/
 * on purpose: it is a second model of eSMS, and sharing code with the node would hide its bugs.
 */
import { CallbackDispatcher } from './callbacks';
import { FaultController } from './faults';
import { DEFAULT_API_KEY, DEFAULT_SECRET_KEY, DELIVERED, NO_ZALO_ERROR } from './fixtures';
import { BASE_PATH, CALLBACK_API_PATH, SimulatorServer } from './server';
import { Store } from './store';
import { TrafficMeter, type TrafficStats } from './traffic';
import { normalizePhone } from './phone';
import type {
	AccountInput,
	AccountSpec,
	BrandnameInput,
	BrandnameSpec,
	CallbackAttempt,
	DeliveryOutcome,
	OaInput,
	OaSpec,
	RecordedRequest,
	SentMessage,
	SimulatorOptions,
	SimulatorSettings,
	TemplateInput,
	TemplateSpec,
} from './types';

export type * from './types';
export type { ActiveFault, Fault, FaultEffect, FaultKind, FaultScope } from './faults';
export { FaultController } from './faults';
export type { RateLimit, RateLimitAnswer, TrafficStats } from './traffic';
export {
	ADS_BRANDNAME,
	BLOCKED_PHONE,
	CLINIC_BRANDNAME,
	CLINIC_OA_ID,
	DEFAULT_API_KEY,
	DEFAULT_SECRET_KEY,
	DELIVERED,
	INACTIVE_BRANDNAME,
	INVALID_PHONE,
	NO_ZALO_ERROR,
	OVER_DAILY_QUOTA,
	SHOP_BRANDNAME,
	SHOP_OA_ID,
	SHOP_SMS_TEMPLATES,
	USER_INACTIVE,
	VIBER_BRANDNAME,
} from './fixtures';
export { hasZalo, pickPhones } from './zalo';
export { isGsm7, matchesTemplate, type SmsLength, smsLength } from './sms';
export { redactPath } from './server';

export const DEFAULT_SETTINGS: Readonly<SimulatorSettings> = Object.freeze({
	pendingMs: 0,
	callbackTimeoutMs: 2_000,
	callbackRetries: 5,
	callbackRetryDelayMs: 50,
	callbackConcurrency: 16,
	callbackDelayMs: 0,
	latencyMs: 0,
	latencyJitterMs: 0,
	latencyPerRowMs: 0,
	rateLimit: null,
	noZaloPercent: 0,
	noZaloError: NO_ZALO_ERROR,
	smsTemplateCheck: 'enforce',
	fallbackRequestIds: 'shared-allowed',
	fallbackDuplicateCheck: 'both',
	fallbackCallbackSmsId: 'same',
	fallbackCallbackDelayMs: 0,
	requestIdWindow: 'rolling24h',
	sentLogZnsContent: 'rendered',
});

/** The share of phones without Zalo a realistic run uses (settings.noZaloPercent; the default stays 0 so earlier tests keep their outcomes). */
export const REALISTIC_NO_ZALO_PERCENT = 20;

export async function startSimulator(options: SimulatorOptions = {}): Promise<EsmsSimulator> {
	const simulator = new EsmsSimulator(options);
	await simulator.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return simulator;
}

export class EsmsSimulator {
	/** e.g. http://127.0.0.1:43123 */
	origin = '';
	/** origin + '/MainService.svc/json': what a credential's Base URL is set to. */
	baseUrl = '';
	/** origin + '/ZaloCallback/GetCallback' (not under baseUrl, like eSMS's status-sms host). */
	callbackApiUrl = '';
	readonly defaultAccount: { readonly apiKey: string; readonly secretKey: string } = Object.freeze({
		apiKey: DEFAULT_API_KEY,
		secretKey: DEFAULT_SECRET_KEY,
	});
	readonly faults = new FaultController();
	/** Live knobs; change them at any time. reset() restores the values given at start. */
	readonly settings: SimulatorSettings;
	/** Every request received, in order (empty when started with recordRequests: false). */
	requests: RecordedRequest[] = [];
	/** One entry per callback GET made, in the order they finished. */
	callbackAttempts: CallbackAttempt[] = [];

	private store: Store;
	/** The simulator clock: options.now (or Date.now) plus what advanceClock added since start / reset(). */
	readonly now: () => number;
	private clockOffsetMs = 0;
	private readonly callbacks: CallbackDispatcher;
	private readonly server: SimulatorServer;
	private readonly traffic = new TrafficMeter();

	/** Use startSimulator(); the constructor does not listen. */
	constructor(private readonly options: SimulatorOptions = {}) {
		const baseNow = options.now ?? Date.now;
		this.now = () => baseNow() + this.clockOffsetMs;
		this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
		this.store = new Store(options.fixtures ?? 'default');
		this.callbacks = new CallbackDispatcher(this.settings, () => this.callbackAttempts);
		const recordRequests = options.recordRequests ?? true;
		this.server = new SimulatorServer({
			store: () => this.store,
			now: this.now,
			faults: this.faults,
			settings: this.settings,
			callbacks: this.callbacks,
			traffic: this.traffic,
			record: (request) => {
				if (recordRequests) this.requests.push(request);
			},
			log: options.quiet === false ? (line) => process.stderr.write(`[esms-sim] ${line}\n`) : undefined,
		});
	}

	/** @internal called by startSimulator */
	async listen(port: number, host: string): Promise<void> {
		const boundPort = await this.server.listen(port, host);
		const urlHost = host.includes(':') ? `[${host}]` : host;
		this.origin = `http://${urlHost}:${boundPort}`;
		this.baseUrl = this.origin + BASE_PATH;
		this.callbackApiUrl = this.origin + CALLBACK_API_PATH;
	}

	/** Closes the server and every socket, and cancels pending callbacks. */
	async stop(): Promise<void> {
		this.callbacks.destroy();
		await this.server.close();
	}

	/** Requests in flight now and at most, requests and rate-limited ones, since start or resetTraffic(). */
	trafficStats(): TrafficStats {
		return this.traffic.snapshot();
	}

	/** Starts counting afresh (maxInFlight restarts from the requests in flight now). */
	resetTraffic(): void {
		this.traffic.reset();
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	/** Only the Send_zns_bulk_v4_post_json/ requests. */
	sendRequests(): RecordedRequest[] {
		return this.requests.filter((request) => isBulkSendPath(request.path));
	}

	/** Stored (non-sandbox) accepted messages, in acceptance order, with their status as of now. */
	messages(): SentMessage[] {
		return this.store.messages(this.now());
	}

	/**
	 * Moves the simulator clock forward (e.g. 25 h: RequestIds leave their 24-hour window, pending
	 * messages become final, the 7-day status window moves). reset() takes the offset back to 0.
	 */
	advanceClock(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new Error(`advanceClock: ${ms} is not a duration`);
		this.clockOffsetMs += ms;
	}

	/** Messages to this phone (any form), optionally of one channel, in acceptance order. */
	messagesTo(phone: string, channel?: 'zns' | 'sms'): SentMessage[] {
		const normalized = normalizePhone(phone) ?? phone;
		return this.messages().filter((message) => message.normalizedPhone === normalized && (channel === undefined || message.channel === channel));
	}

	/** Back to the fixtures: no faults, requests, messages, seen RequestIds, callbacks, clock offset; settings as at start. */
	reset(): void {
		this.clockOffsetMs = 0;
		this.callbacks.cancelAll();
		this.faults.clear();
		this.clearRequests();
		this.callbackAttempts.length = 0;
		this.traffic.reset();
		Object.assign(this.settings, DEFAULT_SETTINGS, this.options.settings);
		this.store = new Store(this.options.fixtures ?? 'default');
	}

	addAccount(account: AccountInput): AccountSpec {
		return this.store.addAccount(account);
	}

	/** The live account: tests may change balance, active, ipAllowed, pricePerZns… */
	account(apiKey: string): AccountSpec | undefined {
		return this.store.accounts.get(apiKey);
	}

	/** Registers an OA (new or existing) with the account. */
	addOa(apiKey: string, oa: OaInput): OaSpec {
		return this.store.addOa(apiKey, oa);
	}

	/** The live OA (allowSendingMode3, dailyQuota, active…). */
	oa(oaId: string): OaSpec | undefined {
		return this.store.oas.get(oaId);
	}

	addTemplate(oaId: string, template: TemplateInput): TemplateSpec {
		return this.store.addTemplate(oaId, template);
	}

	/** The live template (status, params…). */
	template(oaId: string, tempId: string): TemplateSpec | undefined {
		return this.store.template(oaId, tempId);
	}

	/** The templates configured for an OA, in the order they were added. */
	templates(oaId: string): TemplateSpec[] {
		return this.store.templatesOf(oaId);
	}

	/** Rows for this phone (any accepted form) answer 99. */
	blockPhone(phone: string): void {
		this.store.blockPhone(phone);
	}

	/** How delivery ends for ZNS to this phone accepted from now on (wins over the fixture rule and hasZalo). */
	setDeliveryOutcome(phone: string, outcome: DeliveryOutcome): void {
		this.store.setDeliveryOutcome(phone, outcome);
	}

	/** How delivery ends for SMS to this phone accepted from now on (default: delivered). */
	setSmsDeliveryOutcome(phone: string, outcome: DeliveryOutcome): void {
		this.store.setSmsDeliveryOutcome(phone, outcome);
	}

	/** Gives the phone a Zalo account (true) or takes it away (false, failing with settings.noZaloError). */
	setHasZalo(phone: string, zalo: boolean): void {
		this.store.setDeliveryOutcome(phone, zalo ? DELIVERED : { status: 'failed', ...this.settings.noZaloError });
	}

	/**
	 * Whether a ZNS to this phone would be delivered now, quota aside: per-phone outcome, the fixture
	 * rule (…13 / …14 fail) and the hash share (settings.noZaloPercent). False means a
	 * MultiChannelMessage falls back to SMS.
	 */
	hasZalo(phone: string): boolean {
		const normalized = normalizePhone(phone);
		return normalized !== undefined && this.store.reachesZalo(normalized, this.settings);
	}

	/** Registers (or replaces) a brandname of the account: defaults Type 2, active, every carrier, no templates. */
	addBrandname(apiKey: string, brandname: BrandnameInput): BrandnameSpec {
		return this.store.addBrandname(apiKey, brandname);
	}

	/** The live brandname (templates, telcos, active, type…). */
	brandname(apiKey: string, name: string): BrandnameSpec | undefined {
		return this.store.accounts.get(apiKey)?.brandnames.find((brandname) => brandname.brandname === name);
	}

	/** Resolves when every scheduled callback, retries included, has succeeded or given up. */
	callbacksIdle(): Promise<void> {
		return this.callbacks.idle();
	}
}

function isBulkSendPath(path: string): boolean {
	return path.toLowerCase().replace(/\/+$/, '') === (BASE_PATH + '/Send_zns_bulk_v4_post_json').toLowerCase();
}

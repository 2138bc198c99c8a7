/** Public data shapes of the eSMS simulator. Everything here is exported from simulator/index.ts. */

/** What the simulator does when a request exceeds `settings.rateLimit`. */
export type RateLimitAnswer =
	/** HTTP 429 Too Many Requests, with `Retry-After` when `retryAfterSeconds` is set; nothing processed. */
	| 'http-429'
	/** HTTP 200 with eSMS's "TPS limit exceeded" code 160 in the endpoint's own shape; nothing processed. */
	| 'code-160';

export interface RateLimit {
	/** At most this many requests admitted in any 1-second window (sliding). */
	requestsPerSecond?: number;
	/** At most this many admitted requests being handled at once. */
	maxInFlight?: number;
	answer: RateLimitAnswer;
	/** Sent as `Retry-After` with a 429. */
	retryAfterSeconds?: number;
	/** Limit only this endpoint, or these endpoints (any spelling, as for faults); default: every endpoint. */
	path?: string | string[];
}

/** How the `error_info` callback field is written (eSMS sends all of these in the wild). */
export type ErrorInfoEncoding = 'quoted' | 'double-encoded' | 'plain' | 'dotnet';

/**
 * What a bulk send does with a phone that appears more than once in one request (unknown in the
 * real API). `independent`: every row is judged on its own. `reject-repeats`: the second and later
 * rows of a phone answer 110. `collapse`: the later rows are silently left out of `detail`.
 */
export type DuplicatePhoneMode = 'independent' | 'reject-repeats' | 'collapse';

/** 24 = ZNS priority, 25 = ZNS normal. */
export type ZnsTypeId = 24 | 25;

/** TypeId of a stored message: a ZNS type, or 2 (customer-care SMS). */
export type MessageTypeId = ZnsTypeId | 2;

/** Brandname types as GetListBrandname reports them: 1 advertising, 2 customer care, 23 Viber. */
export type BrandnameType = 1 | 2 | 23;

export interface BrandnameSpec {
	/** As registered, matched exactly (case-sensitive). */
	brandname: string;
	type: BrandnameType;
	/** false → 104 (unknown or inactive) and not listed by GetListBrandname. */
	active: boolean;
	/** Carriers (eSMS telcoid, 1 Viettel … 7 Reddi) the brandname is registered with; others answer 177. */
	telcos: number[];
	/**
	 * Registered customer-care templates; `{anything}` stands for a variable (one or more characters).
	 * Content must match one of them exactly (else 146) unless the list is empty or
	 * settings.smsTemplateCheck is 'off'.
	 */
	templates: string[];
}

export type BrandnameInput = Partial<BrandnameSpec> & { brandname: string };

export interface AccountSpec {
	apiKey: string;
	secretKey: string;
	userId: number;
	/** VND. */
	balance: number;
	/** false → every call answers 143. */
	active: boolean;
	/** false → every call answers 140 (models a caller IP outside the account's whitelist). */
	ipAllowed: boolean;
	/** VND charged per delivered ZNS. */
	pricePerZns: number;
	/** TypeId reported for this account's messages in callbacks and status answers. */
	znsTypeId: ZnsTypeId;
	/** OAs registered with this account. */
	oaIds: string[];
	/** VND per SMS part (a 2-part SMS costs twice this). */
	pricePerSmsPart: number;
	/** Brandnames registered with this account (live; add with sim.addBrandname). */
	brandnames: BrandnameSpec[];
	errorInfoEncoding: ErrorInfoEncoding;
	duplicatePhones: DuplicatePhoneMode;
}

export type AccountInput = Partial<Omit<AccountSpec, 'brandnames'>> & {
	apiKey: string;
	secretKey: string;
	brandnames?: BrandnameInput[];
};

export interface OaSpec {
	oaId: string;
	name: string;
	/** false → sends answer 799 as if the OA were not in the account. */
	active: boolean;
	/** Whitelisted for SendingMode "3" (over quota). */
	allowSendingMode3: boolean;
	dailyQuota: number;
	dailyPromotionQuota: number;
}

export type OaInput = Partial<OaSpec> & { oaId: string; name: string };

export type ParamType = 'type_text' | 'type_number' | 'type_date' | 'type_cta_url';
export type TemplateStatus = 'ENABLE' | 'PENDING_REVIEW' | 'REJECT' | 'DISABLE' | 'DELETE';
export type TemplateTag = 'TRANSACTION' | 'CUSTOMER_CARE' | 'PROMOTION';

export interface TemplateParamSpec {
	name: string;
	type: ParamType;
	/** Maximum length (ZNSTempDetail.Limit, ListParams.MaxLength). */
	limit: number;
	minLength: number;
	/** When true an empty string is a valid value. */
	acceptNull: boolean;
}

export type TemplateParamInput = Partial<TemplateParamSpec> & { name: string; type: ParamType };

export interface TemplateButtonSpec {
	type: number;
	title: string;
	content: string;
}

export interface TemplateSpec {
	/** Numeric id, kept as a string (eSMS answers it as a number in GetTemplate). */
	tempId: string;
	name: string;
	/** Text with `<variable>` placeholders; a variable may appear more than once. */
	content: string;
	status: TemplateStatus;
	tag: TemplateTag;
	/** The DISTINCT variables, in the order `Params` must follow (ParamLevel 1, 2, …). */
	params: TemplateParamSpec[];
	buttons: TemplateButtonSpec[];
	previewUrl: string;
	/** Zalo's template timeout, milliseconds. */
	timeout: number;
}

export type TemplateInput = Partial<Omit<TemplateSpec, 'params'>> & {
	tempId: string;
	name: string;
	params: TemplateParamInput[];
};

/** How delivery of a message ends. Zalo's own errors are negative numbers, e.g. -114. */
export type DeliveryOutcome =
	| { status: 'delivered' }
	| { status: 'failed'; errorCode: number; errorMessage: string };

export type MessageStatus = 'pending' | 'delivered' | 'failed';

/** Which channel a stored message went out on. */
export type MessageChannel = 'zns' | 'sms';

/**
 * Which endpoint produced it: the bulk or single ZNS send, the SMS send, or MultiChannelMessage
 * (both its ZNS attempt and, when that failed, the SMS eSMS sent in its place).
 */
export type MessageVia = 'bulk' | 'single' | 'sms' | 'multichannel';

export interface SentMessage {
	/** uuid + '264', as eSMS shapes it. */
	smsId: string;
	requestId: string | undefined;
	apiKey: string;
	/** As the caller sent it. */
	phone: string;
	/** 10-digit domestic form, 0xxxxxxxxx. */
	normalizedPhone: string;
	channel: MessageChannel;
	/** ZNS only ('' for an SMS). */
	oaId: string;
	/** ZNS only ('' for an SMS). */
	tempId: string;
	/** ZNS only ([] for an SMS). */
	params: string[];
	/** SMS only: the brandname it was sent under. */
	brandname: string | undefined;
	/** SMS only: the text as sent. */
	content: string | undefined;
	/** SMS only: counted as Unicode (IsUnicode "1" or a character outside GSM 7-bit). */
	unicode: boolean | undefined;
	/** SMS only: parts (GSM 160 / 153 per part, Unicode 70 / 67 per part). */
	smsParts: number | undefined;
	/** MultiChannelMessage only: the one SMSID it answered (on the ZNS attempt and on its SMS). */
	multichannelId: string | undefined;
	/** On the SMS eSMS sent because a MultiChannelMessage's ZNS failed: the SMSID of that ZNS attempt. */
	fallbackOf: string | undefined;
	/** On a MultiChannelMessage's failed ZNS attempt: the SMSID of the SMS sent in its place. */
	fallbackSmsId: string | undefined;
	/** The portal's own numeric id (GetSmsSentData_V2 `SmsId`). */
	portalId: number;
	campaignId: string | undefined;
	/** As sent (`yyyy-MM-dd HH:mm:ss`), undefined when sent immediately. */
	sendDate: string | undefined;
	/** ZNS only ('1' for an SMS). */
	sendingMode: '1' | '3';
	callbackUrl: string | undefined;
	/** 24 / 25 for a ZNS, 2 for a customer-care SMS. */
	typeId: MessageTypeId;
	telcoId: number;
	/** VND actually charged: the price (ZNS: the account's; SMS: parts × pricePerSmsPart) when delivered, 0 when delivery failed. */
	price: number;
	outcome: DeliveryOutcome;
	/** Status at the time messages() was called (see settings.pendingMs and SendDate). */
	status: MessageStatus;
	/** The Zalo message id (callback `partnerids`), only for delivered messages. */
	zaloMsgId: string | undefined;
	/** Simulator clock, ms. */
	acceptedAt: number;
	/** Simulator clock, ms: when status stops being 'pending'. */
	finalAt: number;
	via: MessageVia;
}

/** Zalo's error for a phone that has no Zalo account (simulator default; configurable). */
export interface ZaloError {
	errorCode: number;
	errorMessage: string;
}

export interface CallbackAttempt {
	smsId: string;
	url: string;
	/** 1 for the first try, 2.. for retries. */
	attempt: number;
	/** HTTP status answered by the receiver, when it answered. */
	status?: number;
	/** Transport error (timeout, refused, reset…), when it did not answer. */
	error?: string;
	/** ok: 2xx; retry: failed, another attempt follows; gave-up: failed and it was the last one. */
	result: 'ok' | 'retry' | 'gave-up';
	/** Wall clock (Date.now()) when the attempt started. */
	startedAt: number;
}

export interface RecordedRequest {
	method: string;
	/** After the origin, without the query string. */
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** Parsed JSON or form, or undefined when the body is empty or unparsable. */
	body: unknown;
	/** Simulator clock, ms. */
	receivedAt: number;
	/** Kinds of the faults applied to this request, in the order they took effect. */
	faults: string[];
}

/** Live knobs (sim.settings); change them at any time. */
export type RequestIdWindow = 'rolling24h' | 'calendarDay';

export interface SimulatorSettings {
	/** Status endpoints answer SendStatus 2 for this long (simulator clock) after acceptance. */
	pendingMs: number;
	/** A callback GET not answered within this time counts as failed. */
	callbackTimeoutMs: number;
	/** Retries after the first failed attempt (eSMS: 5), so at most 1 + callbackRetries attempts. */
	callbackRetries: number;
	callbackRetryDelayMs: number;
	/** Callback GETs in flight at once, at most. */
	callbackConcurrency: number;
	/** Wall-clock delay between acceptance and the first callback attempt. */
	callbackDelayMs: number;
	/** Every request to an endpoint waits this long (wall clock) before it is handled. */
	latencyMs: number;
	/** Plus a uniformly random extra wait in [0, latencyJitterMs). */
	latencyJitterMs: number;
	/** Plus this much per row of the request's `Data` (the bulk send), e.g. 0.5 → 250 ms per 500 rows. */
	latencyPerRowMs: number;
	/** The simulator's own rate limit (null: none); what exceeds it is answered 429 or 160 at once. */
	rateLimit: RateLimit | null;
	/**
	 * Share (percent, 0–100) of phones that have no Zalo account, chosen by a hash of the phone
	 * (see hasZalo). A ZNS to such a phone is accepted and its delivery fails with `noZaloError`.
	 */
	noZaloPercent: number;
	/** The Zalo error a ZNS to a phone without Zalo fails with. */
	noZaloError: ZaloError;
	/** 'enforce': SMS content must match a registered template of the brandname (else 146); 'off': any content. */
	smsTemplateCheck: 'enforce' | 'off';
	/** MultiChannelMessage (undocumented): may the SMS entry reuse the ZNS entry's RequestId? 'must-differ' → 110. */
	fallbackRequestIds: 'shared-allowed' | 'must-differ';
	/**
	 * MultiChannelMessage (undocumented): which RequestIds seen in the last 24 h refuse a request with 124:
	 * 'both' (either entry's), 'zns-only' (the ZNS entry's), 'none' (never: a retry sends again).
	 */
	fallbackDuplicateCheck: 'both' | 'zns-only' | 'none';
	/** MultiChannelMessage (undocumented): the fallback SMS (store, callback) carries the SMSID answered ('same') or its own ('new'). */
	fallbackCallbackSmsId: 'same' | 'new';
	/** Wall-clock delay between the failed ZNS attempt's callback and the fallback SMS's callback. */
	fallbackCallbackDelayMs: number;
	/**
	 * How long eSMS refuses a RequestId it has seen (124), undocumented beyond two texts: 'rolling24h'
	 * (the English docs: 24 hours) or 'calendarDay' ("trong ngày": until midnight, Vietnam time).
	 */
	requestIdWindow: RequestIdWindow;
	/**
	 * What GetSmsSentData_V2 gives as a ZNS row's Content (undocumented): the text the recipient saw
	 * ('rendered') or nothing ('empty'). SMS rows always hold their text.
	 */
	sentLogZnsContent: 'rendered' | 'empty';
}

export interface SimulatorOptions {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0: a free port. */
	port?: number;
	/** Clock for the 24 h RequestId window, SendDate, quotas and status; default Date.now. */
	now?: () => number;
	fixtures?: 'default' | 'empty';
	/** Default true. When false, one line per request is written to stderr. */
	quiet?: boolean;
	/** Default true. When false, `requests` stays empty (saves memory in benchmarks). */
	recordRequests?: boolean;
	settings?: Partial<SimulatorSettings>;
}

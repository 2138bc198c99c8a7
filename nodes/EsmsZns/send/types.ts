/**
 * The words of the send pipeline, in the README's words: an item is read into a *recipient* (or
 * an invalid item); recipients are packed into *batches* (one request each); every recipient ends
 * with one *outcome*, whose *status* says what happened; the outcome becomes one output item.
 */

export type Status =
	| 'accepted'
	| 'duplicate'
	| 'rejected'
	| 'invalid'
	| 'unconfirmed'
	| 'failed'
	| 'skipped'
	/** Estimate Only: this recipient would be sent. */
	| 'would_send';

/**
 * What a request says besides its recipients: read per item, so recipients are batched by them
 * (one request never mixes two). `key` names the combination.
 */
export interface RequestOptions {
	/** eSMS's SendDate (`yyyy-MM-dd HH:mm:ss`, Vietnam time), or null to send now. */
	sendAt: string | null;
	campaign: string | null;
	callbackUrl: string | null;
	sandbox: boolean;
	/** Sending Mode "Over Daily Quota" (eSMS SendingMode 3). */
	overQuota: boolean;
	key: string;
}

/** A recipient ready to send: one n8n item, validated. */
export interface Recipient {
	itemIndex: number;
	/** The phone as it goes into the request. */
	phone: string;
	/** Its normalised form: replies are matched, and messages compared, by it. */
	phoneKey: string;
	requestId: string;
	/** The template's values in its variable order. */
	params: string[];
	/** What is sent (OA, template, schedule, phone, values, SMS): equal fingerprints, same message. */
	fingerprint: string;
	options: RequestOptions;
	/** The SMS: of an SMS, or of a ZNS with SMS fallback. */
	sms?: SmsText;
}

/** An SMS text as it is sent: diacritics removed when asked, its charset and parts counted. */
export interface SmsText {
	text: string;
	charset: 'gsm7' | 'unicode';
	parts: number;
}

/** An item that cannot be sent, and exactly why. */
export interface InvalidItem {
	itemIndex: number;
	field: string;
	value: unknown;
	rule: string;
	phone: string | null;
	requestId: string | null;
	options?: RequestOptions;
}

export interface Batch {
	/** 1-based, as shown to users. */
	number: number;
	/** Never one phone twice (see BatchPlanner): eSMS's reply rows name only the phone. */
	recipients: Recipient[];
	/** The request options every recipient of the batch shares. */
	options: RequestOptions;
}

/** What happened to one recipient; becomes exactly one output item. */
export interface Outcome {
	itemIndex: number;
	phone: string | null;
	requestId: string | null;
	status: Status;
	smsId: string | null;
	codeResult: string | null;
	message: string;
	batch: number | null;
	/** For invalid items: the field that broke a rule. */
	field?: string;
	options?: RequestOptions;
	/** The SMS it carries (an SMS, or a ZNS with SMS fallback): its parts and charset. */
	sms?: SmsText;
}

/** A request that got no per-recipient answer: refused as a whole, or its answer lost. */
export interface RequestFailure {
	code: string | null;
	message: string;
	/** `fatal`: every later batch would fail the same way (keys, account, OA, template). */
	scope: 'fatal' | 'batch';
	/** Whether eSMS may have processed it although no answer came (then recipients are unconfirmed). */
	mayHaveArrived: boolean;
}

/** A channel's answer to one batch: one outcome per recipient, or the request's failure. */
export type BatchAnswer = { outcomes: Outcome[] } | { failure: RequestFailure };

/**
 * How one kind of message is sent: the request a batch becomes and how its answer becomes
 * outcomes. The pipeline (pipeline.ts) does everything else — reading, checks, Request IDs,
 * batching, concurrency, memory and output — the same for every channel.
 */
export interface Channel {
	/** Recipients one request carries at most (bulk ZNS 500; one-recipient endpoints 1). */
	readonly maxPerRequest: number;
	/** Sends one batch; never throws. */
	send(batch: Batch): Promise<BatchAnswer>;
}

/**
 * eSMS delivery reports in one shape, whichever eSMS door they came through: the delivery
 * callback (GET query string), GetSendStatus, QueryZnsStatus or the stored-callback API.
 * Pure: no n8n imports, so the trigger and the status operations share it.
 */
import { parseErrorInfo, type DeliveryError } from './errorInfo';
import { lowerCaseKeys, toInteger, toNumber, toText } from './values';

export type DeliveryStatus =
	| 'pending_approval'
	| 'waiting'
	| 'rejected'
	| 'delivered'
	| 'failed'
	| 'awaiting_carrier'
	| 'unknown';


/** Fields in the order a person reads them: what happened, to whom, which message, then the details. */
export interface DeliveryReport {
	status: DeliveryStatus;
	phone: string | null;
	smsId: string | null;
	requestId: string | null;
	/** The channel the report is about: a ZNS, an SMS (also the SMS of a fallback), Viber. */
	channel: 'zns' | 'sms' | 'viber' | null;
	type: string | null;
	telco: string | null;
	/**
	 * Why Zalo or the carrier did not deliver it (null when delivered or not known). One name in
	 * every operation and the trigger; never `error`, which n8n reads as "this item failed".
	 */
	deliveryError: DeliveryError | null;
	price: number | null;
	/**
	 * eSMS's processing stage (its SendStatus) in words: `pending approval`, `waiting`, `rejected`,
	 * `finished` (then `status` says how it ended), `sent, awaiting report`; an undocumented code as
	 * `undocumented (N)`; null when eSMS gave none.
	 */
	sendStatus: string | null;
	/**
	 * Whether the message is part of a ZNS with SMS fallback sent by this package (its default
	 * Request IDs begin `znf-` for the ZNS and `smf-` for its SMS); null when the Request ID does
	 * not say (a custom one, or none).
	 */
	fallback: boolean | null;
	oaId: string | null;
	templateId: string | null;
	zaloMessageId: string | null;
}

const TELCO_NAMES: Record<number, string> = {
	1: 'Viettel',
	2: 'Mobifone',
	3: 'Vinaphone',
	4: 'Vietnamobile',
	5: 'Gtel',
	6: 'Itel',
	7: 'Reddi',
};

const CHANNELS: Record<number, DeliveryReport['channel']> = { 1: 'sms', 2: 'sms', 23: 'viber', 24: 'zns', 25: 'zns' };

/** This package's default Request ID prefixes: a ZNS with SMS fallback (ZNS, SMS), and the others. */
const FALLBACK_PREFIXES = ['znf-', 'smf-'];
const OTHER_PREFIXES = ['zns-', 'sms-'];

export function fallbackOf(requestId: string | null): boolean | null {
	if (requestId === null) return null;
	if (FALLBACK_PREFIXES.some((prefix) => requestId.startsWith(prefix))) return true;
	return OTHER_PREFIXES.some((prefix) => requestId.startsWith(prefix)) ? false : null;
}

const MESSAGE_TYPE_NAMES: Record<number, string> = {
	1: 'sms_advertising',
	2: 'sms_customer_care',
	23: 'viber',
	24: 'zns_priority',
	25: 'zns_normal',
};

/** Every field name eSMS uses for one piece of information, lower-cased. */
const FIELD_ALIASES = {
	smsId: ['smsid', 'refid', 'referenceid'],
	requestId: ['requestid'],
	phone: ['phonenumber', 'phone'],
	sendStatus: ['sendstatus'],
	sendSuccess: ['sendsuccess'],
	sendFailed: ['sendfailed'],
	price: ['totalprice'],
	typeId: ['typeid', 'smstype'],
	telcoId: ['telcoid'],
	zaloMessageId: ['partnerids', 'zalomsgid', 'zalomessageid', 'partnerid'],
	oaId: ['oaid'],
	templateId: ['tempid', 'znstempid', 'templateid'],
	errorInfo: ['error_info', 'errorinfo'],
} as const;

/** Zalo's code for "no error": the status APIs attach `{"error":0,"message":"Success"}` to deliveries. */
const ZALO_SUCCESS_CODE = 0;

/**
 * SendStatus 1 pending approval, 2 waiting, 4 rejected, 7 sent and awaiting the carrier's report,
 * 5 finished: then SendSuccess / SendFailed tell how it ended.
 */
export function deliveryStatus(
	sendStatus: unknown,
	sendSuccess?: unknown,
	sendFailed?: unknown,
): DeliveryStatus {
	switch (toInteger(sendStatus)) {
		case 1:
			return 'pending_approval';
		case 2:
			return 'waiting';
		case 4:
			return 'rejected';
		case 7:
			return 'awaiting_carrier';
		case 5:
			return finishedStatus(sendSuccess, sendFailed);
		default:
			return 'unknown';
	}
}

const SEND_STATUS_WORDS: Record<number, string> = {
	1: 'pending approval',
	2: 'waiting',
	4: 'rejected',
	5: 'finished',
	7: 'sent, awaiting report',
};

/** eSMS's SendStatus in words; a code eSMS does not document is named by its number. */
export function sendStatusWords(sendStatus: unknown): string | null {
	const text = toText(sendStatus);
	if (text === null) return null;
	const code = toInteger(text);
	return (code === null ? undefined : SEND_STATUS_WORDS[code]) ?? `undocumented (${text})`;
}

function finishedStatus(sendSuccess: unknown, sendFailed: unknown): DeliveryStatus {
	if ((toNumber(sendSuccess) ?? 0) > 0) return 'delivered';
	if ((toNumber(sendFailed) ?? 0) > 0) return 'failed';
	return 'unknown';
}

export function telcoName(id: unknown): string | null {
	const key = toInteger(id);
	return key === null ? null : (TELCO_NAMES[key] ?? null);
}

export function messageTypeName(id: unknown): string | null {
	const key = toInteger(id);
	return key === null ? null : (MESSAGE_TYPE_NAMES[key] ?? null);
}

/** The channel of an eSMS message type: 1/2 SMS, 23 Viber, 24/25 ZNS; null for another. */
export function messageChannel(id: unknown): DeliveryReport['channel'] {
	const key = toInteger(id);
	return key === null ? null : (CHANNELS[key] ?? null);
}

function fieldReader(fields: Record<string, unknown>) {
	const byLowerName = lowerCaseKeys(fields);
	return (aliases: readonly string[]): unknown => {
		for (const alias of aliases) {
			const value = byLowerName[alias];
			if (value !== undefined && value !== null && value !== '') return value;
		}
		return undefined;
	};
}

/** Zalo's "no error" says nothing a user can act on, so a delivered report carries `deliveryError: null`. */
function meaningfulError(error: DeliveryError | null): DeliveryError | null {
	return error?.code === ZALO_SUCCESS_CODE ? null : error;
}

/**
 * One delivery report from any eSMS status payload: the callback's fields (SMSID, phonenumber,
 * telcoid, partnerids, tempid, error_info, …) or the status APIs' (PhoneNumber, ErrorInfo,
 * ZaloMsgId, ZnsTempId, …). Field names are matched case-insensitively.
 */
export function normaliseDeliveryReport(fields: Record<string, unknown>): DeliveryReport {
	const read = fieldReader(fields);
	const sendStatus = read(FIELD_ALIASES.sendStatus);
	const requestId = toText(read(FIELD_ALIASES.requestId));
	const typeId = toInteger(read(FIELD_ALIASES.typeId));
	return {
		status: deliveryStatus(sendStatus, read(FIELD_ALIASES.sendSuccess), read(FIELD_ALIASES.sendFailed)),
		phone: toText(read(FIELD_ALIASES.phone)),
		smsId: toText(read(FIELD_ALIASES.smsId)),
		requestId,
		channel: messageChannel(typeId),
		type: messageTypeName(read(FIELD_ALIASES.typeId)),
		telco: telcoName(read(FIELD_ALIASES.telcoId)),
		deliveryError: meaningfulError(parseErrorInfo(read(FIELD_ALIASES.errorInfo))),
		price: toNumber(read(FIELD_ALIASES.price)),
		sendStatus: sendStatusWords(sendStatus),
		fallback: fallbackOf(requestId),
		oaId: toText(read(FIELD_ALIASES.oaId)),
		templateId: toText(read(FIELD_ALIASES.templateId)),
		zaloMessageId: toText(read(FIELD_ALIASES.zaloMessageId)),
	};
}

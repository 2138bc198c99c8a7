/**
 * eSMS delivery reports in one shape, whichever eSMS door they came through: the delivery
 * callback (GET query string), GetSendStatus, QueryZnsStatus or the stored-callback API.
 * Pure: no n8n imports, so the trigger and the status operations share it.
 */

export type DeliveryStatus =
	| 'pending_approval'
	| 'waiting'
	| 'rejected'
	| 'delivered'
	| 'failed'
	| 'awaiting_carrier'
	| 'unknown';

export interface DeliveryError {
	code: number | null;
	message: string | null;
	raw: string;
}

export interface DeliveryReport {
	smsId: string | null;
	requestId: string | null;
	phone: string | null;
	status: DeliveryStatus;
	sendStatus: string | null;
	telco: string | null;
	type: string | null;
	oaId: string | null;
	templateId: string | null;
	zaloMessageId: string | null;
	price: number | null;
	error: DeliveryError | null;
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

/** How many wrappings (quotes, URL-encodings) parseErrorInfo peels off before giving up. */
const MAX_ERROR_INFO_LAYERS = 6;

/** Zalo's code for "no error": the status APIs attach `{"error":0,"message":"Success"}` to deliveries. */
const ZALO_SUCCESS_CODE = 0;

function firstValue(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

function toNumber(value: unknown): number | null {
	const single = firstValue(value);
	if (typeof single === 'number') return Number.isFinite(single) ? single : null;
	if (typeof single !== 'string') return null;
	const text = single.trim();
	if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
	return Number(text);
}

function toInteger(value: unknown): number | null {
	const number = toNumber(value);
	return number !== null && Number.isInteger(number) ? number : null;
}

function toText(value: unknown): string | null {
	const single = firstValue(value);
	if (typeof single === 'number' && Number.isFinite(single)) return String(single);
	if (typeof single !== 'string') return null;
	const text = single.trim();
	return text === '' ? null : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/** Index just past the JSON string literal that opens at `start` (a `"`), or -1 when unterminated. */
function endOfJsonString(text: string, start: number): number {
	for (let index = start + 1; index < text.length; index++) {
		if (text[index] === '\\') index++;
		else if (text[index] === '"') return index + 1;
	}
	return -1;
}

/** Index just past the `}` that closes the object opening at `start`, or -1 when unbalanced. */
function endOfJsonObject(text: string, start: number): number {
	let depth = 0;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (char === '"') {
			const end = endOfJsonString(text, index);
			if (end === -1) return -1;
			index = end - 1;
		} else if (char === '{') {
			depth++;
		} else if (char === '}') {
			depth--;
			if (depth === 0) return index + 1;
		}
	}
	return -1;
}

function tryJsonParse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** The JSON object the text starts with; whatever follows it (a date, .NET exception text) is ignored. */
function leadingJsonObject(text: string): Record<string, unknown> | null {
	if (!text.startsWith('{')) return null;
	const end = endOfJsonObject(text, 0);
	if (end === -1) return null;
	const parsed = tryJsonParse(text.slice(0, end));
	return isPlainObject(parsed) ? parsed : null;
}

/** The content of the JSON string literal the text starts with (one level of `\"` escaping removed). */
function leadingJsonString(text: string): string | null {
	if (!text.startsWith('"')) return null;
	const end = endOfJsonString(text, 0);
	if (end === -1) return null;
	const parsed = tryJsonParse(text.slice(0, end));
	return typeof parsed === 'string' ? parsed.trim() : null;
}

/** Decodes every well-formed run of %XX escapes; a stray `%` (as in "50% off") stays as it is. */
function percentDecoded(text: string): string {
	return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

/**
 * Peels quotes and URL-encodings off until a JSON object shows. Handles every encoding eSMS has
 * been seen to send: `"{\"error\":-114,…}"`, `%7B%22error%22…%7D____24/04/2024%2016:58:01`,
 * plain `{"error":0,…}` and `{"error":-124,…}Object reference not set to an instance of an object.`
 */
function unwrapErrorObject(raw: string): Record<string, unknown> | null {
	let text = raw.trim();
	for (let layer = 0; layer < MAX_ERROR_INFO_LAYERS; layer++) {
		const object = leadingJsonObject(text);
		if (object) return object;
		const unquoted = leadingJsonString(text);
		if (unquoted !== null) {
			text = unquoted;
			continue;
		}
		const decoded = percentDecoded(text).trim();
		if (decoded === text) return null;
		text = decoded;
	}
	return null;
}

function errorFromObject(object: Record<string, unknown>, raw: string): DeliveryError {
	const nested = isPlainObject(object.error) ? object.error : null;
	const source = nested ?? object;
	const lower = lowerCaseKeys(source);
	return {
		code: toInteger(lower.error ?? lower.code ?? lower.error_code),
		message: toText(lower.message ?? lower.error_message ?? lower.msg),
		raw,
	};
}

function lowerCaseKeys(object: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(object)) {
		const lower = key.toLowerCase();
		if (!(lower in result)) result[lower] = value;
	}
	return result;
}

/**
 * Zalo's error behind a delivery: `{ code, message, raw }` with `raw` the text as received.
 * Empty → null; text that holds no JSON object → `{ code: null, message: null, raw }`.
 */
export function parseErrorInfo(raw: unknown): DeliveryError | null {
	const single = firstValue(raw);
	if (single === null || single === undefined) return null;
	if (isPlainObject(single)) return errorFromObject(single, JSON.stringify(single));
	if (typeof single === 'number') {
		return Number.isFinite(single) ? { code: toInteger(single), message: null, raw: String(single) } : null;
	}
	if (typeof single !== 'string') return { code: null, message: null, raw: JSON.stringify(single) ?? '' };
	if (single.trim() === '') return null;
	const object = unwrapErrorObject(single);
	return object ? errorFromObject(object, single) : { code: null, message: null, raw: single };
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

/** Zalo's "no error" says nothing a user can act on, so a delivered report carries `error: null`. */
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
	return {
		smsId: toText(read(FIELD_ALIASES.smsId)),
		requestId: toText(read(FIELD_ALIASES.requestId)),
		phone: toText(read(FIELD_ALIASES.phone)),
		status: deliveryStatus(sendStatus, read(FIELD_ALIASES.sendSuccess), read(FIELD_ALIASES.sendFailed)),
		sendStatus: toText(sendStatus),
		telco: telcoName(read(FIELD_ALIASES.telcoId)),
		type: messageTypeName(read(FIELD_ALIASES.typeId)),
		oaId: toText(read(FIELD_ALIASES.oaId)),
		templateId: toText(read(FIELD_ALIASES.templateId)),
		zaloMessageId: toText(read(FIELD_ALIASES.zaloMessageId)),
		price: toNumber(read(FIELD_ALIASES.price)),
		error: meaningfulError(parseErrorInfo(read(FIELD_ALIASES.errorInfo))),
	};
}

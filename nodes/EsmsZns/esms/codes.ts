/** eSMS result codes (docs/esms-api.md, Result codes): what each means and what the node does about it. */

/** What a request-level failure means for the batches that have not been sent yet. */
export type FailureScope =
	/** Account, keys, OA or template: every later batch would fail the same way. */
	| 'fatal'
	/** Only this batch's request was wrong; later batches are still worth sending. */
	| 'batch';

interface CodeInfo {
	meaning: string;
	scope: FailureScope;
}

const CODE_LIST: Record<string, CodeInfo> = {
	'99': { meaning: 'Phone number blocked', scope: 'batch' },
	'100': { meaning: 'Accepted by eSMS (not yet delivered)', scope: 'batch' },
	'101': { meaning: 'Wrong API Key or Secret Key', scope: 'fatal' },
	'102': { meaning: 'No price list for the account', scope: 'fatal' },
	'103': { meaning: 'Account balance too low', scope: 'fatal' },
	'104': { meaning: 'Brandname unknown, inactive, or not registered for customer-care SMS', scope: 'fatal' },
	'105': { meaning: 'Message ID not found (or queried too soon after sending)', scope: 'batch' },
	'108': { meaning: 'Phone number in a wrong format', scope: 'batch' },
	'110': { meaning: 'Request data invalid', scope: 'batch' },
	'118': { meaning: 'Message type not supported', scope: 'fatal' },
	'124': { meaning: 'Duplicate Request ID (seen by eSMS in the last 24 hours)', scope: 'batch' },
	'140': { meaning: 'Caller IP address not whitelisted in eSMS', scope: 'fatal' },
	'143': { meaning: 'eSMS account not activated or locked', scope: 'fatal' },
	'146': { meaning: 'SMS text does not match a customer-care template registered with the carriers', scope: 'batch' },
	'160': { meaning: 'Too many requests per second (TPS limit exceeded)', scope: 'batch' },
	'177': { meaning: 'The carrier of this phone is not registered for the brandname', scope: 'batch' },
	'204': { meaning: 'Zalo OA ID does not exist', scope: 'fatal' },
	'300': { meaning: 'Message type missing', scope: 'fatal' },
	'687': { meaning: 'More than 500 phone numbers in one request', scope: 'batch' },
	'789': { meaning: 'Template not configured for this Zalo OA', scope: 'fatal' },
	'790': { meaning: 'Wrong ZNS template', scope: 'fatal' },
	'791': { meaning: 'Zalo OA ID or Template ID missing', scope: 'fatal' },
	'799': { meaning: 'Zalo OA inactive, wrong, or not added to the eSMS account', scope: 'fatal' },
	'801': { meaning: 'Sending Mode "over quota" cannot be scheduled', scope: 'fatal' },
	'802': { meaning: 'This Zalo OA is not allowed to use Sending Mode "over quota"', scope: 'fatal' },
	'851': { meaning: 'SMS ID missing', scope: 'batch' },
	'854': { meaning: 'No data found', scope: 'batch' },
};

/**
 * Looked up by own key only: a code is whatever text eSMS sent, so `constructor`, `toString` or
 * `__proto__` must read as unknown codes, not as members of Object.prototype.
 */
const CODES: ReadonlyMap<string, CodeInfo> = new Map(Object.entries(CODE_LIST));

/** eSMS sends codes as strings or numbers, sometimes padded; compare them in one form. */
export function normaliseCode(code: unknown): string | null {
	if (typeof code === 'number' && Number.isFinite(code)) return String(code);
	if (typeof code === 'string' && code.trim() !== '') return code.trim();
	return null;
}

export function codeMeaning(code: string | null): string {
	if (code === null) return 'eSMS returned no result code';
	return CODES.get(code)?.meaning ?? `Unknown eSMS result code ${code}`;
}

/** Whether the code is one eSMS documents (an unknown one is never read as a final answer). */
export function isKnownCode(code: string): boolean {
	return CODES.has(code);
}

export function failureScope(code: string | null): FailureScope {
	if (code === null) return 'batch';
	return CODES.get(code)?.scope ?? 'batch';
}

/**
 * Codes that refuse one recipient (its phone, carrier or text), not the request: what a
 * one-recipient send (SMS, ZNS with SMS fallback) answers for that recipient alone.
 */
const REFUSES_THE_RECIPIENT: ReadonlySet<string> = new Set(['99', '108', '146', '177']);

export function refusesTheRecipient(code: string): boolean {
	return REFUSES_THE_RECIPIENT.has(code);
}

/** 146: eSMS's documented answer carries an SMSID although nothing was sent. */
export const TEXT_NOT_REGISTERED = '146';

export const ACCEPTED = '100';
export const DUPLICATE_REQUEST_ID = '124';

/** Every result code this node knows the meaning of. */
export function knownCodes(): string[] {
	return [...CODES.keys()];
}

import { PHONE_RULE, toDomesticMobile, type PhoneFormat } from '../esms/phone';
import { toParamText, type ParamSpec } from '../esms/params';
import { checkCustomRequestId } from '../esms/requestIdRule';
import { firstNonGsm, smsShape, withoutDiacritics, type CharsetChoice } from '../esms/smsText';
import { notOk, ok, type Result } from '../../shared/result';
import type { OptionProblem } from './options';
import { messageFingerprint } from './requestId';
import type { Twin } from './outcome';
import type { InvalidItem, Recipient, RequestOptions, SmsText } from './types';

/** What the node read from one item, before any check (its request options already read). */
export interface RawRecipient {
	itemIndex: number;
	phone: unknown;
	requestId: unknown;
	params: unknown[];
	/** The SMS text, when the message has an SMS (SMS, or ZNS with SMS fallback). */
	text?: unknown;
	options: Result<RequestOptions, OptionProblem>;
}

/** How an SMS is written: its brandname, charset, and how many parts it may take. */
export interface SmsRules {
	brandname: string;
	charset: CharsetChoice;
	/** Vietnamese without diacritics, so that the text fits GSM 7-bit (fewer parts). */
	removeDiacritics: boolean;
	maxParts: number;
	/** The field the text comes from, for error messages. */
	field: string;
}

export interface ReadRules {
	phoneFormat: PhoneFormat;
	timezone: string;
	/** The template's variables in order, when known. */
	paramSpecs?: ParamSpec[];
	/** Whether the values were mapped by variable name (for error messages). */
	paramsByName?: boolean;
	/** The OA and template: with schedule, phone and values, what makes a message this message. */
	oaId: string;
	templateId: string;
	/**
	 * What names the schedule in the fingerprint when Send At is relative to when the node runs
	 * (`{{ $now.plus(…) }}`): the expression itself, not the time it gives, so that a run again
	 * later makes the same Request IDs. Absent: the schedule as sent.
	 */
	relativeSendAt?: string;
	/** The default RequestId of a message fingerprint; absent when items carry their own. */
	defaultRequestId?: (fingerprint: string) => string;
	/** Whether the message is a ZNS (template values read), and its SMS when it has one. */
	zns: boolean;
	sms?: SmsRules;
}



function describeType(value: unknown): string {
	return Array.isArray(value) ? 'a list' : typeof value;
}

/** Text from what a user may map into a text field; null for anything else (objects, lists…). */
function asText(value: unknown): string | null {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return null;
}

/** The field of an item that breaks a rule, the rule, and the value it had. */
interface Broken {
	field: string;
	rule: string;
	value: unknown;
}

function readIdentity(raw: RawRecipient, rules: ReadRules): Result<{ phone: string; key: string; requestId: string | null }, Broken> {
	const phone = asText(raw.phone);
	const phoneBreaks = (rule: string) => notOk({ field: 'Phone', rule, value: raw.phone });
	if (phone === null) return phoneBreaks(`must be text, not ${describeType(raw.phone)}`);
	if (phone === '') return phoneBreaks('is required but empty');
	const key = toDomesticMobile(phone);
	if (key === null) return phoneBreaks(PHONE_RULE);
	if (rules.defaultRequestId) return ok({ phone, key, requestId: null });
	const requestId = asText(raw.requestId);
	if (requestId === null) return notOk({ field: 'Request ID', rule: `must be text, not ${describeType(raw.requestId)}`, value: raw.requestId });
	const rule = checkCustomRequestId(requestId);
	if (rule !== null) return notOk({ field: 'Request ID', rule, value: raw.requestId });
	return ok({ phone, key, requestId });
}

function paramField(position: number, spec: ParamSpec | undefined, byName: boolean): string {
	if (byName && spec) return `Template Fields › ${spec.name}`;
	return `Template Params › value ${position + 1}${spec ? ` (${spec.name})` : ''}`;
}

function readParams(raw: unknown[], rules: ReadRules): Result<string[], Broken> {
	const specs = rules.paramSpecs;
	if (specs && raw.length > specs.length) {
		const names = specs.map((spec) => spec.name).join(', ');
		const rule = `has ${raw.length} values but the template has ${specs.length} variables (${names})`;
		return notOk({ field: 'Template Params', rule, value: raw });
	}
	const count = specs ? specs.length : raw.length;
	if (count === 0) return ok([]);
	const texts: string[] = [];
	for (let position = 0; position < count; position++) {
		const spec = specs?.[position];
		const result = toParamText(raw[position], spec, rules.timezone);
		if (!result.ok) return notOk({ field: paramField(position, spec, rules.paramsByName ?? false), rule: result.why, value: raw[position] });
		texts.push(result.value);
	}
	return ok(texts);
}

/**
 * Turns what was read from one item into a recipient, or says exactly which field breaks
 * which rule. Nothing is thrown away: an invalid item becomes an InvalidItem.
 */
export function readRecipient(raw: RawRecipient, rules: ReadRules): Recipient | InvalidItem {
	const asGiven = { phone: typeof raw.phone === 'string' ? raw.phone : null, requestId: typeof raw.requestId === 'string' ? raw.requestId : null };
	if (!raw.options.ok) return { itemIndex: raw.itemIndex, ...asGiven, ...raw.options.why };
	const options = raw.options.value;
	const identity = readIdentity(raw, rules);
	if (!identity.ok) return { itemIndex: raw.itemIndex, ...asGiven, ...identity.why, options };
	const { phone, key } = identity.value;
	const sentPhone = rules.phoneFormat === 'domestic' ? key : phone;
	const invalid = (broken: Broken): InvalidItem => {
		return { itemIndex: raw.itemIndex, phone: sentPhone, requestId: identity.value.requestId, ...broken, options };
	};
	const params = rules.zns ? readParams(raw.params, rules) : ok([]);
	if (!params.ok) return invalid(params.why);
	const sms = rules.sms ? readSms(raw.text, rules.sms) : undefined;
	if (sms && !sms.ok) return invalid({ field: rules.sms!.field, rule: sms.why, value: raw.text });
	const sendDate = rules.relativeSendAt ?? options.sendAt ?? '';
	const smsMessage = sms && { brandname: rules.sms!.brandname, text: sms.value.text, charset: sms.value.charset };
	const fingerprint = messageFingerprint({ oaId: rules.oaId, templateId: rules.templateId, sendDate }, key, params.value, { sms: smsMessage, sandbox: options.sandbox });
	const requestId = identity.value.requestId ?? rules.defaultRequestId!(fingerprint);
	const recipient: Recipient = { itemIndex: raw.itemIndex, phone: sentPhone, phoneKey: key, requestId, params: params.value, fingerprint, options };
	if (sms) recipient.sms = sms.value;
	return recipient;
}

/** The SMS of one item: its text (diacritics removed when asked), charset and parts, or the rule it breaks. */
function readSms(raw: unknown, rules: SmsRules): Result<SmsText> {
	const given = asText(raw);
	if (given === null) return notOk(`must be text, not ${describeType(raw)}`);
	const text = rules.removeDiacritics ? withoutDiacritics(given) : given;
	if (text === '') return notOk('is required but empty');
	const shape = smsShape(text, rules.charset);
	if (shape === null) {
		return notOk(`has "${firstNonGsm(text)}", which GSM 7-bit cannot carry: turn on Remove Diacritics, or set Charset to Auto or Unicode`);
	}
	if (shape.parts > rules.maxParts) {
		const counted = shape.charset === 'gsm7' ? 'GSM 7-bit characters' : 'Unicode characters (an emoji counts as two)';
		return notOk(`needs ${shape.parts} SMS parts (${shape.length} ${counted}), more than Max SMS Parts (${rules.maxParts})`);
	}
	return ok({ text, charset: shape.charset, parts: shape.parts });
}

export function isInvalid(read: Recipient | InvalidItem): read is InvalidItem {
	return 'rule' in read;
}


/**
 * A RequestId stands once per request. Items that repeat an earlier item's message (same phone,
 * values, template: the same RequestId and fingerprint) are twins: sent once, reported for both.
 * A custom RequestId reused for a DIFFERENT message is invalid: eSMS would refuse the second
 * with 124 and that recipient would silently get nothing. Works on the items in order, a part at
 * a time (`take`), remembering every RequestId seen in the run.
 */
export class TwinSeparator {
	private readonly firstOf = new Map<string, Recipient>();
	readonly twins: Twin[] = [];

	/** These reads without their twins (which are kept in `twins`); a clashing custom id becomes invalid. */
	take(reads: Array<Recipient | InvalidItem>): Array<Recipient | InvalidItem> {
		const kept: Array<Recipient | InvalidItem> = [];
		for (const read of reads) {
			if (isInvalid(read)) {
				kept.push(read);
				continue;
			}
			const first = this.firstOf.get(read.requestId);
			if (first === undefined) {
				this.firstOf.set(read.requestId, read);
				kept.push(read);
			} else if (first.fingerprint === read.fingerprint) {
				this.twins.push({ itemIndex: read.itemIndex, phone: read.phone, firstItem: first.itemIndex });
			} else {
				kept.push({
					itemIndex: read.itemIndex,
					phone: read.phone,
					requestId: read.requestId,
					field: 'Request ID',
					value: read.requestId,
					rule: `must be unique, but item ${first.itemIndex} already uses it for another message`,
					options: read.options,
				});
			}
		}
		return kept;
	}
}

export function separateTwins(reads: Array<Recipient | InvalidItem>): {
	reads: Array<Recipient | InvalidItem>;
	twins: Twin[];
} {
	const separator = new TwinSeparator();
	return { reads: separator.take(reads), twins: separator.twins };
}

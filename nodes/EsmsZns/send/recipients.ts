import { toDomesticMobile, type PhoneFormat } from '../esms/phone';
import { toParamText, type ParamSpec } from '../esms/params';
import { checkCustomRequestId } from '../esms/requestIdRule';
import { isOptionProblem, type OptionProblem } from './options';
import { messageFingerprint } from './requestId';
import type { Twin } from './outcome';
import type { InvalidItem, Recipient, RequestOptions } from './types';

/** What the node read from one item, before any check (its request options already read). */
export interface RawRecipient {
	itemIndex: number;
	phone: unknown;
	requestId: unknown;
	params: unknown[];
	options: RequestOptions | OptionProblem;
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
}

const PHONE_RULE = 'must be a Vietnamese mobile number (10 digits 03x/05x/07x/08x/09x, or 84…)';


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

type Check<T> = { value: T } | { rule: string; field: string };

function readIdentity(raw: RawRecipient, rules: ReadRules): Check<{ phone: string; key: string; requestId: string | null }> {
	const phone = asText(raw.phone);
	if (phone === null) return { field: 'Phone', rule: `must be text, not ${describeType(raw.phone)}` };
	if (phone === '') return { field: 'Phone', rule: 'is required but empty' };
	const key = toDomesticMobile(phone);
	if (key === null) return { field: 'Phone', rule: PHONE_RULE };
	if (rules.defaultRequestId) return { value: { phone, key, requestId: null } };
	const requestId = asText(raw.requestId);
	if (requestId === null) return { field: 'Request ID', rule: `must be text, not ${describeType(raw.requestId)}` };
	const rule = checkCustomRequestId(requestId);
	if (rule !== null) return { field: 'Request ID', rule };
	return { value: { phone, key, requestId } };
}

function paramField(position: number, spec: ParamSpec | undefined, byName: boolean): string {
	if (byName && spec) return `Template Fields › ${spec.name}`;
	return `Template Params › value ${position + 1}${spec ? ` (${spec.name})` : ''}`;
}

function readParams(raw: unknown[], rules: ReadRules): { value: string[] } | { rule: string; field: string; bad: unknown } {
	const specs = rules.paramSpecs;
	if (specs && raw.length > specs.length) {
		const names = specs.map((spec) => spec.name).join(', ');
		return {
			rule: `has ${raw.length} values but the template has ${specs.length} variables (${names})`,
			field: 'Template Params',
			bad: raw,
		};
	}
	const count = specs ? specs.length : raw.length;
	if (count === 0) return { value: [] };
	const texts: string[] = [];
	for (let position = 0; position < count; position++) {
		const spec = specs?.[position];
		const result = toParamText(raw[position], spec, rules.timezone);
		if ('rule' in result) {
			return { rule: result.rule, field: paramField(position, spec, rules.paramsByName ?? false), bad: raw[position] };
		}
		texts.push(result.text);
	}
	return { value: texts };
}

/**
 * Turns what was read from one item into a recipient, or says exactly which field breaks
 * which rule. Nothing is thrown away: an invalid item becomes an InvalidItem.
 */
export function readRecipient(raw: RawRecipient, rules: ReadRules): Recipient | InvalidItem {
	const { options } = raw;
	if (isOptionProblem(options)) {
		const phone = typeof raw.phone === 'string' ? raw.phone : null;
		const requestId = typeof raw.requestId === 'string' ? raw.requestId : null;
		return { itemIndex: raw.itemIndex, phone, requestId, field: options.field, value: options.value, rule: options.rule };
	}
	const identity = readIdentity(raw, rules);
	if ('rule' in identity) {
		return {
			itemIndex: raw.itemIndex,
			phone: typeof raw.phone === 'string' ? raw.phone : null,
			requestId: typeof raw.requestId === 'string' ? raw.requestId : null,
			field: identity.field,
			value: identity.field === 'Phone' ? raw.phone : raw.requestId,
			rule: identity.rule,
			options,
		};
	}
	const { phone, key } = identity.value;
	const sentPhone = rules.phoneFormat === 'domestic' ? key : phone;
	const params = readParams(raw.params, rules);
	if ('rule' in params) {
		const requestId = identity.value.requestId;
		return { itemIndex: raw.itemIndex, phone: sentPhone, requestId, field: params.field, value: params.bad, rule: params.rule, options };
	}
	const sendDate = rules.relativeSendAt ?? options.sendAt ?? '';
	const fingerprint = messageFingerprint({ oaId: rules.oaId, templateId: rules.templateId, sendDate }, key, params.value);
	const requestId = identity.value.requestId ?? rules.defaultRequestId!(fingerprint);
	return { itemIndex: raw.itemIndex, phone: sentPhone, phoneKey: key, requestId, params: params.value, fingerprint, options };
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

import { z } from 'zod';

import { DOMESTIC_MOBILE, toDomesticMobile, type PhoneFormat } from './phone';
import { MAX_REQUEST_ID_LENGTH } from './requestId';
import { toParamText, type ParamSpec } from './params';
import type { InvalidItem, Recipient } from './types';

/** What the node read from one item, before any check. */
export interface RawRecipient {
	itemIndex: number;
	phone: unknown;
	requestId: unknown;
	params: unknown[];
}

export interface ReadRules {
	phoneFormat: PhoneFormat;
	timezone: string;
	/** The template's variables in order, when known. */
	paramSpecs?: ParamSpec[];
	/** Whether the values were mapped by variable name (for error messages). */
	paramsByName?: boolean;
}

const FIELD_NAMES = { phone: 'Phone', requestId: 'Request ID' } as const;

/** The shape of a sendable recipient, checked once per item after normalisation. */
const sendable = z.object({
	phone: z
		.string()
		.min(1, 'is required but empty')
		.regex(DOMESTIC_MOBILE, 'must be a Vietnamese mobile number (10 digits 03x/05x/07x/08x/09x, or 84…)'),
	requestId: z
		.string()
		.min(1, 'is required but empty')
		.max(MAX_REQUEST_ID_LENGTH, `must be at most ${MAX_REQUEST_ID_LENGTH} characters`),
});

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

function readIdentity(raw: RawRecipient): Check<{ phone: string; key: string; requestId: string }> {
	const phone = asText(raw.phone);
	if (phone === null) return { field: 'Phone', rule: `must be text, not ${describeType(raw.phone)}` };
	const requestId = asText(raw.requestId);
	if (requestId === null) return { field: 'Request ID', rule: `must be text, not ${describeType(raw.requestId)}` };
	const domestic = toDomesticMobile(phone);
	const parsed = sendable.safeParse({ phone: domestic ?? phone, requestId });
	if (!parsed.success) {
		const [issue] = parsed.error.issues;
		return { field: FIELD_NAMES[issue.path[0] as keyof typeof FIELD_NAMES], rule: issue.message };
	}
	return { value: { phone, key: parsed.data.phone, requestId } };
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
	const identity = readIdentity(raw);
	if ('rule' in identity) {
		return {
			itemIndex: raw.itemIndex,
			phone: typeof raw.phone === 'string' ? raw.phone : null,
			requestId: typeof raw.requestId === 'string' ? raw.requestId : null,
			field: identity.field,
			value: identity.field === 'Phone' ? raw.phone : raw.requestId,
			rule: identity.rule,
		};
	}
	const { phone, key, requestId } = identity.value;
	const sentPhone = rules.phoneFormat === 'domestic' ? key : phone;
	const params = readParams(raw.params, rules);
	if ('rule' in params) {
		return { itemIndex: raw.itemIndex, phone: sentPhone, requestId, field: params.field, value: params.bad, rule: params.rule };
	}
	return { itemIndex: raw.itemIndex, phone: sentPhone, phoneKey: key, requestId, params: params.value };
}

export function isInvalid(read: Recipient | InvalidItem): read is InvalidItem {
	return 'rule' in read;
}

export function describeInvalid(invalid: InvalidItem): string {
	const shown = invalid.value === undefined ? 'nothing' : JSON.stringify(invalid.value);
	return `${invalid.field} ${invalid.rule} (got ${shown})`;
}

/**
 * A RequestId may stand only once in one run: eSMS would answer the second with 124 and the
 * recipient would silently get nothing. Later repeats become invalid items naming the first.
 */
export function rejectRepeatedRequestIds(reads: Array<Recipient | InvalidItem>): Array<Recipient | InvalidItem> {
	const firstItemOf = new Map<string, number>();
	return reads.map((read) => {
		if (isInvalid(read)) return read;
		const first = firstItemOf.get(read.requestId);
		if (first === undefined) {
			firstItemOf.set(read.requestId, read.itemIndex);
			return read;
		}
		return {
			itemIndex: read.itemIndex,
			phone: read.phone,
			requestId: read.requestId,
			field: 'Request ID',
			value: read.requestId,
			rule: `must be unique, but item ${first} already uses it`,
		};
	});
}

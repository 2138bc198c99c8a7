import { z } from 'zod';

import { toDomesticMobile, type PhoneFormat } from './phone';
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

const phoneText = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const requestIdText = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.refine((value) => value.length > 0, { message: 'is required but empty' })
	.refine((value) => value.length <= MAX_REQUEST_ID_LENGTH, {
		message: `must be at most ${MAX_REQUEST_ID_LENGTH} characters`,
	});

function firstIssue(error: z.ZodError, value: unknown): string {
	const issue = error.issues[0];
	if (issue?.code === 'invalid_type' || issue?.code === 'invalid_union') {
		return value === undefined || value === null
			? 'is required but empty'
			: `must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`;
	}
	return issue?.message ?? 'is not valid';
}

type Check<T> = { value: T } | { rule: string };

function readPhone(raw: unknown, format: PhoneFormat): Check<{ phone: string; key: string }> {
	const parsed = phoneText.safeParse(raw);
	if (!parsed.success) return { rule: firstIssue(parsed.error, raw) };
	if (parsed.data === '') return { rule: 'is required but empty' };
	const domestic = toDomesticMobile(parsed.data);
	if (domestic === null) {
		return { rule: 'must be a Vietnamese mobile number (10 digits 03x/05x/07x/08x/09x, or 84…)' };
	}
	return { value: { phone: format === 'domestic' ? domestic : parsed.data, key: domestic } };
}

function readRequestId(raw: unknown): Check<string> {
	const parsed = requestIdText.safeParse(raw);
	if (!parsed.success) return { rule: firstIssue(parsed.error, raw) };
	return { value: parsed.data };
}

function paramField(position: number, spec: ParamSpec | undefined, byName: boolean): string {
	if (byName && spec) return `Template Fields › ${spec.name}`;
	return `Template Params › value ${position + 1}${spec ? ` (${spec.name})` : ''}`;
}

function readParams(raw: unknown[], rules: ReadRules): Check<string[]> & { field?: string; bad?: unknown } {
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
	const phone = readPhone(raw.phone, rules.phoneFormat);
	const requestId = readRequestId(raw.requestId);
	const known = {
		itemIndex: raw.itemIndex,
		phone: 'value' in phone ? phone.value.phone : typeof raw.phone === 'string' ? raw.phone : null,
		requestId: 'value' in requestId ? requestId.value : null,
	};
	if ('rule' in phone) return { ...known, field: 'Phone', value: raw.phone, rule: phone.rule };
	if ('rule' in requestId) {
		return { ...known, field: 'Request ID', value: raw.requestId, rule: requestId.rule };
	}
	const params = readParams(raw.params, rules);
	if ('rule' in params) {
		return { ...known, field: params.field ?? 'Template Params', value: params.bad, rule: params.rule };
	}
	return {
		itemIndex: raw.itemIndex,
		phone: phone.value.phone,
		phoneKey: phone.value.key,
		requestId: requestId.value,
		params: params.value,
	};
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

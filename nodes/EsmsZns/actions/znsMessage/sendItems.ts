import { jsonParse, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { toVietnamDate } from '../../esms/params';
import { toDomesticMobile } from '../../esms/phone';
import type { TemplateInfo } from '../../esms/templateSpec';
import type { PriceSample } from '../../lookups/preflight';
import type { RecipientSource } from '../../send/pipeline';
import { TwinSeparator, readRecipient, type RawRecipient } from '../../send/recipients';
import { requestIdsFor } from '../../send/requestId';
import type { InvalidItem } from '../../send/types';
import { locatorValue } from '../commonFields';
import { Unreadable, evaluatorFor, isExpression, jsonFieldPath, parameterReader, readerFor, type ItemReader } from './itemReaders';
import { optionsReader, relativeSendAtOf } from './sendOptions';
import { ONCE_PER_RUN, type SendSettings } from './sendSettings';

/** Reads every item into a recipient, or an invalid item that says exactly what is wrong. */


type ParamsReader = (itemIndex: number) => unknown[] | null;

const UNREAD = Symbol('unread');

function isReadDirectly(raw: unknown): boolean {
	return !(typeof raw === 'string' && raw.startsWith('=')) || jsonFieldPath(raw) !== null;
}

/** Reads several values per item: straight from the items when every one is a field reference. */
function valuesReader(
	items: INodeExecutionData[],
	raws: unknown[],
	evaluateAll: (itemIndex: number) => unknown[],
): ParamsReader {
	if (!raws.every(isReadDirectly)) return evaluateAll;
	const readers = raws.map((raw) => readerFor(items, raw, () => UNREAD));
	return (itemIndex) => {
		const values = readers.map((read) => read(itemIndex));
		return values.includes(UNREAD) ? evaluateAll(itemIndex) : values;
	};
}

function listReader(context: IExecuteFunctions, items: INodeExecutionData[]): ParamsReader {
	const entries = ((context.getNode().parameters.templateParams as IDataObject | undefined)?.values ?? []) as IDataObject[];
	return valuesReader(
		items,
		entries.map((entry) => entry.value),
		(itemIndex) =>
			(context.getNodeParameter('templateParams.values', itemIndex, []) as Array<{ value?: unknown }>).map(
				(entry) => entry.value,
			),
	);
}

function fieldsReader(context: IExecuteFunctions, items: INodeExecutionData[], template: TemplateInfo | null): ParamsReader {
	const names = (template?.params ?? []).map((spec) => spec.name);
	const mapping = (context.getNode().parameters.templateFields ?? {}) as IDataObject;
	if (mapping.mappingMode === 'autoMapInputData') {
		return (itemIndex) => names.map((name) => items[itemIndex].json[name]);
	}
	const mapped = (mapping.value ?? {}) as IDataObject;
	return valuesReader(
		items,
		names.map((name) => mapped[name]),
		(itemIndex) => {
			const values = (context.getNodeParameter('templateFields.value', itemIndex, {}) ?? {}) as IDataObject;
			return names.map((name) => values[name]);
		},
	);
}

function jsonReader(context: IExecuteFunctions, items: INodeExecutionData[]): ParamsReader {
	const read = parameterReader(context, items, 'paramsJson', []);
	return (itemIndex) => {
		const value = read(itemIndex);
		const parsed = typeof value === 'string' ? jsonParse<unknown>(value, { fallbackValue: null }) : value;
		return Array.isArray(parsed) ? parsed : null;
	};
}

function paramsReaderFor(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings, template: TemplateInfo | null): ParamsReader {
	if (settings.paramsMode === 'fields') return fieldsReader(context, items, template);
	if (settings.paramsMode === 'list') return listReader(context, items);
	return jsonReader(context, items);
}

function recipientReader(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings, template: TemplateInfo | null) {
	const readPhone = parameterReader(context, items, 'phone');
	// Default Request IDs are made from the message itself, once it is read (see readRecipient).
	const readRequestId: ItemReader = settings.requestIdMode === 'custom' ? parameterReader(context, items, 'requestId') : () => null;
	const readParams = paramsReaderFor(context, items, settings, template);
	const paramsField = { fields: 'Template Fields', list: 'Template Params', json: 'Params (JSON Array)' }[settings.paramsMode];
	const evaluated = evaluatorFor(context);
	const readOptions = optionsReader(context, items, settings.timezone, evaluated);
	return (itemIndex: number): RawRecipient | InvalidItem => {
		const phone = evaluated(itemIndex, 'Phone', readPhone);
		if (phone instanceof Unreadable) return phone.invalid;
		const requestId = evaluated(itemIndex, 'Custom Request ID', readRequestId);
		if (requestId instanceof Unreadable) return requestId.invalid;
		const params = evaluated(itemIndex, paramsField, readParams);
		if (params instanceof Unreadable) return params.invalid;
		const options = readOptions(itemIndex);
		if (params !== null) return { itemIndex, phone, requestId, params, options };
		return {
			itemIndex,
			phone: typeof phone === 'string' ? phone : null,
			requestId: typeof requestId === 'string' ? requestId : null,
			field: 'Params (JSON Array)',
			value: context.getNodeParameter('paramsJson', itemIndex, null),
			rule: 'must be a JSON array of values',
		};
	};
}

/** A parameter read once per run, and whether it is an expression (then each item is compared). */
interface OncePerRun {
	field: string;
	/** The value at the first item, as the run uses it. */
	first: unknown;
	at: (itemIndex: number) => unknown;
}

/**
 * Parameters that cannot differ per item (the Zalo OA, the template, how many requests…) are read
 * once. When they are expressions, an item that resolves them differently from the first item
 * cannot be sent with the others: it is reported, never sent with the first item's value.
 */
function oncePerRunGuards(context: IExecuteFunctions, settings: SendSettings): OncePerRun[] {
	const parameters = context.getNode().parameters;
	const guards: OncePerRun[] = [];
	for (const [name, field, first] of [['oaId', 'Zalo OA', settings.oaId], ['templateId', 'Template', settings.templateId]] as const) {
		if (isExpression(parameters[name])) guards.push({ field, first, at: (itemIndex) => locatorValue(context, name, itemIndex) });
	}
	const options = (parameters.options ?? {}) as IDataObject;
	for (const { path, field } of ONCE_PER_RUN) {
		if (!isExpression(options[path.slice('options.'.length)])) continue;
		const at = (itemIndex: number) => context.getNodeParameter(path, itemIndex, undefined);
		guards.push({ field, first: at(0), at });
	}
	return guards;
}

function differsFromFirstItem(guards: OncePerRun[], itemIndex: number): InvalidItem | null {
	if (itemIndex === 0) return null;
	for (const { field, first, at } of guards) {
		const value = at(itemIndex);
		if (value !== first) {
			const shown = typeof first === 'string' ? first : JSON.stringify(first);
			const rule = `must be the same for every item (the first item uses ${shown}); split the items with a Switch node to send several`;
			return { itemIndex, phone: null, requestId: null, field, value, rule };
		}
	}
	return null;
}

/**
 * The first item's phone and template values as given, read before the template is known, so that
 * eSMS's price can be asked together with the template. Null when they cannot be read that early
 * (Map Automatically needs the template's variable names) or are not usable; the price is then
 * asked with the first recipient once it is read.
 */
export function firstItemSample(context: IExecuteFunctions, paramsMode: SendSettings['paramsMode']): PriceSample | null {
	if (context.getInputData().length === 0) return null;
	try {
		const phone = toDomesticMobile(String(context.getNodeParameter('phone', 0, '') ?? ''));
		if (phone === null) return null;
		let values: unknown[] | null = null;
		if (paramsMode === 'list') {
			values = (context.getNodeParameter('templateParams.values', 0, []) as Array<{ value?: unknown }>).map((entry) => entry.value);
		} else if (paramsMode === 'json') {
			const raw = context.getNodeParameter('paramsJson', 0, []);
			const parsed = typeof raw === 'string' ? jsonParse<unknown>(raw, { fallbackValue: null }) : raw;
			values = Array.isArray(parsed) ? parsed : null;
		} else if ((context.getNode().parameters.templateFields as IDataObject | undefined)?.mappingMode !== 'autoMapInputData') {
			// The editor writes the mapped fields in the template's variable order.
			values = Object.values((context.getNodeParameter('templateFields.value', 0, {}) ?? {}) as IDataObject);
		}
		if (values === null) return null;
		// A value that reads as a date is sent in eSMS's date format: a text variable takes it too,
		// and the price does not depend on the values.
		const timezone = context.getTimezone();
		const asText = (value: unknown) => toVietnamDate(value, timezone) ?? (typeof value === 'string' ? value.trim() : String(value ?? ''));
		return { phone, params: values.map(asText) };
	} catch {
		return null; // an expression that needs more than the first item: asked later
	}
}

/** The items as recipients, read a part at a time, in input order. */
export function recipientSource(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
	template: TemplateInfo | null,
): RecipientSource {
	const guards = oncePerRunGuards(context, settings);
	const rules = {
		phoneFormat: settings.phoneFormat,
		timezone: settings.timezone,
		paramSpecs: template?.params,
		paramsByName: settings.paramsMode === 'fields',
		oaId: settings.oaId,
		templateId: settings.templateId,
		relativeSendAt: settings.requestIdMode === 'content' ? relativeSendAtOf(context) : undefined,
		defaultRequestId: settings.idScope ? requestIdsFor(settings.idScope) : undefined,
	};
	const readRaw = recipientReader(context, items, settings, template);
	const separator = new TwinSeparator();
	let next = 0;
	return {
		read(count) {
			const reads: ReturnType<RecipientSource['read']> = [];
			const end = Math.min(items.length, next + count);
			for (; next < end; next++) {
				const differs = guards.length > 0 ? differsFromFirstItem(guards, next) : null;
				if (differs) {
					reads.push(differs);
					continue;
				}
				const raw = readRaw(next);
				reads.push('rule' in raw ? raw : readRecipient(raw, rules));
			}
			return separator.take(reads);
		},
		get done() {
			return next >= items.length;
		},
		twins: separator.twins,
	};
}

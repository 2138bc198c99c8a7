import { jsonParse, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { TwinSeparator, readRecipient, type RawRecipient, type Twin } from '../../send/recipients';
import { toVietnamDate } from '../../esms/params';
import { toDomesticMobile } from '../../esms/phone';
import { requestIdsFor } from '../../send/requestId';
import type { InvalidItem, Recipient } from '../../send/types';
import { locatorValue } from '../commonFields';
import { jsonFieldPath, parameterReader, readerFor } from './itemReaders';
import type { PriceSample } from './sendPreflight';
import type { SendSettings } from './sendSettings';

/** Reads every item into a recipient, or an invalid item that says exactly what is wrong. */

function isExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(isExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(isExpression);
	return false;
}

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

function fieldsReader(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings): ParamsReader {
	const names = (settings.template?.params ?? []).map((spec) => spec.name);
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

function paramsReaderFor(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings): ParamsReader {
	if (settings.paramsMode === 'fields') return fieldsReader(context, items, settings);
	if (settings.paramsMode === 'list') return listReader(context, items);
	return jsonReader(context, items);
}

/** A value n8n could not evaluate for one item. */
class Unreadable {
	constructor(readonly invalid: InvalidItem) {}
}

function recipientReader(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings) {
	const readPhone = parameterReader(context, items, 'phone');
	// Default Request IDs are made from the message itself, once it is read (see readRecipient).
	const readRequestId =
		settings.requestIdMode === 'custom' ? parameterReader(context, items, 'requestId') : () => null;
	const readParams = paramsReaderFor(context, items, settings);
	const paramsField = { fields: 'Template Fields', list: 'Template Params', json: 'Params (JSON Array)' }[settings.paramsMode];
	// In the Continue modes an expression n8n cannot evaluate for one item makes that item invalid
	// (named, with n8n's reason); without Continue, n8n's error stops the node as usual.
	const continueOnFail = context.continueOnFail();
	const evaluated = <T>(itemIndex: number, field: string, read: (itemIndex: number) => T): T | Unreadable => {
		if (!continueOnFail) return read(itemIndex);
		try {
			return read(itemIndex);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			return new Unreadable({ itemIndex, phone: null, requestId: null, field, value: undefined, rule: `could not be evaluated: ${reason}` });
		}
	};
	return (itemIndex: number): RawRecipient | InvalidItem => {
		const phone = evaluated(itemIndex, 'Phone', readPhone);
		if (phone instanceof Unreadable) return phone.invalid;
		const requestId = evaluated(itemIndex, 'Custom Request ID', readRequestId);
		if (requestId instanceof Unreadable) return requestId.invalid;
		const params = evaluated(itemIndex, paramsField, readParams);
		if (params instanceof Unreadable) return params.invalid;
		if (params !== null) return { itemIndex, phone, requestId, params };
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

/**
 * One run sends one template from one OA with one set of options. When those are
 * expressions, an item that resolves them differently from the first item cannot be sent
 * with the others: it is reported, not sent with the wrong template.
 */
function differsFromFirstItem(
	context: IExecuteFunctions,
	itemIndex: number,
	settings: SendSettings,
	varying: { oa: boolean; template: boolean },
): InvalidItem | null {
	const checks: Array<[boolean, string, string, string]> = [
		[varying.oa, 'oaId', 'Zalo OA', settings.oaId],
		[varying.template, 'templateId', 'Template', settings.templateId],
	];
	for (const [isVarying, name, field, first] of checks) {
		if (!isVarying || itemIndex === 0) continue;
		const value = locatorValue(context, name, itemIndex);
		if (value !== first) {
			return {
				itemIndex,
				phone: null,
				requestId: null,
				field,
				value,
				rule: `must be the same for every item (the first item uses ${first}); split the items with a Switch node to send several`,
			};
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

/** The items, read a part at a time, in input order. */
export interface RecipientInput {
	/** The next `count` items (or fewer at the end): recipients and invalid items, twins set aside. */
	read(count: number): Array<Recipient | InvalidItem>;
	/** Every item has been read. */
	readonly done: boolean;
	/** Items that repeat an earlier item's message, sent once for both (so far). */
	readonly twins: Twin[];
}

export function recipientInput(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings): RecipientInput {
	const parameters = context.getNode().parameters;
	const varying = { oa: isExpression(parameters.oaId), template: isExpression(parameters.templateId) };
	const anyVarying = varying.oa || varying.template;
	const rules = {
		phoneFormat: settings.phoneFormat,
		timezone: settings.timezone,
		paramSpecs: settings.template?.params,
		paramsByName: settings.paramsMode === 'fields',
		message: settings.message,
		defaultRequestId: settings.idScope ? requestIdsFor(settings.idScope) : undefined,
	};
	const readRaw = recipientReader(context, items, settings);
	const separator = new TwinSeparator();
	let next = 0;
	return {
		read(count) {
			const reads: Array<Recipient | InvalidItem> = [];
			const end = Math.min(items.length, next + count);
			for (; next < end; next++) {
				const differs = anyVarying ? differsFromFirstItem(context, next, settings, varying) : null;
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

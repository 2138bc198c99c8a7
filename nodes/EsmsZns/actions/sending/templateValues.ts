import { jsonParse, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { toVietnamDate } from '../../esms/params';
import { toDomesticMobile } from '../../esms/phone';
import type { TemplateInfo } from '../../esms/templateSpec';
import type { PriceSample } from '../../lookups/preflight';
import { jsonFieldPath, parameterReader, readerFor } from './itemReaders';
import type { SendSettings } from './settings';

/** A ZNS template's values per item, by whichever of the three ways the user gives them. */

export type ParamsReader = (itemIndex: number) => unknown[] | null;

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

export function paramsReaderFor(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings, template: TemplateInfo | null): ParamsReader {
	if (settings.paramsMode === 'fields') return fieldsReader(context, items, template);
	if (settings.paramsMode === 'list') return listReader(context, items);
	return jsonReader(context, items);
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


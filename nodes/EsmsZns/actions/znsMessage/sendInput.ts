import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jsonParse } from 'n8n-workflow';
import {
	readRecipient,
	rejectRepeatedRequestIds,
	type RawRecipient,
} from '../../send/recipients';
import { autoRequestId } from '../../send/requestId';
import type { InvalidItem, Recipient } from '../../send/types';
import { locatorValue } from '../locators';
import type { SendSettings } from './sendSettings';

/** Reads every item into a recipient, or an invalid item that says exactly what is wrong. */

function isExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(isExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(isExpression);
	return false;
}

function readParamsList(context: IExecuteFunctions, itemIndex: number): unknown[] {
	const values = context.getNodeParameter('templateParams.values', itemIndex, []) as Array<{ value?: unknown }>;
	return values.map((entry) => entry.value);
}

function readParamsJson(context: IExecuteFunctions, itemIndex: number): unknown[] | null {
	let value = context.getNodeParameter('paramsJson', itemIndex, []) as unknown;
	if (typeof value === 'string') value = jsonParse(value, { fallbackValue: null });
	return Array.isArray(value) ? value : null;
}

function readMappedFields(context: IExecuteFunctions, itemIndex: number, settings: SendSettings): unknown[] {
	const mapped = (context.getNodeParameter('templateFields.value', itemIndex, {}) ?? {}) as Record<string, unknown>;
	return (settings.template?.params ?? []).map((spec) => mapped[spec.name]);
}

function readRawRecipient(context: IExecuteFunctions, itemIndex: number, settings: SendSettings): RawRecipient | InvalidItem {
	const phone = context.getNodeParameter('phone', itemIndex, '') as unknown;
	const requestId =
		settings.requestIdMode === 'custom'
			? (context.getNodeParameter('requestId', itemIndex, '') as unknown)
			: autoRequestId(settings.executionId, settings.nodeId, itemIndex);
	if (settings.paramsMode === 'fields') {
		return { itemIndex, phone, requestId, params: readMappedFields(context, itemIndex, settings) };
	}
	if (settings.paramsMode === 'list') {
		return { itemIndex, phone, requestId, params: readParamsList(context, itemIndex) };
	}
	const params = readParamsJson(context, itemIndex);
	if (params !== null) return { itemIndex, phone, requestId, params };
	return {
		itemIndex,
		phone: typeof phone === 'string' ? phone : null,
		requestId: typeof requestId === 'string' ? requestId : null,
		field: 'Params (JSON Array)',
		value: context.getNodeParameter('paramsJson', itemIndex, null),
		rule: 'must be a JSON array of values',
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

export function readRecipients(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
): Array<Recipient | InvalidItem> {
	const parameters = context.getNode().parameters;
	const varying = { oa: isExpression(parameters.oaId), template: isExpression(parameters.templateId) };
	const rules = {
		phoneFormat: settings.phoneFormat,
		timezone: settings.timezone,
		paramSpecs: settings.template?.params,
	};
	const reads = items.map((_item, itemIndex) => {
		const differs = differsFromFirstItem(context, itemIndex, settings, varying);
		if (differs) return differs;
		const raw = readRawRecipient(context, itemIndex, settings);
		return 'rule' in raw ? raw : readRecipient(raw, rules);
	});
	return rejectRepeatedRequestIds(reads);
}

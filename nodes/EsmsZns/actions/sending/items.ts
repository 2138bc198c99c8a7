import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { TemplateInfo } from '../../esms/templateSpec';
import type { RecipientSource } from '../../send/pipeline';
import { TwinSeparator, readRecipient, type RawRecipient, type ReadRules } from '../../send/recipients';
import { requestIdsFor, type RequestIdPrefix } from '../../send/requestId';
import type { InvalidItem } from '../../send/types';
import { locatorValue } from '../commonFields';
import { Unreadable, evaluatorFor, isExpression, parameterReader, type ItemReader } from './itemReaders';
import { optionsReader, relativeSendAtOf } from './requestOptions';
import { ONCE_PER_RUN, type SendSettings } from './settings';
import { paramsReaderFor } from './templateValues';

/** Reads every item into a recipient, or an invalid item that says exactly what is wrong. */

const SMS_TEXT = 'SMS Text';

function recipientReader(context: IExecuteFunctions, items: INodeExecutionData[], settings: SendSettings, template: TemplateInfo | null) {
	const readPhone = parameterReader(context, items, 'phone');
	// Default Request IDs are made from the message itself, once it is read (see readRecipient).
	const readRequestId: ItemReader = settings.requestIdMode === 'custom' ? parameterReader(context, items, 'requestId') : () => null;
	const readParams = settings.kind === 'sms' ? () => [] : paramsReaderFor(context, items, settings, template);
	const paramsField = { fields: 'Template Fields', list: 'Template Params', json: 'Params (JSON Array)' }[settings.paramsMode];
	const readText: ItemReader = settings.sms ? parameterReader(context, items, 'smsText') : () => undefined;
	const evaluated = evaluatorFor(context);
	const readOptions = optionsReader(context, items, settings.timezone, evaluated);
	return (itemIndex: number): RawRecipient | InvalidItem => {
		const phone = evaluated(itemIndex, 'Phone', readPhone);
		if (phone instanceof Unreadable) return phone.invalid;
		const requestId = evaluated(itemIndex, 'Custom Request ID', readRequestId);
		if (requestId instanceof Unreadable) return requestId.invalid;
		const params = evaluated(itemIndex, paramsField, readParams);
		if (params instanceof Unreadable) return params.invalid;
		const text = evaluated(itemIndex, SMS_TEXT, readText);
		if (text instanceof Unreadable) return text.invalid;
		const options = readOptions(itemIndex);
		if (params !== null) return { itemIndex, phone, requestId, params, text, options };
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
	const pickers: Array<[string, string, string]> = [];
	if (settings.kind !== 'sms') pickers.push(['oaId', 'Zalo OA', settings.oaId], ['templateId', 'Template', settings.templateId]);
	if (settings.sms) pickers.push(['brandname', 'Brandname', settings.sms.brandname]);
	for (const [name, field, first] of pickers) {
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

/** Default Request IDs say what they name: a bulk ZNS, an SMS, or a ZNS with SMS fallback. */
const REQUEST_ID_PREFIX: Record<SendSettings['kind'], RequestIdPrefix> = { zns: 'zns', sms: 'sms', fallback: 'znf' };

/** The items as recipients, read a part at a time, in input order. */
export function recipientSource(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SendSettings,
	template: TemplateInfo | null,
): RecipientSource {
	const guards = oncePerRunGuards(context, settings);
	const rules: ReadRules = {
		phoneFormat: settings.phoneFormat,
		timezone: settings.timezone,
		paramSpecs: template?.params,
		paramsByName: settings.paramsMode === 'fields',
		oaId: settings.oaId,
		templateId: settings.templateId,
		relativeSendAt: settings.requestIdMode === 'custom' ? undefined : relativeSendAtOf(context),
		defaultRequestId: settings.idScope ? requestIdsFor(settings.idScope, REQUEST_ID_PREFIX[settings.kind]) : undefined,
		zns: settings.kind !== 'sms',
		sms: settings.sms ? { ...settings.sms, field: SMS_TEXT } : undefined,
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

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { fallbackOf, normaliseDeliveryReport, type DeliveryReport } from '../../../shared/delivery';
import { shortValue } from '../../../shared/redact';
import { forEachItem } from '../perItem';

/** A delivery report as an output item (its Zalo error is `deliveryError`, as in the trigger's items). */
export function deliveryItem(fields: Record<string, unknown>): IDataObject {
	return normaliseDeliveryReport(fields) as unknown as IDataObject;
}

/**
 * What eSMS's status answers (GetSendStatus, QueryZnsStatus) may leave out, and what the report
 * then has no value for: such a field is left out of a Get Status item, never a `null` without
 * reason. `status`, `smsId` and `deliveryError` (null: no error reported) are always there.
 */
const OMITTED_WHEN_UNKNOWN: ReadonlyArray<keyof DeliveryReport> = [
	'phone',
	'requestId',
	'channel',
	'type',
	'telco',
	'price',
	'sendStatus',
	'fallback',
	'oaId',
	'templateId',
	'zaloMessageId',
];

/**
 * A Get Status item. eSMS's status answers name neither phone nor Request ID (nor telco, OA,
 * template): when the item looked up is the Send's output for this very SMS ID, its phone and
 * Request ID say whose message it is; what neither eSMS nor the item gives is left out.
 */
export function statusItem(fields: Record<string, unknown>, input: IDataObject): IDataObject {
	const report = normaliseDeliveryReport(fields);
	if (report.smsId !== null && smsIdOf(input.smsId) === report.smsId) {
		if (report.phone === null && typeof input.phone === 'string' && input.phone !== '') report.phone = input.phone;
		if (report.requestId === null && typeof input.requestId === 'string' && input.requestId !== '') {
			report.requestId = input.requestId;
			report.fallback = fallbackOf(report.requestId);
		}
	}
	const item = { ...report } as unknown as IDataObject;
	for (const key of OMITTED_WHEN_UNKNOWN) if (item[key] === null) delete item[key];
	return item;
}

/**
 * Whose message an item without a report is, from the item looked up: its phone and Request ID
 * when it is the Send's output for that SMS ID (or, without an SMS ID, a Send item without one).
 */
function whoseFromInput(input: IDataObject | undefined, smsId: string): IDataObject {
	if (!input || smsIdOf(input.smsId) !== smsId) return {};
	const whose: IDataObject = {};
	if (typeof input.phone === 'string' && input.phone !== '') whose.phone = input.phone;
	if (typeof input.requestId === 'string' && input.requestId !== '') whose.requestId = input.requestId;
	return whose;
}

/** An item for a message with no report (yet): status first, whose it is when the item says so. */
function reportless(smsId: string | null, input: IDataObject | undefined, message: string): IDataObject {
	const { phone, requestId } = whoseFromInput(input, smsId ?? '');
	return {
		status: 'unknown',
		...(phone === undefined ? {} : { phone }),
		smsId,
		...(requestId === undefined ? {} : { requestId }),
		message,
	};
}

/**
 * The item of a message whose SMSID is not known (e.g. a "duplicate" whose earlier answer was
 * lost): its own result, never an error that fails the other items.
 */
export function noSmsIdItem(input?: IDataObject): IDataObject {
	return reportless(
		null,
		input,
		'No SMS ID to look up: eSMS gave this message none, and its sent log did not tell it (for example ' +
			'an "unconfirmed" one). Its delivery callback carries its Request ID.',
	);
}

/** The item of an SMS ID eSMS has no delivery report for yet. */
export function notYetItem(smsId: string, input?: IDataObject): IDataObject {
	return reportless(smsId, input, 'eSMS has no delivery report for this SMS ID yet');
}

/** The SMS ID an item gives, or '' when it has none (empty, null, or an expression that found nothing). */
export function smsIdOf(value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') return '';
	const text = String(value).trim();
	return text === 'null' || text === 'undefined' ? '' : text;
}

/**
 * Why an SMSID value cannot be looked up, or null when it can (text, a number, or nothing: an
 * item without an SMSID gets noSmsIdItem). A list or an object is a mapping mistake, not a
 * message eSMS gave no SMSID.
 */
export function smsIdProblem(value: unknown): string | null {
	if (typeof value !== 'object' || value === null) return null;
	return `SMS ID must be text, got ${shortValue(value, 80)}`;
}

/**
 * For each item, its SMSID (parameter `smsId`) looked up by `lookUp`: an SMSID that is a list or an
 * object is that item's error; an item without one gets noSmsIdItem instead of failing the others.
 */
export async function statusOfEach(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	lookUp: (smsId: string, itemIndex: number) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	return await forEachItem(context, items, async (itemIndex) => {
		const raw = context.getNodeParameter('smsId', itemIndex);
		const problem = smsIdProblem(raw);
		if (problem !== null) throw new NodeOperationError(context.getNode(), problem, { itemIndex });
		const smsId = smsIdOf(raw);
		return smsId ? await lookUp(smsId, itemIndex) : noSmsIdItem(items[itemIndex].json);
	});
}

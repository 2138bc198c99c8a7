import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { normaliseDeliveryReport } from '../../../shared/delivery';
import { shortValue } from '../../../shared/redact';
import { forEachItem } from '../perItem';

/**
 * A delivery report as an output item. Its Zalo error is named `deliveryError`, not `error`:
 * n8n reads a truthy `json.error` as "this item failed" (Retry On Fail would re-run the node).
 */
export function deliveryItem(fields: Record<string, unknown>): IDataObject {
	const { error, ...report } = normaliseDeliveryReport(fields);
	return { ...report, deliveryError: error } as unknown as IDataObject;
}

/**
 * The item of a message whose SMSID is not known (e.g. a "duplicate" whose earlier answer was
 * lost): its own result, never an error that fails the other items.
 */
export function noSmsIdItem(): IDataObject {
	return {
		smsId: null,
		status: 'unknown',
		message:
			'No SMSID to look up: eSMS gave this message none in this run (for example a "duplicate" sent ' +
			'earlier, or an "unconfirmed" one). Its delivery callback carries its Request ID.',
	};
}

/** The SMSID an item gives, or '' when it has none (empty, null, or an expression that found nothing). */
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
	return `SMSID must be text, got ${shortValue(value, 80)}`;
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
		return smsId ? await lookUp(smsId, itemIndex) : noSmsIdItem();
	});
}

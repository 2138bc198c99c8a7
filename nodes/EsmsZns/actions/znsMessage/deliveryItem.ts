import type { IDataObject } from 'n8n-workflow';

import { normaliseDeliveryReport } from '../../../shared/delivery';

/**
 * A delivery report as an output item. Its Zalo error is named `deliveryError`, not `error`:
 * n8n reads a truthy `json.error` as "this item failed" (Retry On Fail would re-run the node).
 */
export function deliveryItem(fields: Record<string, unknown>): IDataObject {
	const { error, ...report } = normaliseDeliveryReport(fields);
	return { ...report, deliveryError: error } as unknown as IDataObject;
}

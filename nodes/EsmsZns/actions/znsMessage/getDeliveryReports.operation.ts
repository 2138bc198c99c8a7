import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type NodeApiError,
} from 'n8n-workflow';

import { toNodeError } from '../../client/callErrors';
import { EsmsClient } from '../../client/client';
import { locatorValue, oaLocator } from '../commonFields';
import { deliveryItem, noSmsIdItem, notYetItem, smsIdOf, smsIdProblem } from './deliveryItem';
import { smsIdField } from './getStatus.operation';

/** eSMS's stored-callback API takes at most this many SMSIDs per call. */
const MAX_IDS_PER_CALL = 200;

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['getDeliveryReports'] } },
	[oaLocator, smsIdField],
);

async function fetchReports(client: EsmsClient, oaId: string, smsIds: string[]) {
	const reports = new Map<string, IDataObject>();
	for (const raw of await client.getCallbacks(oaId, smsIds)) {
		const report = deliveryItem(raw);
		if (typeof report.smsId === 'string') reports.set(report.smsId, report);
	}
	return reports;
}

interface Wanted {
	smsId: string;
	itemIndex: number;
}

/**
 * One item out per item in: the report of its SMSID. eSMS keeps reports per Zalo OA, so items are
 * grouped by their own Zalo OA (an expression may give each item another) and asked for 200
 * SMSIDs at a time per OA, OAs in the order they first appear.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	const output: INodeExecutionData[] = items.map((_item, itemIndex) => ({ json: {}, pairedItem: { item: itemIndex } }));
	const byOa = new Map<string, Wanted[]>();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const raw = this.getNodeParameter('smsId', itemIndex);
		const problem = smsIdProblem(raw);
		if (problem !== null) {
			const error = new NodeOperationError(this.getNode(), problem, { itemIndex });
			if (!this.continueOnFail()) throw error;
			output[itemIndex].json = { error: error.message };
			continue;
		}
		const smsId = smsIdOf(raw);
		if (smsId === '') {
			output[itemIndex].json = noSmsIdItem(items[itemIndex].json);
			continue;
		}
		const oaId = locatorValue(this, 'oaId', itemIndex);
		const group = byOa.get(oaId) ?? [];
		group.push({ smsId, itemIndex });
		byOa.set(oaId, group);
	}

	for (const [oaId, wanted] of byOa) {
		for (let start = 0; start < wanted.length; start += MAX_IDS_PER_CALL) {
			const chunk = wanted.slice(start, start + MAX_IDS_PER_CALL);
			try {
				const reports = await fetchReports(client, oaId, [...new Set(chunk.map(({ smsId }) => smsId))]);
				for (const { smsId, itemIndex } of chunk) output[itemIndex].json = reports.get(smsId) ?? notYetItem(smsId, items[itemIndex].json);
			} catch (error) {
				const nodeError = toNodeError(this, error, chunk[0].itemIndex) as NodeApiError;
				if (!this.continueOnFail()) throw nodeError;
				for (const { itemIndex } of chunk) output[itemIndex].json = { error: nodeError.message };
			}
		}
	}
	return output;
}

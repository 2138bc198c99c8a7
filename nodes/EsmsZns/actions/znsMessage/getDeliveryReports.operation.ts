import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type NodeApiError,
} from 'n8n-workflow';

import { EsmsClient, toNodeError } from '../../transport/client';
import { locatorValue, oaLocator } from '../commonFields';
import { deliveryItem, noSmsIdItem, smsIdOf } from './deliveryItem';
import { smsIdField } from './getStatus.operation';

/** eSMS's stored-callback API takes at most this many SMSIDs per call. */
const MAX_IDS_PER_CALL = 200;

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['getDeliveryReports'] } },
	[oaLocator, smsIdField],
);

function notYet(smsId: string): IDataObject {
	return {
		smsId,
		status: 'unknown',
		message: 'eSMS has no delivery report for this SMSID yet',
	};
}

async function fetchReports(client: EsmsClient, oaId: string, smsIds: string[]) {
	const reports = new Map<string, IDataObject>();
	for (const raw of await client.getCallbacks(oaId, smsIds)) {
		const report = deliveryItem(raw);
		if (typeof report.smsId === 'string') reports.set(report.smsId, report);
	}
	return reports;
}

/** One item out per item in: the report of its SMSID, asked for 200 SMSIDs at a time. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	const oaId = locatorValue(this, 'oaId', 0);
	const smsIds = items.map((_item, itemIndex) => smsIdOf(this.getNodeParameter('smsId', itemIndex)));
	const output: INodeExecutionData[] = items.map((_item, itemIndex) => ({ json: {}, pairedItem: { item: itemIndex } }));
	const entries = smsIds.map((smsId, itemIndex) => ({ smsId, itemIndex }));
	const wanted = entries.filter(({ smsId }) => smsId !== '');

	for (const { itemIndex } of entries.filter(({ smsId }) => smsId === '')) output[itemIndex].json = noSmsIdItem();
	for (let start = 0; start < wanted.length; start += MAX_IDS_PER_CALL) {
		const chunk = wanted.slice(start, start + MAX_IDS_PER_CALL);
		try {
			const reports = await fetchReports(client, oaId, [...new Set(chunk.map(({ smsId }) => smsId))]);
			for (const { smsId, itemIndex } of chunk) output[itemIndex].json = reports.get(smsId) ?? notYet(smsId);
		} catch (error) {
			const nodeError = toNodeError(this, error, chunk[0].itemIndex) as NodeApiError;
			if (!this.continueOnFail()) throw nodeError;
			for (const { itemIndex } of chunk) output[itemIndex].json = { error: nodeError.message };
		}
	}
	return output;
}

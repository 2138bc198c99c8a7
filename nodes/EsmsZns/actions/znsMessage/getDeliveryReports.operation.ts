import {
	NodeApiError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { callEsms, getReportsUrl } from '../../transport';
import { locatorValue, oaLocator } from '../commonFields';
import { successBody } from '../perItem';
import { deliveryItem } from './deliveryItem';
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

async function fetchReports(context: IExecuteFunctions, url: string, oaId: string, smsIds: string[], itemIndex: number) {
	const answer = await callEsms(context, url, { method: 'POST', path: 'ZaloCallback/GetCallback', body: { OAId: oaId, ListRefid: smsIds } });
	const body = successBody(context, answer, 'Code', 'Get delivery reports', itemIndex);
	const reports = new Map<string, IDataObject>();
	for (const raw of (Array.isArray(body.Data_callback) ? body.Data_callback : []) as IDataObject[]) {
		const report = deliveryItem(raw);
		if (typeof report.smsId === 'string') reports.set(report.smsId, report);
	}
	return reports;
}

/** One item out per item in: the report of its SMSID, asked for 200 SMSIDs at a time. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const url = await getReportsUrl(this);
	const oaId = locatorValue(this, 'oaId', 0);
	const smsIds = items.map((_item, itemIndex) => String(this.getNodeParameter('smsId', itemIndex) ?? '').trim());
	const output: INodeExecutionData[] = items.map((_item, itemIndex) => ({ json: {}, pairedItem: { item: itemIndex } }));
	const entries = smsIds.map((smsId, itemIndex) => ({ smsId, itemIndex }));
	const wanted = entries.filter(({ smsId }) => smsId !== '');

	for (const { itemIndex } of entries.filter(({ smsId }) => smsId === '')) {
		const message = 'SMSID is required but empty';
		if (!this.continueOnFail()) throw new NodeApiError(this.getNode(), { message } as JsonObject, { message, itemIndex });
		output[itemIndex].json = { error: message };
	}
	for (let start = 0; start < wanted.length; start += MAX_IDS_PER_CALL) {
		const chunk = wanted.slice(start, start + MAX_IDS_PER_CALL);
		try {
			const reports = await fetchReports(this, url, oaId, [...new Set(chunk.map(({ smsId }) => smsId))], chunk[0].itemIndex);
			for (const { smsId, itemIndex } of chunk) output[itemIndex].json = reports.get(smsId) ?? notYet(smsId);
		} catch (error) {
			const nodeError = error as NodeApiError;
			if (!this.continueOnFail()) throw nodeError;
			for (const { itemIndex } of chunk) output[itemIndex].json = { error: nodeError.message };
		}
	}
	return output;
}

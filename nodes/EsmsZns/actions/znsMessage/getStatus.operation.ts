import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { callEsms, getBaseUrl } from '../../transport';
import { forEachItem, successBody } from '../perItem';
import { deliveryItem } from './deliveryItem';

export const znsTypeField: INodeProperties = {
	displayName: 'ZNS Type',
	name: 'znsType',
	type: 'options',
	default: '24',
	description: 'The kind of ZNS the message was sent as',
	options: [
		{ name: 'Normal (25)', value: '25' },
		{ name: 'Priority (24)', value: '24' },
	],
};

export const smsIdField: INodeProperties = {
	displayName: 'SMSID',
	name: 'smsId',
	type: 'string',
	default: '={{ $json.smsId }}',
	required: true,
	description: 'The SMSID eSMS gave the message when it accepted it (the Send operation outputs it)',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['getStatus'] } },
	[smsIdField, znsTypeField],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const smsId = String(this.getNodeParameter('smsId', itemIndex) ?? '').trim();
		if (!smsId) throw new Error('SMSID is required but empty');
		const smsType = this.getNodeParameter('znsType', itemIndex) as string;
		const answer = await callEsms(this, baseUrl, { method: 'POST', path: 'QueryZnsStatus/', body: { SmsId: smsId, SmsType: smsType } });
		const body = successBody(this, answer, 'CodeResult', `Get status of SMSID ${smsId}`, itemIndex);
		const data = (body.Data ?? {}) as IDataObject;
		return { ...deliveryItem({ SMSID: smsId, ...data }), final: String(data.FinalStatus ?? '') === '1' };
	});
}

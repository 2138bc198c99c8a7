import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { statusItem, statusOfEach } from './deliveryItem';

export const znsTypeField: INodeProperties = {
	displayName: 'ZNS Type',
	name: 'znsType',
	type: 'options',
	default: '24',
	description: 'The kind of ZNS the message was sent as',
	options: [
		{ name: 'Normal', value: '25', description: 'Normal ZNS (eSMS SmsType 25)' },
		{ name: 'Priority', value: '24', description: 'Priority ZNS (eSMS SmsType 24)' },
	],
};

export const smsIdField: INodeProperties = {
	displayName: 'SMS ID',
	name: 'smsId',
	type: 'string',
	default: '={{ $json.smsId }}',
	description:
		'The SMS ID eSMS gave the message when it accepted it (the Send operation outputs it). An item without one gets status "unknown".',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['getStatus'] } },
	[smsIdField, znsTypeField],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await statusOfEach(this, items, async (smsId, itemIndex) => {
		const smsType = this.getNodeParameter('znsType', itemIndex) as string;
		const body = await client.queryZnsStatus(smsId, smsType);
		const data = (body.Data ?? {}) as IDataObject;
		// eSMS's answer names no type: the one asked about (24/25) says it, unless eSMS does.
		return { ...statusItem({ SMSID: smsId, TypeId: smsType, ...data }, items[itemIndex].json), final: String(data.FinalStatus ?? '') === '1' };
	});
}

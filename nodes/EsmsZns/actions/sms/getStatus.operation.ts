import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { statusItem, statusOfEach } from '../znsMessage/deliveryItem';
import { smsIdField } from '../znsMessage/getStatus.operation';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['sms'], operation: ['getStatus'] } }, [
	{
		...smsIdField,
		description:
			'The SMS ID eSMS gave the message: of an SMS, or of a ZNS with SMS Fallback (then the status is its SMS\'s, when eSMS sent one). An item without one gets status "unknown".',
	},
]);

/** `GetSendStatus`: the status of any message by its SMS ID (last 7 days). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await statusOfEach(this, items, async (smsId, itemIndex) =>
		statusItem({ SMSID: smsId, ...(await client.getSendStatus(smsId)) }, items[itemIndex].json),
	);
}

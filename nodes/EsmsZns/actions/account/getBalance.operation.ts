import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { onceForAll } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	[],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await onceForAll(this, items, async () => {
		const { balance, userId } = await client.getBalance();
		return { balance, userId, currency: 'VND' } as IDataObject;
	});
}

import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { locatorValue, oaLocator } from '../commonFields';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['zaloOa'], operation: ['getQuota'] } },
	[oaLocator],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oaId = locatorValue(this, 'oaId', itemIndex);
		return { oaId, ...(await client.getQuota(oaId)) };
	});
}

import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { returnAllAndLimit } from '../commonFields';
import { onceForAll } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['zaloOa'], operation: ['getMany'] } }, [
	...returnAllAndLimit(true),
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await onceForAll(this, items, async (itemIndex) => {
		const oas = await client.listOas();
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? oas.length : (this.getNodeParameter('limit', itemIndex) as number);
		return oas.slice(0, limit);
	});
}

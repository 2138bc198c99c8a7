import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['zaloOa'], operation: ['getMany'] } }, [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oas = await client.listOas();
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? oas.length : (this.getNodeParameter('limit', itemIndex) as number);
		return oas.slice(0, limit);
	});
}

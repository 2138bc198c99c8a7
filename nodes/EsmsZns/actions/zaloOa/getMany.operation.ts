import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { callEsms, getBaseUrl } from '../../transport';
import { forEachItem, successBody } from '../perItem';

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
	const baseUrl = await getBaseUrl(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const answer = await callEsms(this, baseUrl, { method: 'POST', path: 'ZNS/GetListZOA/', body: {} });
		const body = successBody(this, answer, 'CodeResult', 'Get Zalo OAs', itemIndex);
		const oas = (Array.isArray(body.ZOAList) ? body.ZOAList : []) as IDataObject[];
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? oas.length : (this.getNodeParameter('limit', itemIndex) as number);
		return oas.slice(0, limit).map((oa) => ({ oaId: String(oa.OAID ?? ''), name: oa.OAName ?? null }));
	});
}

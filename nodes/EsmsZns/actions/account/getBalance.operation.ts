import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { callEsms, getBaseUrl } from '../../transport';
import { forEachItem, successBody } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getBalance'] } },
	[],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const answer = await callEsms(this, baseUrl, { method: 'POST', path: 'GetBalance_json', body: {} });
		const body = successBody(this, answer, 'CodeResponse', 'Get balance', itemIndex);
		return { balance: Number(body.Balance), userId: body.UserID ?? null, currency: 'VND' };
	});
}

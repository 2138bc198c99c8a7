import { jsonParse, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { toDomesticMobile } from '../../esms/phone';
import { EsmsClient } from '../../client/client';
import { locatorValue, oaLocator, phoneField, templateLocator } from '../commonFields';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['znsMessage'], operation: ['estimateCost'] } }, [
	oaLocator,
	templateLocator,
	phoneField,
	{
		displayName: 'Params (JSON Array)',
		name: 'paramsJson',
		type: 'json',
		default: '[]',
		description: 'The template\'s values in its variable order, as for sending',
	},
]);

function paramsOf(value: unknown): string[] {
	const parsed = typeof value === 'string' ? jsonParse<unknown>(value, { fallbackValue: null }) : value;
	if (!Array.isArray(parsed)) throw new Error('Params (JSON Array) must be a JSON array of values');
	return parsed.map((entry) => String(entry ?? ''));
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const given = String(this.getNodeParameter('phone', itemIndex) ?? '');
		const phone = toDomesticMobile(given);
		if (phone === null) throw new Error(`Phone must be a Vietnamese mobile number (got "${given}")`);
		const result = await client.estimateCost({
			phone,
			params: paramsOf(this.getNodeParameter('paramsJson', itemIndex, '[]')),
			templateId: locatorValue(this, 'templateId', itemIndex),
			oaId: locatorValue(this, 'oaId', itemIndex),
		});
		return { phone, ...result, currency: 'VND' };
	});
}

import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { paramTypeOf } from '../../esms/templateSpec';
import { EsmsClient, ZNS_TYPES, type ZnsType } from '../../client/client';
import { locatorValue, oaLocator } from '../commonFields';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['template'], operation: ['getMany'] } }, [
	oaLocator,
	{
		displayName: 'ZNS Type',
		name: 'znsType',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Normal', value: '25', description: 'Normal ZNS (eSMS SmsType 25)' },
			{ name: 'Priority', value: '24', description: 'Priority ZNS (eSMS SmsType 24)' },
		],
	},
]);

function templateJson(template: IDataObject, smsType: string): IDataObject {
	const details = (Array.isArray(template.ZNSTempDetail) ? template.ZNSTempDetail : []) as IDataObject[];
	return {
		templateId: String(template.TempId ?? ''),
		name: template.TempName ?? null,
		content: template.TempContent ?? null,
		znsType: smsType,
		params: details.map((param) => ({
			name: param.Param ?? null,
			order: Number(param.ParamLevel),
			maxLength: param.Limit === undefined ? null : Number(param.Limit),
			type: paramTypeOf(param.RequireType),
		})),
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oaId = locatorValue(this, 'oaId', itemIndex);
		const znsType = this.getNodeParameter('znsType', itemIndex) as string;
		const results: IDataObject[] = [];
		for (const smsType of znsType === 'all' ? ZNS_TYPES : [znsType as ZnsType]) {
			const templates = await client.listTemplates(oaId, smsType);
			results.push(...templates.map((template) => templateJson(template, smsType)));
		}
		return results;
	});
}

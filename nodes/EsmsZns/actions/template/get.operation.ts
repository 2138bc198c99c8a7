import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { paramTypeOf } from '../../esms/templateSpec';
import { EsmsClient } from '../../client/client';
import { locatorValue, oaLocator, templateLocator } from '../commonFields';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['get'] } },
	[oaLocator, templateLocator],
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oaId = locatorValue(this, 'oaId', itemIndex);
		const templateId = locatorValue(this, 'templateId', itemIndex);
		const body = await client.getTemplateInfo(oaId, templateId);
		const data = (body.Data ?? {}) as IDataObject;
		const params = (Array.isArray(data.ListParams) ? data.ListParams : []) as IDataObject[];
		return {
			templateId: String(data.TemplateId ?? templateId),
			name: data.TemplateName ?? null,
			status: data.Status ?? null,
			tag: data.TemplateTag ?? null,
			params: params.map((param) => ({
				name: param.Name ?? null,
				type: paramTypeOf(param.Type),
				required: param.Require ?? null,
				minLength: param.MinLength ?? null,
				maxLength: param.MaxLength ?? null,
				acceptNull: param.AcceptNull ?? null,
			})),
			buttons: data.ListButtons ?? [],
			previewUrl: data.PreviewUrl ?? null,
			timeout: data.Timeout ?? null,
		};
	});
}

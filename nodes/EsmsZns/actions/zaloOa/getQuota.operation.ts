import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { callEsms, getBaseUrl } from '../../transport';
import { locatorValue, oaLocator } from '../commonFields';
import { forEachItem, successBody } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['zaloOa'], operation: ['getQuota'] } },
	[oaLocator],
);

function numberOrNull(value: unknown): number | null {
	const number = Number(value);
	return value === undefined || value === null || Number.isNaN(number) ? null : number;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oaId = locatorValue(this, 'oaId', itemIndex);
		const answer = await callEsms(this, baseUrl, { method: 'POST', path: 'ZNS/GetQuota/', body: { OAID: oaId } });
		const body = successBody(this, answer, 'CodeResult', `Get quota of Zalo OA ${oaId}`, itemIndex);
		return {
			oaId,
			dailyQuota: numberOrNull(body.DailyQuota),
			remainingQuota: numberOrNull(body.RemainingQuota),
			dailyQuotaPromotion: numberOrNull(body.DailyQuotaPromotion),
			remainingQuotaPromotion: numberOrNull(body.RemainingQuotaPromotion),
		};
	});
}

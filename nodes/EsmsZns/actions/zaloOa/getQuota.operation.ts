import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client';
import { locatorValue, oaLocator } from '../commonFields';
import { forEachItem } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['zaloOa'], operation: ['getQuota'] } },
	[oaLocator],
);

function numberOrNull(value: unknown): number | null {
	const number = Number(value);
	return value === undefined || value === null || Number.isNaN(number) ? null : number;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const oaId = locatorValue(this, 'oaId', itemIndex);
		const body = await client.getQuota(oaId);
		return {
			oaId,
			dailyQuota: numberOrNull(body.DailyQuota),
			remainingQuota: numberOrNull(body.RemainingQuota),
			dailyQuotaPromotion: numberOrNull(body.DailyQuotaPromotion),
			remainingQuotaPromotion: numberOrNull(body.RemainingQuotaPromotion),
		};
	});
}

import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { EsmsClient } from '../../client/client';
import { onceForAll } from '../perItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['account'], operation: ['getBrandnames'] } }, []);

/** eSMS's brandname types in words. */
const BRANDNAME_TYPES: Record<string, string> = { '1': 'advertising', '2': 'customer care', '23': 'Viber' };

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await EsmsClient.of(this);
	return await onceForAll(this, items, async () => {
		const brandnames = await client.listBrandnames();
		return brandnames.map(({ brandname, type }) => ({ brandname, type: type === null ? null : (BRANDNAME_TYPES[type] ?? type), typeCode: type }) as IDataObject);
	});
}

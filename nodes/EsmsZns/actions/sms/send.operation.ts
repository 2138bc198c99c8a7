import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runSend } from '../sending/run';

export { description } from './send.description';

/** SMS › Send: one customer-care SMS per input item, one request each, with the Send's guarantees. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runSend(this, items, 'sms');
}

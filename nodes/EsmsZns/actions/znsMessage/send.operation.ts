import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runSend } from '../sending/run';

export { description } from './send.description';

/** ZNS Message › Send: bulk ZNS, or with SMS Fallback, each ZNS followed by eSMS with an SMS when Zalo cannot deliver it. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const fallback = this.getNodeParameter('smsFallback', 0, false) === true;
	return await runSend(this, items, fallback ? 'fallback' : 'zns');
}

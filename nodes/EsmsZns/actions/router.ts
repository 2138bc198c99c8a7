import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as account from './account/account.resource';
import * as campaignReport from './campaignReport/campaignReport.resource';
import * as sms from './sms/sms.resource';
import * as template from './template/template.resource';
import * as zaloOa from './zaloOa/zaloOa.resource';
import * as znsMessage from './znsMessage/znsMessage.resource';

type Execute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const RESOURCES: Record<string, Record<string, { execute: Execute }>> = {
	account: account.operations,
	campaignReport: campaignReport.operations,
	sms: sms.operations,
	template: template.operations,
	zaloOa: zaloOa.operations,
	znsMessage: znsMessage.operations,
};

/** Hands the items to the chosen resource's operation. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = RESOURCES[resource]?.[operation];
	if (!chosen) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await chosen.execute.call(this, items)];
}

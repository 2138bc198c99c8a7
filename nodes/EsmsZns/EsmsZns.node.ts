import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { route } from './actions/router';
import * as account from './actions/account/account.resource';
import * as template from './actions/template/template.resource';
import * as zaloOa from './actions/zaloOa/zaloOa.resource';
import * as znsMessage from './actions/znsMessage/znsMessage.resource';
import { searchTemplates, searchZaloOas } from './methods/listSearch';
import { getTemplateFields } from './methods/resourceMapping';

export class EsmsZns implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS ZNS',
		name: 'esmsZns',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send personalised Zalo ZNS messages in bulk through eSMS and track their delivery',
		defaults: { name: 'eSMS ZNS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esmsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'znsMessage',
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Template', value: 'template' },
					{ name: 'Zalo OA', value: 'zaloOa' },
					{ name: 'ZNS Message', value: 'znsMessage' },
				],
			},
			...account.description,
			...template.description,
			...zaloOa.description,
			...znsMessage.description,
		],
	};

	methods = {
		listSearch: { searchZaloOas, searchTemplates },
		resourceMapping: { getTemplateFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}

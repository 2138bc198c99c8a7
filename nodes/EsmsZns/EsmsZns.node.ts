import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { APP_DESCRIPTION } from '../shared/appDescription';
import { route } from './actions/router';
import * as account from './actions/account/account.resource';
import * as campaignReport from './actions/campaignReport/campaignReport.resource';
import * as sms from './actions/sms/sms.resource';
import * as template from './actions/template/template.resource';
import * as zaloOa from './actions/zaloOa/zaloOa.resource';
import * as znsMessage from './actions/znsMessage/znsMessage.resource';
import { searchBrandnames, searchTemplates, searchZaloOas } from './methods/listSearch';
import { getTemplateFields } from './methods/resourceMapping';

export class EsmsZns implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'eSMS ZNS',
		name: 'esmsZns',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['output'],
		version: 1,
		// What the canvas shows under the node's name: the operation in words, not its internal values;
		// a Send that only estimates says so (a workflow's estimate and send nodes then differ).
		subtitle:
			'={{ ($parameter["operation"] === "send" && $parameter["preflight"] && $parameter["preflight"]["estimateOnly"] ? "Estimate only, sends nothing" : {"znsMessage:send": "Send ZNS messages", "znsMessage:getStatus": "ZNS: message status", "znsMessage:getDeliveryReports": "ZNS: delivery reports", "campaignReport:build": "Build campaign report", "znsMessage:estimateCost": "Estimate cost", "template:get": "Get template", "template:getMany": "Get many templates", "zaloOa:getMany": "Get many Zalo OAs", "zaloOa:getQuota": "Get Zalo OA quota", "account:getBalance": "Get balance", "account:getBrandnames": "Get brandnames", "account:getSentMessages": "Get sent messages", "sms:send": "Send SMS messages", "sms:getStatus": "Get SMS status"}[$parameter["resource"] + ":" + $parameter["operation"]]) }}',
		description: APP_DESCRIPTION,
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
					{ name: 'Campaign Report', value: 'campaignReport' },
					{ name: 'SMS', value: 'sms' },
					{ name: 'Template', value: 'template' },
					{ name: 'Zalo OA', value: 'zaloOa' },
					{ name: 'ZNS Message', value: 'znsMessage' },
				],
			},
			...account.description,
			...campaignReport.description,
			...sms.description,
			...template.description,
			...zaloOa.description,
			...znsMessage.description,
		],
	};

	methods = {
		listSearch: { searchBrandnames, searchZaloOas, searchTemplates },
		resourceMapping: { getTemplateFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}

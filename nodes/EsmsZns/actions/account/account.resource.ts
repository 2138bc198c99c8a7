import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance.operation';
import * as getBrandnames from './getBrandnames.operation';
import * as getSentMessages from './getSentMessages.operation';

export const operations = { getBalance, getBrandnames, getSentMessages };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		default: 'getBalance',
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the account balance',
				description: 'Get the eSMS account balance in VND, once per run whatever the number of input items',
			},
			{
				name: 'Get Brandnames',
				value: 'getBrandnames',
				action: 'Get the account brandnames',
				description: 'Get the SMS brandnames registered with the eSMS account, once per run whatever the number of input items',
			},
			{
				name: 'Get Sent Messages',
				value: 'getSentMessages',
				action: 'Get messages sent in a time range',
				description: "Get what eSMS itself logged as sent (ZNS or SMS) in a time range: status, price, campaign and time of each message",
			},
		],
	},
	...getBalance.description,
	...getBrandnames.description,
	...getSentMessages.description,
];

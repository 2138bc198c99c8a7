import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance.operation';
import * as getBrandnames from './getBrandnames.operation';

export const operations = { getBalance, getBrandnames };

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
				description: 'Get the eSMS account balance in VND',
			},
			{
				name: 'Get Brandnames',
				value: 'getBrandnames',
				action: 'Get the account brandnames',
				description: 'Get the SMS brandnames registered with the eSMS account',
			},
		],
	},
	...getBalance.description,
	...getBrandnames.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as getBalance from './getBalance.operation';

export const operations = { getBalance };

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
		],
	},
	...getBalance.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as getQuota from './getQuota.operation';

export const operations = { getMany, getQuota };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['zaloOa'] } },
		default: 'getMany',
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many official accounts',
				description: 'List the Zalo OAs of the eSMS account, once per run whatever the number of input items',
			},
			{
				name: 'Get Quota',
				value: 'getQuota',
				action: 'Get the daily quota of an official account',
				description: 'Get the daily ZNS quota of a Zalo OA and what is left of it today',
			},
		],
	},
	...getMany.description,
	...getQuota.description,
];

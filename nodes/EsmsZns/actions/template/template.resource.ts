import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		default: 'getMany',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a template',
				description: 'Get a ZNS template with its status and variables',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many templates',
				description: 'List the ZNS templates of a Zalo OA',
			},
		],
	},
	...get.description,
	...getMany.description,
];

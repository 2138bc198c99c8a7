import type { INodeProperties } from 'n8n-workflow';

import * as build from './build.operation';

export const operations = { build };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaignReport'] } },
		default: 'build',
		options: [
			{
				name: 'Build',
				value: 'build',
				action: 'Build a campaign report',
				description: "One summary of a Send's output (delivered, failed and why, pending, cost) with an HTML page to attach",
			},
		],
	},
	...build.description,
];

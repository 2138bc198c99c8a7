import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as send from './send.operation';

export const operations = { getStatus, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send SMS messages',
				description: 'Send a customer-care SMS with your brandname to every input item, one request each',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of an SMS',
				description: 'Get the status of a sent SMS (or a ZNS with SMS fallback) by its SMS ID',
			},
		],
	},
	...getStatus.description,
	...send.description,
];

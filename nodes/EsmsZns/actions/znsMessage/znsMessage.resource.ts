import type { INodeProperties } from 'n8n-workflow';

import * as estimateCost from './estimateCost.operation';
import * as getDeliveryReports from './getDeliveryReports.operation';
import * as getStatus from './getStatus.operation';
import * as send from './send.operation';

export const operations = { estimateCost, getDeliveryReports, getStatus, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['znsMessage'] } },
		default: 'send',
		// The main action first: the node creator lists actions in this order.
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send ZNS messages in bulk',
				description: 'Send a personalized ZNS template message to every input item, 500 per request',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a message',
				description: 'Get the delivery status of one sent message',
			},
			{
				name: 'Get Delivery Reports',
				value: 'getDeliveryReports',
				action: 'Get delivery reports',
				description: 'Get the stored delivery reports of sent messages, 200 at a time (no webhook needed)',
			},
			{
				name: 'Estimate Cost',
				value: 'estimateCost',
				action: 'Estimate the cost of a message',
				description: 'Ask eSMS what one message would cost',
			},
		],
	},
	...estimateCost.description,
	...getDeliveryReports.description,
	...getStatus.description,
	...send.description,
];

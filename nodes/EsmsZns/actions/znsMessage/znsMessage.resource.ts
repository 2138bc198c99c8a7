import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export const znsMessageOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['znsMessage'] } },
	default: 'send',
	options: [
		{
			name: 'Send',
			value: 'send',
			action: 'Send ZNS messages in bulk',
			description: 'Send a personalised ZNS template message to every input item, 500 per request',
		},
	],
};

export const znsMessageFields: INodeProperties[] = [...send.description];

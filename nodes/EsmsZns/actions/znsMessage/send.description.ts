import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { oaLocator, phoneField, templateLocator } from '../commonFields';

const properties: INodeProperties[] = [
	oaLocator,
	templateLocator,
	phoneField,
	{
		displayName: 'Template Values',
		name: 'paramsMode',
		type: 'options',
		default: 'fields',
		options: [
			{
				name: 'Map Template Fields',
				value: 'fields',
				description: 'Map each variable of the template by name; the node puts them in the template\'s order',
			},
			{
				name: 'Positional List',
				value: 'list',
				description: 'Give the values in the template\'s variable order, one per line',
			},
			{
				name: 'JSON Array',
				value: 'json',
				description: 'One expression that returns the list of values in the template\'s variable order',
			},
		],
	},
	{
		displayName: 'Template Fields',
		name: 'templateFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['oaId.value', 'templateId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'template field', plural: 'template fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				// n8n 2.40's editor re-reads the fields after a template change only when it can evaluate
				// every expression of the node (not before the previous node has run). These make it
				// refresh silently whenever the panel is opened again instead of showing a warning.
				refreshStaleSchemaOnOpen: true,
				refreshIncompleteSchemaOnOpen: true,
			},
		},
		displayOptions: { show: { paramsMode: ['fields'] } },
	},
	{
		displayName: 'Template Params',
		name: 'templateParams',
		type: 'fixedCollection',
		placeholder: 'Add value',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		description: 'The template\'s values, in the order of its variables (a variable used twice is given once)',
		displayOptions: { show: { paramsMode: ['list'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.name }}',
					},
				],
			},
		],
	},
	{
		displayName: 'Params (JSON Array)',
		name: 'paramsJson',
		type: 'json',
		default: '[]',
		required: true,
		placeholder: 'e.g. {{ [$json.name, $json.service, $json.date] }}',
		description: 'An array of values in the template\'s variable order',
		displayOptions: { show: { paramsMode: ['json'] } },
	},
	{
		displayName: 'Request ID',
		name: 'requestIdMode',
		type: 'options',
		default: 'auto',
		description:
			'How each message is named for eSMS, which refuses a Request ID it has seen in the last 24 hours (code 124): that is what keeps a message from being sent twice',
		options: [
			{
				name: 'From Message Content (Retry-Safe)',
				value: 'auto',
				description:
					'Made from the workflow, node, OA, template, phone, values and schedule: the same message to the same phone goes out at most once in 24 hours, however the node is run again',
			},
			{
				name: 'Per Execution (Allows Resends)',
				value: 'perExecution',
				description:
					'Each execution sends its messages again, even identical ones. Not retry-safe: a Retry of a failed execution sends everyone again.',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Your own key per item, e.g. an order ID: the same key is never sent twice within 24 hours',
			},
		],
	},
	{
		displayName: 'Custom Request ID',
		name: 'requestId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order-{{ $json.orderId }}',
		description: 'At most 50 characters, unique per message',
		displayOptions: { show: { requestIdMode: ['custom'] } },
	},
	{
		displayName: 'Pre-Flight Checks',
		name: 'preflight',
		type: 'collection',
		placeholder: 'Add check setting',
		default: {},
		description:
			'Before the first message goes out, the node compares the Zalo OA\'s daily quota and the eSMS balance with the campaign. On by default; change or turn off each check here.',
		options: [
			{
				displayName: 'Balance',
				name: 'balance',
				type: 'options',
				default: 'stop',
				options: [
					{ name: 'Stop Before Sending', value: 'stop', description: 'Send nothing when the estimated cost exceeds the balance' },
					{ name: 'Don\'t Check', value: 'off' },
				],
				description: 'Estimated cost (eSMS\'s price for this template × recipients) against the account balance',
			},
			{
				displayName: 'Daily Quota',
				name: 'quota',
				type: 'options',
				default: 'stop',
				options: [
					{ name: 'Stop Before Sending', value: 'stop', description: 'Send nothing when the OA has fewer messages left today than recipients' },
					{
						name: 'Send Up to the Quota',
						value: 'upToQuota',
						description: 'Send the first recipients in input order; the rest come out "skipped" with the numbers',
					},
					{ name: 'Don\'t Check', value: 'off' },
				],
				description: 'The Zalo OA\'s remaining daily quota against the recipients (not checked with Sending Mode "Over Daily Quota")',
			},
			{
				displayName: 'Estimate Only',
				name: 'estimateOnly',
				type: 'boolean',
				default: false,
				description:
					'Whether to send nothing: every item is read and checked as for sending, and comes out "would_send" (or why not) with the campaign\'s totals in "estimate"',
			},
			{
				displayName: 'If a Check Cannot Run',
				name: 'onLookupFailure',
				type: 'options',
				default: 'stop',
				options: [
					{ name: 'Stop Before Sending', value: 'stop' },
					{ name: 'Send Without That Check', value: 'continue', description: 'Each item\'s estimate notes say which check was skipped' },
				],
				description: 'What to do when eSMS cannot tell the quota, the balance or the price',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				default: 500,
				typeOptions: { minValue: 1, maxValue: 500 },
				description: 'Recipients per request to eSMS (at most 500)',
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/5b0c1e3a-7d2f-4c59-9a1e-2f6d8b3c4e5a/5b0c1e3a-7d2f-4c59-9a1e-2f6d8b3c4e5a',
				description:
					'The URL eSMS calls with each message\'s delivery status: the Production URL of an eSMS Trigger node',
			},
			{
				displayName: 'Campaign',
				name: 'campaign',
				type: 'string',
				default: '',
				placeholder: 'e.g. December appointment reminders',
				description: 'A campaign name shown in eSMS reports (at most 254 characters)',
			},
			{
				displayName: 'Include Input Fields',
				name: 'includeInputFields',
				type: 'boolean',
				default: false,
				description:
					'Whether to copy the input item\'s fields into the output item. Where the node sets a field the input also has (e.g. phone, normalized), the input\'s value is kept as input + its name (inputPhone).',
			},
			{
				displayName: 'Phone Format',
				name: 'phoneFormat',
				type: 'options',
				default: 'domestic',
				options: [
					{
						name: 'Domestic (0901888484)',
						value: 'domestic',
						description: 'Convert 84901888484, +84 90 188 8484 and 901888484 to the 10-digit form eSMS expects',
					},
					{ name: 'Exactly as Given', value: 'asGiven', description: 'Send the phone as given, only trimmed of spaces' },
				],
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				default: 60,
				typeOptions: { minValue: 5 },
				description:
					'A deadline for each request to eSMS, its whole answer included; a request past it is retried. At least 5 seconds.',
			},
			{
				displayName: 'Requests in Flight',
				name: 'requestsInFlight',
				type: 'number',
				default: 10,
				typeOptions: { minValue: 1, maxValue: 100 },
				description:
					'At most this many requests to eSMS at once. The node sends fewer, and waits, while eSMS answers "too many requests" (HTTP 429, code 160), HTTP 5xx or times out, and returns to this number when it recovers.',
			},
			{
				displayName: 'Retries on Network Errors',
				name: 'retries',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 0, maxValue: 5 },
				description:
					'How many times to resend a request that got no usable answer (network error, timeout, HTTP 5xx, an answer that is not JSON or has no result code). Safe: eSMS recognizes the Request IDs. "Too many requests" (HTTP 429, code 160) is not counted here: it is resent up to 8 more times after a pause.',
			},
			{
				displayName: 'Sandbox',
				name: 'sandbox',
				type: 'boolean',
				default: false,
				description:
					'Whether to send in eSMS test mode: keys and template are checked, nothing is stored, charged or delivered',
			},
			{
				displayName: 'Send At',
				name: 'sendAt',
				type: 'dateTime',
				default: '',
				description: 'Schedule the messages instead of sending now. Sent to eSMS in Vietnam time.',
			},
			{
				displayName: 'Sending Mode',
				name: 'sendingMode',
				type: 'options',
				default: '1',
				options: [
					{ name: 'Normal', value: '1' },
					{
						name: 'Over Daily Quota',
						value: '3',
						description: 'For whitelisted OAs only; cannot be scheduled',
					},
				],
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['send'] } },
	properties,
);

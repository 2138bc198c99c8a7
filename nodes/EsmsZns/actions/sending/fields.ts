import type { INodeProperties } from 'n8n-workflow';

/**
 * The parameters every Send operation shares (bulk ZNS, SMS, ZNS with SMS fallback): Request ID,
 * Pre-Flight Checks and the SMS's brandname and text (the Options collection: optionsField.ts). One definition each, so that the
 * same option reads the same way in every operation.
 */

export const brandnameLocator: INodeProperties = {
	displayName: 'Brandname',
	name: 'brandname',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'A customer-care brandname registered with your eSMS account (the sender name the customer sees)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchBrandnames', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. SIMSHOP',
		},
	],
};

export const smsTextField: INodeProperties = {
	displayName: 'SMS Text',
	name: 'smsText',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	placeholder: 'e.g. Xin chao {{ $json.name }}, lich hen cua quy khach vao ngay {{ $json.date }}.',
	description:
		'The SMS, usually an expression per item. Customer-care SMS must match a template registered with the carriers for the brandname (else eSMS answers code 146).',
};

export const requestIdFields: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestIdMode',
		type: 'options',
		default: 'auto',
		description:
			'The key eSMS uses to refuse a message it got in the last 24 hours (code 124): what keeps a message from going out twice',
		options: [
			{
				name: 'From Message Content',
				value: 'auto',
				description:
					'Retry-safe: the same message to the same phone goes out at most once in 24 hours, however the node is run again',
			},
			{
				name: 'Per Execution',
				value: 'perExecution',
				description: 'Allows resends: each execution sends again, a Retry of a failed execution too',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Your own key per item, e.g. an order ID, never sent twice within 24 hours',
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
];

const quotaCheck: INodeProperties = {
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
};

const balanceCheck: INodeProperties = {
	displayName: 'Balance',
	name: 'balance',
	type: 'options',
	default: 'stop',
	options: [
		{ name: 'Stop Before Sending', value: 'stop', description: 'Send nothing when the estimated cost exceeds the balance' },
		{ name: 'Don\'t Check', value: 'off' },
	],
	description: 'The estimated cost (eSMS\'s price per ZNS message, or per SMS part, × the recipients) against the account balance',
};

const estimateOnly: INodeProperties = {
	displayName: 'Estimate Only',
	name: 'estimateOnly',
	type: 'boolean',
	default: false,
	description:
		'Whether to send nothing: every item is read and checked as for sending, and comes out "would_send" (or why not) with the campaign\'s totals in "estimate"',
};

const onLookupFailure: INodeProperties = {
	displayName: 'If a Check Cannot Run',
	name: 'onLookupFailure',
	type: 'options',
	default: 'stop',
	options: [
		{ name: 'Stop Before Sending', value: 'stop' },
		{ name: 'Send Without That Check', value: 'continue', description: 'Each item\'s estimate notes say which check was skipped' },
	],
	description: "What to do when eSMS cannot tell the quota, the balance, the price or what its sent log holds",
};

const alreadySent: INodeProperties = {
	displayName: 'Skip Already Sent',
	name: 'alreadySent',
	type: 'options',
	default: 'campaign',
	options: [
		{
			name: 'When a Campaign Is Set',
			value: 'campaign',
			description: "Recipients eSMS's sent log shows this campaign already reached (within Look Back) come out \"duplicate\", not sent again",
		},
		{ name: 'Don\'t Check', value: 'off', description: 'Send again to everyone eSMS does not refuse (it refuses a Request ID seen within about a day)' },
	],
	description:
		"Before sending, read eSMS's sent log of the last days: whoever already got this campaign's message is not sent it again, whatever day, execution or worker sent it. Costs one look-up per 500 logged messages. For messages one customer may get several times (order updates), choose Don't Check or name the occasion in the Campaign.",
};

const lookBackDays: INodeProperties = {
	displayName: 'Look Back (Days)',
	name: 'lookBackDays',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 90 },
	default: 7,
	description: "How many days of eSMS's sent log Skip Already Sent reads",
};

/**
 * What Pre-Flight Checks do when nothing is set. n8n shows an empty collection as "No properties",
 * which reads as "no checks": this notice, just above it, says they run.
 */
export function preflightNotice(quota: boolean): INodeProperties {
	return {
		displayName: quota
			? 'Pre-flight checks run by default, before anything is sent: <b>Balance</b> and <b>Daily Quota</b> stop the send when short, <b>Skip Already Sent</b> skips whom the Campaign (an option) already reached in the last 7 days, and a check that cannot run stops the send. Add a setting below only to change one.'
			: 'Pre-flight checks run by default, before anything is sent: <b>Balance</b> stops the send when short, <b>Skip Already Sent</b> skips whom the Campaign (an option) already reached in the last 7 days, and a check that cannot run stops the send. Add a setting below only to change one.',
		name: quota ? 'preflightNotice' : 'preflightNoticeSms',
		type: 'notice',
		default: '',
	};
}

/** Pre-Flight Checks; with `quota`, the Zalo OA's daily quota too (an SMS has no OA). */
export function preflightField(quota: boolean): INodeProperties {
	return {
		displayName: 'Pre-Flight Checks',
		name: 'preflight',
		type: 'collection',
		placeholder: 'Add check setting',
		default: {},
		description: quota
			? 'Before the first message goes out, the node compares the Zalo OA\'s daily quota and the eSMS balance with the campaign, and skips whom the campaign already reached. On by default; change or turn off each check here.'
			: 'Before the first message goes out, the node compares the eSMS balance with the campaign\'s cost, and skips whom the campaign already reached. On by default; change or turn off each check here.',
		options: quota
			? [balanceCheck, quotaCheck, estimateOnly, onLookupFailure, lookBackDays, alreadySent]
			: [balanceCheck, estimateOnly, onLookupFailure, lookBackDays, alreadySent],
	};
}

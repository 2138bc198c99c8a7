import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_SMS_PARTS, DEFAULT_REQUESTS_IN_FLIGHT } from './settings';

/** The Options collection of every Send operation: one definition of each option. */

/** Options of an SMS: shown for the SMS operation, and for ZNS only with SMS Fallback on. */
function smsOptions(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Charset',
			name: 'charset',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Auto', value: 'auto', description: 'GSM 7-bit when the text allows it (160 characters a part), else Unicode (70 a part)' },
				{ name: 'GSM 7-Bit Only', value: 'gsm7', description: 'A text GSM 7-bit cannot carry is invalid (e.g. Vietnamese with diacritics)' },
				{ name: 'Unicode', value: 'unicode', description: 'Always Unicode: 70 characters in one part, 67 per part when split' },
			],
			description: 'How the SMS is encoded; it decides how many parts (and so how much) an SMS costs',
			displayOptions: show,
		},
		{
			displayName: 'Max SMS Parts',
			name: 'maxParts',
			type: 'number',
			default: DEFAULT_MAX_SMS_PARTS,
			typeOptions: { minValue: 1, maxValue: 10 },
			description: 'An SMS that needs more parts is invalid before anything is sent (1–10)',
			displayOptions: show,
		},
		{
			displayName: 'Remove Diacritics',
			name: 'removeDiacritics',
			type: 'boolean',
			default: false,
			description:
				'Whether to send Vietnamese without diacritics ("Xin chào Đức" → "Xin chao Duc"), as customer-care SMS usually are: GSM 7-bit, fewer parts',
			displayOptions: show,
		},
	];
}

const batchSize: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	default: 500,
	typeOptions: { minValue: 1, maxValue: 500 },
	description: 'Recipients per request to eSMS (at most 500)',
};

const sendingMode: INodeProperties = {
	displayName: 'Sending Mode',
	name: 'sendingMode',
	type: 'options',
	default: '1',
	options: [
		{ name: 'Normal', value: '1', description: 'Within the Zalo OA\'s daily quota' },
		{
			name: 'Over Daily Quota',
			value: '3',
			description: 'For whitelisted OAs only; cannot be scheduled',
		},
	],
	description: 'Whether eSMS may send beyond the Zalo OA\'s daily quota (whitelisted OAs only)',
};

/** Requests in Flight, its default the channel's (one recipient per request wants more). */
function requestsInFlight(kind: 'zns' | 'sms'): INodeProperties {
	const option: INodeProperties = {
		displayName: 'Requests in Flight',
		name: 'requestsInFlight',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 100 },
		description:
			'At most this many requests to eSMS at once (when not set: 10 for bulk ZNS, 30 for SMS and SMS Fallback, which send one recipient per request). The node sends fewer, and waits, while eSMS answers "too many requests" (HTTP 429, code 160), HTTP 5xx or times out, and returns to this number when it recovers.',
	};
	option.default = DEFAULT_REQUESTS_IN_FLIGHT[kind];
	return option;
}

/** The Options collection: `zns` adds Batch Size and Sending Mode, and the SMS options under SMS Fallback. */
export function sendOptionsField(kind: 'zns' | 'sms'): INodeProperties {
	const sms = smsOptions(kind === 'zns' ? { show: { '/smsFallback': [true] } } : undefined);
	const options: INodeProperties[] = [
		...(kind === 'zns' ? [batchSize] : []),
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/5b0c1e3a-7d2f-4c59-9a1e-2f6d8b3c4e5a/5b0c1e3a-7d2f-4c59-9a1e-2f6d8b3c4e5a',
			description:
				'The URL eSMS calls with each message\'s delivery status: a URL of an eSMS ZNS Trigger node, its Test URL while that trigger listens in the editor, its Production URL once the workflow is published',
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
			description: 'How each phone number is written before it is sent to eSMS',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 5, maxValue: 3600 },
			description:
				'A deadline for each request to eSMS, its whole answer included; a request past it is retried. From 5 seconds to an hour.',
		},
		requestsInFlight(kind),
		{
			displayName: 'Retries on Network Errors',
			name: 'retries',
			type: 'number',
			default: 2,
			typeOptions: { minValue: 0, maxValue: 10 },
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
		...(kind === 'zns' ? [sendingMode] : []),
		...sms,
	];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}

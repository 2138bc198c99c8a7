import { DateTime } from 'luxon';
import {
	NodeApiError,
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { messageChannel, messageTypeName, sendStatusWords } from '../../../shared/delivery';
import { returnAllAndLimit } from '../commonFields';
import { PHONE_RULE, phoneKey, toDomesticMobile } from '../../esms/phone';
import { checkVietnamTime } from '../../esms/schedule';
import { toNodeError } from '../../client/callErrors';
import { EsmsClient, type SentLogType } from '../../client/client';
import { readSentLog } from '../../lookups/sentLog';
import type { SentMessage } from '../../client/sentMessages';

/** The Message Type choices and the eSMS types each asks for, in this order. */
const TYPES_ASKED: Record<string, SentLogType[]> = { all: ['24', '25', '2'], sms: ['2'], zns: ['24', '25'], '24': ['24'], '25': ['25'] };

const DEFAULT_RANGE_HOURS = 24;

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['account'], operation: ['getSentMessages'] } }, [
	{
		displayName: 'Message Type',
		name: 'messageType',
		type: 'options',
		default: 'zns',
		options: [
			{ name: 'All (SMS and ZNS)', value: 'all', description: 'Customer-care SMS, ZNS priority and ZNS normal' },
			{ name: 'SMS', value: 'sms', description: 'Customer-care SMS (eSMS type 2), the SMS of a ZNS with SMS Fallback included' },
			{ name: 'ZNS (Priority and Normal)', value: 'zns', description: 'ZNS of both types (eSMS types 24 and 25)' },
			{ name: 'ZNS Normal', value: '25', description: 'ZNS sent as normal messages (eSMS type 25)' },
			{ name: 'ZNS Priority', value: '24', description: 'ZNS sent as priority messages (eSMS type 24)' },
		],
		description: 'Which messages to list: eSMS keeps a log per message type',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		description:
			"Start of the range, included. Empty: 24 hours before To. A value without an offset is read in the workflow's timezone; eSMS is asked in Vietnam time.",
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: "End of the range, included to the end of its second. Empty: now. A value without an offset is read in the workflow's timezone.",
	},
	...returnAllAndLimit(false),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Campaign',
				name: 'campaign',
				type: 'string',
				default: '',
				description: 'Only messages sent with this campaign name (exactly, as given to eSMS)',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '0901888484',
				description: 'Only messages to this phone; 0901888484, 84901888484 and +84 90 188 8484 are the same number',
			},
		],
	},
]);

interface Query {
	types: SentLogType[];
	from: string;
	to: string;
	/** Undefined: every message (Return All). */
	limit: number | undefined;
	keep: (message: SentMessage) => boolean;
}

function rangeEnd(context: IExecuteFunctions, field: 'From' | 'To', value: unknown, fallback: number): { text: string; ms: number } {
	const given = value === undefined || value === null || value === '' ? DateTime.fromMillis(fallback) : value;
	const checked = checkVietnamTime(given, context.getTimezone());
	if (!checked.ok) throw new NodeOperationError(context.getNode(), `${field} ${checked.why} (got ${JSON.stringify(String(value))})`, { itemIndex: 0 });
	return checked.value;
}

/** The parameters, read once at item 0 and checked. */
function readQuery(context: IExecuteFunctions): Query {
	const choice = context.getNodeParameter('messageType', 0) as string;
	const types = TYPES_ASKED[choice];
	if (!types) throw new NodeOperationError(context.getNode(), `Message Type "${choice}" is not one of the choices`, { itemIndex: 0 });
	const to = rangeEnd(context, 'To', context.getNodeParameter('to', 0, ''), DateTime.now().toMillis());
	const from = rangeEnd(context, 'From', context.getNodeParameter('from', 0, ''), to.ms - DEFAULT_RANGE_HOURS * 3_600_000);
	if (to.text < from.text) {
		throw new NodeOperationError(context.getNode(), `To (${to.text}) is before From (${from.text}), Vietnam time`, { itemIndex: 0 });
	}
	const returnAll = context.getNodeParameter('returnAll', 0) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', 0) as number);
	const filters = context.getNodeParameter('filters', 0, {}) as { campaign?: unknown; phone?: unknown };
	return { types, from: from.text, to: to.text, limit, keep: filterOf(context, filters) };
}

function filterOf(context: IExecuteFunctions, filters: { campaign?: unknown; phone?: unknown }): (message: SentMessage) => boolean {
	const campaign = String(filters.campaign ?? '').trim();
	const phoneText = String(filters.phone ?? '').trim();
	const phone = phoneText === '' ? null : toDomesticMobile(phoneText);
	if (phoneText !== '' && phone === null) {
		throw new NodeOperationError(context.getNode(), `Phone ${PHONE_RULE} (got "${phoneText}")`, { itemIndex: 0 });
	}
	return (message) => (campaign === '' || message.campaign === campaign) && (phone === null || phoneKey(message.phone) === phone);
}

/** One logged message, what a person reads first first; eSMS's codes in words (`status` is its SendResult). */
function itemOf(message: SentMessage, asked: SentLogType): IDataObject {
	const typeId = message.typeId ?? Number(asked);
	return {
		status: message.result,
		phone: message.phone === null ? null : (toDomesticMobile(message.phone) ?? message.phone),
		smsId: message.smsId,
		sentAt: message.sentAt,
		campaign: message.campaign,
		type: messageTypeName(typeId),
		channel: messageChannel(typeId),
		price: message.price,
		content: message.content,
		sendStatus: sendStatusWords(message.sendStatus),
		portalId: message.portalId,
	};
}

/** Oldest first; a message without a readable time last. Stable, so eSMS's order stays among equals. */
function byTime(a: { at: number | null }, b: { at: number | null }): number {
	if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? 0 : 1) : -1;
	return a.at - b.at;
}

/**
 * `GetSmsSentData_V2`: what eSMS itself says the account sent in a time range. Runs once per
 * execution, whatever the number of input items: the parameters are read at item 0 and every
 * message comes out as its own item paired to item 0. Types are asked one after the other.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	try {
		const query = readQuery(this);
		const client = await EsmsClient.of(this);
		const found: Array<{ at: number | null; json: IDataObject }> = [];
		for (const smsType of query.types) {
			const { from, to, keep, limit } = query;
			for (const message of await readSentLog(client, { types: [smsType], from, to, keep, limit })) {
				found.push({ at: message.sentAtMs, json: itemOf(message, smsType) });
			}
		}
		found.sort(byTime);
		const chosen = query.limit === undefined ? found : found.slice(0, query.limit);
		return chosen.map(({ json }) => ({ json, pairedItem: { item: 0 } }));
	} catch (caught) {
		const error = toNodeError(this, caught, 0);
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: 0 });
		if (!this.continueOnFail()) throw nodeError;
		return [{ json: { error: nodeError.message }, pairedItem: { item: 0 } }];
	}
}

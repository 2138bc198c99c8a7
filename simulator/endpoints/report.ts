/** POST GetSmsSentData_V2: what the account really sent (SMS or ZNS) in a time range, page by page. */
import { parseSendDate } from '../dates';
import { statusAt, type StoredMessage } from '../store';
import type { TemplateSpec } from '../types';
import { authenticate, codeResultFailure, type EndpointContext, Failure, failure, type Fields, given, text } from './common';

export const MAX_SENT_DATA_PAGE_SIZE = 500;
/** SmsType values the endpoint knows (1 ads, 2 customer care, 8 fixed number, 23 Viber, 24/25 ZNS); the simulator only sends 2, 24, 25. */
const SMS_TYPES = new Set(['1', '2', '8', '23', '24', '25']);

/**
 * Guesses: 300 without SmsType, 118 for an unknown one, 110 for From/To not `yyyy-MM-dd HH:mm:ss`
 * (Vietnam time) or To before From, Page < 1, PageSize outside 1–500. Page defaults to 1 and PageSize
 * to 500. Rows are in sending order; the range includes both ends.
 */
export function getSmsSentData(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const query = readQuery(fields);
	if (query instanceof Failure) return codeResultFailure(query);
	const now = ctx.now();
	const matching = ctx.store
		.storedMessages()
		.filter((message) => message.apiKey === account.apiKey && String(message.typeId) === query.smsType)
		.filter((message) => {
			const sentAt = sentTimeOf(message);
			return sentAt >= query.from && sentAt <= query.to;
		});
	const page = matching.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
	return {
		CodeResult: '100',
		CountTotal: matching.length,
		SentData: page.map((message) => sentRow(message, ctx.store.template(message.oaId, message.tempId), now, ctx.settings.sentLogZnsContent)),
	};
}

interface SentDataQuery {
	smsType: string;
	from: number;
	to: number;
	page: number;
	pageSize: number;
}

function readQuery(fields: Fields): SentDataQuery | Failure {
	const smsType = text(fields, 'SmsType');
	if (!given(smsType)) return failure('300', 'SmsType is empty');
	if (!SMS_TYPES.has(smsType)) return failure('118', `SmsType ${smsType} is not supported`);
	const fromText = text(fields, 'From');
	const toText = text(fields, 'To');
	const from = fromText === undefined ? undefined : parseSendDate(fromText);
	const to = toText === undefined ? undefined : parseSendDate(toText);
	if (from === undefined || to === undefined) return failure('110', 'From and To must be yyyy-MM-dd HH:mm:ss');
	if (to < from) return failure('110', 'To is before From');
	const page = wholeNumber(fields.Page, 1);
	const pageSize = wholeNumber(fields.PageSize, MAX_SENT_DATA_PAGE_SIZE);
	if (page === undefined || page < 1) return failure('110', 'Page must be a whole number from 1');
	if (pageSize === undefined || pageSize < 1 || pageSize > MAX_SENT_DATA_PAGE_SIZE) {
		return failure('110', `PageSize must be a whole number from 1 to ${MAX_SENT_DATA_PAGE_SIZE}`);
	}
	return { smsType, from, to: to + 999, page, pageSize };
}

function wholeNumber(value: unknown, fallback: number): number | undefined {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
	return Number.isInteger(number) ? number : undefined;
}

/** When it went out: its SendDate when scheduled, else when it was accepted. */
function sentTimeOf(message: StoredMessage): number {
	return (message.sendDate !== undefined ? parseSendDate(message.sendDate) : undefined) ?? message.acceptedAt;
}

function sentRow(message: StoredMessage, template: TemplateSpec | undefined, now: number, znsContent: 'rendered' | 'empty'): object {
	const status = statusAt(message, now);
	return {
		Campaign: message.campaignId ?? '',
		Content: message.content ?? (znsContent === 'rendered' ? renderTemplate(template, message.params) : ''),
		Phone: message.normalizedPhone,
		ReferenceId: message.smsId,
		SellPrice: message.price,
		SendResult: status === 'pending' ? 2 : status === 'delivered' ? 1 : 0,
		SendStatus: status === 'pending' ? 2 : 5,
		SentTime: `/Date(${sentTimeOf(message)}+0700)/`,
		SmsId: message.portalId,
		SmsType: message.typeId,
	};
}

/** The ZNS text as the recipient saw it: each `<variable>` replaced by its value. */
function renderTemplate(template: TemplateSpec | undefined, params: string[]): string {
	if (!template) return '';
	const values = new Map(template.params.map((param, index) => [param.name, params[index] ?? '']));
	return template.content.replace(/<([^<>]+)>/g, (whole, name: string) => values.get(name) ?? whole);
}

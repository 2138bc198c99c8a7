/** Delivery status: GetSendStatus, QueryZnsStatus and the pull-callback API (GetCallback). */
import { DAY_MS } from '../dates';
import { statusAt, type StoredMessage } from '../store';
import type { AccountSpec } from '../types';
import { accountOa, authenticate, codeResultFailure, type EndpointContext, Failure, failure, type Fields, given, text } from './common';
import { codeResponseFailure } from './lookup';

const STATUS_LOOKBACK_MS = 7 * DAY_MS;
export const MAX_CALLBACK_REFIDS = 200;

interface StatusFigures {
	SendStatus: number;
	SendSuccess: number;
	SendFailed: number;
	TotalSent: number;
	TotalPrice: number;
	ErrorInfo: string;
}

/** SendStatus 2 (waiting) while pending, then 5 (finished) with SendSuccess / SendFailed. */
function figuresOf(message: StoredMessage, now: number): StatusFigures {
	const status = statusAt(message, now);
	if (status === 'pending') {
		return { SendStatus: 2, SendSuccess: 0, SendFailed: 0, TotalSent: 0, TotalPrice: message.price, ErrorInfo: '' };
	}
	const delivered = status === 'delivered';
	return {
		SendStatus: 5,
		SendSuccess: delivered ? 1 : 0,
		SendFailed: delivered ? 0 : 1,
		TotalSent: delivered ? 1 : 0,
		TotalPrice: message.price,
		ErrorInfo: plainErrorInfo(message),
	};
}

function plainErrorInfo(message: StoredMessage): string {
	if (message.outcome.status === 'delivered') return '';
	return JSON.stringify({ error: message.outcome.errorCode, message: message.outcome.errorMessage });
}

/** The account's message with this SMSID (when a fallback SMS shares it with its ZNS attempt: the SMS). */
function ownMessage(ctx: EndpointContext, account: AccountSpec, smsId: string): StoredMessage | undefined {
	const message = ctx.store.message(smsId);
	return message && message.apiKey === account.apiKey ? message : undefined;
}

/** The account's ZNS with this SMSID, else its message with this SMSID (QueryZnsStatus does not check the type). */
function ownZns(ctx: EndpointContext, account: AccountSpec, smsId: string): StoredMessage | undefined {
	const zns = ctx.store.messagesWithId(smsId).find((message) => message.channel === 'zns' && message.apiKey === account.apiKey);
	return zns ?? ownMessage(ctx, account, smsId);
}

/**
 * GET GetSendStatus?RefId=: any message (ZNS, SMS, MultiChannelMessage) of the last 7 days; unknown → 105.
 * A MultiChannelMessage SMSID whose fallback SMS shares it (fallbackCallbackSmsId 'same') answers for the SMS.
 */
export function getSendStatus(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResponseFailure(account);
	const refId = text(fields, 'RefId');
	if (!given(refId)) return codeResponseFailure(failure('851', 'RefId is empty'));
	const now = ctx.now();
	const message = ownMessage(ctx, account, refId);
	if (!message || now - message.acceptedAt > STATUS_LOOKBACK_MS) {
		return codeResponseFailure(failure('105', 'Message id not found'));
	}
	return { CodeResponse: '100', SMSID: message.smsId, ...figuresOf(message, now), TotalReceiver: 1, TypeId: message.typeId };
}

/** POST QueryZnsStatus/: 851 without SmsId, 854 when unknown. SmsType must be 24 or 25 but is not matched. */
export function queryZnsStatus(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const smsId = text(fields, 'SmsId');
	if (!given(smsId)) return codeResultFailure(failure('851', 'SmsId is empty'));
	const smsType = text(fields, 'SmsType');
	if (smsType !== '24' && smsType !== '25') return codeResultFailure(failure('118', 'SmsType must be "24" or "25"'));
	const message = ownZns(ctx, account, smsId);
	if (!message) return codeResultFailure(failure('854', 'No data found'));
	const figures = figuresOf(message, ctx.now());
	return {
		CodeResult: '100',
		ErrorMessage: '',
		Data: {
			SMSID: message.smsId,
			SendStatus: figures.SendStatus,
			SendSuccess: figures.SendSuccess,
			SendFailed: figures.SendFailed,
			FinalStatus: figures.SendStatus === 5 ? '1' : '0',
			ErrorInfo: figures.ErrorInfo,
			ZaloMsgId: message.zaloMsgId ?? '',
		},
	};
}

/**
 * POST <origin>/ZaloCallback/GetCallback: the stored callbacks of up to 200 SMSIDs of one OA.
 * Numeric `Code`; unknown ids are left out. Errors: 101/140/143 keys, 791/204/799 OA,
 * 110 ListRefid missing or not a list of strings, 687 more than 200 ids.
 */
export function getCallbacks(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return numericCodeFailure(account);
	const oa = accountOa(ctx.store, account, text(fields, 'OAId'));
	if (oa instanceof Failure) return numericCodeFailure(oa);
	const refIds = fields.ListRefid;
	if (!Array.isArray(refIds) || refIds.length === 0 || refIds.some((id) => typeof id !== 'string')) {
		return numericCodeFailure(failure('110', 'ListRefid must be a non-empty list of SMSIDs'));
	}
	if (refIds.length > MAX_CALLBACK_REFIDS) {
		return numericCodeFailure(failure('687', `ListRefid has more than ${MAX_CALLBACK_REFIDS} SMSIDs`));
	}
	const now = ctx.now();
	const found = (refIds as string[])
		.map((id) => ownZns(ctx, account, id))
		.filter((message): message is StoredMessage => message !== undefined && message.channel === 'zns' && message.oaId === oa.oaId);
	return { Code: 100, Message: 'Success', Data_callback: found.map((message) => storedCallback(message, now)) };
}

export function numericCodeFailure({ code, message }: Failure): object {
	return { Code: Number(code), Message: message, Data_callback: [] };
}

function storedCallback(message: StoredMessage, now: number): object {
	const figures = figuresOf(message, now);
	return {
		SMSID: message.smsId,
		SendStatus: figures.SendStatus,
		SendSuccess: figures.SendSuccess,
		SendFailed: figures.SendFailed,
		RequestId: message.requestId ?? '',
		PhoneNumber: message.normalizedPhone,
		ErrorInfo: figures.ErrorInfo,
		TotalPrice: figures.TotalPrice,
		TotalSent: figures.TotalSent,
		TypeId: message.typeId,
		TelcoId: message.telcoId,
		OAId: message.oaId,
		TempId: message.tempId,
		PartnerIds: message.zaloMsgId ?? '',
	};
}

/**
 * Customer-care SMS and ZNS-with-SMS-fallback (docs/esms-api.md, SMS and fallback): the SMS send,
 * MultiChannelMessage, the SMS price estimate and the account's brandnames. One phone per request.
 */
import { normalizePhone, phoneAsSent, telcoOf } from '../phone';
import { type SmsLength, matchesTemplate, smsLength } from '../sms';
import { statusAt, type StoredMessage } from '../store';
import { paramsProblem } from '../templates';
import type { AccountSpec, BrandnameSpec } from '../types';
import { authenticate, codeResultFailure, type EndpointContext, Failure, failure, type Fields, given, text } from './common';
import { codeResponseFailure } from './lookup';
import {
	invalidPhone,
	newSmsId,
	optionalText,
	readRequestId,
	readSendOptions,
	scheduleCallback,
	type SendRequest,
	znsMessage,
	znsSendRequest,
} from './send';

/** What an SMS (or the SMS entry of a MultiChannelMessage) asks for, checked. */
interface SmsEntry {
	brandname: BrandnameSpec;
	content: string;
	length: SmsLength;
}

/** Sandbox, campaignid, SendDate, CallbackUrl (read as for ZNS; a SendingMode is checked but means nothing for an SMS). */
type SmsOptions = Omit<SendRequest, 'account' | 'oa' | 'template' | 'sendingMode'>;

interface Recipient {
	phone: string;
	normalizedPhone: string;
}

/** `{CodeResult, CountRegenerate: 0, ErrorMessage}` plus extra fields (146's SMSID, 124's SendStatus). */
class Refusal {
	constructor(
		readonly failure: Failure,
		readonly extra: Record<string, unknown> = {},
	) {}

	answer(): object {
		const { CodeResult, CountRegenerate, ErrorMessage } = codeResultFailure(this.failure) as Record<string, unknown>;
		return { CodeResult, CountRegenerate, ...this.extra, ErrorMessage };
	}
}

/** POST SendMultipleMessage_V4_post_json/: one customer-care SMS. */
export function sendSms(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const entry = readSmsEntry(account, fields, 'Brandname');
	if (entry instanceof Failure) return codeResultFailure(entry);
	const options = readSmsOptions(fields);
	if (options instanceof Failure) return codeResultFailure(options);
	const requestId = readRequestId(fields.RequestId, false);
	if (requestId instanceof Failure) return codeResultFailure(requestId);
	const recipient = readRecipient(ctx, fields.Phone);
	if (recipient instanceof Failure) return codeResultFailure(recipient);
	const refused = smsRefusal(ctx, entry, recipient);
	if (refused) return refused.answer();
	if (requestId !== undefined) {
		const duplicate = duplicateRefusal(ctx, account, requestId);
		if (duplicate) return duplicate.answer();
	}
	const price = entry.length.parts * account.pricePerSmsPart;
	if (!options.sandbox && account.balance < price) return codeResultFailure(failure('103', 'Balance is not enough'));
	const smsId = newSmsId();
	if (options.sandbox) return accepted(smsId);
	const message = smsMessage(ctx, account, recipient, requestId, entry, options, smsId, 'sms');
	ctx.store.storeMessage(message, false);
	account.balance -= message.price;
	if (message.callbackUrl !== undefined) scheduleCallback(ctx, account, message);
	return accepted(smsId);
}

/**
 * POST MultiChannelMessage/: a ZNS to one phone, and an SMS eSMS sends itself when the ZNS fails.
 * Check order (a guess): keys → Channels → Data → the ZNS entry (791/204/799/789/790/110/801/802)
 * → the SMS entry (300/118/104/110) → 108 → 99 → Params 110 → RequestIds 110 → 177 → 146 → 124 → 103.
 */
export function sendMultiChannel(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const entries = readMultiChannelEntries(fields);
	if (entries instanceof Failure) return codeResultFailure(entries);
	const [znsFields, smsFields] = entries;
	const zns = znsSendRequest(ctx, account, znsFields);
	if (zns instanceof Failure) return codeResultFailure(zns);
	const sms = readSmsEntry(account, smsFields, 'Brandname');
	if (sms instanceof Failure) return codeResultFailure(sms);
	const smsOptions = readSmsOptions(smsFields);
	if (smsOptions instanceof Failure) return codeResultFailure(smsOptions);
	const recipient = readRecipient(ctx, fields.Phone);
	if (recipient instanceof Failure) return codeResultFailure(recipient);
	const problem = paramsProblem(zns.template, znsFields.Params);
	if (problem) return codeResultFailure(failure('110', problem));
	const requestIds = readEntryRequestIds(ctx, znsFields, smsFields);
	if (requestIds instanceof Failure) return codeResultFailure(requestIds);
	const refused = smsRefusal(ctx, sms, recipient);
	if (refused) return refused.answer();
	for (const requestId of requestIdsToCheck(ctx, requestIds)) {
		const duplicate = duplicateRefusal(ctx, account, requestId);
		if (duplicate) return duplicate.answer();
	}
	const sandbox = zns.sandbox || smsOptions.sandbox;
	const worstCase = account.pricePerZns + sms.length.parts * account.pricePerSmsPart;
	if (!sandbox && account.balance < worstCase) return codeResultFailure(failure('103', 'Balance is not enough'));
	const smsId = newSmsId();
	if (sandbox) return accepted(smsId);
	const params = znsFields.Params as string[];
	const attempt = znsMessage(ctx, zns, { ...recipient, requestId: requestIds.zns, params }, smsId, 'multichannel');
	attempt.multichannelId = smsId;
	if (requestIds.sms !== undefined && ctx.settings.fallbackDuplicateCheck === 'both') {
		ctx.store.rememberRequestId(account.apiKey, requestIds.sms, ctx.now(), smsId);
	}
	if (attempt.outcome.status === 'delivered') {
		storeAndCharge(ctx, account, attempt, zns.template.tag === 'PROMOTION');
		return accepted(smsId);
	}
	const fallbackId = ctx.settings.fallbackCallbackSmsId === 'same' ? smsId : newSmsId();
	const fallback = smsMessage(ctx, account, recipient, requestIds.sms, sms, smsOptions, fallbackId, 'multichannel');
	fallback.multichannelId = smsId;
	fallback.fallbackOf = attempt.smsId;
	attempt.fallbackSmsId = fallback.smsId;
	storeAndCharge(ctx, account, attempt, zns.template.tag === 'PROMOTION');
	storeAndCharge(ctx, account, fallback, false, ctx.settings.fallbackCallbackDelayMs);
	return accepted(smsId);
}

/** GET SummaryMultipleMessage_V4_get: what one SMS would cost (parts × price per part). */
export function summarizeSms(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const entry = readSmsEntry(account, fields, fields.BrandName !== undefined ? 'BrandName' : 'Brandname');
	if (entry instanceof Failure) return codeResultFailure(entry);
	const phone = phoneAsSent(fields.Phone);
	if (!normalizePhone(fields.Phone)) return codeResultFailure(invalidPhone(phone));
	return { CodeResult: '100', TotalPrice: entry.length.parts * account.pricePerSmsPart, TotalReceiver: 1 };
}

/** GET GetListBrandname/{ApiKey}/{SecretKey}: the account's active brandnames and their types. */
export function getListBrandname(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return { ...codeResponseFailure(account), ListBrandName: [] };
	const list = account.brandnames
		.filter((brandname) => brandname.active)
		.map((brandname) => ({ Brandname: brandname.brandname, Type: brandname.type }));
	return { CodeResponse: '100', ListBrandName: list };
}

function accepted(smsId: string): object {
	return { CodeResult: '100', CountRegenerate: 0, SMSID: smsId };
}

/** 300 SmsType missing, 118 not "2", 104 brandname, 110 Content / IsUnicode. */
function readSmsEntry(account: AccountSpec, fields: Fields, brandField: string): SmsEntry | Failure {
	const smsType = text(fields, 'SmsType');
	if (!given(smsType)) return failure('300', 'SmsType is empty');
	if (smsType !== '2') return failure('118', `SmsType ${smsType} is not supported`);
	const name = text(fields, brandField);
	const brandname = account.brandnames.find((candidate) => candidate.brandname === name);
	if (!brandname || !brandname.active || brandname.type !== 2) {
		return failure('104', `Brandname ${name ?? ''} is not registered for customer care or is inactive`);
	}
	const content = text(fields, 'Content');
	if (!given(content)) return failure('110', 'Content is empty');
	const isUnicode = optionalText(fields, 'IsUnicode');
	if (isUnicode instanceof Failure) return isUnicode;
	if (isUnicode !== undefined && isUnicode !== '0' && isUnicode !== '1') return failure('110', 'IsUnicode must be "0" or "1"');
	return { brandname, content, length: smsLength(content, isUnicode === '1') };
}

function readSmsOptions(fields: Fields): SmsOptions | Failure {
	return readSendOptions(fields);
}

/** 108 format, 99 blocked. */
function readRecipient(ctx: EndpointContext, raw: unknown): Recipient | Failure {
	const phone = phoneAsSent(raw);
	const normalizedPhone = normalizePhone(raw);
	if (!normalizedPhone) return invalidPhone(phone);
	if (ctx.store.isBlocked(normalizedPhone)) return failure('99', `The phone number ${phone} is blocked.`);
	return { phone, normalizedPhone };
}

/** 177 carrier not registered for the brandname; 146 content matches none of its templates (with an SMSID). */
function smsRefusal(ctx: EndpointContext, entry: SmsEntry, recipient: Recipient): Refusal | undefined {
	const telco = telcoOf(recipient.normalizedPhone);
	if (!entry.brandname.telcos.includes(telco)) {
		return new Refusal(failure('177', `Brandname ${entry.brandname.brandname} is not registered with the carrier of ${recipient.phone}`));
	}
	const { templates } = entry.brandname;
	if (ctx.settings.smsTemplateCheck === 'enforce' && templates.length > 0) {
		if (!templates.some((template) => matchesTemplate(entry.content, template))) {
			return new Refusal(failure('146', 'Content does not match a registered customer-care template'), { SMSID: newSmsId() });
		}
	}
	return undefined;
}

/** 124 "Request exist 1" with the SendStatus of the message that used the RequestId (2 when none was stored). */
function duplicateRefusal(ctx: EndpointContext, account: AccountSpec, requestId: string): Refusal | undefined {
	const now = ctx.now();
	const seen = ctx.store.recentRequestId(account.apiKey, requestId, now, ctx.settings.requestIdWindow);
	if (!seen) return undefined;
	const earlier = ctx.store.message(seen.smsId);
	const sendStatus = earlier && statusAt(earlier, now) !== 'pending' ? 5 : 2;
	return new Refusal(failure('124', 'Request exist 1'), { SendStatus: sendStatus });
}

/** Channels must be exactly ["zalo", "sms"]; Data exactly two objects, the ZNS entry first. */
function readMultiChannelEntries(fields: Fields): [Fields, Fields] | Failure {
	const channels = fields.Channels;
	const ok =
		Array.isArray(channels) &&
		channels.length === 2 &&
		channels.every((channel) => typeof channel === 'string') &&
		String(channels[0]).toLowerCase() === 'zalo' &&
		String(channels[1]).toLowerCase() === 'sms';
	if (!ok) return failure('110', 'Channels must be ["zalo","sms"]');
	const data = fields.Data;
	if (!Array.isArray(data) || data.length !== 2) return failure('110', 'Data must have one zalo entry and one sms entry');
	if (!data.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))) {
		return failure('110', 'Data is invalid');
	}
	return [data[0] as Fields, data[1] as Fields];
}

interface EntryRequestIds {
	zns: string | undefined;
	sms: string | undefined;
}

/** 110 for a malformed RequestId, and (settings.fallbackRequestIds 'must-differ') for the same one twice. */
function readEntryRequestIds(ctx: EndpointContext, znsFields: Fields, smsFields: Fields): EntryRequestIds | Failure {
	const zns = readRequestId(znsFields.RequestId, false);
	if (zns instanceof Failure) return zns;
	const sms = readRequestId(smsFields.RequestId, false);
	if (sms instanceof Failure) return sms;
	if (ctx.settings.fallbackRequestIds === 'must-differ' && zns !== undefined && zns === sms) {
		return failure('110', 'The RequestId of the sms entry must differ from the RequestId of the zalo entry');
	}
	return { zns, sms };
}

function requestIdsToCheck(ctx: EndpointContext, requestIds: EntryRequestIds): string[] {
	const mode = ctx.settings.fallbackDuplicateCheck;
	const ids = mode === 'none' ? [] : mode === 'zns-only' ? [requestIds.zns] : [requestIds.zns, requestIds.sms];
	return ids.filter((id): id is string => id !== undefined);
}

function storeAndCharge(ctx: EndpointContext, account: AccountSpec, message: StoredMessage, promotion: boolean, delayMs = 0): void {
	ctx.store.storeMessage(message, promotion);
	account.balance -= message.price;
	if (message.callbackUrl !== undefined) scheduleCallback(ctx, account, message, delayMs);
}

/** An SMS as it will be stored: TypeId 2, parts × price when delivered. */
function smsMessage(
	ctx: EndpointContext,
	account: AccountSpec,
	recipient: Recipient,
	requestId: string | undefined,
	entry: SmsEntry,
	options: SmsOptions,
	smsId: string,
	via: 'sms' | 'multichannel',
): StoredMessage {
	const now = ctx.now();
	const outcome = ctx.store.decideSmsOutcome(recipient.normalizedPhone);
	const delivered = outcome.status === 'delivered';
	return {
		smsId,
		requestId,
		apiKey: account.apiKey,
		phone: recipient.phone,
		normalizedPhone: recipient.normalizedPhone,
		channel: 'sms',
		oaId: '',
		tempId: '',
		params: [],
		brandname: entry.brandname.brandname,
		content: entry.content,
		unicode: entry.length.unicode,
		smsParts: entry.length.parts,
		multichannelId: undefined,
		fallbackOf: undefined,
		fallbackSmsId: undefined,
		portalId: ctx.store.nextPortalId(),
		campaignId: options.campaignId,
		sendDate: options.sendDate,
		sendingMode: '1',
		callbackUrl: options.callbackUrl,
		typeId: 2,
		telcoId: telcoOf(recipient.normalizedPhone),
		price: delivered ? entry.length.parts * account.pricePerSmsPart : 0,
		outcome,
		zaloMsgId: undefined,
		acceptedAt: now,
		finalAt: Math.max(now + ctx.settings.pendingMs, options.sendDateMs ?? 0),
		via,
	};
}

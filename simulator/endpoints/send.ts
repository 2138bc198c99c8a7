/** Sending ZNS: the bulk endpoint (docs/esms-api.md, Bulk personalised ZNS), the single-recipient one, and the price estimate. */
import { randomUUID } from 'node:crypto';
import { callbackUrlFor } from '../callbacks';
import { parseSendDate } from '../dates';
import { normalizePhone, phoneAsSent, telcoOf } from '../phone';
import type { StoredMessage } from '../store';
import { paramsProblem } from '../templates';
import type { AccountSpec, DuplicatePhoneMode, OaSpec, TemplateSpec } from '../types';
import {
	accountOa,
	authenticate,
	codeResultFailure,
	type EndpointContext,
	Failure,
	failure,
	type Fields,
	given,
	text,
} from './common';

export const MAX_BULK_ROWS = 500;
const MAX_REQUEST_ID_LENGTH = 50;
export const MAX_CAMPAIGN_ID_LENGTH = 254;

export interface SendRequest {
	account: AccountSpec;
	oa: OaSpec;
	template: TemplateSpec;
	sandbox: boolean;
	campaignId: string | undefined;
	sendDate: string | undefined;
	sendDateMs: number | undefined;
	sendingMode: '1' | '3';
	callbackUrl: string | undefined;
}

interface Row {
	phone: unknown;
	requestId: unknown;
	params: unknown;
}

type RowVerdict =
	| { kind: 'accept'; phone: string; normalizedPhone: string; requestId: string | undefined; params: string[] }
	| { kind: 'reject'; phone: string; code: string; message: string }
	| { kind: 'omit' };

type AcceptedRow = Extract<RowVerdict, { kind: 'accept' }>;

/** Remembers what earlier rows of the same request used, for duplicate RequestIds and phones. */
interface RequestMemory {
	requestIds: Set<string>;
	phones: Set<string>;
	duplicatePhones: DuplicatePhoneMode;
	requestIdRequired: boolean;
}

export function sendZnsBulk(ctx: EndpointContext, fields: Fields): object {
	const request = readSendRequest(ctx, fields);
	if (request instanceof Failure) return codeResultFailure(request);
	const rows = readBulkRows(fields.Data);
	if (rows instanceof Failure) return codeResultFailure(rows);
	const memory = newRequestMemory(ctx, request.account, true);
	const verdicts = rows.map((row) => judgeRow(ctx, request, row, memory));
	const accepted = verdicts.filter((verdict): verdict is AcceptedRow => verdict.kind === 'accept');
	const shortOfBalance = balanceProblem(request, accepted.length);
	if (shortOfBalance) return codeResultFailure(shortOfBalance);
	const smsIds = new Map(accepted.map((row) => [row, acceptRow(ctx, request, row, 'bulk')]));
	return bulkAnswer(verdicts, smsIds);
}

export function sendZnsSingle(ctx: EndpointContext, fields: Fields): object {
	const request = readSendRequest(ctx, fields);
	if (request instanceof Failure) return codeResultFailure(request);
	const row: Row = { phone: fields.Phone, requestId: fields.RequestId, params: fields.Params };
	const verdict = judgeRow(ctx, request, row, newRequestMemory(ctx, request.account, false));
	if (verdict.kind === 'reject') return codeResultFailure(failure(verdict.code, verdict.message));
	if (verdict.kind === 'omit') throw new Error('a single send never omits its row');
	const shortOfBalance = balanceProblem(request, 1);
	if (shortOfBalance) return codeResultFailure(shortOfBalance);
	return { CodeResult: '100', CountRegenerate: 0, SMSID: acceptRow(ctx, request, verdict, 'single') };
}

/** SummaryZaloMessage_V4_post_json: what sending this one message would cost. */
export function summarizeZns(ctx: EndpointContext, fields: Fields): object {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return codeResultFailure(account);
	const target = templateTarget(ctx, account, fields);
	if (target instanceof Failure) return codeResultFailure(target);
	const phone = phoneAsSent(fields.Phone);
	if (!normalizePhone(fields.Phone)) return codeResultFailure(invalidPhone(phone));
	const problem = paramsProblem(target.template, fields.Params);
	if (problem) return codeResultFailure(failure('110', problem));
	return { CodeResult: '100', TotalPrice: account.pricePerZns, TotalReceiver: 1 };
}

function readSendRequest(ctx: EndpointContext, fields: Fields): SendRequest | Failure {
	const account = authenticate(ctx.store, fields);
	if (account instanceof Failure) return account;
	return znsSendRequest(ctx, account, fields);
}

/** The ZNS part of a send (OA, template, options, SendingMode rules) for an authenticated account. */
export function znsSendRequest(ctx: EndpointContext, account: AccountSpec, fields: Fields): SendRequest | Failure {
	const target = templateTarget(ctx, account, fields);
	if (target instanceof Failure) return target;
	const options = readSendOptions(fields);
	if (options instanceof Failure) return options;
	if (options.sendingMode === '3' && options.sendDate !== undefined) {
		return failure('801', 'SendingMode 3 cannot be used with SendDate');
	}
	if (options.sendingMode === '3' && !target.oa.allowSendingMode3) {
		return failure('802', 'This OA is not allowed to use SendingMode 3');
	}
	return { account, ...target, ...options };
}

/** 791, 204, 799, 789, 790: the OA and the template must be configured and approved. */
export function templateTarget(
	ctx: EndpointContext,
	account: AccountSpec,
	fields: Fields,
): { oa: OaSpec; template: TemplateSpec } | Failure {
	const oaId = text(fields, 'OAID');
	const tempId = text(fields, 'TempID');
	if (!given(oaId) || !given(tempId)) return failure('791', 'OAID or TempID is empty');
	const oa = accountOa(ctx.store, account, oaId);
	if (oa instanceof Failure) return oa;
	const template = ctx.store.template(oaId, tempId);
	if (!template) return failure('789', 'TemplateId is not config');
	if (template.status !== 'ENABLE') return failure('790', `Template ${tempId} is not usable (status ${template.status})`);
	return { oa, template };
}

export function readSendOptions(fields: Fields): Omit<SendRequest, 'account' | 'oa' | 'template'> | Failure {
	const sandbox = optionalText(fields, 'Sandbox');
	if (sandbox instanceof Failure) return sandbox;
	if (sandbox !== undefined && sandbox !== '0' && sandbox !== '1') return failure('110', 'Sandbox must be "0" or "1"');
	const sendingMode = optionalText(fields, 'SendingMode');
	if (sendingMode instanceof Failure) return sendingMode;
	if (sendingMode !== undefined && sendingMode !== '1' && sendingMode !== '3') return failure('110', 'SendingMode must be "1" or "3"');
	const campaignId = optionalText(fields, 'campaignid');
	if (campaignId instanceof Failure) return campaignId;
	if (campaignId !== undefined && campaignId.length > MAX_CAMPAIGN_ID_LENGTH) {
		return failure('110', `campaignid is longer than ${MAX_CAMPAIGN_ID_LENGTH} characters`);
	}
	const sendDate = optionalText(fields, 'SendDate');
	if (sendDate instanceof Failure) return sendDate;
	const sendDateMs = sendDate === undefined ? undefined : parseSendDate(sendDate);
	if (sendDate !== undefined && sendDateMs === undefined) return failure('110', 'SendDate must be yyyy-MM-dd HH:mm:ss');
	const callbackUrl = optionalText(fields, 'CallbackUrl');
	if (callbackUrl instanceof Failure) return callbackUrl;
	return {
		sandbox: sandbox === '1',
		sendingMode: sendingMode === '3' ? '3' : '1',
		campaignId,
		sendDate,
		sendDateMs,
		callbackUrl,
	};
}

/** Absent, null or '' → undefined; a string or number → its text; anything else → 110. */
export function optionalText(fields: Fields, name: string): string | undefined | Failure {
	const value = fields[name];
	if (value === undefined || value === null || value === '') return undefined;
	const written = text(fields, name);
	return written ?? failure('110', `${name} must be a string`);
}

function readBulkRows(data: unknown): Row[] | Failure {
	if (!Array.isArray(data) || data.length === 0) return failure('110', 'Data is missing or empty');
	if (data.length > MAX_BULK_ROWS) return failure('687', `Data has more than ${MAX_BULK_ROWS} phone numbers`);
	const rows: Row[] = [];
	for (const entry of data) {
		if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return failure('110', 'Data is invalid');
		const fields = entry as Fields;
		rows.push({ phone: fields.Phone, requestId: fields.RequestId, params: fields.Params });
	}
	return rows;
}

function newRequestMemory(ctx: EndpointContext, account: AccountSpec, bulk: boolean): RequestMemory {
	const duplicatePhones = bulk ? (ctx.duplicatePhones ?? account.duplicatePhones) : 'independent';
	return { requestIds: new Set(), phones: new Set(), duplicatePhones, requestIdRequired: bulk };
}

/** Per row: 108 phone, repeated phone (per mode), 99 blocked, 110 RequestId / Params, 124 seen RequestId. */
function judgeRow(ctx: EndpointContext, request: SendRequest, row: Row, memory: RequestMemory): RowVerdict {
	const phone = phoneAsSent(row.phone);
	const normalizedPhone = normalizePhone(row.phone);
	if (!normalizedPhone) return reject(phone, invalidPhone(phone));
	const repeated = memory.phones.has(normalizedPhone);
	memory.phones.add(normalizedPhone);
	if (repeated && memory.duplicatePhones === 'collapse') return { kind: 'omit' };
	if (repeated && memory.duplicatePhones === 'reject-repeats') {
		return reject(phone, failure('110', `The phone number ${phone} is repeated in this request.`));
	}
	if (ctx.store.isBlocked(normalizedPhone)) return reject(phone, failure('99', `The phone number ${phone} is blocked.`));
	const requestId = readRequestId(row.requestId, memory.requestIdRequired);
	if (requestId instanceof Failure) return reject(phone, requestId);
	const problem = paramsProblem(request.template, row.params);
	if (problem) return reject(phone, failure('110', problem));
	if (requestId !== undefined && isDuplicateRequestId(ctx, request.account, requestId, memory)) {
		return reject(phone, failure('124', `RequestId ${requestId} is duplicated.`));
	}
	if (requestId !== undefined) memory.requestIds.add(requestId);
	return { kind: 'accept', phone, normalizedPhone, requestId, params: row.params as string[] };
}

function reject(phone: string, { code, message }: Failure): RowVerdict {
	return { kind: 'reject', phone, code, message };
}

export function invalidPhone(phone: string): Failure {
	return failure('108', `The phone number ${phone} is not valid.`);
}

export function readRequestId(value: unknown, required: boolean): string | undefined | Failure {
	const requestId = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if ((requestId === undefined || requestId === null || requestId === '') && !required) return undefined;
	if (typeof requestId !== 'string' || requestId.trim() === '') return failure('110', 'RequestId is missing');
	if (requestId.length > MAX_REQUEST_ID_LENGTH) {
		return failure('110', `RequestId is longer than ${MAX_REQUEST_ID_LENGTH} characters`);
	}
	return requestId;
}

function isDuplicateRequestId(ctx: EndpointContext, account: AccountSpec, requestId: string, memory: RequestMemory): boolean {
	return memory.requestIds.has(requestId) || ctx.store.isRecentRequestId(account.apiKey, requestId, ctx.now(), ctx.settings.requestIdWindow);
}

/** 103 when the balance cannot pay for every row that would be accepted (not checked in sandbox). */
function balanceProblem(request: SendRequest, acceptedCount: number): Failure | undefined {
	if (request.sandbox) return undefined;
	if (request.account.balance >= acceptedCount * request.account.pricePerZns) return undefined;
	return failure('103', 'Balance is not enough');
}

/** Stores, charges and schedules the callback of one accepted row (nothing of that in sandbox). */
function acceptRow(ctx: EndpointContext, request: SendRequest, row: AcceptedRow, via: 'bulk' | 'single'): string {
	const smsId = newSmsId();
	if (request.sandbox) return smsId;
	const message = znsMessage(ctx, request, row, smsId, via);
	ctx.store.storeMessage(message, request.template.tag === 'PROMOTION');
	request.account.balance -= message.price;
	if (message.callbackUrl !== undefined) scheduleCallback(ctx, request.account, message);
	return smsId;
}

/** uuid + '264', as eSMS shapes its SMSIDs. */
export function newSmsId(): string {
	return randomUUID() + '264';
}

/** A ZNS message as it will be stored, its delivery outcome decided now. */
export function znsMessage(
	ctx: EndpointContext,
	request: SendRequest,
	row: { phone: string; normalizedPhone: string; requestId: string | undefined; params: string[] },
	smsId: string,
	via: 'bulk' | 'single' | 'multichannel',
): StoredMessage {
	const now = ctx.now();
	const { account, oa, template } = request;
	const outcome = ctx.store.decideOutcome(row.normalizedPhone, oa.oaId, request.sendingMode, now, ctx.settings);
	const delivered = outcome.status === 'delivered';
	return {
		smsId,
		requestId: row.requestId,
		apiKey: account.apiKey,
		phone: row.phone,
		normalizedPhone: row.normalizedPhone,
		channel: 'zns',
		oaId: oa.oaId,
		tempId: template.tempId,
		params: row.params,
		brandname: undefined,
		content: undefined,
		unicode: undefined,
		smsParts: undefined,
		multichannelId: undefined,
		fallbackOf: undefined,
		fallbackSmsId: undefined,
		portalId: ctx.store.nextPortalId(),
		campaignId: request.campaignId,
		sendDate: request.sendDate,
		sendingMode: request.sendingMode,
		callbackUrl: request.callbackUrl,
		typeId: account.znsTypeId,
		telcoId: telcoOf(row.normalizedPhone),
		price: delivered ? account.pricePerZns : 0,
		outcome,
		zaloMsgId: delivered ? newZaloMsgId() : undefined,
		acceptedAt: now,
		finalAt: Math.max(now + ctx.settings.pendingMs, request.sendDateMs ?? 0),
		via,
	};
}

/** 32 hex digits. randomUUID draws from a buffered pool, far cheaper per call than randomBytes. */
export function newZaloMsgId(): string {
	return randomUUID().replaceAll('-', '');
}

/** Schedules the message's callback, `extraDelayMs` (wall clock) later than settings.callbackDelayMs. */
export function scheduleCallback(ctx: EndpointContext, account: AccountSpec, message: StoredMessage, extraDelayMs = 0): void {
	const encoding = ctx.faults.take('error-info-encoding', ctx.endpoint)?.encoding ?? account.errorInfoEncoding;
	ctx.callbacks.schedule(message.smsId, callbackUrlFor(message, encoding, ctx.now()), extraDelayMs);
}

function bulkAnswer(verdicts: RowVerdict[], smsIds: Map<AcceptedRow, string>): object {
	const detail: object[] = [];
	let totalSuccess = 0;
	let totalFail = 0;
	for (const verdict of verdicts) {
		if (verdict.kind === 'omit') continue;
		if (verdict.kind === 'accept') {
			totalSuccess++;
			detail.push({ CodeResult: '100', Phone: verdict.phone, SMSID: smsIds.get(verdict) });
		} else {
			totalFail++;
			detail.push({ CodeResult: verdict.code, Phone: verdict.phone, ErrorMessage: verdict.message });
		}
	}
	return { CodeResult: '100', Message: 'Sucess', TotalSuccess: totalSuccess, TotalFail: totalFail, detail };
}

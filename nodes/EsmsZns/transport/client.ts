import { NodeApiError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions, type JsonObject } from 'n8n-workflow';

import { codeMeaning } from '../esms/codes';
import { codeIn, isTooManyRequests, listIn, numberIn, readBulkReply, reasonIn, type BulkReply, type CodeField } from './answers';
import { scrubSecrets } from '../../shared/redact';
import { accountOf, type Account } from './account';
import { callEsms, DEFAULT_RETRY, type CallFailure, type EsmsAnswer, type EsmsCall, type RetryPolicy, type Verdict } from './request';

/**
 * The typed eSMS client: the only code that names eSMS's endpoints, their parameter spellings
 * and their result-code fields. One method per endpoint; each checks eSMS's code in one place
 * (`expectSuccess`) and returns a typed answer, or throws an EsmsCallError. The sends are the
 * exception: their answers are judged per batch and per recipient by the send channels, so they
 * come back as a typed reply or the reason there is none.
 */

/** eSMS's ZNS types: 24 priority, 25 normal. Template lists are asked per type. */
export const ZNS_TYPES = ['24', '25'] as const;
export type ZnsType = (typeof ZNS_TYPES)[number];

const SUCCESS: Record<CodeField, string> = { CodeResult: '100', CodeResponse: '100', Code: '100', Error: '0' };

/** A call that did not succeed: no usable answer, or eSMS's code says it failed. */
export class EsmsCallError extends Error {
	constructor(
		message: string,
		readonly code: string | null,
		readonly httpCode: string | null,
		/** What eSMS means by the code, or what went wrong with the call. */
		readonly reason: string,
	) {
		super(message);
	}
}

/** The body when eSMS says the call succeeded; else an EsmsCallError that says what failed and why. */
function expectSuccess(answer: EsmsAnswer, codeField: CodeField, what: string): IDataObject {
	if (!answer.ok) throw new EsmsCallError(`${what} failed: ${answer.message}`, null, answer.httpCode, answer.message);
	const code = codeIn(answer.body, codeField);
	if (code === SUCCESS[codeField]) return answer.body;
	const reason = reasonIn(answer.body);
	const meaning = codeField === 'Error' ? (reason ?? `eSMS error ${code}`) : codeMeaning(code);
	const detail = reason && reason !== meaning ? ` (eSMS: ${reason})` : '';
	throw new EsmsCallError(`${what} failed: ${meaning}${detail} (eSMS code ${code ?? 'missing'})`, code, null, meaning);
}

/** An EsmsCallError as n8n shows a failed API call (other errors pass through unchanged). */
export function toNodeError(context: IExecuteFunctions | ILoadOptionsFunctions, error: unknown, itemIndex?: number): unknown {
	if (!(error instanceof EsmsCallError)) return error;
	return new NodeApiError(context.getNode(), { message: error.reason, code: error.code } as JsonObject, {
		message: error.message,
		httpCode: error.httpCode ?? undefined,
		itemIndex,
	});
}

/** Runs a look-up and hands back its value or its failure, for callers that decide what a failure means. */
export async function settle<T>(lookUp: () => Promise<T>): Promise<{ value: T } | { error: EsmsCallError }> {
	try {
		return { value: await lookUp() };
	} catch (caught) {
		if (caught instanceof EsmsCallError) return { error: caught };
		const message = caught instanceof Error ? caught.message : String(caught);
		return { error: new EsmsCallError(message, null, null, message) };
	}
}

export interface Quota {
	dailyQuota: number | null;
	remainingQuota: number | null;
	dailyQuotaPromotion: number | null;
	remainingQuotaPromotion: number | null;
}

/** One recipient's entry of a bulk ZNS request. */
export interface ZnsEntry {
	phone: string;
	requestId: string;
	params: string[];
}

/** What a ZNS request says besides its recipients (the same for every recipient of one request). */
export interface ZnsRequest {
	oaId: string;
	templateId: string;
	/** eSMS's SendDate (`yyyy-MM-dd HH:mm:ss`, Vietnam time), or null to send now. */
	sendAt: string | null;
	campaign: string | null;
	callbackUrl: string | null;
	sandbox: boolean;
	/** eSMS's SendingMode 3: over the OA's daily quota (whitelisted OAs only). */
	overQuota: boolean;
}

/** A send's answer: eSMS's reply, or why there is none after the transport's retries. */
export type SendAnswer<Reply> = { ok: true; reply: Reply; attempts: number } | CallFailure;

function znsRequestFields(request: ZnsRequest): IDataObject {
	const fields: IDataObject = { OAID: request.oaId, TempID: request.templateId };
	if (request.campaign) fields.campaignid = request.campaign;
	if (request.sandbox) fields.Sandbox = '1';
	if (request.sendAt) fields.SendDate = request.sendAt;
	if (request.callbackUrl) fields.CallbackUrl = request.callbackUrl;
	if (request.overQuota) fields.SendingMode = '3';
	return fields;
}

export class EsmsClient {
	/** The credential's Base URL, checked, without a trailing slash. */
	readonly baseUrl: string;

	private constructor(
		private readonly context: IExecuteFunctions | ILoadOptionsFunctions,
		private readonly account: Account,
		private readonly retry: RetryPolicy,
	) {
		this.baseUrl = account.baseUrl;
	}

	/** A client for the node's eSMS credential (its Base URL and Delivery Reports URL). */
	static async of(context: IExecuteFunctions | ILoadOptionsFunctions, retry: RetryPolicy = DEFAULT_RETRY): Promise<EsmsClient> {
		return new EsmsClient(context, await accountOf(context), retry);
	}

	/** Text eSMS sent back, without the keys should it quote them (it reaches outputs and errors). */
	private scrubbed(text: string | null): string | null {
		return text === null || this.account.secrets.length === 0 ? text : scrubSecrets(text, this.account.secrets);
	}

	/** A whole answer, without the keys should it quote them anywhere. */
	private scrubbedBody(body: IDataObject): IDataObject {
		const text = JSON.stringify(body);
		const clean = this.scrubbed(text);
		return clean === text ? body : (JSON.parse(clean!) as IDataObject);
	}

	private async call(call: EsmsCall, codeField: CodeField, what: string, base = this.baseUrl): Promise<IDataObject> {
		const judge = (body: IDataObject): Verdict => (isTooManyRequests(body, codeField) ? 'throttled' : 'usable');
		const answer = await callEsms(this.context, base, { judge, ...call }, this.retry);
		return expectSuccess(answer.ok ? { ...answer, body: this.scrubbedBody(answer.body) } : answer, codeField, what);
	}

	/** `GetBalance_json`: the account's balance (VND). */
	async getBalance(): Promise<{ balance: number | null; userId: unknown }> {
		const body = await this.call({ method: 'POST', path: 'GetBalance_json', body: {} }, 'CodeResponse', 'Get balance');
		return { balance: numberIn(body.Balance), userId: body.UserID ?? null };
	}

	/** `ZNS/GetListZOA/`: the Zalo OAs of the account. */
	async listOas(): Promise<Array<{ oaId: string; name: string | null }>> {
		const body = await this.call({ method: 'POST', path: 'ZNS/GetListZOA/', body: {} }, 'CodeResult', 'Get Zalo OAs');
		return listIn(body.ZOAList).map((oa) => ({ oaId: String(oa.OAID ?? ''), name: typeof oa.OAName === 'string' ? oa.OAName : null }));
	}

	/** `GetTemplate/` (note `OAId`): an OA's templates of one ZNS type, raw as eSMS gives them. */
	async listTemplates(oaId: string, znsType: ZnsType): Promise<IDataObject[]> {
		const body = await this.call(
			{ method: 'POST', path: 'GetTemplate/', body: { OAId: oaId, SmsType: znsType } },
			'CodeResult',
			`Get templates of Zalo OA ${oaId}`,
		);
		return listIn(body.ZNSTemplates);
	}

	/** `GetZnsTemplateInfo`: one template's details (the whole answer, `{ Error: 0, Data }`). */
	async getTemplateInfo(oaId: string, templateId: string): Promise<IDataObject> {
		return await this.call(
			{ method: 'GET', path: 'GetZnsTemplateInfo', qs: { TemplateId: templateId, OAId: oaId } },
			'Error',
			`Get template ${templateId}`,
		);
	}

	/** `ZNS/GetQuota/`: the OA's daily quota and what is left of it today. */
	async getQuota(oaId: string): Promise<Quota> {
		const body = await this.call({ method: 'POST', path: 'ZNS/GetQuota/', body: { OAID: oaId } }, 'CodeResult', `Get quota of Zalo OA ${oaId}`);
		return {
			dailyQuota: numberIn(body.DailyQuota),
			remainingQuota: numberIn(body.RemainingQuota),
			dailyQuotaPromotion: numberIn(body.DailyQuotaPromotion),
			remainingQuotaPromotion: numberIn(body.RemainingQuotaPromotion),
		};
	}

	/** `SummaryZaloMessage_V4_post_json/`: the price of one message (VND) and how many it counts. */
	async estimateCost(message: {
		oaId: string;
		templateId: string;
		phone: string;
		params: string[];
	}): Promise<{ totalPrice: number | null; totalReceiver: number | null }> {
		const body = await this.call(
			{
				method: 'POST',
				path: 'SummaryZaloMessage_V4_post_json/',
				body: { Phone: message.phone, Params: message.params, TempID: message.templateId, OAID: message.oaId },
			},
			'CodeResult',
			`Estimate cost for ${message.phone}`,
		);
		return { totalPrice: numberIn(body.TotalPrice), totalReceiver: numberIn(body.TotalReceiver) };
	}

	/** `QueryZnsStatus/`: the status of one message. */
	async queryZnsStatus(smsId: string, znsType: string): Promise<IDataObject> {
		return await this.call(
			{ method: 'POST', path: 'QueryZnsStatus/', body: { SmsId: smsId, SmsType: znsType } },
			'CodeResult',
			`Get status of SMSID ${smsId}`,
		);
	}

	/** `ZaloCallback/GetCallback` on the reports host: stored callbacks of at most 200 SMSIDs. */
	async getCallbacks(oaId: string, smsIds: string[]): Promise<IDataObject[]> {
		const body = await this.call(
			{ method: 'POST', path: 'ZaloCallback/GetCallback', body: { OAId: oaId, ListRefid: smsIds } },
			'Code',
			'Get delivery reports',
			this.account.reportsUrl,
		);
		return listIn(body.Data_callback);
	}

	/**
	 * `Send_zns_bulk_v4_post_json/`: one request of at most 500 recipients. An answer without a
	 * result code is retried like a network error; the code and rows are judged by the channel.
	 */
	async sendZnsBulk(request: ZnsRequest, entries: ZnsEntry[]): Promise<SendAnswer<BulkReply>> {
		const Data = entries.map((entry) => ({ Phone: entry.phone, RequestId: entry.requestId, Params: entry.params }));
		let read: { body: IDataObject; reply: BulkReply | null } | undefined;
		const judge = (body: IDataObject) => {
			read = { body, reply: readBulkReply(body) };
			if (read.reply === null) return 'unusable' as const;
			return read.reply.code === '160' && read.reply.rows.length === 0 ? ('throttled' as const) : ('usable' as const);
		};
		const body = { ...znsRequestFields(request), Data };
		const answer = await callEsms(this.context, this.baseUrl, { method: 'POST', path: 'Send_zns_bulk_v4_post_json/', body, judge }, this.retry);
		if (!answer.ok) return answer;
		// The answer was read when it was judged; read again only if it is another body.
		const reply = read?.body === answer.body && read.reply ? read.reply : readBulkReply(answer.body)!;
		return { ok: true, reply: this.scrubbedReply(reply), attempts: answer.attempts };
	}

	/** Only eSMS's texts of a bulk answer can quote the keys: the rest are codes, phones and ids. */
	private scrubbedReply(reply: BulkReply): BulkReply {
		if (this.account.secrets.length === 0) return reply;
		for (const row of reply.rows) if (row.errorMessage !== null) row.errorMessage = this.scrubbed(row.errorMessage);
		return { ...reply, errorMessage: this.scrubbed(reply.errorMessage) };
	}
}

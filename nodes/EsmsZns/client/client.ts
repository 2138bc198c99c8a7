import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { scrubSecrets } from '../../shared/redact';
import { accountOf, type Account } from '../transport/account';
import { isTooManyRequests, listIn, numberIn, readBulkReply, readSingleReply, type BulkReply, type CodeField, type SingleReply } from './answers';
import { expectSuccess } from './callErrors';
import { readSentPage, type SentPage } from './sentMessages';
import { CUSTOMER_CARE_SMS, smsFields, znsRequestFields, type SmsEntry, type SmsRequest, type ZnsEntry, type ZnsRequest } from './requests';
import { callEsms, DEFAULT_RETRY, type CallFailure, type EsmsCall, type RetryPolicy, type Verdict } from '../transport/request';

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

/** The message types whose sent log the node reads: 2 customer-care SMS, 24/25 ZNS. */
export type SentLogType = '2' | ZnsType;

/** `GetSmsSentData_V2` gives at most this many messages per page. */
export const MAX_SENT_PAGE_SIZE = 500;

export interface Quota {
	dailyQuota: number | null;
	remainingQuota: number | null;
	dailyQuotaPromotion: number | null;
	remainingQuotaPromotion: number | null;
}

/** A send's answer: eSMS's reply, or why there is none after the transport's retries. */
export type SendAnswer<Reply> = { ok: true; reply: Reply; attempts: number } | CallFailure;

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
			`Get status of SMS ID ${smsId}`,
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
			// Too many requests, and no rows to read: nothing was processed.
			return isTooManyRequests(body, 'CodeResult') && read.reply.rows.length === 0 ? ('throttled' as const) : ('usable' as const);
		};
		const body = { ...znsRequestFields(request), Data };
		const answer = await callEsms(this.context, this.baseUrl, { method: 'POST', path: 'Send_zns_bulk_v4_post_json/', body, judge }, this.retry);
		if (!answer.ok) return answer;
		// The answer was read when it was judged; read again only if it is another body.
		const reply = read?.body === answer.body && read.reply ? read.reply : readBulkReply(answer.body)!;
		return { ok: true, reply: this.scrubbedReply(reply), attempts: answer.attempts };
	}

	/** `SendMultipleMessage_V4_post_json/`: one customer-care SMS. */
	async sendSms(request: SmsRequest, entry: SmsEntry): Promise<SendAnswer<SingleReply>> {
		const body = { Phone: entry.phone, ...smsFields(request, entry) };
		return await this.sendOne({ method: 'POST', path: 'SendMultipleMessage_V4_post_json/', body });
	}

	/**
	 * `MultiChannelMessage/`: one ZNS, and the SMS eSMS sends itself when the ZNS fails. The channel
	 * order is fixed (zalo, then sms) and both entries are required.
	 */
	async sendZnsWithSmsFallback(
		zns: ZnsRequest,
		znsEntry: ZnsEntry,
		sms: SmsRequest,
		smsEntry: SmsEntry,
	): Promise<SendAnswer<SingleReply>> {
		const znsData: IDataObject = { ...znsRequestFields(zns), RequestId: znsEntry.requestId, Params: znsEntry.params, Sandbox: zns.sandbox ? '1' : '0' };
		const body = { Phone: znsEntry.phone, Channels: ['zalo', 'sms'], Data: [znsData, smsFields(sms, smsEntry)] };
		return await this.sendOne({ method: 'POST', path: 'MultiChannelMessage/', body });
	}

	private async sendOne(call: EsmsCall): Promise<SendAnswer<SingleReply>> {
		const judge = (body: IDataObject): Verdict => {
			const reply = readSingleReply(body);
			if (reply === null) return 'unusable';
			return isTooManyRequests(body, 'CodeResult') ? 'throttled' : 'usable';
		};
		const answer = await callEsms(this.context, this.baseUrl, { ...call, judge }, this.retry);
		if (!answer.ok) return answer;
		const reply = readSingleReply(answer.body)!;
		return { ok: true, reply: { ...reply, errorMessage: this.scrubbed(reply.errorMessage) }, attempts: answer.attempts };
	}

	/** `SummaryMultipleMessage_V4_get`: the price (VND) of one customer-care SMS to one phone. */
	async smsPrice(message: { phone: string; text: string; brandname: string; unicode: boolean }): Promise<{ totalPrice: number | null }> {
		const qs = { Phone: message.phone, Content: message.text, SmsType: CUSTOMER_CARE_SMS, BrandName: message.brandname, IsUnicode: message.unicode ? '1' : '0' };
		const body = await this.call({ method: 'GET', path: 'SummaryMultipleMessage_V4_get', qs }, 'CodeResult', `Get the SMS price for ${message.phone}`);
		return { totalPrice: numberIn(body.TotalPrice) };
	}

	/**
	 * `GetListBrandname/{ApiKey}/{SecretKey}`: the account's brandnames (Type 1 advertising, 2
	 * customer care, 23 Viber). The keys are in this URL's path, so no message ever quotes the URL.
	 */
	async listBrandnames(): Promise<Array<{ brandname: string; type: string | null }>> {
		const { apiKey, secretKey } = this.account.keys;
		const path = `GetListBrandname/${encodeURIComponent(apiKey)}/${encodeURIComponent(secretKey)}`;
		const body = await this.call({ method: 'GET', path }, 'CodeResponse', 'Get brandnames');
		return listIn(body.ListBrandName).map((entry) => ({
			brandname: String(entry.Brandname ?? ''),
			type: entry.Type === undefined || entry.Type === null ? null : String(entry.Type),
		}));
	}

	/** `GetSendStatus`: the status of any message (SMS, ZNS, fallback) by its SMSID, last 7 days. */
	async getSendStatus(smsId: string): Promise<IDataObject> {
		return await this.call({ method: 'GET', path: 'GetSendStatus', qs: { RefId: smsId } }, 'CodeResponse', `Get status of SMS ID ${smsId}`);
	}

	/**
	 * `GetSmsSentData_V2`: one page of what the account sent of one type between `from` and `to`
	 * (`yyyy-MM-dd HH:mm:ss`, Vietnam time, both included). Pages count from 1; at most 500 a page.
	 */
	async getSentMessages(query: { smsType: SentLogType; from: string; to: string; page: number; pageSize: number }): Promise<SentPage> {
		const body = { SmsType: query.smsType, From: query.from, To: query.to, Page: query.page, PageSize: query.pageSize };
		const answer = await this.call({ method: 'POST', path: 'GetSmsSentData_V2', body }, 'CodeResult', 'Get sent messages');
		return readSentPage(answer);
	}

	/** Only eSMS's texts of a bulk answer can quote the keys: the rest are codes, phones and ids. */
	private scrubbedReply(reply: BulkReply): BulkReply {
		if (this.account.secrets.length === 0) return reply;
		for (const row of reply.rows) if (row.errorMessage !== null) row.errorMessage = this.scrubbed(row.errorMessage);
		return { ...reply, errorMessage: this.scrubbed(reply.errorMessage) };
	}
}

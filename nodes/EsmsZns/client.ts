import { NodeApiError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions, type JsonObject } from 'n8n-workflow';

import { codeMeaning, normaliseCode } from './esms/codes';
import { callEsms, getBaseUrl, getReportsUrl, DEFAULT_RETRY, type EsmsAnswer, type EsmsCall, type RetryPolicy } from './transport';

/**
 * The typed eSMS client: the only code that names eSMS's endpoints, their parameter spellings
 * and their result-code fields. One method per endpoint; each checks eSMS's code in one place
 * (`expectSuccess`) and returns the answer's body, or throws an EsmsCallError. The bulk send is
 * the exception: its answer is judged per batch and per row by the send pipeline.
 */

/** eSMS's ZNS types: 24 priority, 25 normal. Template lists are asked per type. */
export const ZNS_TYPES = ['24', '25'] as const;
export type ZnsType = (typeof ZNS_TYPES)[number];

/** eSMS names its result field differently per endpoint. */
type CodeField = 'CodeResult' | 'CodeResponse' | 'Code' | 'Error';
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

function reasonOf(body: IDataObject): string | null {
	for (const key of ['ErrorMessage', 'Message', 'message']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() && value !== 'Sucess' && value !== 'Success') return value.trim();
	}
	return null;
}

/** The body when eSMS says the call succeeded; else an EsmsCallError that says what failed and why. */
function expectSuccess(answer: EsmsAnswer, codeField: CodeField, what: string): IDataObject {
	if (!answer.ok) throw new EsmsCallError(`${what} failed: ${answer.message}`, null, answer.httpCode, answer.message);
	const code = normaliseCode(answer.body[codeField]);
	if (code === SUCCESS[codeField]) return answer.body;
	const reason = reasonOf(answer.body);
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

/** eSMS gives numbers as numbers or as strings; null when there is none. */
function numberOf(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

export interface Quota {
	dailyQuota: number | null;
	remainingQuota: number | null;
	dailyQuotaPromotion: number | null;
	remainingQuotaPromotion: number | null;
}

function list(value: unknown): IDataObject[] {
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

export class EsmsClient {
	private constructor(
		private readonly context: IExecuteFunctions | ILoadOptionsFunctions,
		/** The credential's Base URL, without a trailing slash. */
		readonly baseUrl: string,
		private readonly reportsUrl: string,
		private readonly retry: RetryPolicy,
	) {}

	/** A client for the node's eSMS credential (its Base URL and Delivery Reports URL). */
	static async of(context: IExecuteFunctions | ILoadOptionsFunctions, retry: RetryPolicy = DEFAULT_RETRY): Promise<EsmsClient> {
		return new EsmsClient(context, await getBaseUrl(context), await getReportsUrl(context), retry);
	}

	private async call(call: EsmsCall, codeField: CodeField, what: string, base = this.baseUrl): Promise<IDataObject> {
		return expectSuccess(await callEsms(this.context, base, call, this.retry), codeField, what);
	}

	/** `GetBalance_json`: the account's balance (VND). */
	async getBalance(): Promise<{ balance: number | null; userId: unknown }> {
		const body = await this.call({ method: 'POST', path: 'GetBalance_json', body: {} }, 'CodeResponse', 'Get balance');
		return { balance: numberOf(body.Balance), userId: body.UserID ?? null };
	}

	/** `ZNS/GetListZOA/`: the Zalo OAs of the account. */
	async listOas(): Promise<Array<{ oaId: string; name: string | null }>> {
		const body = await this.call({ method: 'POST', path: 'ZNS/GetListZOA/', body: {} }, 'CodeResult', 'Get Zalo OAs');
		return list(body.ZOAList).map((oa) => ({ oaId: String(oa.OAID ?? ''), name: typeof oa.OAName === 'string' ? oa.OAName : null }));
	}

	/** `GetTemplate/` (note `OAId`): an OA's templates of one ZNS type, raw as eSMS gives them. */
	async listTemplates(oaId: string, znsType: ZnsType): Promise<IDataObject[]> {
		const body = await this.call(
			{ method: 'POST', path: 'GetTemplate/', body: { OAId: oaId, SmsType: znsType } },
			'CodeResult',
			`Get templates of Zalo OA ${oaId}`,
		);
		return list(body.ZNSTemplates);
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
			dailyQuota: numberOf(body.DailyQuota),
			remainingQuota: numberOf(body.RemainingQuota),
			dailyQuotaPromotion: numberOf(body.DailyQuotaPromotion),
			remainingQuotaPromotion: numberOf(body.RemainingQuotaPromotion),
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
		return { totalPrice: numberOf(body.TotalPrice), totalReceiver: numberOf(body.TotalReceiver) };
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
			this.reportsUrl,
		);
		return list(body.Data_callback);
	}

	/**
	 * `Send_zns_bulk_v4_post_json/`: one batch. Returns eSMS's answer as it came; an answer that
	 * `isUsable` refuses is retried like a network error. The send pipeline reads the codes.
	 */
	async sendBulk(fields: IDataObject, rows: IDataObject[], isUsable: (body: IDataObject) => boolean): Promise<EsmsAnswer> {
		return await callEsms(
			this.context,
			this.baseUrl,
			{ method: 'POST', path: 'Send_zns_bulk_v4_post_json/', body: { ...fields, Data: rows }, isUsable },
			this.retry,
		);
	}
}

import type { IDataObject } from 'n8n-workflow';

/** The fields of eSMS's send requests, from typed requests: the only place that spells them. */

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

/** What an SMS request says besides its recipient. */
export interface SmsRequest {
	brandname: string;
	sendAt: string | null;
	campaign: string | null;
	callbackUrl: string | null;
	sandbox: boolean;
}

/** One SMS: its recipient, text and RequestId. */
export interface SmsEntry {
	phone: string;
	requestId: string;
	text: string;
	unicode: boolean;
}


/** The customer-care SMS fields of `SendMultipleMessage_V4_post_json` and of a fallback's SMS entry. */
export function smsFields(request: SmsRequest, entry: SmsEntry): IDataObject {
	const fields: IDataObject = {
		Content: entry.text,
		Brandname: request.brandname,
		SmsType: CUSTOMER_CARE_SMS,
		IsUnicode: entry.unicode ? '1' : '0',
		RequestId: entry.requestId,
	};
	if (request.campaign) fields.campaignid = request.campaign;
	if (request.sandbox) fields.Sandbox = '1';
	if (request.sendAt) fields.SendDate = request.sendAt;
	if (request.callbackUrl) fields.CallbackUrl = request.callbackUrl;
	return fields;
}

/** eSMS's SmsType of a customer-care SMS (the only kind this package sends). */
export const CUSTOMER_CARE_SMS = '2';

export function znsRequestFields(request: ZnsRequest): IDataObject {
	const fields: IDataObject = { OAID: request.oaId, TempID: request.templateId };
	if (request.campaign) fields.campaignid = request.campaign;
	if (request.sandbox) fields.Sandbox = '1';
	if (request.sendAt) fields.SendDate = request.sendAt;
	if (request.callbackUrl) fields.CallbackUrl = request.callbackUrl;
	if (request.overQuota) fields.SendingMode = '3';
	return fields;
}


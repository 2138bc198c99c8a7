import type { Batch, BatchAnswer, Channel, Recipient } from '../send/types';
import type { EsmsClient } from '../client/client';
import type { SmsEntry, SmsRequest } from '../client/requests';
import { judgeOneByOne } from './oneByOne';

/** The SMS request of a batch's options, and the SMS of one recipient. */
export function smsRequestOf(batch: Batch, brandname: string): SmsRequest {
	const { sendAt, campaign, callbackUrl, sandbox } = batch.options;
	return { brandname, sendAt, campaign, callbackUrl, sandbox };
}

export function smsEntryOf(recipient: Recipient, requestId = recipient.requestId): SmsEntry {
	const sms = recipient.sms!;
	return { phone: recipient.phone, requestId, text: sms.text, unicode: sms.charset === 'unicode' };
}

/** Customer-care SMS with a registered brandname: one recipient per request (`SendMultipleMessage_V4_post_json/`). */
export function smsChannel(client: EsmsClient, brandname: string): Channel {
	return {
		maxPerRequest: 1,
		async send(batch: Batch): Promise<BatchAnswer> {
			const [recipient] = batch.recipients;
			return judgeOneByOne(batch, await client.sendSms(smsRequestOf(batch, brandname), smsEntryOf(recipient)));
		},
	};
}

import { fallbackSmsRequestId } from '../send/requestId';
import type { Batch, BatchAnswer, Channel } from '../send/types';
import type { EsmsClient } from '../client/client';
import { judgeOneByOne } from './oneByOne';
import { smsEntryOf, smsRequestOf } from './sms';

/**
 * ZNS with SMS fallback: one recipient per request (`MultiChannelMessage/`); eSMS sends the ZNS
 * and, if Zalo cannot deliver it, the SMS itself. The SMS entry's RequestId is made from the
 * message's (see fallbackSmsRequestId), so a retry sends the same pair.
 */
export function fallbackChannel(client: EsmsClient, target: { oaId: string; templateId: string; brandname: string }): Channel {
	return {
		maxPerRequest: 1,
		async send(batch: Batch): Promise<BatchAnswer> {
			const [recipient] = batch.recipients;
			const { sendAt, campaign, callbackUrl, sandbox, overQuota } = batch.options;
			const zns = { oaId: target.oaId, templateId: target.templateId, sendAt, campaign, callbackUrl, sandbox, overQuota };
			const sms = smsRequestOf(batch, target.brandname);
			const smsEntry = smsEntryOf(recipient, fallbackSmsRequestId(recipient.requestId));
			return judgeOneByOne(batch, await client.sendZnsWithSmsFallback(zns, recipient, sms, smsEntry));
		},
	};
}

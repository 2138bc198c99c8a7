import { MAX_BATCH_SIZE } from '../send/batches';
import type { Batch, BatchAnswer, Channel } from '../send/types';
import type { EsmsClient } from '../client/client';
import { judgeBulkReply } from './znsMatch';

/** Bulk ZNS: up to 500 recipients of one template per request (`Send_zns_bulk_v4_post_json/`). */
export function znsBulkChannel(client: EsmsClient, target: { oaId: string; templateId: string }): Channel {
	return {
		maxPerRequest: MAX_BATCH_SIZE,
		async send(batch: Batch): Promise<BatchAnswer> {
			const { sendAt, campaign, callbackUrl, sandbox, overQuota } = batch.options;
			const request = { ...target, sendAt, campaign, callbackUrl, sandbox, overQuota };
			const answer = await client.sendZnsBulk(request, batch.recipients);
			if (!answer.ok) {
				const { message, transient, mayHaveArrived } = answer;
				return { failure: { code: null, message, scope: transient ? 'batch' : 'fatal', mayHaveArrived } };
			}
			// A retry that came back with 124 means the lost first attempt got through.
			return judgeBulkReply(batch, answer.reply, answer.attempts > 1);
		},
	};
}

/** Recipients, batches and channels for the pure send tests. */
import { judgeBulkReply } from '../../nodes/EsmsZns/channels/znsMatch';
import type { Batch, BatchAnswer, Channel, Recipient, RequestOptions } from '../../nodes/EsmsZns/send/types';
import type { BulkReply } from '../../nodes/EsmsZns/client/answers';

/** Sent at once, no campaign, no callback: what most recipients use. */
export const SEND_NOW: RequestOptions = { sendAt: null, campaign: null, callbackUrl: null, sandbox: false, overQuota: false, key: 'now' };

export function recipientAt(itemIndex: number, more: Partial<Recipient> = {}): Recipient {
	const phone = `09010000${String(itemIndex).padStart(2, '0')}`;
	return { itemIndex, phone, phoneKey: phone, requestId: `r${itemIndex}`, params: [], fingerprint: `f${itemIndex}`, options: SEND_NOW, ...more };
}

export function batchOf(number: number, recipients: Recipient[], options = SEND_NOW): Batch {
	return { number, recipients, options };
}

/** A channel for tests: answers each batch as `answer` says, `maxPerRequest` recipients a request. */
export function testChannel(answer: (batch: Batch) => BatchAnswer | Promise<BatchAnswer>, maxPerRequest = 500): Channel {
	return { maxPerRequest, send: async (batch) => await answer(batch) };
}

/** A bulk ZNS reply, judged as the bulk channel judges it. */
export function bulkAnswer(batch: Batch, reply: BulkReply): BatchAnswer {
	return judgeBulkReply(batch, reply, false);
}

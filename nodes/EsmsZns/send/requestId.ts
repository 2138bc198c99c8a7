import { createHash } from 'crypto';

/** eSMS rejects a RequestId longer than this. */
export const MAX_REQUEST_ID_LENGTH = 50;

function shortHash(text: string, length: number): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The default RequestId of an item: the same for every run of one node in one execution, so
 * that a retry (ours or n8n's Retry On Fail) is recognised by eSMS as a duplicate (code 124)
 * instead of sending a second message. A different execution gets different ids.
 *
 * `place` names the node in the world (n8n instance, workflow, node, and a random token per
 * execution kept by this process): execution ids are only unique within one n8n database.
 */
export function autoRequestId(executionId: string, place: string, itemIndex: number): string {
	return `${requestIdPrefix(executionId, place)}-${itemIndex}`;
}

/** The part of the id shared by every item of one run; itemIndex adds at most 8 characters. */
export function requestIdPrefix(executionId: string, place: string): string {
	const readable = `n8n-${executionId}-${shortHash(place, 10)}`;
	if (readable.length + 9 <= MAX_REQUEST_ID_LENGTH) return readable;
	return `n8n-${shortHash(`${executionId}/${place}`, 24)}`;
}

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
 */
export function autoRequestId(executionId: string, nodeId: string, itemIndex: number): string {
	return `${requestIdPrefix(executionId, nodeId)}-${itemIndex}`;
}

/** The part of the id shared by every item of one run; itemIndex adds at most 8 characters. */
export function requestIdPrefix(executionId: string, nodeId: string): string {
	const readable = `n8n-${executionId}-${shortHash(nodeId, 8)}`;
	if (readable.length + 8 <= MAX_REQUEST_ID_LENGTH) return readable;
	return `n8n-${shortHash(`${executionId}/${nodeId}`, 24)}`;
}

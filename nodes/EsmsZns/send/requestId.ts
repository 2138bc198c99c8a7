import * as crypto from 'crypto';

/**
 * How the node names each message for eSMS. eSMS refuses a RequestId it has seen in the last
 * 24 hours (code 124): that is the only thing that stops a message from going out twice, so the
 * default id must name WHAT is sent, never WHERE or WHEN the node runs.
 *
 * - `content` (default): the same workflow, node, OA, template, phone, values and schedule give
 *   the same id, however n8n runs the node again (its retries, Retry On Fail, loops, Retry of a
 *   failed execution, another instance or queue-mode worker, a restart).
 * - `perExecution`: the content plus the n8n instance and execution: one execution sends each
 *   message once, a new execution sends it again. Not safe for Retry of a failed execution.
 * - `custom`: the user's own key per item.
 */
export type RequestIdMode = 'content' | 'perExecution' | 'custom';

/** What makes two sends "the same message", besides the phone and the values. */
export interface MessageScope {
	oaId: string;
	templateId: string;
	/** eSMS's SendDate, or '' to send now. */
	sendDate: string;
}

/** The SMS of a message (an SMS, or the SMS that ZNS with SMS fallback sends when Zalo cannot). */
export interface SmsMessage {
	brandname: string;
	text: string;
	charset: string;
}

/** How a channel's default RequestIds begin: bulk ZNS `zns-`, SMS `sms-`, ZNS with SMS fallback `znf-`. */
export type RequestIdPrefix = 'zns' | 'sms' | 'znf';

/** Where the default id is unique: the workflow and node (and, per execution, the run). */
export interface IdScope {
	mode: Exclude<RequestIdMode, 'custom'>;
	workflowId: string;
	nodeId: string;
	/** Only for `perExecution`: the n8n instance and execution id. */
	instanceId?: string;
	executionId?: string;
}

/** One-shot `crypto.hash` where Node has it (20.12+, about 40 % faster per recipient), else createHash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

/**
 * The first `length` hex digits of the text's SHA-256, as a string of its own: a slice of the
 * whole digest's hex would keep all 64 digits alive for as long as the id is remembered.
 */
function hash(text: string, length: number): string {
	const digest = oneShot ? oneShot('sha256', text, 'buffer') : crypto.createHash('sha256').update(text).digest();
	return digest.toString('hex', 0, length / 2);
}

/**
 * A fingerprint of one message: OA, template, schedule, the recipient's normalised phone and its
 * values in template order, its SMS (brandname, text, charset) when it has one, and whether it is a
 * Sandbox test. Two items with the same fingerprint are the same message.
 */
export function messageFingerprint(scope: MessageScope, phoneKey: string, params: string[], more: { sms?: SmsMessage; sandbox?: boolean } = {}): string {
	const what: unknown[] = [scope.oaId, scope.templateId, scope.sendDate, phoneKey, params];
	if (more.sms) what.push(more.sms.brandname, more.sms.text, more.sms.charset);
	// A Sandbox test is another message than the real send: eSMS may remember its Request ID.
	if (more.sandbox) what.push('sandbox');
	return hash(JSON.stringify(what), 32);
}

/**
 * The default RequestIds of one scope: the channel's prefix and 32 hex digits (36 characters) per
 * message fingerprint. The scope's part of the hashed text is built once, not per recipient.
 */
export function requestIdsFor(scope: IdScope, prefix: RequestIdPrefix = 'zns'): (fingerprint: string) => string {
	const where =
		scope.mode === 'perExecution'
			? [scope.workflowId, scope.nodeId, scope.instanceId ?? '', scope.executionId ?? '']
			: [scope.workflowId, scope.nodeId];
	// JSON.stringify([mode, ...where, fingerprint]); a fingerprint is hex, so it needs no escaping.
	const head = JSON.stringify([scope.mode, ...where]).slice(0, -1);
	return (fingerprint) => `${prefix}-${hash(`${head},"${fingerprint}"]`, 32)}`;
}

/**
 * The RequestId of the SMS entry of a ZNS with SMS fallback: made from the message's RequestId,
 * so a retry sends the same pair, and never equal to it (eSMS does not document whether the two
 * entries may share one).
 */
export function fallbackSmsRequestId(requestId: string): string {
	return `smf-${hash(`sms-entry:${requestId}`, 32)}`;
}

/** The default RequestId of one message. */
export function defaultRequestId(scope: IdScope, fingerprint: string): string {
	return requestIdsFor(scope)(fingerprint);
}

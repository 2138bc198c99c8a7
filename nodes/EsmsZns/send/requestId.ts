import { createHash } from 'crypto';

/** eSMS rejects a RequestId longer than this. */
export const MAX_REQUEST_ID_LENGTH = 50;

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

/** Where the default id is unique: the workflow and node (and, per execution, the run). */
export interface IdScope {
	mode: Exclude<RequestIdMode, 'custom'>;
	workflowId: string;
	nodeId: string;
	/** Only for `perExecution`: the n8n instance and execution id. */
	instanceId?: string;
	executionId?: string;
}

function hash(text: string, length: number): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * A fingerprint of one message: OA, template, schedule, the recipient's normalised phone and its
 * values in template order. Two items with the same fingerprint are the same message.
 */
export function messageFingerprint(scope: MessageScope, phoneKey: string, params: string[]): string {
	return hash(JSON.stringify([scope.oaId, scope.templateId, scope.sendDate, phoneKey, params]), 32);
}

/** The default RequestId of a message: `zns-` and 32 hex digits (36 characters). */
export function defaultRequestId(scope: IdScope, fingerprint: string): string {
	const where =
		scope.mode === 'perExecution'
			? [scope.workflowId, scope.nodeId, scope.instanceId ?? '', scope.executionId ?? '']
			: [scope.workflowId, scope.nodeId];
	return `zns-${hash(JSON.stringify([scope.mode, ...where, fingerprint]), 32)}`;
}

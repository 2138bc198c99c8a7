import type { Outcome, Recipient, RecipientStatus } from './types';

/**
 * The outcome of a recipient that eSMS gave no row for in this run (failed with its batch,
 * skipped, over the quota, would be sent): its own phone and Request ID, no SMSID.
 */
export function unsentOutcome(
	recipient: Recipient,
	status: RecipientStatus,
	message: string,
	more: { codeResult?: string | null; batch?: number | null } = {},
): Outcome {
	return {
		itemIndex: recipient.itemIndex,
		phone: recipient.phone,
		requestId: recipient.requestId,
		status,
		smsId: null,
		codeResult: more.codeResult ?? null,
		message,
		batch: more.batch ?? null,
	};
}

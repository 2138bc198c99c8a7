import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { counted } from '../../../shared/values';
import { describeInvalid } from '../../send/outcome';
import type { Stop } from '../../send/pipeline';
import type { Outcome } from '../../send/types';
import type { SendSettings } from './settings';

/** Why a Send stopped (without Continue), as n8n shows it: what was sent, and how to go on safely. */

function retryAdvice(settings: SendSettings): string {
	if (settings.requestIdMode === 'perExecution') {
		return 'Request ID is set to "Per Execution": a Retry of this execution sends everyone again. Retry On Fail is safe.';
	}
	return (
		'Fix the cause, then retry: the Request IDs name each message, so eSMS will not send an accepted one ' +
		'twice within 24 hours (it comes out as "duplicate"), and only the others are sent.'
	);
}

/**
 * What the batches did before the node stopped, said honestly: "Nothing was sent" only when eSMS
 * cannot have any of it; recipients whose answer was lost may have been sent.
 */
function sentSoFar(sent: Outcome[], accepted: (count: number) => string): string {
	const acceptedCount = sent.filter((outcome) => outcome.status === 'accepted').length;
	const unconfirmed = sent.filter((outcome) => outcome.status === 'unconfirmed').length;
	if (acceptedCount === 0 && unconfirmed === 0) return 'Nothing was sent. ';
	const took = acceptedCount === 0 ? '' : accepted(acceptedCount);
	const lost =
		unconfirmed === 0
			? ''
			: `${counted(unconfirmed, 'recipient')} may have been received by eSMS although its answer was lost (${unconfirmed === 1 ? 'it comes' : 'they come'} out "unconfirmed"). `;
	return took + lost;
}

/** Why the node stopped, as n8n shows it. */
export function stopError(context: IExecuteFunctions, settings: SendSettings, stop: Stop): Error {
	const node = context.getNode();
	switch (stop.kind) {
		case 'invalid':
			return new NodeOperationError(node, describeInvalid(stop.first), {
				itemIndex: stop.first.itemIndex,
				description:
					`${counted(stop.count, 'item')} ${stop.count === 1 ? 'is' : 'are'} invalid; nothing was sent. Fix ${stop.count === 1 ? 'it' : 'them'}, or set "On Error" to continue ` +
					'so that valid items are sent and invalid ones are reported.',
			});
		case 'notSent':
			return new NodeOperationError(node, stop.why.notSent, { description: `Nothing was sent. ${stop.why.advice}` });
		case 'batch': {
			const { failure } = stop;
			const code = failure.code === null ? '' : ` (eSMS code ${failure.code})`;
			const accepted = (count: number) => `${counted(count, 'recipient')} ${count === 1 ? 'was' : 'were'} accepted by eSMS before the node stopped. `;
			return new NodeApiError(node, { message: failure.message, code: failure.code } as JsonObject, {
				message: `Batch ${failure.batch} of ${stop.batches} failed: ${failure.message}${code}`,
				description: sentSoFar(stop.sent, accepted) + retryAdvice(settings),
			});
		}
		case 'read':
			return new NodeOperationError(node, stop.cause as Error, {
				description:
					'Sending had started while the items were read: ' +
					sentSoFar(stop.sent, (count) => `${counted(count, 'recipient')} ${count === 1 ? 'was' : 'were'} accepted by eSMS before it stopped. `) +
					retryAdvice(settings),
			});
	}
}

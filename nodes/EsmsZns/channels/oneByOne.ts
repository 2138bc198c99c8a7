import { ACCEPTED, DUPLICATE_REQUEST_ID, TEXT_NOT_REGISTERED, codeMeaning, failureScope, isKnownCode, refusesTheRecipient } from '../esms/codes';
import { outcomeOf } from '../send/outcome';
import type { Batch, BatchAnswer } from '../send/types';
import type { SendAnswer } from '../client/client';
import type { SingleReply } from '../client/answers';
import { outcomeOfAnswer } from './answerOutcome';

/**
 * The answer to a one-recipient request (SMS, ZNS with SMS fallback), judged: the recipient's
 * outcome, or the request's failure. An account, brandname or template error is the request's
 * (later requests would fail the same way and are skipped); a refusal of this phone, carrier or
 * text is the recipient's alone.
 */
export function judgeOneByOne(batch: Batch, answer: SendAnswer<SingleReply>): BatchAnswer {
	if (!answer.ok) {
		const { message, transient, mayHaveArrived } = answer;
		return { failure: { code: null, message, scope: transient ? 'batch' : 'fatal', mayHaveArrived } };
	}
	const [recipient] = batch.recipients;
	const { reply } = answer;
	const { code } = reply;
	const context = { batch: batch.number, afterLostAnswer: answer.attempts > 1, requestCode: null };
	if (code === TEXT_NOT_REGISTERED) {
		// eSMS's answer carries an SMSID although it sent nothing: the text is refused, final.
		const given = reply.smsId ? ` (eSMS gave SMS ID ${reply.smsId} anyway; nothing was sent)` : '';
		return { outcomes: [outcomeOf(recipient, 'rejected', `${reply.errorMessage ?? codeMeaning(code)}${given}`, { codeResult: code, batch: batch.number })] };
	}
	if (code === ACCEPTED || code === DUPLICATE_REQUEST_ID || refusesTheRecipient(code) || !isKnownCode(code)) {
		return { outcomes: [outcomeOfAnswer(recipient, reply, context)] };
	}
	const meaning = codeMeaning(code);
	const message = reply.errorMessage && reply.errorMessage !== meaning ? `${meaning} (eSMS: ${reply.errorMessage})` : meaning;
	return { failure: { code, message, scope: failureScope(code), mayHaveArrived: false } };
}

import { NodeApiError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions, type JsonObject } from 'n8n-workflow';

import { notOk, ok, type Result } from '../../shared/result';
import { codeMeaning } from '../esms/codes';
import { codeIn, reasonIn, type CodeField } from './answers';
import type { EsmsAnswer } from '../transport/request';

/** What a failed look-up says: eSMS's code and its meaning, or why no answer came. */

const SUCCESS: Record<CodeField, string> = { CodeResult: '100', CodeResponse: '100', Code: '100', Error: '0' };

/** A call that did not succeed: no usable answer, or eSMS's code says it failed. */
export class EsmsCallError extends Error {
	constructor(
		message: string,
		readonly code: string | null,
		readonly httpCode: string | null,
		/** What eSMS means by the code, or what went wrong with the call. */
		readonly reason: string,
	) {
		super(message);
	}
}

/** The body when eSMS says the call succeeded; else an EsmsCallError that says what failed and why. */
export function expectSuccess(answer: EsmsAnswer, codeField: CodeField, what: string): IDataObject {
	if (!answer.ok) throw new EsmsCallError(`${what} failed: ${answer.message}`, null, answer.httpCode, answer.message);
	const code = codeIn(answer.body, codeField);
	if (code === SUCCESS[codeField]) return answer.body;
	const reason = reasonIn(answer.body);
	const meaning = codeField === 'Error' ? (reason ?? `eSMS error ${code}`) : codeMeaning(code);
	const detail = reason && reason !== meaning ? ` (eSMS: ${reason})` : '';
	throw new EsmsCallError(`${what} failed: ${meaning}${detail} (eSMS code ${code ?? 'missing'})`, code, null, meaning);
}

/** An EsmsCallError as n8n shows a failed API call (other errors pass through unchanged). */
export function toNodeError(context: IExecuteFunctions | ILoadOptionsFunctions, error: unknown, itemIndex?: number): unknown {
	if (!(error instanceof EsmsCallError)) return error;
	return new NodeApiError(context.getNode(), { message: error.reason, code: error.code } as JsonObject, {
		message: error.message,
		httpCode: error.httpCode ?? undefined,
		itemIndex,
	});
}

/** Runs a look-up and hands back its value or its failure, for callers that decide what a failure means. */
export async function settle<T>(lookUp: () => Promise<T>): Promise<Result<T, EsmsCallError>> {
	try {
		return ok(await lookUp());
	} catch (caught) {
		if (caught instanceof EsmsCallError) return notOk(caught);
		const message = caught instanceof Error ? caught.message : String(caught);
		return notOk(new EsmsCallError(message, null, null, message));
	}
}

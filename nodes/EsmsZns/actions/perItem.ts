import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { codeMeaning, normaliseCode } from '../codes';
import type { EsmsAnswer } from '../transport';

/** Shared by the look-up operations: one eSMS call per item, eSMS's code checked, Continue On Fail honoured. */

/** eSMS names its result field differently per endpoint. */
export type CodeField = 'CodeResult' | 'CodeResponse' | 'Code' | 'Error';

const SUCCESS: Record<CodeField, string> = { CodeResult: '100', CodeResponse: '100', Code: '100', Error: '0' };

function reasonOf(body: IDataObject): string | null {
	for (const key of ['ErrorMessage', 'Message', 'message']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() && value !== 'Sucess' && value !== 'Success') return value.trim();
	}
	return null;
}

/** The answer's body when eSMS says it succeeded; otherwise a NodeApiError naming the code's meaning. */
export function successBody(
	context: IExecuteFunctions,
	answer: EsmsAnswer,
	codeField: CodeField,
	what: string,
	itemIndex: number,
): IDataObject {
	if (!answer.ok) {
		throw new NodeApiError(context.getNode(), { message: answer.message } as JsonObject, {
			message: `${what} failed: ${answer.message}`,
			httpCode: answer.httpCode ?? undefined,
			itemIndex,
		});
	}
	const code = normaliseCode(answer.body[codeField]);
	if (code === SUCCESS[codeField]) return answer.body;
	const reason = reasonOf(answer.body);
	const meaning = codeField === 'Error' ? (reason ?? `eSMS error ${code}`) : codeMeaning(code);
	const detail = reason && reason !== meaning ? ` (eSMS: ${reason})` : '';
	throw new NodeApiError(context.getNode(), { message: meaning, code } as JsonObject, {
		message: `${what} failed: ${meaning}${detail} (eSMS code ${code ?? 'missing'})`,
		itemIndex,
	});
}

/**
 * Runs `run` for every item and pairs what it returns to that item. A failing item stops the
 * node, or with Continue On Fail becomes `{ error }` (which n8n routes to the error output).
 */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await run(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) {
				output.push({ json, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
			if (!context.continueOnFail()) throw nodeError;
			output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
		}
	}
	return output;
}

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { toNodeError } from '../client/callErrors';

/**
 * Shared by the look-up operations, Continue On Fail honoured: one eSMS call per item
 * (`forEachItem`), or one per execution for account-level look-ups that take nothing from the
 * item (`onceForAll`).
 */

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
		} catch (caught) {
			const error = toNodeError(context, caught, itemIndex);
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

/**
 * For look-ups that read nothing from the item (Get Balance, Get Brandnames, Zalo OA Get Many):
 * one eSMS call per execution, however many items come in, as n8n's "Execute Once" setting does.
 * Its parameters are read at item 0 and every result is paired to item 0. Four items in do not
 * give four identical balances.
 */
export async function onceForAll(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	run: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	return await forEachItem(context, items.slice(0, 1), run);
}

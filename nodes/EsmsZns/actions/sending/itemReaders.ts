import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { InvalidItem } from '../../send/types';

/**
 * Reads one parameter for every item. n8n's expression engine costs about a tenth of a
 * millisecond per value, which on 100,000 recipients × several values is most of the node's
 * time. A parameter that is exactly a field reference such as `{{ $json.phone }}` or
 * `{{ $json["customer"]["name"] }}` is read straight from the item — the value n8n would
 * produce. A fixed value is used as it is. Anything else goes through getNodeParameter.
 */

export type ItemReader = (itemIndex: number) => unknown;

const FIELD_REFERENCE = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*')\s*\])+)\s*\}\}\s*$/;
const PATH_SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)')\s*\]/g;

/** The path of a `{{ $json.a.b }}` expression, or null when the value is anything else. */
export function jsonFieldPath(raw: unknown): string[] | null {
	if (typeof raw !== 'string') return null;
	const match = FIELD_REFERENCE.exec(raw);
	if (!match) return null;
	return [...match[1].matchAll(PATH_SEGMENT)].map((segment) => segment[1] ?? segment[2] ?? segment[3]);
}

const UNRESOLVED = Symbol('unresolved');

function valueAt(json: unknown, path: string[]): unknown {
	let value = json;
	for (const key of path) {
		if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) {
			return UNRESOLVED;
		}
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

export function readerFor(
	items: INodeExecutionData[],
	raw: unknown,
	evaluate: ItemReader,
): ItemReader {
	if (typeof raw === 'string' && !raw.startsWith('=')) return () => raw;
	const path = jsonFieldPath(raw);
	if (path === null) return evaluate;
	return (itemIndex) => {
		const value = valueAt(items[itemIndex]?.json, path);
		// A missing field: let n8n evaluate it, so the result (or error) is exactly n8n's.
		return value === UNRESOLVED ? evaluate(itemIndex) : value;
	};
}

/** A reader for a top-level parameter of the node. */
export function parameterReader(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	name: string,
	fallback: unknown = '',
): ItemReader {
	const raw = context.getNode().parameters[name];
	return readerFor(items, raw, (itemIndex) => context.getNodeParameter(name, itemIndex, fallback));
}

/** A value n8n could not evaluate for one item. */
export class Unreadable {
	constructor(readonly invalid: InvalidItem) {}
}

export type Evaluate = <T>(itemIndex: number, field: string, read: (itemIndex: number) => T) => T | Unreadable;

/**
 * In the Continue modes an expression n8n cannot evaluate for one item makes that item invalid
 * (named, with n8n's reason); without Continue, n8n's error stops the node as usual.
 */
export function evaluatorFor(context: IExecuteFunctions): Evaluate {
	if (!context.continueOnFail()) return (itemIndex, _field, read) => read(itemIndex);
	return (itemIndex, field, read) => {
		try {
			return read(itemIndex);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			return new Unreadable({ itemIndex, phone: null, requestId: null, field, value: undefined, rule: `could not be evaluated: ${reason}` });
		}
	};
}

/** Whether a saved parameter (or any part of it) is an expression, so that it may differ per item. */
export function isExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(isExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(isExpression);
	return false;
}

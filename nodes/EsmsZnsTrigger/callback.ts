/**
 * What one request to the trigger carries, read without n8n: the fields of each delivery report
 * (normally one, from the query string of eSMS's GET) and whether a report passes the filters.
 */
import type { DeliveryReport, DeliveryStatus } from '../shared/delivery';

export type CallbackFields = Record<string, unknown>;

/** Option value for message types the node has no name for (or a callback without TypeId). */
export const OTHER_MESSAGE_TYPE = 'other';

export interface CallbackFilters {
	statuses: DeliveryStatus[];
	messageTypes: string[];
}

/** Lower-cased names of the fields eSMS puts in a callback; used to recognise a swallowed field. */
const CALLBACK_FIELD_NAMES = new Set([
	'smsid',
	'sendfailed',
	'sendstatus',
	'sendsuccess',
	'totalprice',
	'totalreceiver',
	'totalsent',
	'requestid',
	'typeid',
	'telcoid',
	'phonenumber',
	'partnerids',
	'error_info',
	'oaid',
	'tempid',
]);

function isPlainObject(value: unknown): value is CallbackFields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * eSMS appends its query string to the CallbackUrl; when that URL already had a `?`, how it does
 * so is undocumented. If it adds a second `?`, the query parser leaves its first field inside the
 * value before it (`source=zns?SMSID=…`). This splits such a value and restores the field.
 */
function withAppendedFieldRestored(fields: CallbackFields): CallbackFields {
	const result: CallbackFields = { ...fields };
	for (const [key, value] of Object.entries(fields)) {
		if (typeof value !== 'string') continue;
		const mark = value.indexOf('?');
		if (mark === -1) continue;
		const swallowed = /^([A-Za-z_]+)=(.*)$/s.exec(value.slice(mark + 1));
		if (!swallowed || !CALLBACK_FIELD_NAMES.has(swallowed[1].toLowerCase())) continue;
		result[key] = value.slice(0, mark);
		if (!(swallowed[1] in result)) result[swallowed[1]] = swallowed[2];
	}
	return result;
}

function fieldsFromFormText(text: string): CallbackFields {
	const fields: CallbackFields = {};
	for (const [key, value] of new URLSearchParams(text)) {
		if (!(key in fields)) fields[key] = value;
	}
	return fields;
}

function tryJsonParse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** n8n parses JSON and form bodies itself; a body it left as text (text/plain, odd types) is read here. */
function bodyRecords(body: unknown): CallbackFields[] {
	if (isPlainObject(body)) return Object.keys(body).length > 0 ? [body] : [];
	if (Array.isArray(body)) return body.filter(isPlainObject);
	if (typeof body !== 'string') return [];
	const text = body.trim();
	if (text === '') return [];
	if (text.startsWith('{') || text.startsWith('[')) {
		const parsed = tryJsonParse(text);
		if (parsed !== undefined) return bodyRecords(parsed);
	}
	return bodyRecords(fieldsFromFormText(text));
}

/**
 * The field sets of the reports in one request: eSMS's GET puts one report in the query string;
 * a POST may carry one (form or JSON object) or several (JSON array) in its body, each merged
 * over the query fields. A request without any field yields nothing.
 */
export function callbackFieldSets(query: unknown, body: unknown): CallbackFields[] {
	const queryFields = isPlainObject(query) ? withAppendedFieldRestored(query) : {};
	const records = bodyRecords(body);
	if (records.length === 0) return Object.keys(queryFields).length > 0 ? [queryFields] : [];
	return records.map((record) => ({ ...queryFields, ...record }));
}

/**
 * Limits on one request. eSMS sends one flat report per callback; these only stop a body that
 * would harm n8n (a deeply nested one makes n8n's own copying of the items overflow the stack
 * later; a huge array would start a workflow with that many items).
 * - MAX_BODY_DEPTH: objects and arrays nested in each other, the body itself being level 1.
 * - MAX_RECORDS_PER_REQUEST: entries of a JSON array body (each would become one item).
 */
export const MAX_BODY_DEPTH = 32;
export const MAX_RECORDS_PER_REQUEST = 1000;

export interface CallbackRefusal {
	/** 400 for a body nested too deep, 413 for too many records. */
	status: 400 | 413;
	message: string;
}

/** Whether objects/arrays are nested deeper than `limit` (the value itself is level 1); walks without recursion. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
	for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
		if (typeof next.value !== 'object' || next.value === null) continue;
		if (next.depth > limit) return true;
		for (const child of Object.values(next.value)) {
			if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
		}
	}
	return false;
}

/** A JSON text body parsed (n8n leaves text/plain and odd types as text); anything else as it is. */
function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return body;
	const parsed = tryJsonParse(text);
	return parsed === undefined ? body : parsed;
}

/**
 * The reports of one request, or why the request is refused as a whole (nothing is started then):
 * a query or body nested deeper than MAX_BODY_DEPTH, or a JSON array of more than
 * MAX_RECORDS_PER_REQUEST entries. The messages never repeat the request's URL.
 */
export function readCallback(query: unknown, body: unknown): { fieldSets: CallbackFields[] } | { refused: CallbackRefusal } {
	const parsed = parsedBody(body);
	if (nestedDeeperThan(query, MAX_BODY_DEPTH) || nestedDeeperThan(parsed, MAX_BODY_DEPTH)) {
		return {
			refused: {
				status: 400,
				message: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep; eSMS callbacks are flat. Nothing was started.`,
			},
		};
	}
	if (Array.isArray(parsed) && parsed.length > MAX_RECORDS_PER_REQUEST) {
		return {
			refused: {
				status: 413,
				message: `The request carries ${parsed.length} records; the trigger accepts at most ${MAX_RECORDS_PER_REQUEST} per request. Nothing was started.`,
			},
		};
	}
	return { fieldSets: callbackFieldSets(query, parsed) };
}

export function passesFilters(report: DeliveryReport, filters: CallbackFilters): boolean {
	if (filters.statuses.length > 0 && !filters.statuses.includes(report.status)) return false;
	const type = report.type ?? OTHER_MESSAGE_TYPE;
	return filters.messageTypes.length === 0 || filters.messageTypes.includes(type);
}

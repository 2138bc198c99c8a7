import type { IDataObject } from 'n8n-workflow';

import { normaliseCode } from '../esms/codes';
import { phoneKey } from '../esms/phone';

/**
 * Reading eSMS's answers: which field holds the result code, and the bulk send's rows. Only the
 * client (client.ts) uses this file; everything above it sees typed answers.
 */

/** eSMS names its result field differently per endpoint. */
export type CodeField = 'CodeResult' | 'CodeResponse' | 'Code' | 'Error';

/** eSMS's "too many requests" (TPS limit) code: nothing was processed. */
const TOO_MANY_REQUESTS = '160';

export function codeIn(body: IDataObject, field: CodeField): string | null {
	return normaliseCode(body[field]);
}

/** An answer that says "too many requests" is resent by the transport after a pause. */
export function isTooManyRequests(body: IDataObject, field: CodeField): boolean {
	return codeIn(body, field) === TOO_MANY_REQUESTS;
}

/** eSMS's text for a failure, when it gave one ("Sucess" is eSMS's spelling of success). */
export function reasonIn(body: IDataObject): string | null {
	for (const key of ['ErrorMessage', 'Message', 'message']) {
		const value = body[key];
		if (typeof value === 'string' && value.trim() && value !== 'Sucess' && value !== 'Success') return value.trim();
	}
	return null;
}

/** eSMS gives numbers as numbers or as strings; null when there is none. */
export function numberIn(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const number = Number(value);
	return Number.isFinite(number) ? number : null;
}

export function listIn(value: unknown): IDataObject[] {
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

/** eSMS's answer to one bulk send, in one shape whatever eSMS's spelling of it. */
export interface BulkReply {
	code: string;
	errorMessage: string | null;
	rows: BulkRow[];
}

export interface BulkRow {
	code: string | null;
	/** The row's phone, normalised (replies are matched by it). */
	phoneKey: string;
	smsId: string | null;
	errorMessage: string | null;
}

function textOrNull(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

/** One `detail` row. Plain code: this runs once per recipient (100,000 times on a big send). */
function rowOf(raw: unknown): BulkRow | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const fields = raw as Record<string, unknown>;
	return {
		code: normaliseCode(fields.CodeResult),
		phoneKey: phoneKey(fields.Phone),
		smsId: textOrNull(fields.SMSID),
		errorMessage: textOrNull(fields.ErrorMessage),
	};
}

/**
 * Reads a bulk send answer. Null when the body is not an eSMS answer at all (no result code): the
 * transport then treats it as lost. Side fields of an odd type (`ErrorMessage: {}`) are ignored,
 * never a reason to throw a good answer away.
 */
export function readBulkReply(body: IDataObject): BulkReply | null {
	const code = normaliseCode(body.CodeResult);
	if (code === null) return null;
	const detail = body.detail ?? body.Detail;
	const rows: BulkRow[] = [];
	if (Array.isArray(detail)) {
		for (const raw of detail as unknown[]) {
			const row = rowOf(raw);
			if (row) rows.push(row);
		}
	}
	return { code, errorMessage: textOrNull(body.ErrorMessage), rows };
}

/** eSMS's answer to a one-recipient send (SMS, ZNS with SMS fallback): a code and one SMSID. */
export interface SingleReply {
	code: string;
	smsId: string | null;
	errorMessage: string | null;
}

/** Reads a one-recipient send's answer; null when it has no result code (then it is retried as lost). */
export function readSingleReply(body: IDataObject): SingleReply | null {
	const code = normaliseCode(body.CodeResult);
	if (code === null) return null;
	return { code, smsId: textOrNull(body.SMSID), errorMessage: textOrNull(body.ErrorMessage) };
}

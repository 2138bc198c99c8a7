import { z } from 'zod';

import { normaliseCode } from '../esms/codes';
import { phoneKey } from '../esms/phone';

/** eSMS's answer to one bulk send, in one shape whatever eSMS's spelling of it. */
export interface SendReply {
	code: string | null;
	errorMessage: string | null;
	rows: ReplyRow[];
}

export interface ReplyRow {
	code: string | null;
	phoneKey: string;
	smsId: string | null;
	errorMessage: string | null;
}

const code = z.union([z.string(), z.number()]).optional().nullable();
const text = z.union([z.string(), z.number()]).optional().nullable();

/** The envelope only: its `detail` rows are read by parseRow (a zod array would copy them). */
const replySchema = z.object({
	CodeResult: code,
	ErrorMessage: text,
});

function textOrNull(value: string | number | null | undefined): string | null {
	if (value === null || value === undefined) return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

function scalar(value: unknown): string | number | null {
	return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/** One `detail` row. Plain code, not zod: this runs once per recipient (100,000 times on a big send). */
function parseRow(raw: unknown): ReplyRow | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const fields = raw as Record<string, unknown>;
	const row = {
		CodeResult: scalar(fields.CodeResult),
		Phone: scalar(fields.Phone),
		SMSID: scalar(fields.SMSID),
		ErrorMessage: scalar(fields.ErrorMessage),
	};
	return {
		code: normaliseCode(row.CodeResult),
		phoneKey: phoneKey(row.Phone),
		smsId: textOrNull(row.SMSID),
		errorMessage: textOrNull(row.ErrorMessage),
	};
}

/**
 * Reads a bulk send answer. Returns null when the body is not an eSMS answer at all (HTML,
 * a proxy's error page, JSON without a result code): the caller treats that as transient.
 */
export function parseSendReply(body: unknown): SendReply | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
	const parsed = replySchema.safeParse(body);
	if (!parsed.success) return null;
	const replyCode = normaliseCode(parsed.data.CodeResult);
	if (replyCode === null) return null;
	const fields = body as Record<string, unknown>;
	const detail = fields.detail ?? fields.Detail;
	const rawRows = Array.isArray(detail) ? (detail as unknown[]) : [];
	const rows: ReplyRow[] = [];
	for (const raw of rawRows) {
		const row = parseRow(raw);
		if (row) rows.push(row);
	}
	return { code: replyCode, errorMessage: textOrNull(parsed.data.ErrorMessage), rows };
}

import type { IDataObject } from 'n8n-workflow';

import { listIn, numberIn } from './answers';

/**
 * Reading `GetSmsSentData_V2`, eSMS's own log of what an account sent: its field names and its
 * .NET dates. Only the client (client.ts) uses this file.
 */

/** One message as eSMS's sent log gives it, in one shape whatever eSMS's spelling of it. */
export interface SentMessage {
	/** The phone as eSMS wrote it. */
	phone: string | null;
	/** `ReferenceId`: the SMSID the send returned. */
	smsId: string | null;
	campaign: string | null;
	/** `SellPrice` (VND). */
	price: number | null;
	/** `SendResult` in words (SEND_RESULTS); `unknown` for any other value, or none. */
	result: SentResult;
	sendStatus: number | string | null;
	/** When it was sent, as an instant (epoch ms) and in ISO 8601 with Vietnam's offset (+07:00). */
	sentAtMs: number | null;
	sentAt: string | null;
	/** `SmsType`: 2 customer-care SMS, 24 ZNS priority, 25 ZNS normal… */
	typeId: number | null;
	content: string | null;
	/** `SmsId`: the eSMS portal's own id of the message. */
	portalId: string | null;
}

/** How eSMS says a logged message ended: its `SendResult` 1 sent, 0 failed, 2 not acknowledged (no report from the carrier or Zalo yet). */
export type SentResult = 'sent' | 'failed' | 'not_acknowledged' | 'unknown';

const SEND_RESULTS: Record<string, SentResult> = { '1': 'sent', '0': 'failed', '2': 'not_acknowledged' };

export interface SentPage {
	/** `CountTotal`: the messages in the whole range, every page together (null when eSMS gave none). */
	total: number | null;
	rows: SentMessage[];
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `/Date(1764212400000+0700)/` (.NET's JSON date): the number is the instant; the offset only says where it was written. */
const DOT_NET_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
/** `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-ddTHH:mm:ss(.fff)` without an offset: Vietnam time, as eSMS writes its dates. */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?$/;

/** eSMS's date of a sent message as epoch ms; null when it is neither form it is known to use. */
export function parseSentTime(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const dotNet = DOT_NET_DATE.exec(text);
	if (dotNet) return Number(dotNet[1]);
	const plain = PLAIN_DATE.exec(text);
	if (!plain) return null;
	const [year, month, day, hour, minute, second] = plain.slice(1, 7).map(Number);
	const ms = Number((plain[7] ?? '0').padEnd(3, '0'));
	const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(utc);
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
	return utc - VIETNAM_OFFSET_MS;
}

/** An instant in ISO 8601 with Vietnam's offset, e.g. `2026-11-27T10:00:00+07:00` (milliseconds only when there are some). */
export function vietnamIso(ms: number): string {
	const shifted = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
	const local = ms % 1000 === 0 ? shifted.slice(0, 19) : shifted.slice(0, 23);
	return `${local}+07:00`;
}

/** An instant as eSMS's dates are asked: `yyyy-MM-dd HH:mm:ss`, Vietnam time. */
export function vietnamDateTime(ms: number): string {
	return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

function textOrNull(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return null;
	const text = value.trim();
	return text === '' ? null : text;
}

/** A raw code: a number stays a number, text is trimmed, anything else is null. */
function codeOrNull(value: unknown): number | string | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	return textOrNull(value);
}

function wholeOrNull(value: unknown): number | null {
	const number = numberIn(value);
	return number !== null && Number.isInteger(number) ? number : null;
}

/** One `SentData` row. */
export function readSentRow(row: IDataObject): SentMessage {
	const sentAtMs = parseSentTime(row.SentTime);
	return {
		phone: textOrNull(row.Phone),
		smsId: textOrNull(row.ReferenceId),
		campaign: textOrNull(row.Campaign),
		price: numberIn(row.SellPrice),
		result: SEND_RESULTS[String(codeOrNull(row.SendResult) ?? '')] ?? 'unknown',
		sendStatus: codeOrNull(row.SendStatus),
		sentAtMs,
		sentAt: sentAtMs === null ? null : vietnamIso(sentAtMs),
		typeId: wholeOrNull(row.SmsType),
		content: typeof row.Content === 'string' && row.Content !== '' ? row.Content : null,
		portalId: textOrNull(row.SmsId),
	};
}

/** A whole answer (its code already checked): the total and the rows that are objects. */
export function readSentPage(body: IDataObject): SentPage {
	const rows = listIn(body.SentData).filter((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
	return { total: wholeOrNull(body.CountTotal), rows: rows.map(readSentRow) };
}

import { DateTime } from 'luxon';

import { notOk, ok, type Result } from '../../shared/result';
import { VIETNAM_ZONE } from './params';

/**
 * The years Send At may fall in (Vietnam time), both included. Outside them a value is a
 * mistake (a zero timestamp reads as 1970; 9999-12-31 in UTC is year 10000 in Vietnam and
 * would be sent as "+010000-…"), never a real schedule.
 */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
const FORMAT = 'yyyy-MM-dd HH:mm:ss';

function parsedSendAt(value: unknown, workflowTimezone: string): DateTime | null {
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string') parsed = DateTime.fromISO(value.trim(), { zone: workflowTimezone });
	else return null;
	return parsed.isValid ? parsed.setZone(VIETNAM_ZONE) : null;
}

/**
 * `Send At` as eSMS wants it (`yyyy-MM-dd HH:mm:ss` in Vietnam time, whatever the workflow's
 * timezone; a value without an offset is read in the workflow's timezone), or the rule it breaks
 * (in the node's "field rule" style): not a date-time, or outside the years 2000–2100.
 */
export function checkSendAt(value: unknown, workflowTimezone: string): Result<string> {
	const checked = checkVietnamTime(value, workflowTimezone);
	return checked.ok ? ok(checked.value.text) : checked;
}

/**
 * Any date-time parameter as eSMS wants it (`yyyy-MM-dd HH:mm:ss` in Vietnam time, read as
 * checkSendAt reads Send At) and as an instant (epoch ms), or the rule it breaks.
 */
export function checkVietnamTime(value: unknown, workflowTimezone: string): Result<{ text: string; ms: number }> {
	const parsed = parsedSendAt(value, workflowTimezone);
	if (parsed === null) return notOk('is not a date-time');
	const text = parsed.toFormat(FORMAT);
	if (parsed.year < FIRST_YEAR || parsed.year > LAST_YEAR) {
		return notOk(`must be between ${FIRST_YEAR}-01-01 00:00:00 and ${LAST_YEAR}-12-31 23:59:59 Vietnam time (it is ${text})`);
	}
	return ok({ text, ms: parsed.toMillis() });
}

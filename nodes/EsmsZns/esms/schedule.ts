import { DateTime } from 'luxon';

import { VIETNAM_ZONE } from './params';

/**
 * `Send At` as eSMS wants it: `yyyy-MM-dd HH:mm:ss` in Vietnam time, whatever the
 * workflow's timezone. A value without an offset is read in the workflow's timezone.
 * Returns null when the value is not a date-time.
 */
export function toEsmsSendDate(value: unknown, workflowTimezone: string): string | null {
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'string') parsed = DateTime.fromISO(value.trim(), { zone: workflowTimezone });
	else return null;
	return parsed.isValid ? parsed.setZone(VIETNAM_ZONE).toFormat('yyyy-MM-dd HH:mm:ss') : null;
}

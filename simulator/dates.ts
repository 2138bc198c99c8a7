/** Dates as eSMS writes them: Vietnam time (UTC+7), which has no daylight saving. */

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

const SEND_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DAY_MONTH_YEAR = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** `yyyy-MM-dd HH:mm:ss` in Vietnam time → epoch ms, or undefined when malformed or impossible. */
export function parseSendDate(text: string): number | undefined {
	const match = SEND_DATE.exec(text);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
	return Date.UTC(year, month - 1, day, hour, minute, second) - VIETNAM_OFFSET_MS;
}

/** `dd/MM/yyyy`, a real calendar date. */
export function isDayMonthYear(text: string): boolean {
	const match = DAY_MONTH_YEAR.exec(text);
	if (!match) return false;
	const [day, month, year] = match.slice(1).map(Number);
	return isCalendarDate(year, month, day);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `dd/MM/yyyy HH:mm:ss` in Vietnam time. */
export function formatVietnamTime(ms: number): string {
	const date = new Date(ms + VIETNAM_OFFSET_MS);
	const pad = (n: number) => String(n).padStart(2, '0');
	return (
		`${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ` +
		`${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
	);
}

let cachedDay = { start: 0, end: 0, key: '' };

/** The Vietnam calendar day of an instant, e.g. 2026-11-27; quotas reset when it changes. Called per message, so memoised. */
export function vietnamDay(ms: number): string {
	if (ms >= cachedDay.start && ms < cachedDay.end) return cachedDay.key;
	const shifted = ms + VIETNAM_OFFSET_MS;
	const start = shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - VIETNAM_OFFSET_MS;
	cachedDay = { start, end: start + DAY_MS, key: new Date(shifted).toISOString().slice(0, 10) };
	return cachedDay.key;
}

import { DateTime } from 'luxon';

import { notOk, ok, type Result } from '../../shared/result';
import { isInvisible } from './invisible';

/**
 * Template values. eSMS wants every value as a string in the template's variable order; ZNS
 * types add rules of their own (docs/esms-api.md, Look-ups): numbers are digits only (≤ 12), dates are
 * `dd/MM/yyyy`, CTA URLs are URLs, text has a length limit.
 */

export const VIETNAM_ZONE = 'Asia/Ho_Chi_Minh';

export type ParamType = 'text' | 'number' | 'date' | 'url';

export interface ParamSpec {
	name: string;
	type: ParamType;
	required: boolean;
	minLength?: number;
	maxLength?: number;
}

/** A template value as sent, or the rule it breaks. */
export type ParamResult = Result<string>;

const MAX_NUMBER_DIGITS = 12;
const DOMESTIC_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GROUPED_DIGITS = /^\d{1,3}([.,\s]\d{3})+$/;

function isLuxonDateTime(value: unknown): value is DateTime {
	return DateTime.isDateTime(value);
}

/** Vietnam has kept UTC+7 without daylight saving since 1975: plain arithmetic is exact and fast. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function pad(number: number, width = 2): string {
	return String(number).padStart(width, '0');
}

function formatVietnamDate(epochMs: number): string {
	const local = new Date(epochMs + VIETNAM_OFFSET_MS);
	return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${pad(local.getUTCFullYear(), 4)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic, not a Date per value (measured: the largest cost of reading 100,000 dated recipients). */
function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** A date-like value as `dd/MM/yyyy` in Vietnam time, or null when it is not a date. */
export function toVietnamDate(value: unknown, timezone: string): string | null {
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? null : formatVietnamDate(value.getTime());
	}
	if (isLuxonDateTime(value)) return value.isValid ? formatVietnamDate(value.toMillis()) : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const domestic = DOMESTIC_DATE.exec(text);
	if (domestic) {
		return isCalendarDate(Number(domestic[3]), Number(domestic[2]), Number(domestic[1])) ? text : null;
	}
	const isoDate = ISO_DATE.exec(text);
	if (isoDate) {
		const valid = isCalendarDate(Number(isoDate[1]), Number(isoDate[2]), Number(isoDate[3]));
		return valid ? `${isoDate[3]}/${isoDate[2]}/${isoDate[1]}` : null;
	}
	const parsed = DateTime.fromISO(text, { zone: timezone, setZone: true });
	return parsed.isValid ? formatVietnamDate(parsed.toMillis()) : null;
}

function toNumberText(value: unknown): string | null {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
	}
	if (typeof value === 'bigint') return value >= 0n ? value.toString() : null;
	if (typeof value !== 'string') return null;
	const text = value.trim();
	if (/^\d+$/.test(text)) return text;
	if (GROUPED_DIGITS.test(text)) return text.replace(/[.,\s]/g, '');
	return null;
}

export function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

/** Plain conversion used when the template's types are unknown (positional mode). */
export function toPlainText(value: unknown, timezone: string): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		return Number.isFinite(value) ? String(value) : null;
	}
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	if (value instanceof Date || isLuxonDateTime(value)) return toVietnamDate(value, timezone);
	return null;
}

/** Characters as a reader counts them (code points: an emoji is one), without building an array. */
function characterCount(text: string): number {
	let count = text.length;
	for (let index = 0; index < text.length; index++) {
		const unit = text.charCodeAt(index);
		// A high surrogate followed by a low one is one character written with two UTF-16 units.
		if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
			const next = text.charCodeAt(index + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				count--;
				index++;
			}
		}
	}
	return count;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (isLuxonDateTime(value)) return 'a date-time';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : typeof value;
}

/** Whether text shows nothing: empty once every invisible character is taken out. */
export function isBlankText(text: string): boolean {
	for (const character of text) {
		if (!/\s/.test(character) && !isInvisible(character.codePointAt(0)!)) return false;
	}
	return true;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && isBlankText(value));
}

/** NaN and ±Infinity: numbers that are none, refused with what they are. */
function notANumberRule(value: unknown): ParamResult | null {
	return typeof value === 'number' && !Number.isFinite(value) ? notOk(`must be a number, got ${String(value)}`) : null;
}

function convertTyped(value: unknown, type: ParamType, timezone: string): ParamResult {
	const notANumber = notANumberRule(value);
	if (notANumber && (type === 'number' || type === 'text')) return notANumber;
	switch (type) {
		case 'number': {
			const text = toNumberText(value);
			if (text === null) return notOk('must be a whole number written with digits only');
			if (text.length > MAX_NUMBER_DIGITS) {
				return notOk(`must have at most ${MAX_NUMBER_DIGITS} digits (has ${text.length})`);
			}
			return ok(text);
		}
		case 'date': {
			const text = toVietnamDate(value, timezone);
			return text === null
				? notOk('must be a date (dd/MM/yyyy, an ISO date, or a date-time value)')
				: ok(text);
		}
		case 'url': {
			const text = typeof value === 'string' ? value.trim() : '';
			return isHttpUrl(text) ? ok(text) : notOk('must be an http(s) URL');
		}
		case 'text': {
			const text = toPlainText(value, timezone);
			// Vietnamese typed on some systems arrives decomposed (NFD): "ễ" as three code points. It is
			// sent composed (NFC), as it looks, and counted so against the template's limit.
			return text === null ? notOk(`must be text, a number or a date, not ${describe(value)}`) : ok(text.normalize('NFC'));
		}
	}
}

function checkLength(text: string, spec: ParamSpec): ParamResult {
	if (spec.maxLength === undefined && spec.minLength === undefined) return ok(text);
	const length = characterCount(text);
	if (spec.maxLength !== undefined && spec.maxLength > 0 && length > spec.maxLength) {
		return notOk(`must be at most ${spec.maxLength} characters (has ${length})`);
	}
	if (spec.minLength !== undefined && length < spec.minLength && length > 0) {
		return notOk(`must be at least ${spec.minLength} characters (has ${length})`);
	}
	return ok(text);
}

/**
 * One template value as the string eSMS wants. Without a spec (positional mode) the value
 * must simply be present; with one, its type, required flag and length limits apply.
 */
export function toParamText(value: unknown, spec: ParamSpec | undefined, timezone: string): ParamResult {
	if (isEmpty(value)) {
		if (spec && !spec.required) return ok('');
		return notOk('is required but empty');
	}
	const converted = convertTyped(value, spec?.type ?? 'text', timezone);
	if (!converted.ok || !spec) return converted;
	return checkLength(converted.value, spec);
}

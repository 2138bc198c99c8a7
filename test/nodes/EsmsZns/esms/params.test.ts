import { DateTime } from 'luxon';

import { toParamText, toVietnamDate, type ParamSpec } from '../../../../nodes/EsmsZns/esms/params';
import { checkSendAt } from '../../../../nodes/EsmsZns/esms/schedule';

/** Send At as sent, or null when checkSendAt refuses it. */
function toEsmsSendDate(value: unknown, timezone: string): string | null {
	const checked = checkSendAt(value, timezone);
	return checked.ok ? checked.value : null;
}

const spec = (type: ParamSpec['type'], extra: Partial<ParamSpec> = {}): ParamSpec => ({
	name: 'field',
	type,
	required: true,
	...extra,
});

describe('toParamText without a spec (positional)', () => {
	test.each([
		['Nguyễn Văn An', 'Nguyễn Văn An'],
		[1500000, '1500000'],
		[12.5, '12.5'],
		[true, 'true'],
		[new Date('2026-12-01T20:00:00Z'), '02/12/2026'],
		[DateTime.fromISO('2026-12-01T10:00:00', { zone: 'Europe/Paris' }), '01/12/2026'],
	])('%p → %p', (value, expected) => {
		expect(toParamText(value, undefined, 'UTC')).toEqual({ ok: true, value: expected });
	});

	test.each([[undefined], [null], [''], ['   ']])('%p is missing', (value) => {
		expect(toParamText(value, undefined, 'UTC')).toEqual({ ok: false, why: 'is required but empty' });
	});

	test('objects are refused', () => {
		expect(toParamText({ a: 1 }, undefined, 'UTC')).toEqual({ ok: false, why: 'must be text, a number or a date, not an object' });
	});
});

describe('toParamText with a ZNS type', () => {
	test.each([
		[12345, '12345'],
		['0012', '0012'],
		['1,200,000', '1200000'],
		['1.200.000', '1200000'],
		['999999999999', '999999999999'],
	])('number %p → %p', (value, expected) => {
		expect(toParamText(value, spec('number'), 'UTC')).toEqual({ ok: true, value: expected });
	});

	test.each([['12.5'], [-3], [1.5], ['abc'], ['1234567890123']])('number %p is refused', (value) => {
		expect(toParamText(value, spec('number'), 'UTC')).toHaveProperty('ok', false);
	});

	test('number has at most 12 digits, and the message says so', () => {
		expect(toParamText('1234567890123', spec('number'), 'UTC')).toEqual({ ok: false, why: 'must have at most 12 digits (has 13)' });
	});

	test.each([
		['01/12/2026', '01/12/2026'],
		['2026-12-01', '01/12/2026'],
		['2026-12-01T18:30:00Z', '02/12/2026'],
		['2026-12-01T18:30:00+07:00', '01/12/2026'],
		[new Date('2026-12-01T16:59:00Z'), '01/12/2026'],
		[new Date('2026-12-01T17:00:00Z'), '02/12/2026'],
	])('date %p → %p in Vietnam time', (value, expected) => {
		expect(toParamText(value, spec('date'), 'UTC')).toEqual({ ok: true, value: expected });
	});

	test('a date-time without offset is read in the workflow timezone', () => {
		expect(toVietnamDate('2026-12-01T20:00:00', 'America/New_York')).toBe('02/12/2026');
		expect(toVietnamDate('2026-12-01T20:00:00', 'Asia/Ho_Chi_Minh')).toBe('01/12/2026');
	});

	test.each([['31/02/2026'], ['tomorrow'], [12], ['2026-13-01']])('date %p is refused', (value) => {
		expect(toParamText(value, spec('date'), 'UTC')).toHaveProperty('ok', false);
	});

	test('url', () => {
		expect(toParamText('https://shop.vn/o/1', spec('url'), 'UTC')).toEqual({ ok: true, value: 'https://shop.vn/o/1' });
		expect(toParamText('shop.vn/o/1', spec('url'), 'UTC')).toEqual({ ok: false, why: 'must be an http(s) URL' });
		expect(toParamText('javascript:alert(1)', spec('url'), 'UTC')).toEqual({ ok: false, why: 'must be an http(s) URL' });
	});

	test('length limits count characters, not bytes', () => {
		expect(toParamText('Nguyễn', spec('text', { maxLength: 6 }), 'UTC')).toEqual({ ok: true, value: 'Nguyễn' });
		expect(toParamText('Nguyễn Văn', spec('text', { maxLength: 6 }), 'UTC')).toEqual({
			ok: false,
			why: 'must be at most 6 characters (has 10)',
		});
		expect(toParamText('ab', spec('text', { minLength: 3 }), 'UTC')).toEqual({ ok: false, why: 'must be at least 3 characters (has 2)' });
	});

	test('an optional empty value is sent empty', () => {
		expect(toParamText('', spec('text', { required: false }), 'UTC')).toEqual({ ok: true, value: '' });
		expect(toParamText(undefined, spec('text'), 'UTC')).toEqual({ ok: false, why: 'is required but empty' });
	});
});

describe('Send At as sent (checkSendAt)', () => {
	test('is Vietnam time whatever the workflow timezone', () => {
		expect(toEsmsSendDate('2026-12-01T09:00:00', 'Europe/Berlin')).toBe('2026-12-01 15:00:00');
		expect(toEsmsSendDate('2026-12-01T09:00:00Z', 'Europe/Berlin')).toBe('2026-12-01 16:00:00');
		expect(toEsmsSendDate(DateTime.fromISO('2026-12-31T20:30:00', { zone: 'America/Los_Angeles' }), 'UTC')).toBe('2027-01-01 11:30:00');
		expect(toEsmsSendDate(new Date('2026-12-01T00:00:00Z'), 'UTC')).toBe('2026-12-01 07:00:00');
	});

	test('refuses what is not a date-time', () => {
		expect(toEsmsSendDate('next monday', 'UTC')).toBeNull();
		expect(toEsmsSendDate(42, 'UTC')).toBeNull();
	});
});

describe('toVietnamDate: calendar dates by arithmetic', () => {
	test.each([
		['29/02/2028', '29/02/2028'],
		['29/02/2000', '29/02/2000'],
		['29/02/2027', null],
		['29/02/1900', null],
		['31/04/2027', null],
		['31/12/2027', '31/12/2027'],
		['00/01/2027', null],
		['01/13/2027', null],
		['01/00/2027', null],
		['2028-02-29', '29/02/2028'],
		['2027-02-29', null],
		['2027-11-31', null],
		['2027-01-31', '31/01/2027'],
	])('%s → %s', (value, expected) => {
		expect(toVietnamDate(value, 'Asia/Ho_Chi_Minh')).toBe(expected);
	});
});

describe('decomposed (NFD) Vietnamese text', () => {
	test('is sent composed and counted as it looks against the limit', () => {
		const decomposed = 'Nguyễn'.normalize('NFD');
		expect([...decomposed].length).toBeGreaterThan(6);
		const result = toParamText(decomposed, { name: 'customer_name', type: 'text', required: true, maxLength: 6 }, 'Asia/Ho_Chi_Minh');
		expect(result).toEqual({ ok: true, value: 'Nguyễn'.normalize('NFC') });
	});
});

describe('toParamText: values found by the prober', () => {
	const required = (type: 'text' | 'number' | 'date' | 'url' = 'text', extra = {}) => ({ name: 'v', type, required: true, ...extra });

	test.each([
		['U+200B zero-width space', '\u200b'],
		['U+200C zero-width non-joiner', '\u200c'],
		['U+200D zero-width joiner', '\u200d'],
		['U+2060 word joiner', '\u2060'],
		['U+FEFF byte order mark', '\ufeff'],
		['a mix with spaces and no-break spaces', ' \u200b\u00a0\u2060\u200d '],
		['U+00AD soft hyphen', '\u00ad'],
		['U+3164 Hangul filler', '\u3164'],
		['bidi marks', '\u200e\u200f\u202a\u202c'],
	])('a required value that holds only %s is empty', (_case, value) => {
		expect(toParamText(value, required(), 'UTC')).toEqual({ ok: false, why: 'is required but empty' });
		expect(toParamText(value, undefined, 'UTC')).toEqual({ ok: false, why: 'is required but empty' });
		expect(toParamText(value, { ...required(), required: false }, 'UTC')).toEqual({ ok: true, value: '' });
	});

	test('visible text keeps its joiners (an emoji family is sent as it is)', () => {
		expect(toParamText('👨\u200d👩\u200d👧', required(), 'UTC')).toEqual({ ok: true, value: '👨\u200d👩\u200d👧' });
	});

	test.each([
		['NaN', Number.NaN, 'must be a number, got NaN'],
		['Infinity', Infinity, 'must be a number, got Infinity'],
		['-Infinity', -Infinity, 'must be a number, got -Infinity'],
	])('%s for a number variable has a clear rule', (_case, value, rule) => {
		expect(toParamText(value, required('number'), 'UTC')).toEqual({ ok: false, why: rule });
	});

	test('NaN for a text variable (or without a spec) has a clear rule too', () => {
		expect(toParamText(Number.NaN, required('text'), 'UTC')).toEqual({ ok: false, why: 'must be a number, got NaN' });
		expect(toParamText(Number.NaN, undefined, 'UTC')).toEqual({ ok: false, why: 'must be a number, got NaN' });
	});

	test('200 emoji are 200 characters, not 400', () => {
		const emoji = '😀'.repeat(200);
		expect(toParamText(emoji, required('text', { maxLength: 200 }), 'UTC')).toEqual({ ok: true, value: emoji });
		expect(toParamText(`${emoji}😀`, required('text', { maxLength: 200 }), 'UTC')).toEqual({
			ok: false,
			why: 'must be at most 200 characters (has 201)',
		});
	});
});

import { DateTime } from 'luxon';

import { checkSendAt } from '../../../../nodes/EsmsZns/esms/schedule';

/** Send At as sent, or null when checkSendAt refuses it. */
function toEsmsSendDate(value: unknown, timezone: string): string | null {
	const checked = checkSendAt(value, timezone);
	return checked.ok ? checked.value : null;
}


describe('Send At', () => {
	test('a date-time in range is written in Vietnam time', () => {
		expect(toEsmsSendDate('2026-05-01T08:00:00Z', 'UTC')).toBe('2026-05-01 15:00:00');
		expect(checkSendAt('2026-05-01T08:00:00', 'Asia/Ho_Chi_Minh')).toEqual({ ok: true, value: '2026-05-01 08:00:00' });
	});

	test.each([
		['1970 (a zero timestamp; Vietnam was UTC+8 then)', new Date(0), '1970-01-01 08:00:00'],
		['1999-12-31 23:59:59 in Vietnam', '1999-12-31T23:59:59+07:00', '1999-12-31 23:59:59'],
		['9999-12-31 (sent as year 10000)', '9999-12-31T23:00:00Z', '10000-01-01 06:00:00'],
		['2101-01-01', DateTime.fromISO('2101-01-01T00:00:00', { zone: 'Asia/Ho_Chi_Minh' }), '2101-01-01 00:00:00'],
	])('%s is refused with a clear reason', (_case, value, shown) => {
		expect(toEsmsSendDate(value, 'UTC')).toBeNull();
		expect(checkSendAt(value, 'UTC')).toEqual({
			ok: false,
			why: `must be between 2000-01-01 00:00:00 and 2100-12-31 23:59:59 Vietnam time (it is ${shown})`,
		});
	});

	test('the edges are accepted', () => {
		expect(checkSendAt('2000-01-01T00:00:00+07:00', 'UTC')).toEqual({ ok: true, value: '2000-01-01 00:00:00' });
		expect(checkSendAt('2100-12-31T23:59:59+07:00', 'UTC')).toEqual({ ok: true, value: '2100-12-31 23:59:59' });
	});

	test('not a date-time', () => {
		expect(toEsmsSendDate('tomorrow', 'UTC')).toBeNull();
		expect(checkSendAt('tomorrow', 'UTC')).toEqual({ ok: false, why: 'is not a date-time' });
		expect(checkSendAt(['2026-05-01'], 'UTC')).toEqual({ ok: false, why: 'is not a date-time' });
		expect(checkSendAt(new Date(Number.NaN), 'UTC')).toEqual({ ok: false, why: 'is not a date-time' });
	});
});

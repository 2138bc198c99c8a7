import { parseSentTime, readSentPage, readSentRow, vietnamIso } from '../../../../nodes/EsmsZns/client/sentMessages';

describe("GetSmsSentData_V2's rows", () => {
	test('"/Date(ms+0700)/" is the instant ms, whatever the offset; shown with +07:00', () => {
		const ms = Date.UTC(2026, 10, 27, 3, 0, 0);
		expect(parseSentTime(`/Date(${ms}+0700)/`)).toBe(ms);
		expect(parseSentTime(`/Date(${ms}-0500)/`)).toBe(ms);
		expect(parseSentTime(`/Date(${ms})/`)).toBe(ms);
		expect(vietnamIso(ms)).toBe('2026-11-27T10:00:00+07:00');
		expect(vietnamIso(ms + 5)).toBe('2026-11-27T10:00:00.005+07:00');
		expect(vietnamIso(Date.UTC(2026, 11, 31, 20, 30, 0))).toBe('2027-01-01T03:30:00+07:00');
	});

	test('a plain date without an offset is Vietnam time; anything else is unreadable', () => {
		const ms = Date.UTC(2026, 10, 27, 3, 0, 0);
		expect(parseSentTime('2026-11-27 10:00:00')).toBe(ms);
		expect(parseSentTime('2026-11-27T10:00:00.5')).toBe(ms + 500);
		for (const odd of ['2026-02-30 10:00:00', '/Date(abc)/', '27/11/2026 10:00:00', '', null, 1764212400000, undefined]) {
			expect(parseSentTime(odd)).toBeNull();
		}
	});

	test('a row: numbers given as text read as numbers, the raw codes kept, empty fields null', () => {
		const row = readSentRow({
			Campaign: '',
			Content: 'Xin chao',
			Phone: '84901888484',
			ReferenceId: 'abc-264',
			SellPrice: '850.0',
			SendResult: '1',
			SendStatus: 5,
			SentTime: '/Date(1764212400000+0700)/',
			SmsId: 123456789,
			SmsType: '2',
		});
		expect(row).toEqual({
			phone: '84901888484',
			smsId: 'abc-264',
			campaign: null,
			price: 850,
			result: 'sent',
			sendStatus: 5,
			sentAtMs: 1764212400000,
			sentAt: '2025-11-27T10:00:00+07:00',
			typeId: 2,
			content: 'Xin chao',
			portalId: '123456789',
		});
		expect(readSentRow({})).toEqual({
			phone: null,
			smsId: null,
			campaign: null,
			price: null,
			result: 'unknown',
			sendStatus: null,
			sentAtMs: null,
			sentAt: null,
			typeId: null,
			content: null,
			portalId: null,
		});
	});

	test('a page: the total and the rows that are objects', () => {
		expect(readSentPage({ CodeResult: '100', CountTotal: '2', SentData: [{ SmsId: 1 }, 'x', null, [1], { SmsId: 2 }] })).toEqual({
			total: 2,
			rows: [expect.objectContaining({ portalId: '1' }), expect.objectContaining({ portalId: '2' })],
		});
		expect(readSentPage({ CodeResult: '100' })).toEqual({ total: null, rows: [] });
	});
});

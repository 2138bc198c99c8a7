import { deliveryStatus, messageTypeName, normaliseDeliveryReport, sendStatusWords, telcoName } from '../../../nodes/shared/delivery';
import { parseErrorInfo } from '../../../nodes/shared/errorInfo';

/** What a query parser (qs, URLSearchParams) makes of one raw query-string value. */
function queryValue(rawQuery: string, name: string): string {
	const value = new URLSearchParams(rawQuery).get(name);
	if (value === null) throw new Error(`${name} missing from ${rawQuery}`);
	return value;
}

/** docs/esms-api.md, Delivery callbacks: eSMS's sample, verbatim. */
const SAMPLE_ERROR_INFO_QUERY =
	'error_info=%22%7B%5C%22error%5C%22%3A-114%2C%5C%22message%5C%22%3A%5C%22User%20is%20inactive%5C%22%7D%22';

/** developers.esms.vn/esms-api/callback-url, Zalo consultation sample: JSON URL-encoded twice plus a date. */
const DOUBLE_ENCODED_QUERY =
	'error_info=%257B%2522data%2522%3A%257B%2522message_id%2522%3A%2522e1a60e8890be9de4c4ab%2522%2C%2522user_id%2522%3A%252231215806834323092%2522%257D%2C%2522error%2522%3A0%2C%2522message%2522%3A%2522Success%2522%257D____24%2F04%2F2024%252016%3A58%3A01';

/** The same page, "Zalo sent by UID" sample: plain JSON (braces left unencoded). */
const PLAIN_JSON_QUERY =
	'error_info={%22error%22%3A0%2C%22message%22%3A%22Success%22%2C%22data%22%3A{%22delivery_time%22%3Anull%2C%22message%22%3A%22The%20message%20was%20delivered%20to%20the%20user%27s%20phone%22%2C%22status%22%3A1}}';

/** GetCallback sample (ErrorInfo): JSON followed by .NET exception text. */
const DOTNET_ERROR_INFO =
	'{"error":-124,"message":"Access token is invalid"}Object reference not set to an instance of an object.';

describe('deliveryStatus', () => {
	it.each([
		[1, 'pending_approval'],
		[2, 'waiting'],
		[4, 'rejected'],
		[7, 'awaiting_carrier'],
		['1', 'pending_approval'],
		[' 7 ', 'awaiting_carrier'],
	])('SendStatus %p → %s', (sendStatus, expected) => {
		expect(deliveryStatus(sendStatus)).toBe(expected);
	});

	it.each([
		[5, 'finished'],
		['1', 'pending approval'],
		[2, 'waiting'],
		['4', 'rejected'],
		[' 7 ', 'sent, awaiting report'],
		['3', 'undocumented (3)'],
		['', null],
		[null, null],
	])('SendStatus %p in words: %p', (sendStatus, expected) => {
		expect(sendStatusWords(sendStatus)).toBe(expected);
	});

	it('reads a finished message from its counts, as strings or numbers', () => {
		expect(deliveryStatus('5', '1', '0')).toBe('delivered');
		expect(deliveryStatus(5, 0, 1)).toBe('failed');
		expect(deliveryStatus('5', '0', '1')).toBe('failed');
		expect(deliveryStatus('5.0', '1.0', '0')).toBe('delivered');
	});

	it('says unknown when a finished message has no counts, or the status is not documented', () => {
		expect(deliveryStatus(5, 0, 0)).toBe('unknown');
		expect(deliveryStatus(5)).toBe('unknown');
		for (const odd of [3, 6, 0, '', 'abc', null, undefined, {}, 5.5]) {
			expect(deliveryStatus(odd, 1, 0)).toBe('unknown');
		}
	});
});

describe('telcoName and messageTypeName', () => {
	it('names every documented telco, from strings or numbers', () => {
		expect([1, 2, 3, 4, 5, 6, 7].map(telcoName)).toEqual([
			'Viettel',
			'Mobifone',
			'Vinaphone',
			'Vietnamobile',
			'Gtel',
			'Itel',
			'Reddi',
		]);
		expect(telcoName('2')).toBe('Mobifone');
	});

	it('answers null for telcos it does not know', () => {
		for (const odd of [0, 8, 9, '', 'x', null, undefined]) expect(telcoName(odd)).toBeNull();
	});

	it('names the documented message types and nothing else', () => {
		expect(messageTypeName(24)).toBe('zns_priority');
		expect(messageTypeName('25')).toBe('zns_normal');
		expect(messageTypeName(1)).toBe('sms_advertising');
		expect(messageTypeName(2)).toBe('sms_customer_care');
		expect(messageTypeName(23)).toBe('viber');
		for (const odd of [26, 27, 0, '', null, undefined]) expect(messageTypeName(odd)).toBeNull();
	});
});

describe('parseErrorInfo', () => {
	it('reads the quoted JSON string with escaped quotes (the documented sample)', () => {
		const raw = queryValue(SAMPLE_ERROR_INFO_QUERY, 'error_info');
		expect(raw).toBe('"{\\"error\\":-114,\\"message\\":\\"User is inactive\\"}"');
		expect(parseErrorInfo(raw)).toEqual({ code: -114, message: 'User is inactive', raw });
	});

	it('reads JSON URL-encoded twice with ____dd/MM/yyyy HH:mm:ss appended', () => {
		const raw = queryValue(DOUBLE_ENCODED_QUERY, 'error_info');
		expect(raw.startsWith('%7B%22data%22')).toBe(true);
		expect(parseErrorInfo(raw)).toEqual({ code: 0, message: 'Success', raw });
	});

	it('reads the twice-encoded form also when nothing has decoded it yet', () => {
		const raw = DOUBLE_ENCODED_QUERY.slice('error_info='.length);
		expect(parseErrorInfo(raw)).toEqual({ code: 0, message: 'Success', raw });
	});

	it('reads plain JSON', () => {
		const raw = queryValue(PLAIN_JSON_QUERY, 'error_info');
		expect(parseErrorInfo(raw)).toEqual({ code: 0, message: 'Success', raw });
		expect(parseErrorInfo('{"error":-108,"message":"Phone number is invalid"}')).toMatchObject({
			code: -108,
			message: 'Phone number is invalid',
		});
	});

	it('reads JSON followed by .NET exception text', () => {
		expect(parseErrorInfo(DOTNET_ERROR_INFO)).toEqual({
			code: -124,
			message: 'Access token is invalid',
			raw: DOTNET_ERROR_INFO,
		});
	});

	it('reads an object that was already parsed, with any key case, and a nested error object', () => {
		expect(parseErrorInfo({ error: -114, message: 'User is inactive' })).toEqual({
			code: -114,
			message: 'User is inactive',
			raw: '{"error":-114,"message":"User is inactive"}',
		});
		expect(parseErrorInfo({ Error: '-124', Message: 'Access token is invalid' })).toMatchObject({
			code: -124,
			message: 'Access token is invalid',
		});
		expect(parseErrorInfo({ error: { code: -118, message: 'Zalo account not existed' } })).toMatchObject({
			code: -118,
			message: 'Zalo account not existed',
		});
	});

	it('keeps braces and quotes inside messages intact', () => {
		const raw = '{"error":-1,"message":"bad {x} \\"y\\""}tail';
		expect(parseErrorInfo(raw)).toEqual({ code: -1, message: 'bad {x} "y"', raw });
	});

	it('leaves a stray % alone while decoding', () => {
		const raw = '%7B%22error%22%3A-1%2C%22message%22%3A%2250%25 off, 100% sure%22%7D';
		expect(parseErrorInfo(raw)).toEqual({ code: -1, message: '50% off, 100% sure', raw });
	});

	it('answers null for nothing', () => {
		for (const empty of [undefined, null, '', '   ', []]) expect(parseErrorInfo(empty)).toBeNull();
	});

	it('keeps text it cannot read as raw, without code or message', () => {
		for (const raw of ['Object reference not set to an instance of an object.', '{"error":', '"unterminated', '%7B%7D%7B']) {
			const parsed = parseErrorInfo(raw);
			expect(parsed?.raw).toBe(raw);
			expect(parsed?.message ?? null).toBeNull();
		}
		expect(parseErrorInfo('{"error":')).toEqual({ code: null, message: null, raw: '{"error":' });
	});

	it('takes a bare number as the code, and the first of repeated values', () => {
		expect(parseErrorInfo(-114)).toEqual({ code: -114, message: null, raw: '-114' });
		expect(parseErrorInfo(['{"error":-108}', '{"error":-1}'])).toMatchObject({ code: -108 });
	});
});

describe('normaliseDeliveryReport', () => {
	const callbackQuery =
		'SMSID=f66545d2-c7e2-4603-984e-d2238c363c8292&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&TotalReceiver=1&TotalSent=0&RequestId=&TypeId=25&telcoid=2&phonenumber=0901888484&partnerids=&' +
		SAMPLE_ERROR_INFO_QUERY +
		'&oaid=1397492183140006179&tempid=2056446';

	it('reads the §4 callback sample (a failed -114)', () => {
		const fields = Object.fromEntries(new URLSearchParams(callbackQuery));
		expect(normaliseDeliveryReport(fields)).toEqual({
			smsId: 'f66545d2-c7e2-4603-984e-d2238c363c8292',
			requestId: null,
			phone: '0901888484',
			status: 'failed',
			sendStatus: 'finished',
			telco: 'Mobifone',
			type: 'zns_normal',
			channel: 'zns',
			fallback: null,
			oaId: '1397492183140006179',
			templateId: '2056446',
			zaloMessageId: null,
			price: 0,
			deliveryError: { code: -114, message: 'User is inactive', raw: fields.error_info },
		});
	});

	it('reads a delivered callback and drops Zalo\'s "Success" error', () => {
		const fields = {
			SMSID: 'abc',
			SendStatus: '5',
			SendSuccess: '1',
			SendFailed: '0',
			TotalPrice: '220.0000',
			RequestId: 'order-1',
			TypeId: '24',
			telcoid: '1',
			phonenumber: '0912345678',
			partnerids: 'e1a60e8890be9de4c4ab',
			error_info: queryValue(DOUBLE_ENCODED_QUERY, 'error_info'),
			oaid: '4097311281936189049',
			tempid: '228386',
		};
		expect(normaliseDeliveryReport(fields)).toEqual({
			smsId: 'abc',
			requestId: 'order-1',
			phone: '0912345678',
			status: 'delivered',
			sendStatus: 'finished',
			telco: 'Viettel',
			type: 'zns_priority',
			channel: 'zns',
			fallback: null,
			oaId: '4097311281936189049',
			templateId: '228386',
			zaloMessageId: 'e1a60e8890be9de4c4ab',
			price: 220,
			deliveryError: null,
		});
	});

	it('reads the GetCallback names (Telcoid, PhoneNumber, Partnerids, ErrorInfo, OAId, ZnsTempId)', () => {
		const report = normaliseDeliveryReport({
			SMSID: '4a496110-9fd3-4838-ac8b-bcaa36616f7011',
			SendFailed: 1,
			SendSuccess: 0,
			SendStatus: 5,
			TotalPrice: 0.0,
			RequestId: null,
			TypeId: 25,
			Telcoid: 1,
			PhoneNumber: '0909090909',
			Partnerids: '7984e9b198c40e9957d6',
			ErrorInfo: DOTNET_ERROR_INFO,
			OAId: '1090257973118325189',
			ZnsTempId: '228386',
		});
		expect(report).toMatchObject({
			smsId: '4a496110-9fd3-4838-ac8b-bcaa36616f7011',
			requestId: null,
			phone: '0909090909',
			status: 'failed',
			sendStatus: 'finished',
			telco: 'Viettel',
			type: 'zns_normal',
			channel: 'zns',
			fallback: null,
			oaId: '1090257973118325189',
			templateId: '228386',
			zaloMessageId: '7984e9b198c40e9957d6',
			price: 0,
			deliveryError: { code: -124, message: 'Access token is invalid' },
		});
	});

	it('reads the QueryZnsStatus names (ZaloMsgId, ErrorInfo as an object), case-insensitively', () => {
		const report = normaliseDeliveryReport({
			smsid: 'x1',
			SENDSTATUS: '7',
			zalomsgid: 'z9',
			errorinfo: { error: -108, message: 'Phone number is invalid' },
		});
		expect(report).toMatchObject({
			smsId: 'x1',
			status: 'awaiting_carrier',
			sendStatus: 'sent, awaiting report',
			zaloMessageId: 'z9',
			deliveryError: { code: -108, message: 'Phone number is invalid' },
		});
	});

	it('answers nulls and unknown for an empty or odd payload', () => {
		expect(normaliseDeliveryReport({})).toEqual({
			smsId: null,
			requestId: null,
			phone: null,
			status: 'unknown',
			sendStatus: null,
			telco: null,
			type: null,
			channel: null,
			fallback: null,
			oaId: null,
			templateId: null,
			zaloMessageId: null,
			price: null,
			deliveryError: null,
		});
		expect(normaliseDeliveryReport({ TotalPrice: 'n/a', telcoid: '9', TypeId: '26', SMSID: { a: 1 } })).toMatchObject(
			{ price: null, telco: null, type: null, smsId: null },
		);
	});

	it('takes the first of repeated query values', () => {
		expect(normaliseDeliveryReport({ SMSID: ['a', 'b'], SendStatus: ['2', '5'] })).toMatchObject({
			smsId: 'a',
			status: 'waiting',
		});
	});
});

describe('normaliseDeliveryReport: the channel and the fallback', () => {
	test.each([
		[{ TypeId: '2', RequestId: 'smf-0123' }, 'sms', true],
		[{ TypeId: '24', RequestId: 'znf-0123' }, 'zns', true],
		[{ TypeId: '25', RequestId: 'zns-0123' }, 'zns', false],
		[{ TypeId: '2', RequestId: 'sms-0123' }, 'sms', false],
		[{ TypeId: '2', RequestId: 'order-7' }, 'sms', null],
		[{ TypeId: '23' }, 'viber', null],
	])('%j: channel %s, fallback %s', (fields, channel, fallback) => {
		expect(normaliseDeliveryReport(fields)).toMatchObject({ channel, fallback });
	});
});

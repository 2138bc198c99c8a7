import {
	CLINIC_BRANDNAME,
	type EsmsSimulator,
	isGsm7,
	matchesTemplate,
	redactPath,
	SHOP_BRANDNAME,
	smsLength,
	startSimulator,
} from '../../simulator/index';
import { get, HOUR, type Json, keys, manualClock, post, type Receiver, startReceiver, uniqueId } from './helpers';

const clock = manualClock();
let sim: EsmsSimulator;
let receiver: Receiver | undefined;

beforeAll(async () => {
	sim = await startSimulator({ now: clock.now, settings: { callbackRetryDelayMs: 1 } });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());
afterEach(async () => {
	sim.reset();
	await receiver?.close();
	receiver = undefined;
});

/** Matches SIMSHOP's third registered template. */
const OTP_TEXT = 'Ma xac thuc cua quy khach la 123456. Ma co hieu luc trong 5 phut.';

/** `yyyy-MM-dd HH:mm:ss` in Vietnam time (whole seconds). */
function vietnamTime(ms: number): string {
	return new Date(ms + 7 * HOUR).toISOString().slice(0, 19).replace('T', ' ');
}

function sendSms(extra: Json = {}) {
	return post(sim, 'SendMultipleMessage_V4_post_json/', {
		...keys(sim),
		Phone: '0901888484',
		Content: OTP_TEXT,
		Brandname: SHOP_BRANDNAME,
		SmsType: '2',
		IsUnicode: '0',
		Sandbox: '0',
		RequestId: uniqueId('sms'),
		...extra,
	});
}

describe('SMS length and templates (pure)', () => {
	test('GSM 7-bit: 160 in one part, 153 per part when split; extension characters count twice', () => {
		expect(smsLength('a'.repeat(160), false)).toEqual({ unicode: false, units: 160, parts: 1 });
		expect(smsLength('a'.repeat(161), false)).toEqual({ unicode: false, units: 161, parts: 2 });
		expect(smsLength('a'.repeat(306), false).parts).toBe(2);
		expect(smsLength('a'.repeat(307), false).parts).toBe(3);
		expect(smsLength('€'.repeat(80), false)).toEqual({ unicode: false, units: 160, parts: 1 });
		expect(smsLength('{'.repeat(81), false).parts).toBe(2);
	});

	test('Unicode: asked for, or any character outside GSM 7-bit; 70 in one part, 67 per part', () => {
		expect(smsLength('a'.repeat(70), true)).toEqual({ unicode: true, units: 70, parts: 1 });
		expect(smsLength('a'.repeat(71), true).parts).toBe(2);
		expect(smsLength('a'.repeat(134), true).parts).toBe(2);
		expect(smsLength('a'.repeat(135), true).parts).toBe(3);
		expect(smsLength('Xin chào bạn', false)).toEqual({ unicode: true, units: 12, parts: 1 });
		expect(isGsm7('Xin chao, ban khoe? 100% @ £5')).toBe(true);
		expect(isGsm7('Việt')).toBe(false);
	});

	test('templates: {variable} is one or more characters, the rest must match exactly', () => {
		const template = 'Ma xac thuc cua quy khach la {otp}. Ma co hieu luc trong 5 phut.';
		expect(matchesTemplate(OTP_TEXT, template)).toBe(true);
		expect(matchesTemplate('Ma xac thuc cua quy khach la . Ma co hieu luc trong 5 phut.', template)).toBe(false);
		expect(matchesTemplate(OTP_TEXT + ' ', template)).toBe(false);
		expect(matchesTemplate('ma xac thuc cua quy khach la 1. Ma co hieu luc trong 5 phut.', template)).toBe(false);
		expect(matchesTemplate('Gia (re) [that] 1+1*2?', 'Gia (re) [that] {x}')).toBe(true);
	});

	test('redactPath hides everything after GetListBrandname', () => {
		expect(redactPath('/MainService.svc/json/GetListBrandname/key/secret')).toBe('/MainService.svc/json/GetListBrandname/***/***');
		expect(redactPath('/MainService.svc/json/getlistbrandname/key/secret/')).toBe('/MainService.svc/json/getlistbrandname/***/***/');
		expect(redactPath('/MainService.svc/json/GetListBrandname%2Fkey%2Fsecret')).toBe('/MainService.svc/json/GetListBrandname***');
		expect(redactPath('/MainService.svc/json/GetListBrandname')).toBe('/MainService.svc/json/GetListBrandname');
		expect(redactPath('/MainService.svc/json/GetBalance_json')).toBe('/MainService.svc/json/GetBalance_json');
	});
});

describe('SendMultipleMessage_V4_post_json/', () => {
	it('accepts a customer-care SMS: one SMSID, stored with type 2, parts and price, charged', async () => {
		const requestId = uniqueId('sms');
		const balance = sim.account(sim.defaultAccount.apiKey)!.balance;
		const reply = await sendSms({ RequestId: requestId, campaignid: 'OTP' });
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: expect.stringMatching(/^[0-9a-f-]{36}264$/) });
		expect(sim.messages()).toEqual([
			expect.objectContaining({
				smsId: reply.json.SMSID,
				requestId,
				channel: 'sms',
				via: 'sms',
				typeId: 2,
				phone: '0901888484',
				normalizedPhone: '0901888484',
				brandname: SHOP_BRANDNAME,
				content: OTP_TEXT,
				unicode: false,
				smsParts: 1,
				price: 850,
				campaignId: 'OTP',
				telcoId: 2,
				oaId: '',
				tempId: '',
				params: [],
				outcome: { status: 'delivered' },
				status: 'delivered',
				multichannelId: undefined,
				fallbackOf: undefined,
				portalId: expect.any(Number),
			}),
		]);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(balance - 850);
	});

	it('prices by parts: a long GSM text, a Unicode one, and the account price per part', async () => {
		sim.account(sim.defaultAccount.apiKey)!.pricePerSmsPart = 700;
		await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'x'.repeat(161) });
		await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'x'.repeat(71), IsUnicode: '1' });
		await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'Chào bạn', IsUnicode: '0' });
		expect(sim.messages().map((m) => [m.smsParts, m.unicode, m.price])).toEqual([
			[2, false, 1400],
			[2, true, 1400],
			[1, true, 700],
		]);
	});

	const refusals: Array<[string, string, Json]> = [
		['101 for a wrong secret key', '101', { SecretKey: 'wrong' }],
		['300 without SmsType', '300', { SmsType: undefined }],
		['118 for SmsType 1', '118', { SmsType: '1' }],
		['104 for an unknown brandname', '104', { Brandname: 'NOBODY' }],
		['104 for a brandname in another case', '104', { Brandname: 'simshop' }],
		['104 for an advertising brandname', '104', { Brandname: 'SIMADS' }],
		['104 for a Viber brandname', '104', { Brandname: 'SIMVIBER' }],
		['104 for an inactive brandname', '104', { Brandname: 'SIMOLD' }],
		['104 without Brandname', '104', { Brandname: undefined }],
		['110 for empty Content', '110', { Content: '' }],
		['110 for an IsUnicode other than 0/1', '110', { IsUnicode: '2' }],
		['110 for a RequestId over 50 characters', '110', { RequestId: 'r'.repeat(51) }],
		['110 for a malformed SendDate', '110', { SendDate: 'tomorrow' }],
		['108 for a 9-digit phone', '108', { Phone: '097469188' }],
		['99 for a blocked phone', '99', { Phone: '0900000099' }],
		['177 for a carrier the brandname is not registered with (Reddi, 055)', '177', { Phone: '0551234567' }],
		['177 for SIMCLINIC on Vietnamobile (092)', '177', { Brandname: CLINIC_BRANDNAME, Phone: '0921234567', Content: 'hello' }],
	];

	it.each(refusals)('%s; nothing stored or charged', async (_name, code, extra) => {
		const balance = sim.account(sim.defaultAccount.apiKey)!.balance;
		const reply = await sendSms(extra);
		expect(reply.json).toEqual({ CodeResult: code, CountRegenerate: 0, ErrorMessage: expect.any(String) });
		expect(sim.messages()).toHaveLength(0);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(balance);
	});

	it('146 for content matching no registered template: the answer still carries an SMSID; nothing stored', async () => {
		const reply = await sendSms({ Content: 'Your code is 123456' });
		expect(reply.json).toEqual({
			CodeResult: '146',
			CountRegenerate: 0,
			SMSID: expect.stringMatching(/264$/),
			ErrorMessage: expect.any(String),
		});
		expect(sim.messages()).toHaveLength(0);
		expect((await get(sim, 'GetSendStatus', { ...keys(sim), RefId: reply.json.SMSID })).json.CodeResponse).toBe('105');
	});

	it('smsTemplateCheck "off" relaxes 146; a brandname without templates takes any content', async () => {
		sim.settings.smsTemplateCheck = 'off';
		expect((await sendSms({ Content: 'Your code is 123456' })).json.CodeResult).toBe('100');
		sim.settings.smsTemplateCheck = 'enforce';
		expect((await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'Anything at all' })).json.CodeResult).toBe('100');
		sim.brandname(sim.defaultAccount.apiKey, CLINIC_BRANDNAME)!.templates.push('Hen gap {name}');
		expect((await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'Anything at all' })).json.CodeResult).toBe('146');
		expect((await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'Hen gap An' })).json.CodeResult).toBe('100');
	});

	it('carriers are configurable per brandname', async () => {
		sim.brandname(sim.defaultAccount.apiKey, SHOP_BRANDNAME)!.telcos = [1];
		expect((await sendSms({ Phone: '0901888484' })).json.CodeResult).toBe('177');
		expect((await sendSms({ Phone: '0961888484' })).json.CodeResult).toBe('100');
	});

	it('124 "Request exist 1" with SendStatus for a RequestId seen in the last 24 h; nothing new stored', async () => {
		const requestId = uniqueId('sms');
		const first = await sendSms({ RequestId: requestId });
		expect(first.json.CodeResult).toBe('100');
		const again = await sendSms({ RequestId: requestId });
		expect(again.json).toEqual({ CodeResult: '124', CountRegenerate: 0, SendStatus: 5, ErrorMessage: 'Request exist 1' });
		expect(sim.messages()).toHaveLength(1);
		clock.advance(24 * HOUR - 1);
		expect((await sendSms({ RequestId: requestId })).json.CodeResult).toBe('124');
		clock.advance(1);
		expect((await sendSms({ RequestId: requestId })).json.CodeResult).toBe('100');
		expect(sim.messages()).toHaveLength(2);
	});

	it('124 answers SendStatus 2 while the first message is still pending', async () => {
		sim.settings.pendingMs = HOUR;
		const requestId = uniqueId('sms');
		await sendSms({ RequestId: requestId });
		expect((await sendSms({ RequestId: requestId })).json.SendStatus).toBe(2);
	});

	it('RequestIds are one namespace per account across SMS and ZNS', async () => {
		const requestId = uniqueId('shared');
		await post(sim, 'SendZaloMessage_V4_post_json/', {
			...keys(sim),
			OAID: '4097311281936189049',
			TempID: '2056447',
			Phone: '0901888484',
			Params: ['An', 'Dental', '01/12/2026'],
			RequestId: requestId,
		});
		expect((await sendSms({ RequestId: requestId })).json.CodeResult).toBe('124');
	});

	it('RequestId is optional', async () => {
		expect((await sendSms({ RequestId: undefined })).json.CodeResult).toBe('100');
		expect((await sendSms({ RequestId: '' })).json.CodeResult).toBe('100');
		expect(sim.messages().map((m) => m.requestId)).toEqual([undefined, undefined]);
	});

	it('103 when the balance cannot pay every part', async () => {
		sim.account(sim.defaultAccount.apiKey)!.balance = 1699;
		expect((await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'x'.repeat(200) })).json.CodeResult).toBe('103');
		sim.account(sim.defaultAccount.apiKey)!.balance = 1700;
		expect((await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'x'.repeat(200) })).json.CodeResult).toBe('100');
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(0);
	});

	it('Sandbox "1": checked (146, 124 against real sends) but not stored, charged, remembered or called back', async () => {
		receiver = await startReceiver(200);
		const balance = sim.account(sim.defaultAccount.apiKey)!.balance;
		const requestId = uniqueId('sms');
		const sandbox = await sendSms({ Sandbox: '1', RequestId: requestId, CallbackUrl: receiver.url });
		expect(sandbox.json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: expect.stringMatching(/264$/) });
		expect((await sendSms({ Sandbox: '1', Content: 'nope' })).json.CodeResult).toBe('146');
		await sim.callbacksIdle();
		expect(receiver.hits).toHaveLength(0);
		expect(sim.messages()).toHaveLength(0);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(balance);
		expect((await sendSms({ RequestId: requestId })).json.CodeResult).toBe('100');
		expect((await sendSms({ Sandbox: '1', RequestId: requestId })).json.CodeResult).toBe('124');
	});

	it('calls the CallbackUrl with TypeId 2 and without Zalo fields; a failed SMS costs 0', async () => {
		receiver = await startReceiver(200);
		sim.setSmsDeliveryOutcome('0901888485', { status: 'failed', errorCode: 2, errorMessage: 'Carrier rejected' });
		const ok = await sendSms({ CallbackUrl: `${receiver.url}?t=1`, RequestId: 'cb-ok' });
		const bad = await sendSms({ CallbackUrl: receiver.url, Phone: '0901888485', RequestId: 'cb-bad' });
		await sim.callbacksIdle();
		const bySmsId = new Map(receiver.hits.map((hit) => [hit.searchParams.get('SMSID'), Object.fromEntries(hit.searchParams)]));
		expect(bySmsId.get(ok.json.SMSID)).toEqual({
			t: '1',
			SMSID: ok.json.SMSID,
			SendFailed: '0',
			SendStatus: '5',
			SendSuccess: '1',
			TotalPrice: '850.0000',
			TotalReceiver: '1',
			TotalSent: '1',
			RequestId: 'cb-ok',
			TypeId: '2',
			telcoid: '2',
			phonenumber: '0901888484',
			error_info: '',
		});
		expect(bySmsId.get(bad.json.SMSID)).toMatchObject({
			SendFailed: '1',
			SendSuccess: '0',
			TotalPrice: '0.0000',
			TypeId: '2',
			error_info: JSON.stringify(JSON.stringify({ error: 2, message: 'Carrier rejected' })),
		});
		expect(sim.messages().map((m) => m.price)).toEqual([850, 0]);
	});

	it('SendDate keeps the SMS pending until then', async () => {
		await sendSms({ SendDate: vietnamTime(clock.now() + 2 * HOUR) });
		expect(sim.messages()[0].status).toBe('pending');
		clock.advance(2 * HOUR);
		expect(sim.messages()[0].status).toBe('delivered');
	});
});

describe('GetSendStatus for an SMS', () => {
	it('answers the SMS figures (TypeId 2, parts × price) within 7 days, then 105', async () => {
		const sent = await sendSms({ Brandname: CLINIC_BRANDNAME, Content: 'y'.repeat(200) });
		const status = () => get(sim, 'GetSendStatus', { ...keys(sim), RefId: sent.json.SMSID });
		expect((await status()).json).toEqual({
			CodeResponse: '100',
			SMSID: sent.json.SMSID,
			SendStatus: 5,
			SendSuccess: 1,
			SendFailed: 0,
			TotalSent: 1,
			TotalPrice: 1700,
			ErrorInfo: '',
			TotalReceiver: 1,
			TypeId: 2,
		});
		sim.advanceClock(7 * 24 * HOUR + 1);
		expect((await status()).json.CodeResponse).toBe('105');
	});
});

describe('SummaryMultipleMessage_V4_get', () => {
	const summary = (query: Record<string, string>) =>
		get(sim, 'SummaryMultipleMessage_V4_get', {
			...keys(sim),
			Phone: '0901888484',
			Content: OTP_TEXT,
			SmsType: '2',
			BrandName: SHOP_BRANDNAME,
			IsUnicode: '0',
			...query,
		});

	it('answers parts × price for one receiver', async () => {
		expect((await summary({})).json).toEqual({ CodeResult: '100', TotalPrice: 850, TotalReceiver: 1 });
		expect((await summary({ Content: 'z'.repeat(161) })).json.TotalPrice).toBe(1700);
		expect((await summary({ Content: 'z'.repeat(71), IsUnicode: '1' })).json.TotalPrice).toBe(1700);
		sim.account(sim.defaultAccount.apiKey)!.pricePerSmsPart = 500;
		expect((await summary({})).json.TotalPrice).toBe(500);
		expect(sim.messages()).toHaveLength(0);
	});

	it.each([
		['101', { SecretKey: 'x' }],
		['104', { BrandName: 'NOBODY' }],
		['104', { BrandName: 'SIMADS' }],
		['300', { SmsType: '' }],
		['110', { Content: '' }],
		['108', { Phone: '12345' }],
	])('answers %s', async (code, query) => {
		expect((await summary(query)).json).toEqual({ CodeResult: code, CountRegenerate: 0, ErrorMessage: expect.any(String) });
	});

	it('is GET only', async () => {
		const reply = await post(sim, 'SummaryMultipleMessage_V4_get', keys(sim));
		expect(reply.status).toBe(405);
	});
});

describe('GetListBrandname/{ApiKey}/{SecretKey}', () => {
	const list = (apiKey: string, secretKey: string) =>
		fetch(`${sim.baseUrl}/GetListBrandname/${encodeURIComponent(apiKey)}/${encodeURIComponent(secretKey)}`).then(async (r) => ({
			status: r.status,
			json: (await r.json()) as Json,
		}));

	it('lists the active brandnames with their types', async () => {
		const reply = await list(sim.defaultAccount.apiKey, sim.defaultAccount.secretKey);
		expect(reply).toEqual({
			status: 200,
			json: {
				CodeResponse: '100',
				ListBrandName: [
					{ Brandname: 'SIMSHOP', Type: 2 },
					{ Brandname: 'SIMCLINIC', Type: 2 },
					{ Brandname: 'SIMADS', Type: 1 },
					{ Brandname: 'SIMVIBER', Type: 23 },
				],
			},
		});
	});

	it('answers 101 for wrong keys, or only one key', async () => {
		expect((await list(sim.defaultAccount.apiKey, 'wrong')).json).toEqual({ CodeResponse: '101', ErrorMessage: 'Authorize Failed', ListBrandName: [] });
		const oneKey = await fetch(`${sim.baseUrl}/GetListBrandname/${sim.defaultAccount.apiKey}`);
		expect(((await oneKey.json()) as Json).CodeResponse).toBe('101');
	});

	it('shows brandnames added at run time; another account sees its own', async () => {
		sim.addAccount({ apiKey: 'k2', secretKey: 's2', brandnames: [{ brandname: 'K2CARE' }] });
		sim.addBrandname('k2', { brandname: 'K2ADS', type: 1 });
		expect((await list('k2', 's2')).json.ListBrandName).toEqual([
			{ Brandname: 'K2CARE', Type: 2 },
			{ Brandname: 'K2ADS', Type: 1 },
		]);
	});

	it('never records or logs the keys of its URL', async () => {
		const logged: string[] = [];
		const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
			logged.push(String(chunk));
			return true;
		});
		const loud = await startSimulator({ quiet: false });
		try {
			for (const path of [
				`GetListBrandname/${loud.defaultAccount.apiKey}/${loud.defaultAccount.secretKey}`,
				`GetListBrandname/${loud.defaultAccount.apiKey}/wrong-secret-key`,
				`getlistbrandname/${loud.defaultAccount.apiKey}/${loud.defaultAccount.secretKey}/extra`,
				`GetListBrandname%2F${loud.defaultAccount.apiKey}%2F${loud.defaultAccount.secretKey}`,
			]) {
				await fetch(`${loud.baseUrl}/${path}`);
			}
			await fetch(`${loud.baseUrl}/GetListBrandname/${loud.defaultAccount.apiKey}/${loud.defaultAccount.secretKey}`, { method: 'POST' });
		} finally {
			await loud.stop();
			write.mockRestore();
		}
		const recorded = JSON.stringify(loud.requests);
		expect(loud.requests.map((r) => r.path)).toEqual([
			'/MainService.svc/json/GetListBrandname/***/***',
			'/MainService.svc/json/GetListBrandname/***/***',
			'/MainService.svc/json/getlistbrandname/***/***/***',
			'/MainService.svc/json/GetListBrandname***',
			'/MainService.svc/json/GetListBrandname/***/***',
		]);
		for (const secret of [loud.defaultAccount.apiKey, loud.defaultAccount.secretKey, 'wrong-secret-key']) {
			expect(recorded).not.toContain(secret);
			expect(logged.join('')).not.toContain(secret);
		}
		expect(logged.join('')).toContain('GetListBrandname/***/*** → 200 100');
	});
});

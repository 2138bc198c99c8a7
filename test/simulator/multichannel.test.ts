import { type EsmsSimulator, hasZalo, NO_ZALO_ERROR, pickPhones, SHOP_BRANDNAME, startSimulator } from '../../simulator/index';
import {
	APPOINTMENT_PARAMS,
	APPOINTMENT_TEMPLATE,
	get,
	HOUR,
	type Json,
	keys,
	manualClock,
	post,
	type Receiver,
	row,
	sendBulk,
	SHOP,
	startReceiver,
	uniqueId,
} from './helpers';

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

const SMS_TEXT = 'Kinh gui An, lich hen Dental cua quy khach vao ngay 01/12/2026. Lien he 19001234 neu can doi lich.';
/** Ends in 13: the fixture rule fails its ZNS with Zalo -114. */
const NO_ZNS_PHONE = '0901888413';
const ZALO_PHONE = '0901888484';

interface Entries {
	zalo?: Json;
	sms?: Json;
	top?: Json;
}

function multi(phone: string, { zalo = {}, sms = {}, top = {} }: Entries = {}) {
	return post(sim, 'MultiChannelMessage/', {
		...keys(sim),
		Phone: phone,
		Channels: ['zalo', 'sms'],
		Data: [
			{
				TempID: APPOINTMENT_TEMPLATE,
				Params: APPOINTMENT_PARAMS,
				OAID: SHOP,
				campaignid: 'reminders',
				RequestId: uniqueId('zns'),
				Sandbox: '0',
				SendingMode: '1',
				...zalo,
			},
			{ Content: SMS_TEXT, IsUnicode: '0', SmsType: '2', Brandname: SHOP_BRANDNAME, RequestId: uniqueId('sms'), Sandbox: '0', ...sms },
		],
		...top,
	});
}

describe('phones without Zalo (hasZalo)', () => {
	test('a deterministic share by hash, 0 by default, configurable', () => {
		const phones = Array.from({ length: 10_000 }, (_, i) => `093${String(i).padStart(7, '0')}`);
		expect(phones.every((phone) => hasZalo(phone, { noZaloPercent: 0 }))).toBe(true);
		const without = phones.filter((phone) => !hasZalo(phone, { noZaloPercent: 20 }));
		expect(without.length / phones.length).toBeGreaterThan(0.18);
		expect(without.length / phones.length).toBeLessThan(0.22);
		expect(phones.filter((phone) => !hasZalo(phone, { noZaloPercent: 20 }))).toEqual(without);
		expect(phones.some((phone) => hasZalo(phone, { noZaloPercent: 100 }))).toBe(false);
		// a larger share only adds phones
		expect(without.every((phone) => !hasZalo(phone, { noZaloPercent: 30 }))).toBe(true);
		// every form of a phone agrees; an invalid phone has no Zalo
		expect(phones.slice(0, 200).every((phone) => hasZalo(phone, { noZaloPercent: 20 }) === hasZalo('84' + phone.slice(1), { noZaloPercent: 20 }))).toBe(true);
		expect(hasZalo('12345', { noZaloPercent: 0 })).toBe(false);
	});

	test('pickPhones finds phones with and without Zalo', () => {
		const settings = { noZaloPercent: 20 };
		const without = pickPhones(5, false, settings);
		const withZalo = pickPhones(5, true, settings, '0351000000');
		expect(without.every((phone) => !hasZalo(phone, settings))).toBe(true);
		expect(withZalo.every((phone) => hasZalo(phone, settings) && phone.startsWith('035'))).toBe(true);
		expect(() => pickPhones(1, false, { noZaloPercent: 0 }, '0909999990')).toThrow(/only 0 of 1/);
	});

	it('a plain bulk ZNS to a phone without Zalo is accepted; delivery fails with the no-Zalo error', async () => {
		sim.settings.noZaloPercent = 20;
		const [noZalo] = pickPhones(1, false, sim.settings);
		const [zalo] = pickPhones(1, true, sim.settings);
		expect([sim.hasZalo(noZalo), sim.hasZalo(zalo)]).toEqual([false, true]);
		receiver = await startReceiver(200);
		const reply = await sendBulk(sim, [row(noZalo, uniqueId()), row(zalo, uniqueId())], { CallbackUrl: receiver.url });
		expect(reply.json.detail.map((d: Json) => d.CodeResult)).toEqual(['100', '100']);
		expect(sim.messages().map((m) => m.outcome)).toEqual([{ status: 'failed', ...NO_ZALO_ERROR }, { status: 'delivered' }]);
		const status = await get(sim, 'GetSendStatus', { ...keys(sim), RefId: reply.json.detail[0].SMSID });
		expect(status.json).toMatchObject({ SendStatus: 5, SendSuccess: 0, SendFailed: 1, ErrorInfo: JSON.stringify({ error: -118, message: NO_ZALO_ERROR.errorMessage }) });
		await sim.callbacksIdle();
		const failed = receiver.hits.find((hit) => hit.searchParams.get('SMSID') === reply.json.detail[0].SMSID)!;
		expect(failed.searchParams.get('SendFailed')).toBe('1');
		expect(failed.searchParams.get('error_info')).toContain('-118');
	});

	it('setHasZalo and setDeliveryOutcome win over the hash; the no-Zalo error is a setting', async () => {
		sim.settings.noZaloPercent = 100;
		sim.settings.noZaloError = { errorCode: -108, errorMessage: 'Phone number is invalid' };
		expect(sim.hasZalo('0901000001')).toBe(false);
		sim.setHasZalo('0901000001', true);
		expect(sim.hasZalo('84901000001')).toBe(true);
		sim.settings.noZaloPercent = 0;
		sim.setHasZalo('0901000002', false);
		expect(sim.hasZalo('0901000002')).toBe(false);
		expect(sim.hasZalo(NO_ZNS_PHONE)).toBe(false);
		await sendBulk(sim, [row('0901000001', uniqueId()), row('0901000002', uniqueId())]);
		expect(sim.messages().map((m) => m.outcome)).toEqual([
			{ status: 'delivered' },
			{ status: 'failed', errorCode: -108, errorMessage: 'Phone number is invalid' },
		]);
	});
});

describe('MultiChannelMessage/', () => {
	it('ZNS delivered: one SMSID, one ZNS stored, no SMS', async () => {
		const reply = await multi(ZALO_PHONE);
		expect(reply.json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: expect.stringMatching(/264$/) });
		expect(sim.messages()).toEqual([
			expect.objectContaining({
				smsId: reply.json.SMSID,
				channel: 'zns',
				via: 'multichannel',
				multichannelId: reply.json.SMSID,
				fallbackSmsId: undefined,
				oaId: SHOP,
				tempId: APPOINTMENT_TEMPLATE,
				campaignId: 'reminders',
				price: 300,
				status: 'delivered',
			}),
		]);
		expect(sim.messagesTo(ZALO_PHONE, 'sms')).toHaveLength(0);
	});

	it('ZNS failed: a failed ZNS attempt, then the SMS, linked; only the SMS is charged', async () => {
		const balance = sim.account(sim.defaultAccount.apiKey)!.balance;
		const reply = await multi(NO_ZNS_PHONE, { zalo: { RequestId: 'z-1' }, sms: { RequestId: 's-1' } });
		expect(reply.json.CodeResult).toBe('100');
		const [attempt, fallback] = sim.messages();
		expect(attempt).toMatchObject({
			smsId: reply.json.SMSID,
			channel: 'zns',
			via: 'multichannel',
			requestId: 'z-1',
			outcome: { status: 'failed', errorCode: -114, errorMessage: 'User is inactive' },
			price: 0,
			multichannelId: reply.json.SMSID,
			fallbackSmsId: reply.json.SMSID,
		});
		expect(fallback).toMatchObject({
			smsId: reply.json.SMSID,
			channel: 'sms',
			via: 'multichannel',
			typeId: 2,
			requestId: 's-1',
			brandname: SHOP_BRANDNAME,
			content: SMS_TEXT,
			smsParts: 1,
			price: 850,
			outcome: { status: 'delivered' },
			multichannelId: reply.json.SMSID,
			fallbackOf: reply.json.SMSID,
		});
		expect(sim.messagesTo('84901888413', 'zns')).toHaveLength(1);
		expect(sim.messagesTo(NO_ZNS_PHONE, 'sms')).toHaveLength(1);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(balance - 850);
	});

	it('fallback callbacks: the failed ZNS (TypeId 24, -114) then the SMS (TypeId 2), same SMSID by default', async () => {
		receiver = await startReceiver(200);
		const reply = await multi(NO_ZNS_PHONE, {
			zalo: { CallbackUrl: `${receiver.url}?ch=zalo`, RequestId: 'z-2' },
			sms: { CallbackUrl: `${receiver.url}?ch=sms`, RequestId: 's-2' },
		});
		await sim.callbacksIdle();
		expect(receiver.hits.map((hit) => hit.searchParams.get('ch'))).toEqual(['zalo', 'sms']);
		const [zns, sms] = receiver.hits.map((hit) => Object.fromEntries(hit.searchParams));
		expect(zns).toMatchObject({
			SMSID: reply.json.SMSID,
			TypeId: '24',
			SendFailed: '1',
			SendSuccess: '0',
			RequestId: 'z-2',
			oaid: SHOP,
			tempid: APPOINTMENT_TEMPLATE,
			error_info: JSON.stringify(JSON.stringify({ error: -114, message: 'User is inactive' })),
		});
		expect(sms).toEqual({
			ch: 'sms',
			SMSID: reply.json.SMSID,
			SendFailed: '0',
			SendStatus: '5',
			SendSuccess: '1',
			TotalPrice: '850.0000',
			TotalReceiver: '1',
			TotalSent: '1',
			RequestId: 's-2',
			TypeId: '2',
			telcoid: '2',
			phonenumber: NO_ZNS_PHONE,
			error_info: '',
		});
	});

	it('fallbackCallbackSmsId "new": the SMS has its own SMSID; each SMSID answers its own status', async () => {
		sim.settings.fallbackCallbackSmsId = 'new';
		receiver = await startReceiver(200);
		const reply = await multi(NO_ZNS_PHONE, { zalo: { CallbackUrl: receiver.url }, sms: { CallbackUrl: receiver.url } });
		await sim.callbacksIdle();
		const [attempt, fallback] = sim.messages();
		expect(fallback.smsId).not.toBe(reply.json.SMSID);
		expect(attempt).toMatchObject({ smsId: reply.json.SMSID, fallbackSmsId: fallback.smsId });
		expect(fallback).toMatchObject({ fallbackOf: reply.json.SMSID, multichannelId: reply.json.SMSID });
		expect(receiver.hits.map((hit) => [hit.searchParams.get('SMSID'), hit.searchParams.get('TypeId')])).toEqual([
			[reply.json.SMSID, '24'],
			[fallback.smsId, '2'],
		]);
		const status = (refId: string) => get(sim, 'GetSendStatus', { ...keys(sim), RefId: refId });
		expect((await status(reply.json.SMSID)).json).toMatchObject({ SendFailed: 1, TypeId: 24 });
		expect((await status(fallback.smsId)).json).toMatchObject({ SendSuccess: 1, TypeId: 2, TotalPrice: 850 });
	});

	it('fallbackCallbackSmsId "same": GetSendStatus answers for the SMS; QueryZnsStatus and GetCallback for the ZNS attempt', async () => {
		const reply = await multi(NO_ZNS_PHONE);
		expect((await get(sim, 'GetSendStatus', { ...keys(sim), RefId: reply.json.SMSID })).json).toMatchObject({
			SendSuccess: 1,
			SendFailed: 0,
			TypeId: 2,
			TotalPrice: 850,
		});
		const zns = await post(sim, 'QueryZnsStatus/', { ...keys(sim), SmsId: reply.json.SMSID, SmsType: '24' });
		expect(zns.json.Data).toMatchObject({ SendFailed: 1, ErrorInfo: JSON.stringify({ error: -114, message: 'User is inactive' }) });
		const stored = await post(sim, `${sim.callbackApiUrl}`, { ...keys(sim), OAId: SHOP, ListRefid: [reply.json.SMSID] });
		expect(stored.json.Data_callback).toEqual([expect.objectContaining({ SMSID: reply.json.SMSID, SendFailed: 1, TypeId: 24 })]);
	});

	it('fallbackCallbackDelayMs delays the SMS callback (wall clock)', async () => {
		sim.settings.fallbackCallbackDelayMs = 150;
		receiver = await startReceiver(200);
		const started = Date.now();
		await multi(NO_ZNS_PHONE, { zalo: { CallbackUrl: receiver.url }, sms: { CallbackUrl: receiver.url } });
		await receiver.waitForHits(1);
		const first = Date.now() - started;
		await receiver.waitForHits(2);
		expect(first).toBeLessThan(150);
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
		expect(receiver.hits.map((hit) => hit.searchParams.get('TypeId'))).toEqual(['24', '2']);
	});

	it('a phone without Zalo (hash share) falls back to SMS', async () => {
		sim.settings.noZaloPercent = 20;
		const [noZalo] = pickPhones(1, false, sim.settings);
		await multi(noZalo);
		expect(sim.messages().map((m) => [m.channel, m.outcome.status])).toEqual([
			['zns', 'failed'],
			['sms', 'delivered'],
		]);
		expect(sim.messages()[0].outcome).toMatchObject(NO_ZALO_ERROR);
	});

	it('an SMS that fails after the fallback costs 0 and says so in its callback', async () => {
		sim.setSmsDeliveryOutcome(NO_ZNS_PHONE, { status: 'failed', errorCode: 5, errorMessage: 'Subscriber unreachable' });
		await multi(NO_ZNS_PHONE);
		expect(sim.messages().map((m) => [m.channel, m.outcome.status, m.price])).toEqual([
			['zns', 'failed', 0],
			['sms', 'failed', 0],
		]);
	});

	const refusals: Array<[string, string, Entries]> = [
		['101 for wrong keys', '101', { top: { SecretKey: 'x' } }],
		['110 for channels in the other order', '110', { top: { Channels: ['sms', 'zalo'] } }],
		['110 for one channel', '110', { top: { Channels: ['zalo'] } }],
		['110 without Channels', '110', { top: { Channels: undefined } }],
		['110 for one Data entry', '110', { top: { Data: [{ TempID: APPOINTMENT_TEMPLATE }] } }],
		['110 for Data that are not objects', '110', { top: { Data: ['a', 'b'] } }],
		['791 without TempID', '791', { zalo: { TempID: '' } }],
		['204 for an unknown OA', '204', { zalo: { OAID: '1111111111111111111' } }],
		['789 for a template not configured', '789', { zalo: { TempID: '123' } }],
		['790 for a template not approved', '790', { zalo: { TempID: '2056448' } }],
		['802 for SendingMode 3 on a non-whitelisted OA', '802', { zalo: { OAID: '1397492183140006179', TempID: '2056450', SendingMode: '3' } }],
		['300 without the SMS SmsType', '300', { sms: { SmsType: undefined } }],
		['104 for an unknown brandname', '104', { sms: { Brandname: 'NOBODY' } }],
		['110 for empty SMS content', '110', { sms: { Content: '' } }],
		['108 for a bad phone', '108', { top: { Phone: '097469188' } }],
		['99 for a blocked phone', '99', { top: { Phone: '0900000099' } }],
		['110 for Params that do not fit the template', '110', { zalo: { Params: ['only one'] } }],
		['177 for a carrier the brandname lacks', '177', { top: { Phone: '0551234567' } }],
	];

	it.each(refusals)('%s; nothing stored', async (_name, code, entries) => {
		const reply = await multi(ZALO_PHONE, entries);
		expect(reply.json).toEqual({ CodeResult: code, CountRegenerate: 0, ErrorMessage: expect.any(String) });
		expect(sim.messages()).toHaveLength(0);
	});

	it('146 when the SMS entry matches no registered template (with an SMSID); nothing stored', async () => {
		const reply = await multi(ZALO_PHONE, { sms: { Content: 'Hello there' } });
		expect(reply.json).toEqual({ CodeResult: '146', CountRegenerate: 0, SMSID: expect.any(String), ErrorMessage: expect.any(String) });
		expect(sim.messages()).toHaveLength(0);
	});

	it('103 when the balance cannot pay the ZNS and the SMS it may fall back to', async () => {
		sim.account(sim.defaultAccount.apiKey)!.balance = 1149;
		expect((await multi(ZALO_PHONE)).json.CodeResult).toBe('103');
		sim.account(sim.defaultAccount.apiKey)!.balance = 1150;
		expect((await multi(ZALO_PHONE)).json.CodeResult).toBe('100');
	});

	it('Sandbox in either entry: checked, answered 100, nothing stored', async () => {
		expect((await multi(NO_ZNS_PHONE, { zalo: { Sandbox: '1' } })).json.CodeResult).toBe('100');
		expect((await multi(NO_ZNS_PHONE, { sms: { Sandbox: '1' } })).json.CodeResult).toBe('100');
		expect((await multi(NO_ZNS_PHONE, { sms: { Sandbox: '1', Brandname: 'NOBODY' } })).json.CodeResult).toBe('104');
		expect(sim.messages()).toHaveLength(0);
	});

	describe('fallbackRequestIds (undocumented)', () => {
		it('"shared-allowed" (default): the SMS entry may reuse the ZNS entry\'s RequestId', async () => {
			const reply = await multi(NO_ZNS_PHONE, { zalo: { RequestId: 'same-1' }, sms: { RequestId: 'same-1' } });
			expect(reply.json.CodeResult).toBe('100');
			expect(sim.messages().map((m) => m.requestId)).toEqual(['same-1', 'same-1']);
		});

		it('"must-differ": the same RequestId twice is 110; different ones are accepted', async () => {
			sim.settings.fallbackRequestIds = 'must-differ';
			const same = await multi(NO_ZNS_PHONE, { zalo: { RequestId: 'same-2' }, sms: { RequestId: 'same-2' } });
			expect(same.json).toEqual({ CodeResult: '110', CountRegenerate: 0, ErrorMessage: expect.stringContaining('differ') });
			expect((await multi(NO_ZNS_PHONE, { zalo: { RequestId: 'z-3' }, sms: { RequestId: 's-3' } })).json.CodeResult).toBe('100');
		});
	});

	describe('fallbackDuplicateCheck (undocumented): a retry with the same RequestIds', () => {
		const retry = async (zalo: string, sms: string) => (await multi(NO_ZNS_PHONE, { zalo: { RequestId: zalo }, sms: { RequestId: sms } })).json;

		it('"both" (default): either RequestId seen in 24 h refuses with 124 "Request exist 1"; nothing new stored', async () => {
			expect((await retry('z-4', 's-4')).CodeResult).toBe('100');
			expect(await retry('z-4', 's-4')).toEqual({ CodeResult: '124', CountRegenerate: 0, SendStatus: 5, ErrorMessage: 'Request exist 1' });
			expect((await retry('z-new', 's-4')).CodeResult).toBe('124');
			expect((await retry('z-4', 's-new')).CodeResult).toBe('124');
			expect(sim.messages()).toHaveLength(2);
			// the SMS RequestId is remembered even when the ZNS was delivered and no SMS was sent
			expect((await multi(ZALO_PHONE, { zalo: { RequestId: 'z-5' }, sms: { RequestId: 's-5' } })).json.CodeResult).toBe('100');
			expect((await retry('z-other', 's-5')).CodeResult).toBe('124');
			sim.advanceClock(25 * HOUR);
			expect((await retry('z-4', 's-4')).CodeResult).toBe('100');
		});

		it('"zns-only": only the ZNS entry\'s RequestId is checked', async () => {
			sim.settings.fallbackDuplicateCheck = 'zns-only';
			expect((await retry('z-6', 's-6')).CodeResult).toBe('100');
			expect((await retry('z-6', 's-other')).CodeResult).toBe('124');
			expect((await retry('z-other', 's-6')).CodeResult).toBe('100');
		});

		it('"none": a retry with the same RequestIds sends again', async () => {
			sim.settings.fallbackDuplicateCheck = 'none';
			expect((await retry('z-7', 's-7')).CodeResult).toBe('100');
			expect((await retry('z-7', 's-7')).CodeResult).toBe('100');
			expect(sim.messagesTo(NO_ZNS_PHONE, 'sms')).toHaveLength(2);
		});
	});
});

import { type EsmsSimulator, SHOP_BRANDNAME, startSimulator } from '../../simulator/index';
import { APPOINTMENT_PARAMS, get, HOUR, type Json, keys, manualClock, post, row, sendBulk, SHOP, uniqueId } from './helpers';

const START = Date.UTC(2026, 10, 27, 3, 0, 0); // 10:00 Vietnam time
const clock = manualClock(START);
let sim: EsmsSimulator;

beforeAll(async () => {
	sim = await startSimulator({ now: clock.now });
});
afterAll(() => sim.stop());
beforeEach(() => {
	clock.set(START);
	sim.reset();
});

const OTP = (code: string) => `Ma xac thuc cua quy khach la ${code}. Ma co hieu luc trong 5 phut.`;

function sendSms(phone: string, content: string, extra: Json = {}) {
	return post(sim, 'SendMultipleMessage_V4_post_json/', {
		...keys(sim),
		Phone: phone,
		Content: content,
		Brandname: SHOP_BRANDNAME,
		SmsType: '2',
		RequestId: uniqueId('sd'),
		...extra,
	});
}

function sentData(extra: Json) {
	return post(sim, 'GetSmsSentData_V2', {
		...keys(sim),
		SmsType: '2',
		From: '2026-11-27 00:00:00',
		To: '2026-11-27 23:59:59',
		Page: 1,
		PageSize: 500,
		...extra,
	});
}

describe('advanceClock', () => {
	it('moves the simulator clock: RequestIds leave their 24-hour window; reset() takes it back', async () => {
		const requestId = uniqueId('clock');
		expect((await sendSms('0901888484', OTP('1'), { RequestId: requestId })).json.CodeResult).toBe('100');
		expect(sim.now()).toBe(START);
		sim.advanceClock(23 * HOUR);
		expect((await sendSms('0901888484', OTP('1'), { RequestId: requestId })).json.CodeResult).toBe('124');
		sim.advanceClock(2 * HOUR);
		expect(sim.now()).toBe(START + 25 * HOUR);
		expect((await sendSms('0901888484', OTP('1'), { RequestId: requestId })).json.CodeResult).toBe('100');
		expect(sim.messages().map((m) => m.acceptedAt)).toEqual([START, START + 25 * HOUR]);
		sim.reset();
		expect(sim.now()).toBe(START);
		expect(() => sim.advanceClock(-1)).toThrow();
	});

	it('makes pending messages final', async () => {
		sim.settings.pendingMs = HOUR;
		const sent = await sendSms('0901888484', OTP('2'));
		const status = async () => (await get(sim, 'GetSendStatus', { ...keys(sim), RefId: sent.json.SMSID })).json.SendStatus;
		expect(await status()).toBe(2);
		sim.advanceClock(HOUR);
		expect(await status()).toBe(5);
	});
});

describe('GetSmsSentData_V2', () => {
	it('lists what was sent of one type in a Vietnam-time range, without RequestIds', async () => {
		const sms = await sendSms('0901888484', OTP('123456'), { campaignid: 'otp' });
		const zns = await sendBulk(sim, [row('0901888485', uniqueId())], { campaignid: 'reminders' });
		const reply = await sentData({});
		expect(reply.json).toEqual({
			CodeResult: '100',
			CountTotal: 1,
			SentData: [
				{
					Campaign: 'otp',
					Content: OTP('123456'),
					Phone: '0901888484',
					ReferenceId: sms.json.SMSID,
					SellPrice: 850,
					SendResult: 1,
					SendStatus: 5,
					SentTime: `/Date(${START}+0700)/`,
					SmsId: sim.messages()[0].portalId,
					SmsType: 2,
				},
			],
		});
		const znsRows = (await sentData({ SmsType: '24' })).json.SentData;
		expect(znsRows).toEqual([
			expect.objectContaining({
				Campaign: 'reminders',
				Content: `Dear ${APPOINTMENT_PARAMS[0]}, this is a reminder of your ${APPOINTMENT_PARAMS[1]} appointment on ${APPOINTMENT_PARAMS[2]}.`,
				ReferenceId: zns.json.detail[0].SMSID,
				SellPrice: 300,
				SmsType: 24,
			}),
		]);
		expect((await sentData({ SmsType: '25' })).json).toEqual({ CodeResult: '100', CountTotal: 0, SentData: [] });
		expect(JSON.stringify(reply.json)).not.toContain('RequestId');
	});

	it('SendResult 0 failed, 2 not yet acknowledged', async () => {
		sim.setSmsDeliveryOutcome('0901888413', { status: 'failed', errorCode: 1, errorMessage: 'x' });
		await sendSms('0901888413', OTP('1'));
		sim.settings.pendingMs = HOUR;
		await sendSms('0901888484', OTP('2'));
		expect((await sentData({})).json.SentData.map((r: Json) => [r.SendResult, r.SendStatus, r.SellPrice])).toEqual([
			[0, 5, 0],
			[2, 2, 850],
		]);
	});

	it('filters by range (both ends included) and pages', async () => {
		for (let i = 0; i < 5; i++) {
			await sendSms('0901888484', OTP(String(i)));
			sim.advanceClock(HOUR);
		}
		// sent at 10:00, 11:00, 12:00, 13:00, 14:00 Vietnam time
		const range = await sentData({ From: '2026-11-27 11:00:00', To: '2026-11-27 13:00:00' });
		expect(range.json.CountTotal).toBe(3);
		expect(range.json.SentData.map((r: Json) => r.Content)).toEqual([OTP('1'), OTP('2'), OTP('3')]);
		const page2 = await sentData({ Page: 2, PageSize: 2 });
		expect(page2.json.CountTotal).toBe(5);
		expect(page2.json.SentData.map((r: Json) => r.Content)).toEqual([OTP('2'), OTP('3')]);
		expect((await sentData({ Page: '3', PageSize: '2' })).json.SentData).toHaveLength(1);
		expect((await sentData({ Page: 4, PageSize: 2 })).json.SentData).toEqual([]);
	});

	it('lists both attempts of a MultiChannelMessage fallback under their own types', async () => {
		const reply = await post(sim, 'MultiChannelMessage/', {
			...keys(sim),
			Phone: '0901888413',
			Channels: ['zalo', 'sms'],
			Data: [
				{ TempID: '2056447', Params: APPOINTMENT_PARAMS, OAID: SHOP, RequestId: uniqueId() },
				{ Content: OTP('9'), SmsType: '2', Brandname: SHOP_BRANDNAME, RequestId: uniqueId() },
			],
		});
		expect((await sentData({ SmsType: '24' })).json.SentData).toEqual([expect.objectContaining({ ReferenceId: reply.json.SMSID, SendResult: 0 })]);
		expect((await sentData({ SmsType: '2' })).json.SentData).toEqual([expect.objectContaining({ ReferenceId: reply.json.SMSID, SendResult: 1 })]);
	});

	it.each([
		['101', { SecretKey: 'x' }],
		['300', { SmsType: undefined }],
		['118', { SmsType: '7' }],
		['110', { From: '27/11/2026 00:00:00' }],
		['110', { To: undefined }],
		['110', { From: '2026-11-28 00:00:00' }],
		['110', { PageSize: 501 }],
		['110', { PageSize: 0 }],
		['110', { Page: 0 }],
		['110', { Page: 'one' }],
	])('answers %s for %j', async (code, extra) => {
		expect((await sentData(extra)).json).toEqual({ CodeResult: code, CountRegenerate: 0, ErrorMessage: expect.any(String) });
	});

	it('other accounts see only their own', async () => {
		await sendSms('0901888484', OTP('1'));
		sim.addAccount({ apiKey: 'k3', secretKey: 's3', brandnames: [{ brandname: 'K3' }] });
		const other = await post(sim, 'GetSmsSentData_V2', {
			ApiKey: 'k3',
			SecretKey: 's3',
			SmsType: '2',
			From: '2026-11-27 00:00:00',
			To: '2026-11-27 23:59:59',
		});
		expect(other.json).toEqual({ CodeResult: '100', CountTotal: 0, SentData: [] });
	});
});

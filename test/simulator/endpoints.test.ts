import { type EsmsSimulator, startSimulator } from '../../simulator/index';
import {
	APPOINTMENT_PARAMS,
	APPOINTMENT_TEMPLATE,
	CLINIC,
	get,
	HOUR,
	keys,
	manualClock,
	ORDER_TEMPLATE,
	post,
	row,
	sendBulk,
	SHOP,
	uniqueId,
} from './helpers';

const clock = manualClock();
let sim: EsmsSimulator;

beforeAll(async () => {
	sim = await startSimulator({ now: clock.now });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

async function sendOne(phone: string): Promise<string> {
	const reply = await sendBulk(sim, [row(phone, uniqueId())]);
	return reply.json.detail[0].SMSID;
}

describe('routing', () => {
	it('answers 404 for an unknown path, under the base URL or not', async () => {
		expect((await post(sim, 'NoSuchMethod_json', keys(sim))).status).toBe(404);
		expect((await post(sim, `${sim.origin}/GetBalance_json`, keys(sim))).status).toBe(404);
		expect((await post(sim, `${sim.baseUrl}/ZaloCallback/GetCallback`, keys(sim))).status).toBe(404);
	});

	it('makes the trailing slash optional', async () => {
		expect((await post(sim, 'GetBalance_json/', keys(sim))).json.CodeResponse).toBe('100');
		expect((await post(sim, 'ZNS/GetListZOA', keys(sim))).json.CodeResult).toBe('100');
	});

	it('answers 405 for the wrong method on a known path', async () => {
		expect((await get(sim, 'GetBalance_json', keys(sim))).status).toBe(405);
	});

	it('reads POST keys from the body only, never from the query string or headers', async () => {
		const response = await fetch(`${sim.baseUrl}/GetBalance_json?${new URLSearchParams(keys(sim))}`, {
			method: 'POST',
			headers: { ApiKey: keys(sim).ApiKey, SecretKey: keys(sim).SecretKey },
			body: '{}',
		});
		expect(await response.json()).toEqual({ CodeResponse: '101', ErrorMessage: 'Authorize Failed' });
	});

	it('treats a body that is not JSON as one without keys', async () => {
		const response = await fetch(`${sim.baseUrl}/Send_zns_bulk_v4_post_json/`, { method: 'POST', body: 'not json' });
		expect(response.status).toBe(200);
		expect(((await response.json()) as { CodeResult: string }).CodeResult).toBe('101');
	});
});

describe('GetBalance_json', () => {
	it('answers the balance with CodeResponse', async () => {
		const reply = await post(sim, 'GetBalance_json', keys(sim));
		expect(reply.json).toEqual({ Balance: 1_000_000_000, CodeResponse: '100', UserID: 9999 });
	});

	it('answers HTTP 200 with CodeResponse 101 for bad keys', async () => {
		const reply = await post(sim, 'GetBalance_json', { ...keys(sim), SecretKey: 'wrong' });
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ CodeResponse: '101', ErrorMessage: 'Authorize Failed' });
	});

	it('answers 143 for an inactive account', async () => {
		sim.account(sim.defaultAccount.apiKey)!.active = false;
		expect((await post(sim, 'GetBalance_json', keys(sim))).json.CodeResponse).toBe('143');
	});
});

describe('ZNS/GetListZOA/', () => {
	it('lists the OAs of the account', async () => {
		const reply = await post(sim, 'ZNS/GetListZOA/', keys(sim));
		expect(reply.json).toEqual({
			CodeResult: '100',
			ErrorMessage: '',
			ZOAList: [
				{ OAID: SHOP, OAName: 'eSMS Demo Shop' },
				{ OAID: CLINIC, OAName: 'eSMS Demo Clinic' },
			],
		});
	});

	it('answers 101 for bad keys', async () => {
		expect((await post(sim, 'ZNS/GetListZOA/', { ApiKey: 'x', SecretKey: 'y' })).json.CodeResult).toBe('101');
	});
});

describe('GetTemplate/', () => {
	it('lists every template of the OA with numeric TempId and ZNSTempDetail in ParamLevel order', async () => {
		const reply = await post(sim, 'GetTemplate/', { ...keys(sim), OAId: SHOP, SmsType: '24' });
		expect(reply.json.CodeResult).toBe('100');
		expect(reply.json.ZNSTemplates.map((t: { TempId: number }) => t.TempId)).toEqual([2056446, 2056447, 2056448, 2056449]);
		expect(reply.json.ZNSTemplates[0]).toEqual({
			TempId: 2056446,
			TempName: 'Order confirmation',
			TempContent: expect.stringContaining('<customer_name>'),
			ZNSTempDetail: [
				{ Param: 'customer_name', ParamLevel: 1, Limit: 30, RequireType: 'type_text' },
				{ Param: 'order_code', ParamLevel: 2, Limit: 30, RequireType: 'type_text' },
				{ Param: 'amount', ParamLevel: 3, Limit: 12, RequireType: 'type_number' },
				{ Param: 'order_date', ParamLevel: 4, Limit: 20, RequireType: 'type_date' },
				{ Param: 'tracking_url', ParamLevel: 5, Limit: 200, RequireType: 'type_cta_url' },
			],
		});
	});

	it('serves the same templates for SmsType 25', async () => {
		const reply = await post(sim, 'GetTemplate/', { ...keys(sim), OAId: CLINIC, SmsType: '25' });
		expect(reply.json.ZNSTemplates.map((t: { TempId: number }) => t.TempId)).toEqual([2056450]);
	});

	it.each([
		['791 without OAId (the field is OAId, not OAID)', '791', { OAID: SHOP, SmsType: '24' }],
		['204 for an unknown OA', '204', { OAId: '42', SmsType: '24' }],
		['118 for another SmsType', '118', { OAId: SHOP, SmsType: '2' }],
		['101 for bad keys', '101', { OAId: SHOP, SmsType: '24', SecretKey: 'x' }],
	])('answers %s', async (_name, code, extra) => {
		expect((await post(sim, 'GetTemplate/', { ...keys(sim), ...extra })).json.CodeResult).toBe(code);
	});

	it('answers 799 for an OA of another account', async () => {
		sim.addAccount({ apiKey: 'k2', secretKey: 's2' });
		sim.addOa('k2', { oaId: '777', name: 'Not yours' });
		expect((await post(sim, 'GetTemplate/', { ...keys(sim), OAId: '777', SmsType: '24' })).json.CodeResult).toBe('799');
	});
});

describe('GetZnsTemplateInfo', () => {
	it('answers Zalo-style template details', async () => {
		const reply = await get(sim, 'GetZnsTemplateInfo', { TemplateId: ORDER_TEMPLATE, OAId: SHOP, ...keys(sim) });
		expect(reply.json).toEqual({
			Error: 0,
			Message: 'Success',
			Data: {
				TemplateId: 2056446,
				TemplateName: 'Order confirmation',
				Status: 'ENABLE',
				TemplateTag: 'TRANSACTION',
				ListParams: [
					{ Name: 'customer_name', Require: true, Type: 'STRING', MinLength: 1, MaxLength: 30, AcceptNull: false },
					{ Name: 'order_code', Require: true, Type: 'STRING', MinLength: 1, MaxLength: 30, AcceptNull: false },
					{ Name: 'amount', Require: true, Type: 'NUMBER', MinLength: 1, MaxLength: 12, AcceptNull: false },
					{ Name: 'order_date', Require: true, Type: 'DATE', MinLength: 1, MaxLength: 20, AcceptNull: false },
					{ Name: 'tracking_url', Require: true, Type: 'URL', MinLength: 1, MaxLength: 200, AcceptNull: false },
				],
				ListButtons: [{ Type: 1, Title: 'Track order', Content: '<tracking_url>' }],
				PreviewUrl: expect.stringContaining('2056446'),
				Timeout: 7_200_000,
			},
		});
	});

	it('shows the status of templates that cannot be sent', async () => {
		const pending = await get(sim, 'GetZnsTemplateInfo', { TemplateId: '2056448', OAId: SHOP, ...keys(sim) });
		const rejected = await get(sim, 'GetZnsTemplateInfo', { TemplateId: '2056449', OAId: SHOP, ...keys(sim) });
		expect([pending.json.Data.Status, rejected.json.Data.Status]).toEqual(['PENDING_REVIEW', 'REJECT']);
		expect(pending.json.Data.TemplateTag).toBe('PROMOTION');
	});

	it.each([
		['101 for bad keys', 101, { TemplateId: ORDER_TEMPLATE, OAId: SHOP, ApiKey: 'x', SecretKey: 'y' }],
		['791 without TemplateId', 791, { OAId: SHOP }],
		['204 for an unknown OA', 204, { TemplateId: ORDER_TEMPLATE, OAId: '1' }],
		['789 for a template of another OA', 789, { TemplateId: '2056450', OAId: SHOP }],
	])('answers Error %s', async (_name, error, query) => {
		const reply = await get(sim, 'GetZnsTemplateInfo', { ...keys(sim), ...query });
		expect(reply.json).toEqual({ Error: error, Message: expect.any(String) });
	});
});

describe('ZNS/GetQuota/', () => {
	it('answers the daily quota, less what was accepted today (Vietnam day, injected clock)', async () => {
		const before = await post(sim, 'ZNS/GetQuota/', { ...keys(sim), OAID: SHOP });
		expect(before.json).toMatchObject({ CodeResult: '100', DailyQuota: 1_000_000, RemainingQuota: 1_000_000 });
		await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888485', uniqueId()), row('097469188', uniqueId())]);
		await sendBulk(sim, [row('0901888486', uniqueId())], { Sandbox: '1' });
		const after = await post(sim, 'ZNS/GetQuota/', { ...keys(sim), OAID: SHOP });
		expect(after.json.RemainingQuota).toBe(999_998);
		const start = clock.now();
		clock.advance(24 * HOUR);
		const nextDay = await post(sim, 'ZNS/GetQuota/', { ...keys(sim), OAID: SHOP });
		clock.set(start);
		expect(nextDay.json.RemainingQuota).toBe(1_000_000);
	});

	it('counts promotion sends separately', async () => {
		sim.template(SHOP, '2056448')!.status = 'ENABLE';
		await sendBulk(sim, [row('0901888484', uniqueId(), ['An', 'VC10'])], { TempID: '2056448' });
		const reply = await post(sim, 'ZNS/GetQuota/', { ...keys(sim), OAID: SHOP });
		expect(reply.json).toMatchObject({ DailyQuotaPromotion: 5_000, RemainingQuotaPromotion: 4_999 });
	});

	it('answers 791 without OAID and 101 for bad keys', async () => {
		expect((await post(sim, 'ZNS/GetQuota/', keys(sim))).json.CodeResult).toBe('791');
		expect((await post(sim, 'ZNS/GetQuota/', { OAID: SHOP })).json.CodeResult).toBe('101');
	});
});

describe('SummaryZaloMessage_V4_post_json/', () => {
	const summary = (extra: Record<string, unknown>) =>
		post(sim, 'SummaryZaloMessage_V4_post_json/', {
			...keys(sim),
			Phone: '0901888484',
			Params: APPOINTMENT_PARAMS,
			TempID: APPOINTMENT_TEMPLATE,
			OAID: SHOP,
			...extra,
		});

	it('answers the price of one message', async () => {
		expect((await summary({})).json).toEqual({ CodeResult: '100', TotalPrice: 300, TotalReceiver: 1 });
		expect(sim.messages()).toHaveLength(0);
	});

	it.each([
		['108 for a bad phone', '108', { Phone: '097469188' }],
		['110 for Params that do not fit', '110', { Params: ['only one'] }],
		['790 for a template under review', '790', { TempID: '2056448' }],
		['101 for bad keys', '101', { SecretKey: 'x' }],
	])('answers %s', async (_name, code, extra) => {
		expect((await summary(extra)).json.CodeResult).toBe(code);
	});
});

describe('SendZaloMessage_V4_post_json/ (one recipient per request)', () => {
	const single = (extra: Record<string, unknown>) =>
		post(sim, 'SendZaloMessage_V4_post_json/', {
			...keys(sim),
			Phone: '0901888484',
			TempID: APPOINTMENT_TEMPLATE,
			OAID: SHOP,
			Params: APPOINTMENT_PARAMS,
			RequestId: uniqueId(),
			...extra,
		});

	it('accepts, stores and charges one message', async () => {
		const reply = await single({});
		expect(reply.json).toEqual({ CodeResult: '100', CountRegenerate: 0, SMSID: expect.stringMatching(/264$/) });
		expect(sim.messages()).toEqual([expect.objectContaining({ smsId: reply.json.SMSID, via: 'single' })]);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(1_000_000_000 - 300);
	});

	it('answers the row codes at the top level', async () => {
		expect((await single({ Phone: '097469188' })).json).toEqual({
			CodeResult: '108',
			CountRegenerate: 0,
			ErrorMessage: 'The phone number 097469188 is not valid.',
		});
		expect((await single({ Phone: '0900000099' })).json.CodeResult).toBe('99');
		expect((await single({ Params: [] })).json.CodeResult).toBe('110');
		expect((await single({ TempID: '2056449' })).json.CodeResult).toBe('790');
	});

	it('answers 124 for a RequestId already used, by either endpoint', async () => {
		const id = uniqueId();
		await sendBulk(sim, [row('0901888484', id)]);
		expect((await single({ RequestId: id })).json.CodeResult).toBe('124');
	});

	it('makes RequestId optional', async () => {
		expect((await single({ RequestId: undefined })).json.CodeResult).toBe('100');
		expect((await single({ RequestId: undefined })).json.CodeResult).toBe('100');
	});

	it('honours Sandbox and the balance', async () => {
		expect((await single({ Sandbox: '1' })).json.CodeResult).toBe('100');
		expect(sim.messages()).toHaveLength(0);
		sim.account(sim.defaultAccount.apiKey)!.balance = 299;
		expect((await single({})).json.CodeResult).toBe('103');
	});
});

describe('GetSendStatus', () => {
	const status = (refId: string, extra: Record<string, string> = {}) => get(sim, 'GetSendStatus', { RefId: refId, ...keys(sim), ...extra });

	it('answers SendStatus 5 with the outcome', async () => {
		const delivered = await status(await sendOne('0901888484'));
		expect(delivered.json).toMatchObject({
			CodeResponse: '100',
			SendStatus: 5,
			SendSuccess: 1,
			SendFailed: 0,
			TotalPrice: 300,
			TotalReceiver: 1,
			TotalSent: 1,
			TypeId: 24,
		});
		const failed = await status(await sendOne('0901888413'));
		expect(failed.json).toMatchObject({ CodeResponse: '100', SendStatus: 5, SendSuccess: 0, SendFailed: 1, TotalPrice: 0 });
	});

	it('answers SendStatus 2 during the pending window, then 5', async () => {
		sim.settings.pendingMs = 60_000;
		const smsId = await sendOne('0901888484');
		expect((await status(smsId)).json).toMatchObject({ SendStatus: 2, SendSuccess: 0, SendFailed: 0 });
		const start = clock.now();
		clock.advance(60_000);
		const later = await status(smsId);
		clock.set(start);
		expect(later.json).toMatchObject({ SendStatus: 5, SendSuccess: 1 });
	});

	it('keeps a scheduled message waiting until its SendDate', async () => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { SendDate: '2026-11-28 10:00:00' });
		const smsId = reply.json.detail[0].SMSID;
		expect((await status(smsId)).json.SendStatus).toBe(2);
		const start = clock.now();
		clock.set(Date.UTC(2026, 10, 28, 3, 0, 0));
		const after = await status(smsId);
		clock.set(start);
		expect(after.json.SendStatus).toBe(5);
	});

	it('answers 105 for an unknown id, an id of another account, or one older than 7 days', async () => {
		expect((await status('nope')).json).toEqual({ CodeResponse: '105', ErrorMessage: expect.any(String) });
		const smsId = await sendOne('0901888484');
		sim.addAccount({ apiKey: 'k3', secretKey: 's3' });
		expect((await status(smsId, { ApiKey: 'k3', SecretKey: 's3' })).json.CodeResponse).toBe('105');
		const start = clock.now();
		clock.advance(8 * 24 * HOUR);
		const old = await status(smsId);
		clock.set(start);
		expect(old.json.CodeResponse).toBe('105');
	});

	it('answers 101 for bad keys', async () => {
		expect((await status('x', { SecretKey: 'bad' })).json.CodeResponse).toBe('101');
	});
});

describe('QueryZnsStatus/', () => {
	const query = (extra: Record<string, unknown>) => post(sim, 'QueryZnsStatus/', { ...keys(sim), SmsType: '24', ...extra });

	it('answers the final status of a delivered and of a failed message', async () => {
		const delivered = await query({ SmsId: await sendOne('0901888484') });
		expect(delivered.json).toEqual({
			CodeResult: '100',
			ErrorMessage: '',
			Data: {
				SMSID: expect.any(String),
				SendStatus: 5,
				SendSuccess: 1,
				SendFailed: 0,
				FinalStatus: '1',
				ErrorInfo: '',
				ZaloMsgId: expect.stringMatching(/^[0-9a-f]{32}$/),
			},
		});
		const failed = await query({ SmsId: await sendOne('0901888413') });
		expect(failed.json.Data).toMatchObject({
			SendStatus: 5,
			SendFailed: 1,
			FinalStatus: '1',
			ErrorInfo: '{"error":-114,"message":"User is inactive"}',
			ZaloMsgId: '',
		});
	});

	it('answers FinalStatus "0" while pending', async () => {
		sim.settings.pendingMs = 1_000;
		const reply = await query({ SmsId: await sendOne('0901888484') });
		expect(reply.json.Data).toMatchObject({ SendStatus: 2, FinalStatus: '0' });
	});

	it('answers 851 without SmsId and 854 for an unknown one', async () => {
		expect((await query({})).json.CodeResult).toBe('851');
		expect((await query({ SmsId: 'unknown264' })).json.CodeResult).toBe('854');
	});
});

describe('ZaloCallback/GetCallback (outside the base URL)', () => {
	const pull = (extra: Record<string, unknown>) => post(sim, sim.callbackApiUrl, { ...keys(sim), OAId: SHOP, ...extra });

	it('answers the stored callbacks of known SMSIDs and leaves unknown ones out', async () => {
		const requestId = uniqueId();
		const reply = await sendBulk(sim, [row('0901888484', requestId), row('0901888413', uniqueId())]);
		const [delivered, failed] = reply.json.detail.map((entry: { SMSID: string }) => entry.SMSID);
		const answer = await pull({ ListRefid: [delivered, 'unknown', failed] });
		expect(answer.json.Code).toBe(100);
		expect(answer.json.Data_callback).toEqual([
			expect.objectContaining({
				SMSID: delivered,
				SendStatus: 5,
				SendSuccess: 1,
				SendFailed: 0,
				RequestId: requestId,
				PhoneNumber: '0901888484',
				ErrorInfo: '',
			}),
			expect.objectContaining({ SMSID: failed, SendSuccess: 0, SendFailed: 1, ErrorInfo: expect.stringContaining('-114') }),
		]);
	});

	it('leaves out messages of another OA', async () => {
		const smsId = await sendOne('0901888484');
		const answer = await pull({ OAId: CLINIC, ListRefid: [smsId] });
		expect(answer.json).toMatchObject({ Code: 100, Data_callback: [] });
	});

	it.each([
		['687 for more than 200 SMSIDs', 687, { ListRefid: Array.from({ length: 201 }, (_, i) => `id${i}`) }],
		['110 for an empty ListRefid', 110, { ListRefid: [] }],
		['110 for a ListRefid that is not a list', 110, { ListRefid: 'abc' }],
		['791 without OAId', 791, { OAId: undefined, ListRefid: ['a'] }],
		['101 for bad keys', 101, { SecretKey: 'x', ListRefid: ['a'] }],
	])('answers Code %s', async (_name, code, extra) => {
		const answer = await pull(extra);
		expect(answer.json).toMatchObject({ Code: code, Message: expect.any(String) });
	});

	it('accepts exactly 200 SMSIDs', async () => {
		const answer = await pull({ ListRefid: Array.from({ length: 200 }, (_, i) => `id${i}`) });
		expect(answer.json.Code).toBe(100);
	});
});

describe("fixtures: 'empty'", () => {
	it('starts with nothing, and builds a world from addAccount, addOa, addTemplate and blockPhone', async () => {
		const empty = await startSimulator({ fixtures: 'empty' });
		try {
			expect((await post(empty, 'GetBalance_json', keys(empty))).json.CodeResponse).toBe('101');
			const account = empty.addAccount({ apiKey: 'k', secretKey: 's', balance: 1_000, pricePerZns: 250 });
			expect(account).toMatchObject({ active: true, ipAllowed: true, oaIds: [], znsTypeId: 24, errorInfoEncoding: 'quoted' });
			empty.addOa('k', { oaId: '100', name: 'Tiny OA' });
			const template = empty.addTemplate('100', {
				tempId: '42',
				name: 'Hello',
				params: [
					{ name: 'name', type: 'type_text' },
					{ name: 'note', type: 'type_text', acceptNull: true },
				],
			});
			expect(template).toMatchObject({ status: 'ENABLE', content: '<name> <note>', params: [{ limit: 30, minLength: 1 }, { minLength: 0 }] });
			empty.blockPhone('84901000009');
			const body = { ApiKey: 'k', SecretKey: 's', OAID: '100', TempID: '42' };
			const reply = await post(empty, 'Send_zns_bulk_v4_post_json', {
				...body,
				Data: [row('0901000001', 'a', ['Lan', '']), row('0901000009', 'b', ['Lan', 'x']), row('0901000013', 'c', ['Lan', 'x'])],
			});
			expect(reply.json.detail.map((entry: { CodeResult: string }) => entry.CodeResult)).toEqual(['100', '99', '100']);
			expect(empty.messages().map((message) => message.outcome.status)).toEqual(['delivered', 'delivered']);
			expect(empty.account('k')!.balance).toBe(500);
			empty.reset();
			expect(empty.account('k')).toBeUndefined();
		} finally {
			await empty.stop();
		}
	});
});

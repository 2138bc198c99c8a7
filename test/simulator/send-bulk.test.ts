import { type EsmsSimulator, startSimulator } from '../../simulator/index';
import {
	APPOINTMENT_PARAMS,
	CLINIC,
	HOUR,
	keys,
	manualClock,
	ORDER_PARAMS,
	ORDER_TEMPLATE,
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

describe('request-level answers', () => {
	const cases: Array<[string, string, Record<string, unknown>]> = [
		['101 for a wrong secret key', '101', { SecretKey: 'wrong' }],
		['101 for missing keys', '101', { ApiKey: undefined, SecretKey: undefined }],
		['791 without OAID', '791', { OAID: undefined }],
		['791 without TempID', '791', { TempID: '' }],
		['204 for an OAID that exists nowhere', '204', { OAID: '1111111111111111111' }],
		['789 for a template of another OA', '789', { TempID: '2056450' }],
		['789 for an unknown template', '789', { TempID: '9999999' }],
		['790 for a PENDING_REVIEW template', '790', { TempID: '2056448' }],
		['790 for a REJECT template', '790', { TempID: '2056449' }],
		['110 without Data', '110', { Data: undefined }],
		['110 for Data that is not an array', '110', { Data: { Phone: '0901888484' } }],
		['110 for empty Data', '110', { Data: [] }],
		['110 for Data rows that are not objects', '110', { Data: ['0901888484'] }],
		['110 for a campaignid over 254 characters', '110', { campaignid: 'c'.repeat(255) }],
		['110 for a SendDate in another format', '110', { SendDate: '27/11/2026 10:00:00' }],
		['110 for an impossible SendDate', '110', { SendDate: '2026-02-30 10:00:00' }],
		['110 for an unknown SendingMode', '110', { SendingMode: '2' }],
		['801 for SendingMode 3 with a SendDate', '801', { SendingMode: '3', SendDate: '2026-12-01 09:00:00' }],
		['802 for SendingMode 3 on an OA that is not allowed', '802', { SendingMode: '3', OAID: CLINIC, TempID: '2056450' }],
	];

	it.each(cases)('%s', async (_name, code, extra) => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], extra);
		expect(reply.status).toBe(200);
		expect(reply.json).toEqual({ CodeResult: code, CountRegenerate: 0, ErrorMessage: expect.any(String) });
		expect(sim.messages()).toHaveLength(0);
	});

	it('answers exactly "Authorize Failed" for bad keys', async () => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { SecretKey: 'nope' });
		expect(reply.json).toEqual({ CodeResult: '101', CountRegenerate: 0, ErrorMessage: 'Authorize Failed' });
	});

	it('answers 789 with "TemplateId is not config"', async () => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { TempID: '123' });
		expect(reply.json.ErrorMessage).toBe('TemplateId is not config');
	});

	it('answers 143 for an inactive account and 140 for a caller IP outside the whitelist', async () => {
		sim.account(sim.defaultAccount.apiKey)!.active = false;
		expect((await sendBulk(sim, [row('0901888484', uniqueId())])).json.CodeResult).toBe('143');
		sim.account(sim.defaultAccount.apiKey)!.active = true;
		sim.account(sim.defaultAccount.apiKey)!.ipAllowed = false;
		expect((await sendBulk(sim, [row('0901888484', uniqueId())])).json.CodeResult).toBe('140');
	});

	it('answers 799 for an OA of another account and for an inactive OA', async () => {
		sim.addAccount({ apiKey: 'other-key', secretKey: 'other-secret' });
		sim.addOa('other-key', { oaId: '5550001112223334445', name: 'Other OA' });
		expect((await sendBulk(sim, [row('0901888484', uniqueId())], { OAID: '5550001112223334445' })).json.CodeResult).toBe(
			'799',
		);
		sim.oa(SHOP)!.active = false;
		expect((await sendBulk(sim, [row('0901888484', uniqueId())])).json.CodeResult).toBe('799');
	});

	it('answers 687 for more than 500 rows and accepts exactly 500', async () => {
		const rows = (count: number) => Array.from({ length: count }, (_, i) => row(`093${String(i).padStart(7, '0')}`, uniqueId()));
		const tooMany = await sendBulk(sim, rows(501));
		expect(tooMany.json.CodeResult).toBe('687');
		const exactly = await sendBulk(sim, rows(500));
		expect(exactly.json.CodeResult).toBe('100');
		expect(exactly.json.TotalSuccess).toBe(500);
	});

	it('accepts SendingMode 3 on the whitelisted OA', async () => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId())], { SendingMode: '3' });
		expect(reply.json.TotalSuccess).toBe(1);
		expect(sim.messages()[0].sendingMode).toBe('3');
	});
});

describe('per-row answers', () => {
	it('judges every row, keeps input order, echoes phones as sent and counts successes and failures', async () => {
		const reply = await sendBulk(sim, [
			row('0901888484', uniqueId()),
			row('097469188', uniqueId()),
			row('84918238965', uniqueId()),
			row('0900000099', uniqueId()),
		]);
		expect(reply.json).toEqual({
			CodeResult: '100',
			Message: 'Sucess',
			TotalSuccess: 2,
			TotalFail: 2,
			detail: [
				{ CodeResult: '100', Phone: '0901888484', SMSID: expect.stringMatching(/^[0-9a-f-]{36}264$/) },
				{ CodeResult: '108', Phone: '097469188', ErrorMessage: 'The phone number 097469188 is not valid.' },
				{ CodeResult: '100', Phone: '84918238965', SMSID: expect.stringMatching(/^[0-9a-f-]{36}264$/) },
				{ CodeResult: '99', Phone: '0900000099', ErrorMessage: expect.any(String) },
			],
		});
	});

	it.each([
		['a number with 11 digits starting 0', '09018884841'],
		['a landline-like prefix', '0241234567'],
		['spaces', '0901 888 484'],
		['a plus sign', '+84901888484'],
		['an empty phone', ''],
	])('answers 108 for %s', async (_name, phone) => {
		const reply = await sendBulk(sim, [row(phone, uniqueId())]);
		expect(reply.json.detail[0]).toMatchObject({ CodeResult: '108', Phone: phone });
	});

	it('treats a blocked phone the same in its 84 form', async () => {
		const reply = await sendBulk(sim, [row('84900000099', uniqueId())]);
		expect(reply.json.detail[0].CodeResult).toBe('99');
	});

	it.each([
		['a missing RequestId', undefined],
		['an empty RequestId', ''],
		['a RequestId over 50 characters', 'r'.repeat(51)],
	])('answers 110 for %s', async (_name, requestId) => {
		const reply = await sendBulk(sim, [row('0901888484', requestId)]);
		expect(reply.json.detail[0].CodeResult).toBe('110');
		expect(reply.json.TotalFail).toBe(1);
	});

	it('accepts a RequestId of exactly 50 characters', async () => {
		const reply = await sendBulk(sim, [row('0901888484', 'r'.repeat(50))]);
		expect(reply.json.detail[0].CodeResult).toBe('100');
	});

	it.each([
		['Params not an array', 'Nguyen Van An'],
		['too few Params', ['Nguyen Van An', 'Dental check-up']],
		['too many Params', [...APPOINTMENT_PARAMS, 'extra']],
		['a Param that is not a string', ['Nguyen Van An', 'Dental check-up', 20261201]],
		['an empty text Param', ['', 'Dental check-up', '01/12/2026']],
		['a text Param over its limit', ['x'.repeat(31), 'Dental check-up', '01/12/2026']],
		['a date in another format', ['Nguyen Van An', 'Dental check-up', '2026-12-01']],
		['an impossible date', ['Nguyen Van An', 'Dental check-up', '31/02/2026']],
	])('answers 110 for %s', async (_name, params) => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId(), params)]);
		expect(reply.json.detail[0]).toMatchObject({ CodeResult: '110', Phone: '0901888484', ErrorMessage: expect.any(String) });
	});

	it('answers 110 for a row without Params', async () => {
		const reply = await sendBulk(sim, [{ Phone: '0901888484', RequestId: uniqueId() }]);
		expect(reply.json.detail[0].CodeResult).toBe('110');
	});

	it('expects one value per DISTINCT variable (customer_name appears twice in the order template)', async () => {
		const template = sim.template(SHOP, ORDER_TEMPLATE)!;
		expect(template.content.match(/<customer_name>/g)).toHaveLength(2);
		const ok = await sendBulk(sim, [row('0901888484', uniqueId(), ORDER_PARAMS)], { TempID: ORDER_TEMPLATE });
		expect(ok.json.detail[0].CodeResult).toBe('100');
		const withRepeat = ['Nguyen Van An', ...ORDER_PARAMS];
		const bad = await sendBulk(sim, [row('0901888485', uniqueId(), withRepeat)], { TempID: ORDER_TEMPLATE });
		expect(bad.json.detail[0].CodeResult).toBe('110');
	});

	it.each([
		['a number with a letter', 2, '45000a'],
		['a number over 12 digits', 2, '1234567890123'],
		['a negative number', 2, '-5'],
		['a URL without a scheme', 4, 'shop.example/track'],
		['a non-web URL', 4, 'ftp://shop.example/track'],
	])('checks types: 110 for %s', async (_name, index, value) => {
		const params = [...ORDER_PARAMS];
		params[index] = value;
		const reply = await sendBulk(sim, [row('0901888484', uniqueId(), params)], { TempID: ORDER_TEMPLATE });
		expect(reply.json.detail[0].CodeResult).toBe('110');
	});

	it('answers 124 for a RequestId repeated inside the same request', async () => {
		const id = uniqueId();
		const reply = await sendBulk(sim, [row('0901888484', id), row('0901888485', id)]);
		expect(reply.json.detail.map((entry: { CodeResult: string }) => entry.CodeResult)).toEqual(['100', '124']);
	});

	it('judges a repeated phone on its own by default', async () => {
		const reply = await sendBulk(sim, [row('0901888484', uniqueId()), row('84901888484', uniqueId())]);
		expect(reply.json.TotalSuccess).toBe(2);
		expect(reply.json.detail).toHaveLength(2);
	});

	it('can reject or collapse repeated phones through the account setting', async () => {
		const account = sim.account(sim.defaultAccount.apiKey)!;
		account.duplicatePhones = 'reject-repeats';
		const rejected = await sendBulk(sim, [row('0901888484', uniqueId()), row('84901888484', uniqueId())]);
		expect(rejected.json.detail.map((entry: { CodeResult: string }) => entry.CodeResult)).toEqual(['100', '110']);
		account.duplicatePhones = 'collapse';
		const collapsed = await sendBulk(sim, [row('0901888486', uniqueId()), row('0901888486', uniqueId())]);
		expect(collapsed.json).toMatchObject({ TotalSuccess: 1, TotalFail: 0 });
		expect(collapsed.json.detail).toHaveLength(1);
	});
});

describe('the 24 h RequestId window (per account, on the injected clock)', () => {
	it('answers 124 for a RequestId seen 23 h ago and 100 for one seen 25 h ago', async () => {
		const start = clock.now();
		const id = uniqueId();
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
		clock.set(start + 23 * HOUR);
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('124');
		clock.set(start + 25 * HOUR);
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
		clock.set(start + 26 * HOUR);
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('124');
		clock.set(start);
	});

	it('does not share RequestIds between accounts', async () => {
		const other = sim.addAccount({ apiKey: 'second-key', secretKey: 'second-secret' });
		sim.addOa(other.apiKey, { oaId: SHOP, name: 'eSMS Demo Shop' });
		const id = uniqueId();
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
		const fromOther = await sendBulk(sim, [row('0901888484', id)], { ApiKey: other.apiKey, SecretKey: other.secretKey });
		expect(fromOther.json.detail[0].CodeResult).toBe('100');
	});

	it('does not record the RequestId of a rejected row', async () => {
		const id = uniqueId();
		expect((await sendBulk(sim, [row('097469188', id)])).json.detail[0].CodeResult).toBe('108');
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
	});

	it('forgets everything on reset()', async () => {
		const id = uniqueId();
		await sendBulk(sim, [row('0901888484', id)]);
		sim.reset();
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
	});
});

describe('sandbox', () => {
	it('answers 100 with an SMSID but stores, charges and records nothing', async () => {
		const id = uniqueId();
		const balance = sim.account(sim.defaultAccount.apiKey)!.balance;
		const reply = await sendBulk(sim, [row('0901888484', id), row('097469188', uniqueId())], { Sandbox: '1' });
		expect(reply.json).toMatchObject({ CodeResult: '100', TotalSuccess: 1, TotalFail: 1 });
		expect(reply.json.detail[0].SMSID).toMatch(/264$/);
		expect(sim.messages()).toHaveLength(0);
		expect(sim.account(sim.defaultAccount.apiKey)!.balance).toBe(balance);
		expect((await sendBulk(sim, [row('0901888484', id)])).json.detail[0].CodeResult).toBe('100');
	});

	it('still checks keys and template configuration', async () => {
		expect((await sendBulk(sim, [row('0901888484', uniqueId())], { Sandbox: '1', SecretKey: 'x' })).json.CodeResult).toBe('101');
		expect((await sendBulk(sim, [row('0901888484', uniqueId())], { Sandbox: '1', TempID: '2056448' })).json.CodeResult).toBe(
			'790',
		);
	});

	it('answers 124 for a RequestId already used by a real send', async () => {
		const id = uniqueId();
		await sendBulk(sim, [row('0901888484', id)]);
		expect((await sendBulk(sim, [row('0901888484', id)], { Sandbox: '1' })).json.detail[0].CodeResult).toBe('124');
	});

	it('does not check the balance', async () => {
		sim.account(sim.defaultAccount.apiKey)!.balance = 0;
		expect((await sendBulk(sim, [row('0901888484', uniqueId())], { Sandbox: '1' })).json.TotalSuccess).toBe(1);
	});
});

describe('balance', () => {
	it('charges the price per delivered message and nothing for a failed delivery', async () => {
		const account = sim.account(sim.defaultAccount.apiKey)!;
		expect(account.balance).toBe(1_000_000_000);
		await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888485', uniqueId()), row('0901888413', uniqueId())]);
		expect(account.balance).toBe(1_000_000_000 - 600);
		expect(sim.messages().map((message) => message.price)).toEqual([300, 300, 0]);
	});

	it('answers 103 when the balance cannot pay for every row that would be accepted', async () => {
		const account = sim.account(sim.defaultAccount.apiKey)!;
		account.balance = 599;
		const reply = await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888485', uniqueId()), row('097469188', uniqueId())]);
		expect(reply.json).toEqual({ CodeResult: '103', CountRegenerate: 0, ErrorMessage: expect.any(String) });
		expect(sim.messages()).toHaveLength(0);
		account.balance = 600;
		const paid = await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888485', uniqueId()), row('097469188', uniqueId())]);
		expect(paid.json.TotalSuccess).toBe(2);
		expect(account.balance).toBe(0);
	});
});

describe('stored messages', () => {
	it('stores every accepted row with its details', async () => {
		const id = uniqueId();
		const reply = await sendBulk(sim, [row('84901888484', id)], {
			campaignid: 'November reminders',
			SendDate: '2026-12-01 09:00:00',
			CallbackUrl: '',
		});
		const [message] = sim.messages();
		expect(message).toMatchObject({
			smsId: reply.json.detail[0].SMSID,
			requestId: id,
			phone: '84901888484',
			normalizedPhone: '0901888484',
			oaId: SHOP,
			tempId: '2056447',
			params: APPOINTMENT_PARAMS,
			campaignId: 'November reminders',
			sendDate: '2026-12-01 09:00:00',
			callbackUrl: undefined,
			typeId: 24,
			telcoId: 2,
			price: 300,
			outcome: { status: 'delivered' },
			status: 'pending',
			acceptedAt: clock.now(),
			via: 'bulk',
		});
		expect(message.finalAt).toBe(Date.UTC(2026, 11, 1, 2, 0, 0));
	});

	it('decides delivery from the fixture rule and setDeliveryOutcome', async () => {
		sim.setDeliveryOutcome('84901888400', { status: 'failed', errorCode: -118, errorMessage: 'Quota exceeded' });
		await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888413', uniqueId()), row('0901888414', uniqueId()), row('0901888400', uniqueId())]);
		expect(sim.messages().map((message) => message.outcome)).toEqual([
			{ status: 'delivered' },
			{ status: 'failed', errorCode: -114, errorMessage: 'User is inactive' },
			{ status: 'failed', errorCode: -108, errorMessage: 'Phone number is invalid' },
			{ status: 'failed', errorCode: -118, errorMessage: 'Quota exceeded' },
		]);
		expect(sim.messages().map((message) => message.status)).toEqual(['delivered', 'failed', 'failed', 'failed']);
	});

	it('fails delivery with -144 once the OA is over its daily quota, unless SendingMode is 3', async () => {
		sim.oa(SHOP)!.dailyQuota = 1;
		await sendBulk(sim, [row('0901888484', uniqueId()), row('0901888485', uniqueId())]);
		await sendBulk(sim, [row('0901888486', uniqueId())], { SendingMode: '3' });
		expect(sim.messages().map((message) => message.outcome.status)).toEqual(['delivered', 'failed', 'delivered']);
		expect(sim.messages()[1].outcome).toMatchObject({ errorCode: -144 });
	});

	it('records the requests, and sendRequests() keeps only bulk sends', async () => {
		await sendBulk(sim, [row('0901888484', uniqueId())]);
		await fetch(`${sim.baseUrl}/GetBalance_json`, { method: 'POST', body: JSON.stringify(keys(sim)) });
		expect(sim.requests.map((request) => request.path)).toEqual([
			'/MainService.svc/json/Send_zns_bulk_v4_post_json/',
			'/MainService.svc/json/GetBalance_json',
		]);
		const [send] = sim.sendRequests();
		expect(send).toMatchObject({ method: 'POST', query: {}, faults: [], receivedAt: clock.now() });
		expect((send.body as { OAID: string }).OAID).toBe(SHOP);
		expect(JSON.parse(send.rawBody)).toEqual(send.body);
		expect(send.headers['content-type']).toBe('application/json');
		sim.clearRequests();
		expect(sim.requests).toHaveLength(0);
	});
});

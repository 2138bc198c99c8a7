import { EsmsZnsTrigger as EsmsTrigger } from '../../../nodes/EsmsZnsTrigger/EsmsZnsTrigger.node';
import { sendHttp, startWebhookHarness, type WebhookHarness } from '../../helpers/webhookHarness';

const NODE_ID = '6f0c8a52-3d1e-4b7a-9c2f-51e8d4a7b390';
const WEBHOOK_ID = 'c2d9e0f4-7a61-4e3b-8f25-0b4a6d19e7c8';

/** eSMS's documented sample callback (docs/esms-api.md), verbatim: a ZNS that failed with Zalo error -114. */
const SAMPLE_FAILED_QUERY =
	'SMSID=f66545d2-c7e2-4603-984e-d2238c363c8292&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&TotalReceiver=1&TotalSent=0&RequestId=&TypeId=25&telcoid=2&phonenumber=0901888484&partnerids=&error_info=%22%7B%5C%22error%5C%22%3A-114%2C%5C%22message%5C%22%3A%5C%22User%20is%20inactive%5C%22%7D%22&oaid=1397492183140006179&tempid=2056446';

/** error_info as eSMS sends it in the wild (developers.esms.vn/esms-api/callback-url samples). */
const ERROR_INFO = {
	quoted:
		'%22%7B%5C%22error%5C%22%3A-114%2C%5C%22message%5C%22%3A%5C%22User%20is%20inactive%5C%22%7D%22',
	doubleEncoded:
		'%257B%2522error%2522%3A-108%2C%2522message%2522%3A%2522Phone%2520number%2520is%2520invalid%2522%257D____24%2F04%2F2024%252016%3A58%3A01',
	plain: '{%22error%22%3A-118%2C%22message%22%3A%22Zalo%20account%20not%20existed%22}',
	dotnet:
		'%7B%22error%22%3A-124%2C%22message%22%3A%22Access%20token%20is%20invalid%22%7DObject%20reference%20not%20set%20to%20an%20instance%20of%20an%20object.',
	deliveredSuccess:
		'%257B%2522data%2522%3A%257B%2522message_id%2522%3A%2522e1a60e8890be9de4c4ab%2522%257D%2C%2522error%2522%3A0%2C%2522message%2522%3A%2522Success%2522%257D____24%2F04%2F2024%252016%3A58%3A01',
};

function failedQuery(smsId: string, errorInfo: string): string {
	return `SMSID=${smsId}&SendFailed=1&SendStatus=5&SendSuccess=0&TotalPrice=0.0000&RequestId=r-${smsId}&TypeId=25&telcoid=1&phonenumber=0912345678&partnerids=&error_info=${errorInfo}&oaid=1397492183140006179&tempid=2056446`;
}

const DELIVERED_QUERY = `SMSID=d-1&SendFailed=0&SendStatus=5&SendSuccess=1&TotalPrice=220.0000&TotalReceiver=1&TotalSent=1&RequestId=order-7&TypeId=24&telcoid=3&phonenumber=0987654321&partnerids=e1a60e8890be9de4c4ab&error_info=${ERROR_INFO.deliveredSuccess}&oaid=4097311281936189049&tempid=228386`;

async function startTrigger(parameters: Record<string, unknown> = {}, test = false): Promise<WebhookHarness> {
	return await startWebhookHarness({
		nodeType: new EsmsTrigger(),
		nodeId: NODE_ID,
		webhookId: WEBHOOK_ID,
		parameters: parameters as never,
		test,
	});
}

describe('eSMS Trigger over HTTP', () => {
	let harness: WebhookHarness;

	beforeEach(async () => {
		harness = await startTrigger();
	});

	afterEach(async () => {
		await harness.close();
	});

	it('shows a production URL that ends with the secret, which defaults to the node ID', () => {
		expect(harness.shownUrl()).toBe(`${harness.baseUrl}/webhook/${WEBHOOK_ID}/${NODE_ID}`);
	});

	it('serves the right secret from its static path and every other request from the catch-alls', async () => {
		await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);
		await sendHttp(`${harness.url(`${WEBHOOK_ID}/wrong-secret-wrong-secret`)}?${DELIVERED_QUERY}`);
		await sendHttp(`${harness.url(WEBHOOK_ID)}?${DELIVERED_QUERY}`);
		await sendHttp(`${harness.url(`${WEBHOOK_ID}/${NODE_ID}/extra`)}?${DELIVERED_QUERY}`);

		expect(harness.exchanges.map(({ webhookPath, params, status }) => ({ webhookPath, params, status }))).toEqual([
			{ webhookPath: `${WEBHOOK_ID}/${NODE_ID}`, params: {}, status: 200 },
			{ webhookPath: ':token', params: { token: 'wrong-secret-wrong-secret' }, status: 403 },
			{ webhookPath: WEBHOOK_ID, params: {}, status: 403 },
			{ webhookPath: null, params: {}, status: 404 },
		]);
		expect(harness.items()).toHaveLength(1);
	});

	it('answers the §4 sample GET with 200 and emits one failed (-114) report, keeping the raw fields', async () => {
		const before = Date.now();
		const response = await sendHttp(`${harness.shownUrl()}?${SAMPLE_FAILED_QUERY}`);

		expect(response.status).toBe(200);
		expect(response.text).toBe('OK');
		const [item] = harness.items();
		expect(harness.items()).toHaveLength(1);
		expect(item).toMatchObject({
			smsId: 'f66545d2-c7e2-4603-984e-d2238c363c8292',
			requestId: null,
			phone: '0901888484',
			status: 'failed',
			sendStatus: 'finished',
			telco: 'Mobifone',
			type: 'zns_normal',
			oaId: '1397492183140006179',
			templateId: '2056446',
			zaloMessageId: null,
			price: 0,
			deliveryError: {
				code: -114,
				message: 'User is inactive',
				raw: '"{\\"error\\":-114,\\"message\\":\\"User is inactive\\"}"',
			},
		});
		expect(Date.parse(item.receivedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		expect(item.raw).toEqual(Object.fromEntries(new URLSearchParams(SAMPLE_FAILED_QUERY)));
	});

	it('reads every error_info encoding eSMS sends', async () => {
		for (const [name, errorInfo] of Object.entries(ERROR_INFO).filter(([key]) => key !== 'deliveredSuccess')) {
			const response = await sendHttp(`${harness.shownUrl()}?${failedQuery(name, errorInfo)}`);
			expect(response.status).toBe(200);
		}

		const byId = Object.fromEntries(harness.items().map((item) => [item.smsId, item]));
		expect(byId.quoted).toMatchObject({ status: 'failed', deliveryError: { code: -114, message: 'User is inactive' } });
		expect(byId.doubleEncoded).toMatchObject({
			status: 'failed',
			deliveryError: { code: -108, message: 'Phone number is invalid' },
		});
		expect(byId.plain).toMatchObject({ status: 'failed', deliveryError: { code: -118, message: 'Zalo account not existed' } });
		expect(byId.dotnet).toMatchObject({ status: 'failed', deliveryError: { code: -124, message: 'Access token is invalid' } });
		expect(harness.items().every((item) => item.telco === 'Viettel' && item.type === 'zns_normal')).toBe(true);
	});

	it('emits a delivered report without an error', async () => {
		const response = await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);

		expect(response.status).toBe(200);
		expect(harness.items()).toEqual([
			expect.objectContaining({
				smsId: 'd-1',
				requestId: 'order-7',
				phone: '0987654321',
				status: 'delivered',
				telco: 'Vinaphone',
				type: 'zns_priority',
				zaloMessageId: 'e1a60e8890be9de4c4ab',
				price: 220,
				deliveryError: null,
			}),
		]);
	});

	it('accepts a POST with a form body', async () => {
		const response = await sendHttp(harness.shownUrl(), {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: SAMPLE_FAILED_QUERY,
		});

		expect(response.status).toBe(200);
		expect(harness.items()).toEqual([
			expect.objectContaining({ status: 'failed', phone: '0901888484', deliveryError: expect.objectContaining({ code: -114 }) }),
		]);
	});

	it('accepts a POST with a JSON body, one report or several', async () => {
		const report = {
			SMSID: 'j-1',
			SendStatus: 5,
			SendSuccess: 1,
			SendFailed: 0,
			TypeId: 24,
			Telcoid: 2,
			PhoneNumber: '0901888484',
			ErrorInfo: '{"error":0,"message":"Success"}',
		};
		const one = await sendHttp(harness.shownUrl(), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(report),
		});
		const several = await sendHttp(harness.shownUrl(), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify([
				{ ...report, SMSID: 'j-2' },
				{ ...report, SMSID: 'j-3', SendSuccess: 0, SendFailed: 1, ErrorInfo: { error: -114, message: 'User is inactive' } },
			]),
		});

		expect([one.status, several.status]).toEqual([200, 200]);
		expect(harness.items().map((item) => [item.smsId, item.status, item.telco])).toEqual([
			['j-1', 'delivered', 'Mobifone'],
			['j-2', 'delivered', 'Mobifone'],
			['j-3', 'failed', 'Mobifone'],
		]);
		expect(harness.exchanges.map((exchange) => exchange.items?.length)).toEqual([1, 2]);
	});

	it.each([
		['a wrong secret', () => `${harness.url(`${WEBHOOK_ID}/not-the-secret-at-all`)}?${SAMPLE_FAILED_QUERY}`],
		['a secret that differs in case', () => `${harness.url(`${WEBHOOK_ID}/${NODE_ID.toUpperCase()}`)}?${SAMPLE_FAILED_QUERY}`],
		['no secret', () => `${harness.url(WEBHOOK_ID)}?${SAMPLE_FAILED_QUERY}`],
		['no secret and a trailing slash', () => `${harness.url(WEBHOOK_ID)}/?${SAMPLE_FAILED_QUERY}`],
		['the secret only in the query', () => `${harness.url(WEBHOOK_ID)}?token=${NODE_ID}&${SAMPLE_FAILED_QUERY}`],
	])('answers a GET with %s 403 and emits nothing', async (_case, url) => {
		const response = await sendHttp(url());

		expect(response.status).toBe(403);
		expect(response.json()).toEqual({ message: 'Forbidden' });
		expect(harness.items()).toEqual([]);
		expect(harness.exchanges[0].error).toBeNull();
	});

	it('answers a POST with a wrong secret 403 and emits nothing', async () => {
		const response = await sendHttp(harness.url(`${WEBHOOK_ID}/wrong-secret-wrong-secret`), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ SMSID: 'x', SendStatus: 5, SendSuccess: 1 }),
		});

		expect(response.status).toBe(403);
		expect(harness.items()).toEqual([]);
	});

	it('answers 200 and emits nothing for a request without any field', async () => {
		const response = await sendHttp(harness.shownUrl());

		expect(response.status).toBe(200);
		expect(response.text).toBe('OK');
		expect(harness.items()).toEqual([]);
	});

	it('restores SMSID when eSMS appended its query with a second "?"', async () => {
		const response = await sendHttp(`${harness.shownUrl()}?campaign=spring?${DELIVERED_QUERY}`);

		expect(response.status).toBe(200);
		expect(harness.items()).toEqual([
			expect.objectContaining({
				smsId: 'd-1',
				status: 'delivered',
				raw: expect.objectContaining({ campaign: 'spring', SMSID: 'd-1' }),
			}),
		]);
	});

	it('lets the next callback wait for its items without polling', async () => {
		const waiting = harness.waitForItems(2);
		await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);
		await sendHttp(`${harness.shownUrl()}?${SAMPLE_FAILED_QUERY}`);

		expect((await waiting).map((item) => item.status)).toEqual(['delivered', 'failed']);
	});
});

describe('eSMS Trigger filters', () => {
	let harness: WebhookHarness | undefined;

	afterEach(async () => {
		await harness?.close();
		harness = undefined;
	});

	it('keeps only the chosen statuses; the others still get 200', async () => {
		harness = await startTrigger({ options: { statuses: ['delivered'] } });

		const failed = await sendHttp(`${harness.shownUrl()}?${SAMPLE_FAILED_QUERY}`);
		const delivered = await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);

		expect([failed.status, delivered.status]).toEqual([200, 200]);
		expect([failed.text, delivered.text]).toEqual(['OK', 'OK']);
		expect(harness.items().map((item) => item.smsId)).toEqual(['d-1']);
		expect(harness.exchanges.map((exchange) => exchange.items)).toEqual([null, [expect.anything()]]);
	});

	it('keeps only the chosen message types', async () => {
		harness = await startTrigger({ options: { messageTypes: ['zns_normal', 'other'] } });

		await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`); // TypeId 24
		await sendHttp(`${harness.shownUrl()}?${SAMPLE_FAILED_QUERY}`); // TypeId 25
		await sendHttp(`${harness.shownUrl()}?SMSID=t-27&SendStatus=5&SendSuccess=1&TypeId=27`);

		expect(harness.items().map((item) => item.smsId)).toEqual(['f66545d2-c7e2-4603-984e-d2238c363c8292', 't-27']);
		expect(harness.exchanges.map((exchange) => exchange.status)).toEqual([200, 200, 200]);
	});

	it('combines both filters', async () => {
		harness = await startTrigger({ options: { statuses: ['failed'], messageTypes: ['zns_priority'] } });

		await sendHttp(`${harness.shownUrl()}?${SAMPLE_FAILED_QUERY}`); // failed, zns_normal
		await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`); // delivered, zns_priority

		expect(harness.items()).toEqual([]);
	});
});

describe('eSMS Trigger secret', () => {
	it('uses a secret the user typed, and refuses the node ID then', async () => {
		const secret = 'my-own-random-secret_0123456789';
		const harness = await startTrigger({ callbackPath: secret });
		try {
			expect(harness.shownUrl()).toBe(`${harness.baseUrl}/webhook/${WEBHOOK_ID}/${secret}`);

			const right = await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);
			const old = await sendHttp(`${harness.url(`${WEBHOOK_ID}/${NODE_ID}`)}?${DELIVERED_QUERY}`);

			expect([right.status, old.status]).toEqual([200, 403]);
			expect(harness.items()).toHaveLength(1);
			expect(JSON.stringify(harness.items())).not.toContain(secret);
		} finally {
			await harness.close();
		}
	});

	it.each([
		['too short', 'short-secret', /at least 16/],
		['with a slash', 'abcdefgh/ijklmnopq', /only contain/],
		['empty', '', /empty/],
	])('refuses to activate with a secret that is %s', async (_case, secret, message) => {
		await expect(startTrigger({ callbackPath: secret })).rejects.toThrow(message);
	});

	it('serves the test URL the same way', async () => {
		const harness = await startTrigger({}, true);
		try {
			expect(harness.shownUrl()).toBe(`${harness.baseUrl}/webhook-test/${WEBHOOK_ID}/${NODE_ID}`);
			const right = await sendHttp(`${harness.shownUrl()}?${DELIVERED_QUERY}`);
			const wrong = await sendHttp(`${harness.url(`${WEBHOOK_ID}/guess-guess-guess-guess`)}?${DELIVERED_QUERY}`);

			expect([right.status, wrong.status]).toEqual([200, 403]);
			expect(harness.items()).toHaveLength(1);
		} finally {
			await harness.close();
		}
	});
});

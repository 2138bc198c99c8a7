/** The typed eSMS client against the simulator over real HTTP, through n8n-core's own request helper. */
import { EsmsCallError, settle, toNodeError } from '../../../../nodes/EsmsZns/client/callErrors';
import { EsmsClient, ZNS_TYPES } from '../../../../nodes/EsmsZns/client/client';
import { loadOptionsContext } from '../../../helpers/engine';
import { REMINDER_TEMPLATE, SHOP_OA, credentialsFor, useSimulator } from '../../../helpers/send';

const simulator = useSimulator();

async function clientFor(keys: Partial<{ apiKey: string; secretKey: string }> = {}) {
	const sim = simulator();
	const credentials = credentialsFor(sim, keys);
	credentials.esmsApi = { ...credentials.esmsApi, reportsUrl: sim.origin } as typeof credentials.esmsApi;
	return { sim, client: await EsmsClient.of(loadOptionsContext({}, credentials)) };
}

describe('EsmsClient: one method per endpoint', () => {
	test('getBalance, listOas, getQuota', async () => {
		const { client } = await clientFor();
		expect(await client.getBalance()).toEqual({ balance: 1_000_000_000, userId: 9999 });
		expect(await client.listOas()).toEqual(expect.arrayContaining([{ oaId: SHOP_OA, name: 'eSMS Demo Shop' }]));
		expect(await client.getQuota(SHOP_OA)).toMatchObject({ remainingQuota: expect.any(Number), dailyQuota: expect.any(Number) });
	});

	test('listTemplates per ZNS type, getTemplateInfo, estimateCost', async () => {
		const { client } = await clientFor();
		const all = (await Promise.all(ZNS_TYPES.map(async (type) => await client.listTemplates(SHOP_OA, type)))).flat();
		expect(all.map((template) => String(template.TempId))).toContain(REMINDER_TEMPLATE);
		expect(await client.getTemplateInfo(SHOP_OA, REMINDER_TEMPLATE)).toMatchObject({ Error: 0, Data: { Status: 'ENABLE' } });
		const price = await client.estimateCost({ oaId: SHOP_OA, templateId: REMINDER_TEMPLATE, phone: '0901888484', params: ['An', 'Haircut', '01/12/2026'] });
		expect(price).toEqual({ totalPrice: 300, totalReceiver: 1 });
	});

	test('sendZnsBulk hands back the reply, typed; queryZnsStatus and getCallbacks find the message', async () => {
		const { sim, client } = await clientFor();
		const request = { oaId: SHOP_OA, templateId: REMINDER_TEMPLATE, sendAt: null, campaign: 'c1', callbackUrl: null, sandbox: false, overQuota: false };
		const answer = await client.sendZnsBulk(request, [{ phone: '0901888484', requestId: 'client-test-1', params: ['An', 'Haircut', '01/12/2026'] }]);
		expect(answer).toMatchObject({ ok: true, attempts: 1, reply: { code: '100', rows: [{ code: '100', phoneKey: '0901888484' }] } });
		expect(sim.sendRequests()[0].body).toMatchObject({ OAID: SHOP_OA, TempID: REMINDER_TEMPLATE, campaignid: 'c1', Data: [{ Phone: '0901888484', RequestId: 'client-test-1' }] });
		const [message] = sim.messages();
		expect(await client.queryZnsStatus(message.smsId, '24')).toMatchObject({ CodeResult: '100', Data: { SMSID: message.smsId } });
		expect((await client.getCallbacks(SHOP_OA, [message.smsId])).map((report) => report.SMSID)).toEqual([message.smsId]);
	});

	test('the keys go into every request, never into a header', async () => {
		const { sim, client } = await clientFor();
		await client.getBalance();
		await client.getTemplateInfo(SHOP_OA, REMINDER_TEMPLATE);
		const [post, get] = sim.requests;
		expect(post.body).toMatchObject({ ApiKey: 'sim-api-key', SecretKey: 'sim-secret-key' });
		expect(get.query).toMatchObject({ ApiKey: 'sim-api-key', SecretKey: 'sim-secret-key' });
		expect(JSON.stringify([post.headers, get.headers])).not.toContain('sim-secret-key');
	});
});

describe('EsmsClient: result codes checked in one place', () => {
	test.each([
		['getBalance (CodeResponse)', async (client: EsmsClient) => await client.getBalance(), 'Get balance failed: Wrong API Key or Secret Key (eSMS: Authorize Failed) (eSMS code 101)'],
		['listOas (CodeResult)', async (client: EsmsClient) => await client.listOas(), 'Get Zalo OAs failed: Wrong API Key or Secret Key (eSMS: Authorize Failed) (eSMS code 101)'],
	])('%s: a wrong key is an EsmsCallError with the meaning and the code, never the key', async (_name, call, message) => {
		const { client } = await clientFor({ secretKey: 'wrong-secret' });
		const settled = await settle(async () => await call(client));
		expect(!settled.ok && settled.why).toBeInstanceOf(EsmsCallError);
		const error = (settled as { why: EsmsCallError }).why;
		expect(error).toMatchObject({ message, code: '101', reason: 'Wrong API Key or Secret Key' });
		expect(JSON.stringify(error)).not.toContain('wrong-secret');
	});

	test('GetZnsTemplateInfo names its code field Error: a non-zero one is a failure with eSMS\'s message', async () => {
		const { client } = await clientFor();
		const settled = await settle(async () => await client.getTemplateInfo(SHOP_OA, '999'));
		expect((settled as { why: EsmsCallError }).why.message).toBe('Get template 999 failed: TemplateId is not config (eSMS code 789)');
	});

	test('an unreachable eSMS is a failure in words; toNodeError makes it a NodeApiError for the item', async () => {
		const sim = simulator();
		const context = loadOptionsContext({}, { esmsApi: { ...sim.defaultAccount, baseUrl: 'http://127.0.0.1:9/MainService.svc/json' } });
		const client = await EsmsClient.of(context, { retries: 0, firstDelayMs: 1, timeoutMs: 5000 });
		const settled = await settle(async () => await client.getBalance());
		const error = (settled as { why: EsmsCallError }).why;
		expect(error.message).toBe('Get balance failed: Could not reach eSMS: the connection was refused');
		const nodeError = toNodeError(context, error, 3) as Error & { context?: { itemIndex?: number } };
		expect(nodeError.name).toBe('NodeApiError');
		expect(nodeError.message).toBe('Get balance failed: Could not reach eSMS: the connection was refused');
	});
});

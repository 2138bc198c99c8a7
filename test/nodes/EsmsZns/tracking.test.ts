/**
 * Send → eSMS → delivery callback → eSMS Trigger, all over real HTTP: the send node runs in
 * n8n's engine against the simulator, whose callbacks reach the trigger's own webhook handler.
 */
import { EsmsZnsTrigger as EsmsTrigger } from '../../../nodes/EsmsZnsTrigger/EsmsZnsTrigger.node';
import { makeCustomers } from '../../helpers/customers';
import { runSend, useSimulator } from '../../helpers/send';
import { startWebhookHarness, type WebhookHarness } from '../../helpers/webhookHarness';

const simulator = useSimulator();
let trigger: WebhookHarness;

beforeEach(async () => {
	trigger = await startWebhookHarness({ nodeType: new EsmsTrigger() });
});
afterEach(async () => await trigger.close());

async function sendWithCallback(count: number) {
	const sim = simulator();
	// The simulator fails delivery to phones ending in 13 (Zalo -114) and delivers to the rest here.
	const customers = makeCustomers(count).map((customer, index) => ({ ...customer, phone: `09012345${10 + index * 3}` }));
	customers[1].phone = '0901234513';
	const { outputs, error } = await runSend(sim, customers, { options: { callbackUrl: trigger.shownUrl() } });
	expect(error).toBeUndefined();
	await sim.callbacksIdle();
	return { sent: outputs[0].map((item) => item.json), reports: await trigger.waitForItems(count) };
}

test('every accepted message comes back as one delivery item with its status', async () => {
	const { sent, reports } = await sendWithCallback(5);
	expect(reports).toHaveLength(5);
	const reportOf = new Map(reports.map((report) => [report.requestId, report]));
	expect(reportOf.get(sent[1].requestId)).toMatchObject({
		smsId: sent[1].smsId,
		phone: '0901234513',
		status: 'failed',
		deliveryError: { code: -114, message: 'User is inactive' },
	});
	for (const item of sent.filter((_item, index) => index !== 1)) {
		expect(reportOf.get(item.requestId)).toMatchObject({ smsId: item.smsId, status: 'delivered', deliveryError: null, telco: expect.any(String) });
	}
});

test.each(['quoted', 'double-encoded', 'plain', 'dotnet'] as const)('error_info encoded %s is parsed', async (encoding) => {
	simulator().faults.add({ kind: 'error-info-encoding', encoding });
	const { reports } = await sendWithCallback(2);
	const failed = reports.find((report) => report.status === 'failed');
	expect(failed?.deliveryError).toMatchObject({ code: -114, message: 'User is inactive' });
	expect(typeof (failed?.deliveryError as { raw: string }).raw).toBe('string');
});

test('a callback URL without the secret is refused and starts nothing', async () => {
	const sim = simulator();
	const wrongUrl = trigger.shownUrl().replace(/[^/]+$/, 'not-the-secret-but-long-enough');
	await runSend(sim, makeCustomers(2), { options: { callbackUrl: wrongUrl } });
	await sim.callbacksIdle();
	expect(trigger.items()).toHaveLength(0);
	expect(sim.callbackAttempts.length).toBeGreaterThan(0);
	expect(trigger.exchanges.every((exchange) => exchange.status === 403)).toBe(true);
});

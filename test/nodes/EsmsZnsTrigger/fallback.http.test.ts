/**
 * The trigger names what a ZNS with SMS fallback produces: the simulator sends the failed ZNS's
 * callback, then the SMS's, to the trigger's URL; each item says its channel and that it is part
 * of a fallback.
 */
import { EsmsZnsTrigger as EsmsTrigger } from '../../../nodes/EsmsZnsTrigger/EsmsZnsTrigger.node';
import { makeCustomers } from '../../helpers/customers';
import { locator, runSend, useSimulator } from '../../helpers/send';
import { startWebhookHarness } from '../../helpers/webhookHarness';

const simulator = useSimulator();

test('a fallback\'s two callbacks: the failed ZNS, then the SMS that replaced it', async () => {
	const harness = await startWebhookHarness({
		nodeType: new EsmsTrigger(),
		nodeId: '7a0c8a52-3d1e-4b7a-9c2f-51e8d4a7b391',
		webhookId: 'd2d9e0f4-7a61-4e3b-8f25-0b4a6d19e7c9',
		parameters: {} as never,
	});
	try {
		const sim = simulator();
		const [customer] = makeCustomers(1);
		sim.setHasZalo(customer.phone, false);
		const { outputs } = await runSend(sim, [customer], {
			smsFallback: true,
			brandname: locator('SIMCLINIC'),
			smsText: '=Xin chao {{ $json.name }}',
			options: { callbackUrl: harness.shownUrl() },
		});
		expect(outputs[0][0].json.status).toBe('accepted');
		await harness.waitForItems(2);
		const [zns, sms] = harness.items();
		expect(zns).toMatchObject({ channel: 'zns', fallback: true, status: 'failed', phone: customer.phone });
		expect(sms).toMatchObject({ channel: 'sms', fallback: true, status: 'delivered', phone: customer.phone });
		expect(String(sms.requestId)).toMatch(/^smf-/);
	} finally {
		await harness.close();
	}
});

/** Campaign Report › Build against the simulator: from a real Send's output to one report item with its HTML page. */
import { makeCustomers } from '../../../../helpers/customers';
import { runNode } from '../../../../helpers/engine';
import { credentialsFor, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();

async function buildReport(sim: ReturnType<typeof simulator>, items: object[], parameters: Record<string, unknown> = {}) {
	return await runNode({ node: { parameters: { resource: 'campaignReport', operation: 'build', ...parameters } as never }, items: items as never, credentials: credentialsFor(sim) });
}

describe('Campaign Report › Build', () => {
	test('a Send of 6 (one invalid, one delivery failing): one item with the counts, the reason, the cost, and an HTML page', async () => {
		const sim = simulator();
		const customers = makeCustomers(6);
		customers[4].phone = '12345';
		for (const customer of customers) sim.setDeliveryOutcome(customer.phone, { status: 'delivered' });
		sim.setDeliveryOutcome(customers[1].phone, { status: 'failed', errorCode: -118, errorMessage: 'Zalo account does not exist' });
		const sent = await runSend(sim, customers, { options: { campaign: 'Tết 2027' } }, { onError: 'continueRegularOutput' });
		const { outputs, error } = await buildReport(sim, sent.outputs[0].map((item) => item.json));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		const [report] = outputs[0];
		expect(report.json).toMatchObject({
			recipients: 6,
			sent: 5,
			accepted: 5,
			delivered: 4,
			failed: { total: 1, byReason: { 'Zalo account does not exist': 1 } },
			pending: 0,
			notSent: { invalid: 1 },
			campaigns: ['Tết 2027'],
		});
		expect(typeof report.json.cost).toBe('number');
		expect(report.pairedItem).toEqual(customers.map((_c, item) => ({ item })));
		const binary = report.binary!.report;
		expect(binary.mimeType).toBe('text/html');
		expect(binary.fileName).toBe('campaign-report.html');
		const html = Buffer.from(binary.data, 'base64').toString('utf8');
		expect(html).toContain('Zalo account does not exist');
		expect(html).not.toContain(sim.defaultAccount.secretKey);
		expect(JSON.stringify(report.json)).not.toContain(sim.defaultAccount.apiKey);
	});

	test('items from the error output (json.error) count too; Look Up Delivery off asks eSMS nothing', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		customers[0].phone = 'nope';
		const sent = await runSend(sim, customers, {}, { onError: 'continueErrorOutput' });
		const merged = [...sent.outputs[0], ...sent.outputs[1]].map((item) => item.json);
		sim.clearRequests();
		const { outputs } = await buildReport(sim, merged, { lookUpDelivery: false, binaryProperty: 'page', title: 'No look-ups' });
		expect(outputs[0][0].json).toMatchObject({ title: 'No look-ups', recipients: 3, sent: 2, unknown: 2, notSent: { invalid: 1 } });
		expect(outputs[0][0].binary!.page.mimeType).toBe('text/html');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Campaign Report › Build from SMS IDs only', () => {
	test('items that carry only an smsId are looked up and counted as sent', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		for (const customer of customers) sim.setDeliveryOutcome(customer.phone, { status: 'delivered' });
		const sent = await runSend(sim, customers);
		const ids = sent.outputs[0].map((item) => ({ smsId: item.json.smsId }));
		const { outputs } = await buildReport(sim, ids);
		expect(outputs[0][0].json).toMatchObject({ recipients: 3, sent: 3, delivered: 3, accepted: 0, notSent: {} });
	});
});

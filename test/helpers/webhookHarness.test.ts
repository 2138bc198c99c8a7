/**
 * The harness must fail where n8n 2.40.7 fails, or the trigger tests prove nothing. Each case
 * below was observed against a real n8n 2.40.7 (`n8n start`, a published workflow, curl).
 */
import {
	NodeConnectionTypes,
	type INodeType,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { sendHttp, startWebhookHarness, type WebhookHarness } from './webhookHarness';

const WEBHOOK_ID = '0d4e9b1a-2c3f-4a5b-8c6d-7e8f9a0b1c2d';

function probeNode(webhooks: Array<Partial<IWebhookDescription>>): INodeType {
	return {
		description: {
			displayName: 'Probe Trigger',
			name: 'probeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Echoes what n8n hands to webhook()',
			defaults: { name: 'Probe Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			webhooks: webhooks.map((webhook) => ({
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: '',
				...webhook,
			})) as IWebhookDescription[],
			properties: [],
		},
		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			const json = { params: this.getParamsData(), query: this.getQueryData() } as never;
			return { workflowData: [[{ json }]] };
		},
	};
}

describe('webhook harness fidelity to n8n 2.40.7', () => {
	let harness: WebhookHarness | undefined;

	afterEach(async () => {
		await harness?.close();
		harness = undefined;
	});

	it('answers an accepted onReceived call with "firstEntryJson" when responseData is unset', async () => {
		harness = await startWebhookHarness({ nodeType: probeNode([{ path: 'hook' }]), webhookId: WEBHOOK_ID });

		const response = await sendHttp(`${harness.url(`${WEBHOOK_ID}/hook`)}?a=1`);

		expect([response.status, response.text]).toEqual([200, 'firstEntryJson']);
		expect(harness.items()).toEqual([{ params: {}, query: { a: '1' } }]);
	});

	it('never routes to a dynamic path registered without isFullPath', async () => {
		harness = await startWebhookHarness({ nodeType: probeNode([{ path: ':token' }]), webhookId: WEBHOOK_ID });

		const response = await sendHttp(harness.url(`${WEBHOOK_ID}/anything`));

		expect(response.status).toBe(404);
	});

	it('routes to a dynamic path registered with isFullPath and fills params', async () => {
		harness = await startWebhookHarness({
			nodeType: probeNode([{ path: ':token', isFullPath: true }]),
			webhookId: WEBHOOK_ID,
		});

		const response = await sendHttp(harness.url(`${WEBHOOK_ID}/anything`));

		expect(response.status).toBe(200);
		expect(harness.items()).toEqual([{ params: { token: 'anything' }, query: {} }]);
		expect(harness.shownUrl()).toBe(`${harness.baseUrl}/webhook/${WEBHOOK_ID}/:token`);
	});

	it('fails with 500 on an empty path without isFullPath, and serves it with isFullPath', async () => {
		harness = await startWebhookHarness({ nodeType: probeNode([{ path: '' }]), webhookId: WEBHOOK_ID });
		expect((await sendHttp(harness.url(WEBHOOK_ID))).status).toBe(500);
		await harness.close();

		harness = await startWebhookHarness({ nodeType: probeNode([{ path: '', isFullPath: true }]), webhookId: WEBHOOK_ID });
		expect((await sendHttp(harness.url(WEBHOOK_ID))).status).toBe(200);
	});

	it('parses repeated and bracketed query keys like Express "extended" (qs)', async () => {
		harness = await startWebhookHarness({ nodeType: probeNode([{ path: 'hook' }]), webhookId: WEBHOOK_ID });

		await sendHttp(`${harness.url(`${WEBHOOK_ID}/hook`)}?a=1&a=2&b[c]=3&d=x+y%2Bz`);

		expect(harness.items()).toEqual([{ params: {}, query: { a: ['1', '2'], b: { c: '3' }, d: 'x y+z' } }]);
	});
});

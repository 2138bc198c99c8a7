'use strict';
/** The node creator and the eSMS ZNS Trigger, as a person adds and tests it. */
const SAMPLE = 'example1SendReport';
const DELIVERED = 'SMSID=ui-check-1&SendStatus=5&SendSuccess=1&Phone=0901888484&type=zns_normal';

module.exports = [
	{
		name: 'node creator: eSMS ZNS lists its trigger and puts Send first',
		async run(t) {
			await t.openWorkflow(SAMPLE);
			await t.byTestId('node-creator-plus-button').click();
			await t.page.keyboard.type('eSMS');
			await t.byTestId('node-creator-item-name').filter({ hasText: 'eSMS ZNS' }).first().click();
			const panel = t.byTestId('node-creator');
			await panel.getByText('Send ZNS messages in bulk').waitFor();
			const text = await t.visibleText(panel);
			t.assert.doesNotMatch(text, /No eSMS ZNS Triggers available/);
			t.assert.match(text, /Triggers \(1\)/);
			t.assert.match(text, /ZNS MESSAGE ACTIONS Send ZNS messages in bulk/i, 'Send is not the first action');
			await panel.getByText('Triggers (1)').click();
			await panel.getByText('On new eSMS ZNS event').waitFor();
			await t.shot('10-node-creator');
			await panel.getByText('On new eSMS ZNS event').click();
			await t.byTestId('node-parameters').waitFor();
		},
	},
	{
		name: 'trigger panel: one notice naming both URLs, Secret Path in clear, no password field',
		async run(t) {
			const params = t.byTestId('node-parameters');
			const text = await t.visibleText(params);
			t.assert.match(text, /Test URL/);
			t.assert.match(text, /Production URL/);
			t.assert.match(text, /Secret Path/);
			t.assert.equal(await params.locator('input[type="password"]').count(), 0, 'a password field');
			const panel = await t.visibleText(t.byTestId('ndv'));
			t.assert.match(panel, /Listen for a delivery report from eSMS/);
			// n8n 2.x's words: its button reads "Execute step"; "Listen for test event" is gone.
			t.assert.match(panel, /Click Execute step, then send a message whose Callback URL is this trigger's Test URL/);
			t.assert.doesNotMatch(panel, /Listen for test event/);
			t.assert.match(text, /eSMS may call it with GET or POST/);
			t.assert.equal((panel.match(/Production URL/g) || []).length >= 1, true);
			await t.shot('11-trigger-panel');
		},
	},
	{
		name: 'trigger test mode: listening, a wrong secret gets 403, the right one starts a test run',
		async run(t) {
			const params = t.byTestId('node-parameters');
			await params.getByText('Webhook URLs', { exact: true }).click();
			const urls = await t.until(async () => (await t.visibleText(params)).match(/https?:\/\/\S+\/webhook-test\/\S+/), 'no Test URL shown');
			const testUrl = urls[0];
			// Both methods eSMS may use are listed, each with the same URL.
			t.assert.match(await t.visibleText(params), /GET https?:\/\/\S+\/webhook-test\/\S+ POST https?:\/\/\S+\/webhook-test\//);
			t.assert.ok(!/:token/.test(testUrl), `the shown URL is a route pattern: ${testUrl}`);
			await t.byTestId('trigger-execute-button').or(t.byTestId('node-execute-button')).first().click();
			await t.byTestId('trigger-listening').waitFor();
			const base = testUrl.slice(0, testUrl.lastIndexOf('/'));
			const wrong = await t.request('GET', `${base}/wrong-secret-wrong-secret?${DELIVERED}`);
			t.assert.equal(wrong.status, 403, `a wrong secret got ${wrong.status}: ${wrong.text.slice(0, 200)}`);
			t.assert.doesNotMatch(wrong.text, /stack|at \w+ \(/i);
			await t.shot('12-trigger-listening');
			const right = await t.request('GET', `${testUrl}?${DELIVERED}`);
			t.assert.equal(right.status, 200, `the right secret got ${right.status}: ${right.text.slice(0, 200)}`);
			const output = t.byTestId('output-panel');
			await t.until(async () => /ui-check-1/.test(await t.visibleText(output)), 'the callback did not reach the output', 30000);
			t.assert.match(await t.visibleText(output), /delivered/);
			await t.shot('13-trigger-output');
			await t.closeNdv();
		},
	},
];

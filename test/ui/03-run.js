'use strict';
/** Options of the Send operation, running the node and reading its outputs, running the sample. */
const SAMPLE = 'example1SendReport';

async function chooseOption(t, label) {
	const add = t.byTestId('node-parameters').getByTestId('collection-parameter-add').last();
	await add.scrollIntoViewIfNeeded();
	await add.click();
	const item = t.page.locator('.el-select-dropdown__item:visible', { hasText: label }).first();
	await item.click();
}

module.exports = [
	{
		name: 'Options: "Add option", names in US English, Phone Format choices that say what they do',
		async run(t) {
			await t.openWorkflow(SAMPLE);
			await t.openNode('Send reminders');
			const add = t.byTestId('node-parameters').getByTestId('collection-parameter-add').last();
			await add.scrollIntoViewIfNeeded();
			t.assert.equal(await add.locator('input').getAttribute('placeholder'), 'Add option');
			await add.click();
			const names = await t.until(async () => {
				const now = await t.page.locator('.el-select-dropdown__item:visible').allInnerTexts();
				return now.includes('Sandbox') ? now : false;
			}, 'the option list does not open');
			t.assert.ok(names.includes('Campaign') && names.includes('Phone Format') && names.includes('Sandbox'), JSON.stringify(names));
			await t.page.locator('.el-select-dropdown__item:visible', { hasText: 'Campaign' }).first().click();
			const campaign = t.parameter('campaign');
			await campaign.waitFor();
			t.assert.equal(await campaign.locator('input, textarea').first().getAttribute('placeholder'), 'e.g. December appointment reminders');
			await campaign.locator('input, textarea').first().fill('UI check');
			await chooseOption(t, 'Phone Format');
			const format = t.parameter('phoneFormat');
			await format.waitFor();
			await t.page.keyboard.press('Escape');
			await format.locator('input').first().click();
			const text = await t.until(async () => {
				const now = (await t.page.locator('.el-select-dropdown__item:visible').allInnerTexts()).join(' | ');
				return /Domestic/.test(now) ? now : false;
			}, 'the Phone Format choices do not open');
			t.assert.match(text, /Domestic \(0901888484\)/);
			t.assert.match(text, /Exactly as Given/);
			t.assert.doesNotMatch(text, /Normalise|Normalize to 0/);
			await t.page.keyboard.press('Escape');
			await chooseOption(t, 'Callback URL');
			const callback = t.parameter('callbackUrl');
			await callback.waitFor();
			t.assert.match(await callback.locator('input, textarea').first().getAttribute('placeholder'), /^e\.g\. https:\/\/n8n\.example\.com\/webhook\//);
			// Leave the Callback URL empty: remove it again.
			await t.page.keyboard.press('Escape');
			await t.shot('05-options');
			await t.closeNdv();
		},
	},
	{
		name: 'running the Send node shows one accepted item per customer on the Success output',
		async run(t) {
			const output = await t.runNodeAndWait(SAMPLE, 'Send reminders', 3);
			await output.getByTestId('radio-button-json').click();
			// n8n renders the JSON view in steps: wait until all three items are there (or the wait ends), then count.
			const accepted = (now) => (now.match(/"status": "accepted"/g) || []).length;
			const text = await t.until(async () => {
				const now = await t.visibleText(output);
				return accepted(now) >= 3 ? now : false;
			}, 'not 3 accepted recipients in the JSON output');
			t.assert.equal(accepted(text), 3, 'not 3 accepted recipients');
			t.assert.match(text, /"smsId":/);
			t.assert.match(text, /"phone": "0901888484"/);
			t.assert.doesNotMatch(text, /sim-secret-key|sim-api-key/);
			await t.shot('06-outputs');
			await t.closeNdv();
		},
	},
	{
		name: 'the whole sample runs in seconds and reports delivery for every customer',
		async run(t) {
			await t.openWorkflow(SAMPLE);
			const started = Date.now();
			await t.byTestId('execute-workflow-button').click();
			// Every edge up to the If node carries the three customers once the run is through.
			await t.until(async () => ((await t.visibleText(t.byTestId('canvas'))).match(/3 items/g) || []).length >= 4, 'the sample did not finish', 90000);
			const seconds = (Date.now() - started) / 1000;
			t.assert.ok(seconds < 45, `the sample took ${seconds.toFixed(0)} s`);
			await t.shot('07-sample-run');
		},
	},
];

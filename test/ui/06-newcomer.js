'use strict';
/**
 * Issue 23, "A newcomer's first hour": what a person new to the package meets first. Each check
 * leaves a screenshot (reports/ui/2x-*.png) for a person to review.
 */
const fs = require('node:fs');
const path = require('node:path');

const SAMPLE = 'example1SendReport';
const APP_DESCRIPTION = 'Send personalized Zalo ZNS messages in bulk, and SMS where Zalo cannot reach';

/** A workflow of its own (a copy of the sample, or only a manual trigger), so no other check is disturbed. */
async function ownWorkflow(t, name, { sample = true } = {}) {
	if (!t.dev) return SAMPLE;
	const source = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'send-and-report.json'), 'utf8'));
	const nodes = sample ? source.nodes : source.nodes.filter((node) => node.type === 'n8n-nodes-base.manualTrigger');
	for (const node of nodes) if (node.credentials?.esmsApi) node.credentials.esmsApi = { id: t.dev.credential.id, name: t.dev.credential.name };
	const created = await t.dev.n8n.apiPost('/workflows', { name, nodes, connections: sample ? source.connections : {}, settings: source.settings });
	return created.id;
}

async function save(t) {
	await t.page.keyboard.press('Control+s');
	await t.page.waitForTimeout(1000);
}

/** The text of the mapper's row for one template variable (its label and its value). */
async function fieldRow(t, variable) {
	const row = t.byTestId('mapping-fields-container').locator('.parameter-item').filter({ hasText: variable }).first();
	return (await row.innerText()).replace(/\s+/g, ' ');
}

let sampleCopy = null;

module.exports = [
	{
		name: 'node creator: the eSMS ZNS entry describes the app (the Send node\'s description), not only the trigger',
		async run(t) {
			const id = await ownWorkflow(t, 'Newcomer: a fresh Send node', { sample: false });
			await t.openWorkflow(id, { fresh: true });
			await t.byTestId('node-creator-plus-button').click();
			const panel = t.byTestId('node-creator');
			// Type into the search box once it is there (typing before it has focus loses the keys).
			const search = panel.getByPlaceholder(/Search nodes/i).first();
			await search.waitFor();
			await search.fill('eSMS');
			await panel.getByTestId('node-creator-item-name').filter({ hasText: 'eSMS ZNS' }).first().waitFor();
			const text = await t.until(async () => {
				const now = await t.visibleText(panel);
				return now.includes(APP_DESCRIPTION) ? now : false;
			}, 'the eSMS ZNS entry does not show the app description');
			t.assert.match(text, new RegExp(`eSMS ZNS ${APP_DESCRIPTION}`), `the entry reads: ${text}`);
			t.assert.doesNotMatch(text, /Starts the workflow when eSMS reports/, 'the trigger\'s own description');
			await t.shot('20-creator-entry');
		},
	},
	{
		name: 'a fresh Send node: no red error, and Pre-Flight Checks says which checks run by default',
		async run(t) {
			const panel = t.byTestId('node-creator');
			await t.byTestId('node-creator-item-name').filter({ hasText: 'eSMS ZNS' }).first().click();
			await panel.getByText('Send ZNS messages in bulk').first().click();
			const params = t.byTestId('node-parameters');
			await params.waitFor();
			await t.mapperLabels({ wait: false }).catch(() => []);
			await t.page.waitForTimeout(2000); // the pickers and the mapper load
			const text = await t.visibleText(params);
			t.assert.match(text, /Choose a Zalo OA and a template first/);
			t.assert.equal(await params.getByTestId('parameter-issues').count(), 0, 'a parameter shows an issue');
			t.assert.doesNotMatch(text, /Could not|Error fetching|failed|No template fields found/i, `an error in the panel: ${text.slice(0, 400)}`);
			await t.shot('21-fresh-send-node');
			const notice = params.getByText('Pre-flight checks run by default', { exact: false }).first();
			await notice.scrollIntoViewIfNeeded();
			const all = await t.visibleText(params);
			t.assert.match(all, /Pre-flight checks run by default.*Balance.*Daily Quota.*Skip Already Sent/);
			t.assert.match(all, /Pre-Flight Checks/);
			await t.shot('22-preflight-defaults');
			await t.closeNdv();
			await save(t);
		},
	},
	{
		name: 'changing the template keeps the value of a variable both templates share (customer_name)',
		async run(t) {
			// n8n 2.40 keeps a field's value across a template change when it re-reads the fields on
			// opening the panel (no input data yet); with input data it empties the whole mapping at
			// the change itself (README, Template Values). This is the path where values can survive.
			sampleCopy = await ownWorkflow(t, 'Newcomer: template change');
			await t.openWorkflow(sampleCopy, { fresh: true });
			await t.openNode('Send reminders');
			await t.mapperLabels();
			t.assert.match(await fieldRow(t, 'customer_name'), /\$json\.name/);
			await t.pick('templateId', 'Order confirmation');
			await t.page.waitForTimeout(1500);
			await t.closeNdv();
			await t.openNode('Send reminders');
			await t.until(async () => (await t.mapperLabels()).includes('order_code (≤30)'), 'the Order confirmation fields do not appear');
			await t.page.waitForTimeout(500);
			const kept = await fieldRow(t, 'customer_name');
			await t.shot('23-template-change-keeps-customer-name');
			t.assert.match(kept, /\$json\.name/, `customer_name after the change: ${kept}`);
			t.assert.doesNotMatch(await fieldRow(t, 'order_code'), /\$json/, 'order_code got a value it never had');
			t.assert.doesNotMatch(await t.visibleText(t.byTestId('node-parameters')), /outdated/i);
			await t.closeNdv();
			await save(t);
		},
	},
	{
		name: 'estimate-then-send: the estimating node and the sending node read differently on the canvas',
		async run(t) {
			const id = t.dev ? t.dev.workflows.find((wf) => /estimate, check, then send/.test(wf.name)).id : null;
			if (!id) return;
			await t.openWorkflow(id);
			const estimate = (await t.canvasNode('Estimate').innerText()).replace(/\s+/g, ' ');
			const send = (await t.canvasNode('Send').innerText()).replace(/\s+/g, ' ');
			await t.shot('25-estimate-then-send-subtitles');
			t.assert.match(estimate, /Estimate only, sends nothing/, estimate);
			t.assert.match(send, /Send ZNS messages/, send);
		},
	},
	{
		name: 'the Send node\'s output: the first columns are status, phone, smsId, message',
		async run(t) {
			const output = await t.runNodeAndWait(SAMPLE, 'Send reminders', 3);
			await output.getByTestId('radio-button-table').click();
			const headers = await t.until(async () => {
				const now = (await output.locator('table th').allInnerTexts()).map((h) => h.replace(/\s+/g, ' ').trim()).filter(Boolean);
				return now.length >= 4 ? now : false;
			}, 'no table header in the output');
			await t.shot('24-output-columns');
			t.assert.deepEqual(headers.slice(0, 4), ['status', 'phone', 'smsId', 'message'], `columns: ${JSON.stringify(headers)}`);
			await t.closeNdv();
		},
	},
];

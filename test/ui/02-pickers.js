'use strict';
/** The Zalo OA and Template pickers and the Template Fields that follow them. */
/** The pickers are tried on a copy of the sample: changing templates clears the mapped values. */
let SAMPLE = 'example1SendReport';

async function copyOfSample(t) {
	if (!t.dev) return SAMPLE;
	const fs = require('node:fs');
	const sample = JSON.parse(fs.readFileSync(require('node:path').join(__dirname, '..', '..', 'examples', 'send-and-report.json'), 'utf8'));
	for (const node of sample.nodes) if (node.credentials?.esmsApi) node.credentials.esmsApi = { id: t.dev.credential.id, name: t.dev.credential.name };
	const created = await t.dev.n8n.apiPost('/workflows', { name: 'Picker check (copy of the sample)', nodes: sample.nodes, connections: sample.connections, settings: sample.settings });
	return created.id;
}
const ORDER_FIELDS = ['customer_name (≤30)', 'order_code (≤30)', 'amount (digits)', 'order_date (date)', 'tracking_url (URL)'];
const REMINDER_FIELDS = ['customer_name (≤30)', 'service (≤50)', 'appointment_date (date)'];

function mapperRequests(t) {
	return t.requests.filter((r) => r.kind === 'resource-mapper-fields').map((r) => r.body.currentNodeParameters.templateId.value);
}

module.exports = [
	{
		name: 'pickers list OAs and templates by name, statuses in words, unsendable templates last',
		async run(t) {
			SAMPLE = await copyOfSample(t);
			await t.openWorkflow(SAMPLE);
			await t.openNode('Send reminders');
			const oas = await t.listItems('oaId');
			t.assert.deepEqual([...oas].sort(), ['eSMS Demo Clinic', 'eSMS Demo Shop']);
			await t.page.keyboard.press('Escape');
			await t.pick('oaId', 'eSMS Demo Shop');
			const templates = await t.listItems('templateId');
			t.assert.deepEqual(templates, [
				'Appointment reminder',
				'Order confirmation',
				'Promotion announcement – waiting for approval by Zalo, cannot be sent',
				'Shipping update – rejected by Zalo, cannot be sent',
			]);
			t.assert.ok(!templates.some((name) => /ENABLE|PENDING_REVIEW|REJECT/.test(name)), 'raw status codes shown');
			await t.shot('02-template-list');
			await t.page.keyboard.press('Escape');
			await t.closeNdv();
		},
	},
	{
		name: 'changing the template reloads Template Fields at once (with input data, as when mapping)',
		async run(t) {
			await t.openWorkflow(SAMPLE);
			await t.openNode('Send reminders');
			// A person maps fields from the input: run the previous nodes first. n8n computes the
			// mapper's dependency when the panel opens, so it is opened again once input exists.
			await t.executePreviousNodes('Nguyễn Văn An');
			await t.closeNdv();
			await t.openNode('Send reminders');
			await t.mapperLabels();
			const before = mapperRequests(t).length;
			await t.pick('templateId', 'Order confirmation');
			await t.until(async () => mapperRequests(t).length > before, 'no request for the new template\'s fields');
			t.assert.equal(mapperRequests(t).at(-1), '2056446');
			const labels = await t.until(async () => {
				const now = await t.mapperLabels();
				return JSON.stringify(now) === JSON.stringify(ORDER_FIELDS) ? now : false;
			}, 'Template Fields did not follow the template');
			t.assert.deepEqual(labels, ORDER_FIELDS);
			t.assert.doesNotMatch(await t.visibleText(t.byTestId('node-parameters')), /outdated/i);
			await t.shot('03-fields-follow-template');
			// and back
			await t.pick('templateId', 'Appointment reminder');
			await t.until(async () => JSON.stringify(await t.mapperLabels()) === JSON.stringify(REMINDER_FIELDS), 'fields did not follow back');
			await t.closeNdv();
		},
	},
	{
		name: 'a template waiting for approval shows a warning instead of fields',
		async run(t) {
			await t.openWorkflow(SAMPLE);
			await t.openNode('Send reminders');
			await t.pick('templateId', 'Promotion announcement');
			const notice = t.byTestId('empty-fields-notice');
			await notice.waitFor();
			const text = await t.visibleText(notice);
			t.assert.match(text, /Promotion announcement.*\(2056448\) cannot be sent: it is waiting for approval by Zalo/);
			t.assert.match(text, /Choose another template/);
			await t.shot('04-pending-template-warning');
			await t.pick('templateId', 'Appointment reminder');
			await t.until(async () => JSON.stringify(await t.mapperLabels()) === JSON.stringify(REMINDER_FIELDS), 'fields did not come back');
			await t.closeNdv();
		},
	},
	{
		name: 'before any input exists, a changed template is refreshed when the panel is opened again (no warning)',
		async run(t) {
			// A fresh page: no execution data, so n8n cannot evaluate {{ $json… }} for the dependency.
			await t.openWorkflow(SAMPLE, { fresh: true });
			await t.openNode('Send reminders');
			await t.pick('templateId', 'Order confirmation');
			await t.page.waitForTimeout(1500);
			await t.closeNdv();
			const before = mapperRequests(t).length;
			await t.openNode('Send reminders');
			await t.until(async () => JSON.stringify(await t.mapperLabels()) === JSON.stringify(ORDER_FIELDS), 'fields not refreshed on open');
			t.assert.ok(mapperRequests(t).length > before);
			t.assert.doesNotMatch(await t.visibleText(t.byTestId('node-parameters')), /outdated/i);
			await t.pick('templateId', 'Appointment reminder');
			await t.closeNdv();
		},
	},
];

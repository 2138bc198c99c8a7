'use strict';
/** Signing in and opening the shipped sample, as a new user does. */
const SAMPLE = 'example1SendReport';

module.exports = [
	{
		name: 'sign in with the owner account',
		async run(t) {
			await t.signIn();
			t.assert.ok(!t.page.url().includes('signin'), `still on ${t.page.url()}`);
		},
	},
	{
		name: 'every sample workflow is listed; the sample opens with readable subtitles and no "outdated" warning',
		async run(t) {
			await t.page.goto(`${t.url}/home/workflows`);
			await t.page.getByText('eSMS: send ZNS reminders').first().waitFor();
			const examples = require('node:fs').readdirSync(require('node:path').join(__dirname, '..', '..', 'examples')).filter((f) => f.endsWith('.json')).length;
			await t.until(async () => (await t.page.getByTestId('workflow-card-name').count()) >= examples, 'not every example is listed');
			const cards = await t.page.getByTestId('workflow-card-name').count();
			t.assert.equal(cards, examples, `the workflow list shows ${cards} workflows, expected the ${examples} examples`);
			await t.shot('00-workflow-list');
			t.assert.equal(await t.page.getByText(/^e2e /).count(), 0, 'test workflows are listed');

			await t.openWorkflow(SAMPLE);
			const subtitle = await t.canvasNode('Send reminders').innerText();
			t.assert.match(subtitle, /Send ZNS messages/, `subtitle: ${subtitle}`);
			t.assert.doesNotMatch(subtitle, /znsMessage|send:/, `internal values in the subtitle: ${subtitle}`);
			const reports = await t.canvasNode('Get delivery reports').innerText();
			t.assert.match(reports, /Get delivery reports/);

			await t.openNode('Send reminders');
			t.assert.match(await t.locatorMode('oaId'), /^From list$/i);
			t.assert.match(await t.locatorMode('templateId'), /^From list$/i);
			t.assert.match(await t.locatorValue('templateId'), /^Appointment reminder$/);
			const labels = await t.mapperLabels();
			t.assert.deepEqual(labels.slice(0, 3), ['customer_name (≤30)', 'service (≤50)', 'appointment_date (date)']);
			await t.page.waitForTimeout(1500); // the stale-fields check answers after the fields have loaded
			const text = await t.visibleText(t.byTestId('node-parameters'));
			t.assert.doesNotMatch(text, /outdated/i, 'the mapper says its fields are outdated');
			await t.shot('01-send-panel');
			await t.closeNdv();
		},
	},
];

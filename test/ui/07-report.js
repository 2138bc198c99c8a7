'use strict';
/**
 * The campaign report (Campaign Report › Build) as a person sees it: its HTML page opened in the
 * browser. The page the e2e suite's real n8n made (reports/campaign-report.html, scenario 22.4)
 * when it is there, else the same renderer's page for a campaign of 1,234 built from dist/.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const FROM_N8N = path.join(ROOT, 'reports', 'campaign-report.html');

function pageHtml() {
	if (fs.existsSync(FROM_N8N)) return { html: fs.readFileSync(FROM_N8N, 'utf8'), source: 'made by n8n in e2e scenario 22.4' };
	const { summarize } = require(path.join(ROOT, 'dist', 'nodes', 'EsmsZns', 'report', 'summary.js'));
	const { renderReport } = require(path.join(ROOT, 'dist', 'nodes', 'EsmsZns', 'report', 'render.js'));
	const rows = [];
	const add = (count, row) => {
		for (let i = 0; i < count; i++) rows.push({ smsId: 'S', campaign: 'Tết 2027 reminders', channel: 'zns', delivery: null, ...row });
	};
	add(1102, { sendStatus: 'accepted', delivery: { status: 'delivered', reason: null, price: 300 } });
	add(41, { sendStatus: 'accepted', delivery: { status: 'failed', reason: 'Zalo account does not exist or has been disabled', price: 0 } });
	add(17, { sendStatus: 'accepted', delivery: { status: 'failed', reason: 'User is inactive', price: 0 } });
	add(38, { sendStatus: 'accepted', delivery: { status: 'pending', reason: null, price: 300 } });
	add(24, { sendStatus: 'duplicate', delivery: { status: 'delivered', reason: null, price: 300 } });
	add(12, { sendStatus: 'invalid', smsId: null });
	return { html: renderReport(summarize(rows, 'Tết 2027 reminders', new Date())), source: 'rendered from dist/ (run the e2e suite first for the page n8n made)' };
}

module.exports = [
	{
		name: 'the campaign report page: numbers, chart and reasons readable at 1440x900',
		async run(t) {
			const { html, source } = pageHtml();
			const page = await t.page.context().newPage();
			try {
				await page.setViewportSize({ width: 1440, height: 900 });
				await page.setContent(html, { waitUntil: 'load' });
				const text = await page.locator('body').innerText();
				for (const words of ['Delivered', 'Failed', 'Pending', 'Cost', 'Why delivery failed', 'Not sent']) {
					t.assert.ok(text.toLowerCase().includes(words.toLowerCase()), `the page shows "${words}"`);
				}
				const box = await page.locator('svg').first().boundingBox();
				t.assert.ok(box && box.width > 300 && box.height > 50, `the chart is drawn (${JSON.stringify(box)})`);
				const bars = await page.locator('svg rect[fill]').count();
				t.assert.ok(bars >= 6, `the chart has its bars and legend (${bars} shapes)`);
				const file = path.join(t.shotsDir, '30-campaign-report.png');
				await page.screenshot({ path: file, fullPage: true });
				t.shots.push(file);
				console.log(`     report page: ${source}`);
			} finally {
				await page.close();
			}
		},
	},
];

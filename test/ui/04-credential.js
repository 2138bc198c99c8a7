'use strict';
/** The credential test as a person runs it: Save in the credential dialog. */

async function openCredential(t) {
	await t.recover();
	await t.page.goto(`${t.url}/home/credentials`);
	await t.page.getByText('eSMS simulator', { exact: true }).first().click();
	await dialog(t).getByText('Base URL').first().waitFor();
}

/** The dialog's inputs: API Key and Secret Key are password inputs, Base URL is the text input holding it. */
async function input(t, name) {
	const d = dialog(t);
	if (name === 'apiKey') return d.locator('input[type="password"]').first();
	const inputs = d.locator('input[type="text"], input:not([type])');
	const count = await inputs.count();
	for (let i = 0; i < count; i++) {
		if (/MainService|\/signin/.test(await inputs.nth(i).inputValue().catch(() => ''))) return inputs.nth(i);
	}
	throw new Error('no Base URL input in the credential dialog');
}

async function fill(t, name, value) {
	const field = await t.until(async () => await input(t, name).catch(() => false), `no ${name} input in the credential dialog`);
	await field.click();
	await field.fill(value);
}

/**
 * Waits for the test's verdict to match `expected`. n8n shows "Couldn't connect with these
 * settings" and the reason under "More details"; an earlier verdict stays on screen while the
 * new test runs, so the text is read until it says what is expected.
 */
async function verdict(t, expected) {
	return await t.until(
		async () => {
			const more = dialog(t).getByText('More details');
			if (await more.isVisible().catch(() => false)) await more.click().catch(() => {});
			const text = await t.visibleText(dialog(t));
			return !/Testing/.test(text) && expected.test(text) ? text : false;
		},
		`the credential test did not say ${expected}`,
		30000,
	);
}

async function save(t) {
	await t.page.getByRole('button', { name: /^Save$/ }).click();
}

function dialog(t) {
	return t.page.locator('.el-dialog:visible, [role="dialog"]:visible').filter({ hasText: 'eSMS API' }).first();
}

module.exports = [
	{
		name: 'credential test: a wrong API key is refused with the code and its meaning',
		async run(t) {
			await openCredential(t);
			await fill(t, 'apiKey', 'not-the-right-key');
			await save(t);
			const text = await verdict(t, /Wrong API Key or Secret Key \(eSMS code 101\)/);
			t.assert.doesNotMatch(text, /Connection tested successfully/i);
			await t.shot('08-credential-bad-key');
		},
	},
	{
		name: 'credential test: a wrong Base URL (an HTML page) is not "successful"',
		async run(t) {
			// A web server that answers every request with a 200 HTML page, like a wrong host would.
			const http = require('node:http');
			const server = http.createServer((_request, response) => {
				response.writeHead(200, { 'Content-Type': 'text/html' });
				response.end('<!doctype html><html><body><h1>Welcome</h1></body></html>');
			});
			await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
			try {
				await fill(t, 'apiKey', t.dev ? t.dev.credential.data.apiKey : 'sim-api-key');
				await fill(t, 'baseUrl', `http://127.0.0.1:${server.address().port}/MainService.svc/json`);
				await save(t);
				await verdict(t, /did not answer.*Base URL/);
				t.assert.doesNotMatch(await t.visibleText(dialog(t)), /Connection tested successfully/i);
			} finally {
				server.close();
			}
		},
	},
	{
		name: 'credential test: the right keys pass',
		async run(t) {
			await fill(t, 'baseUrl', t.dev ? t.dev.sim.baseUrl : 'http://127.0.0.1/MainService.svc/json');
			await save(t);
			await verdict(t, /Connection tested successfully/i);
			await t.shot('09-credential-good-key');
			await t.page.keyboard.press('Escape');
		},
	},
];

'use strict';
/** What a person does in n8n's editor, in small steps, for the checks in test/ui/. */
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');

class Helpers {
	constructor({ page, url, owner, dev, shotsDir }) {
		this.page = page;
		this.url = url;
		this.owner = owner;
		this.dev = dev;
		this.shotsDir = shotsDir;
		this.assert = assert;
		this.requests = [];
		this.shots = [];
		page.on('request', (request) => {
			if (request.url().includes('/rest/dynamic-node-parameters/')) {
				let body = {};
				try {
					body = JSON.parse(request.postData() || '{}');
				} catch {}
				this.requests.push({ kind: request.url().split('?')[0].split('/').pop(), body });
			}
		});
	}

	async shot(name) {
		const file = path.join(this.shotsDir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80)}.png`);
		await this.page.screenshot({ path: file });
		this.shots.push(file);
		return file;
	}

	byTestId(id) {
		return this.page.getByTestId(id);
	}

	async signIn() {
		const { page } = this;
		await page.goto(`${this.url}/signin`);
		await page.locator('input[name=emailOrLdapLoginId], input[name=email]').first().fill(this.owner.email);
		await page.locator('input[name=password]').fill(this.owner.password);
		await page.keyboard.press('Enter');
		await page.waitForURL((u) => !u.pathname.includes('signin'), { timeout: 30000 });
	}

	/**
	 * Opens a workflow for editing. n8n 2.x gives one tab at a time write access; right after a
	 * reload the previous page may still hold it, and the editor opens read-only for a while.
	 */
	async openWorkflow(id, { fresh = false } = {}) {
		await this.recover();
		const here = new URL(this.page.url()).pathname === `/workflow/${id}`;
		if (!here || fresh) await this.page.goto(`${this.url}/workflow/${id}`);
		await this.canvasNode().first().waitFor();
		const end = Date.now() + 60000;
		while (!(await this.byTestId('execute-workflow-button').isVisible().catch(() => false))) {
			if (Date.now() > end) assert.fail('the workflow stays read-only');
			await this.page.waitForTimeout(3000);
			if (!(await this.byTestId('execute-workflow-button').isVisible().catch(() => false))) await this.page.reload();
			await this.canvasNode().first().waitFor();
		}
	}

	/** Runs the nodes before the open node (the input panel's button) and waits for their data. */
	async executePreviousNodes(expectText) {
		await this.page.getByRole('button', { name: /Execute previous nodes/i }).first().click();
		await this.until(async () => (await this.visibleText(this.byTestId('ndv-input-panel'))).includes(expectText), `the input panel does not show "${expectText}"`, 30000);
	}

	canvasNode(name) {
		return name ? this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`) : this.page.getByTestId('canvas-node');
	}

	async openNode(name) {
		await this.canvasNode(name).dblclick();
		await this.byTestId('node-parameters').waitFor();
	}

	/** Opens `node` of `workflowId`, runs it (Execute step) and waits for its output panel to show `items` items. */
	async runNodeAndWait(workflowId, node, items) {
		await this.openWorkflow(workflowId);
		await this.openNode(node);
		await this.byTestId('node-execute-button').first().click();
		const output = this.byTestId('output-panel');
		await this.until(async () => new RegExp(`${items} items`).test(await this.visibleText(output)), `the output does not show ${items} items`, 60000);
		return output;
	}

	async closeNdv() {
		const close = this.byTestId('ndv-close-button');
		if (await close.isVisible().catch(() => false)) await close.click();
		await this.byTestId('node-parameters').waitFor({ state: 'hidden' }).catch(() => {});
	}

	/** Back to a known state after a failed check: no open panel or dialog. */
	async recover() {
		for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
		await this.closeNdv();
	}

	parameter(name) {
		return this.byTestId(`parameter-input-${name}`);
	}

	locator(name) {
		return this.byTestId(`resource-locator-${name}`);
	}

	/** The mode of a picker ("From List", "By ID"). */
	async locatorMode(name) {
		return await this.locator(name).getByTestId('rlc-mode-selector').locator('input').inputValue();
	}

	async locatorValue(name) {
		return await this.locator(name).locator('input[data-test-id="rlc-input"], [data-test-id="rlc-input"] input').first().inputValue();
	}

	/** Opens a picker's list and returns the names it shows. */
	async listItems(name) {
		await this.locator(name).getByTestId('rlc-input').click();
		const items = this.page.getByTestId('rlc-item');
		await items.first().waitFor();
		// Settled when two reads 300 ms apart agree (the list loads after the chosen item is shown).
		let last = await items.allInnerTexts();
		for (let i = 0; i < 20; i++) {
			await this.page.waitForTimeout(300);
			const now = await items.allInnerTexts();
			if (JSON.stringify(now) === JSON.stringify(last) && now.length > 1) return now;
			last = now;
		}
		return last;
	}

	async pick(name, text) {
		let items = await this.listItems(name);
		// The list may first show only the chosen item, then the search results.
		for (let i = 0; i < 40 && !items.some((item) => item.includes(text)); i++) {
			await this.page.waitForTimeout(250);
			items = await this.page.getByTestId('rlc-item').allInnerTexts();
		}
		assert.ok(items.some((item) => item.includes(text)), `"${text}" is not in the ${name} list: ${JSON.stringify(items)}`);
		await this.page.getByTestId('rlc-item').filter({ hasText: text }).first().click();
		await this.page.getByTestId('rlc-item').first().waitFor({ state: 'hidden' }).catch(() => {});
	}

	/** The labels of the template fields the mapper shows, once it has settled. */
	async mapperLabels({ wait = true } = {}) {
		const container = this.byTestId('mapping-fields-container');
		if (wait) await container.waitFor();
		await this.page.waitForTimeout(300);
		return await container.locator('label[for^="value["] span.n8n-text').evaluateAll((nodes) => [...new Set(nodes.map((n) => n.textContent.replace(/\s+/g, ' ').trim()))]);
	}

	/** Waits until `test` holds, polling; fails with `message` (and the last value) after `ms`. */
	async until(test, message, ms = 15000) {
		const end = Date.now() + ms;
		let last;
		for (;;) {
			last = await test();
			if (last) return last;
			if (Date.now() > end) assert.fail(`${message}${last === undefined ? '' : ` (last: ${JSON.stringify(last)})`}`);
			await this.page.waitForTimeout(250);
		}
	}

	/** Text of the page's visible body, whitespace collapsed (what a person reads). */
	async visibleText(locator = this.page.locator('body')) {
		return (await locator.innerText()).replace(/\s+/g, ' ');
	}

	/** A plain HTTP request from outside the browser (what eSMS does when it calls back). */
	request(method, url) {
		return new Promise((resolve, reject) => {
			const req = http.request(url, { method }, (res) => {
				let text = '';
				res.on('data', (c) => (text += c));
				res.on('end', () => resolve({ status: res.statusCode, text }));
			});
			req.on('error', reject);
			req.end();
		});
	}
}

module.exports = { Helpers };

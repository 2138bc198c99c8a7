#!/usr/bin/env node
'use strict';
/**
 * `npm run test:ui`: the editor as a person meets it. Starts the same set-up as `npm run n8n`
 * (a real n8n with this package, the eSMS simulator, its credential and the sample workflow),
 * then drives n8n's editor in Debian's Chromium through playwright-core and checks what the page
 * shows. Prints `ok`/`FAIL` per check and `N passed, N failed`; screenshots go to reports/ui/
 * (git-ignored).
 *
 *   node scripts/ui.js [--only=<text>[|<text>…]] [--headed] [--keep] [--url=http://127.0.0.1:5678]
 *
 * --url drives an n8n that is already running (e.g. `npm run n8n`) instead of starting one; the
 * checks change its sample workflow.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { readArgs } = require('./lib/args');
const { ROOT } = require('./lib/constants');

const SHOTS = path.join(ROOT, 'reports', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const USAGE = 'usage: node scripts/ui.js [--only=<text>] [--headed] [--keep] [--url=http://127.0.0.1:5678]';

function parseArgs(argv) {
	const values = readArgs(
		argv,
		{
			only: { type: 'string' },
			headed: { type: 'boolean', default: false },
			keep: { type: 'boolean', default: false },
			url: { type: 'string' },
		},
		{ usage: USAGE },
	);
	return {
		only: values.only ?? null,
		headed: values.headed,
		keep: values.keep,
		url: values.url === undefined ? null : values.url.replace(/\/+$/, ''),
	};
}

/** Debian's chromium; installed with apt-get when missing (needs root, as on the CI machine). */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (as root)`);
	}
	console.error('[ui] installing chromium (apt-get install -y chromium)');
	let r = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
	if (r.status !== 0) {
		spawnSync('apt-get', ['update'], { stdio: 'inherit' });
		r = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' });
	}
	if (r.status !== 0 || !fs.existsSync(CHROMIUM)) throw new Error('apt-get install -y chromium failed');
	return CHROMIUM;
}

function loadChecks(only) {
	const dir = path.join(ROOT, 'test', 'ui');
	const checks = [];
	for (const file of fs.readdirSync(dir).filter((f) => /^\d+.*\.js$/.test(f)).sort()) {
		for (const check of require(path.join(dir, file))) checks.push({ ...check, file });
	}
	if (!only) return checks;
	// --only=a|b: the checks whose name holds any of the texts, after signing in (every check needs it).
	const wanted = only.toLowerCase().split('|').filter(Boolean);
	return checks.filter((c, index) => index === 0 || wanted.some((text) => c.name.toLowerCase().includes(text)));
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const executablePath = ensureChromium();
	const { chromium, selectors } = require('playwright-core');
	const checks = loadChecks(args.only);
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));

	let dev = null;
	let url = args.url;
	let owner = { email: 'owner@esms.test', password: 'Esms-dev-Passw0rd' };
	const started = Date.now();
	if (!url) {
		const { startDevN8n } = require('./n8n');
		dev = await startDevN8n({ quiet: true });
		url = dev.url;
		owner = dev.owner;
		console.error(`[ui] n8n ${dev.version} on ${url} ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath,
		headless: !args.headed,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
	context.setDefaultTimeout(20000);
	const page = await context.newPage();
	const { Helpers } = require('../test/ui/helpers');
	const t = new Helpers({ page, url, owner, dev, shotsDir: SHOTS });

	let passed = 0;
	let failed = 0;
	for (const check of checks) {
		const begun = Date.now();
		try {
			await check.run(t);
			passed++;
			console.log(`ok   ${check.name} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
		} catch (error) {
			failed++;
			const file = await t.shot(`FAIL-${check.name}`).catch(() => null);
			console.log(`FAIL ${check.name}: ${String((error && error.message) || error).split('\n').filter(Boolean).slice(0, 4).join(' | ')}`);
			if (process.env.UI_DEBUG) console.log(error && error.stack);
			if (file) console.log(`     screenshot: ${path.relative(ROOT, file)}`);
			await t.recover().catch(() => {});
		}
	}
	await browser.close();
	if (dev) await dev.stop({ keep: args.keep });
	console.log(`${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${path.relative(ROOT, SHOTS)}/)`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
/**
 * `npm run test:compat`: the whole real-n8n end-to-end suite (scripts/e2e.js) on every supported
 * n8n version, one after another, each installed into the machine cache on first use (n8n 2.x on
 * the project's Node 24, n8n 1.x on the machine's Node 20). Prints each version's result, then
 * `N passed, N failed` over all of them.
 *
 *   node scripts/compat.js [--versions=2.41.1,1.123.81] [--only=<scenario substring>]
 *   ESMS_COMPAT_VERSIONS="2.41.1 1.123.81" node scripts/compat.js
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { parseArgs } = require('node:util');
const { runMain } = require('./lib/checks');

/** The versions the README's Compatibility section lists; keep them in step. */
const SUPPORTED = ['2.40.7', '2.41.1', '1.123.81'];

function run(version, only) {
	return new Promise((resolve) => {
		const args = [path.join(__dirname, 'e2e.js'), ...(only ? [`--only=${only}`] : [])];
		const child = spawn(process.execPath, args, {
			env: { ...process.env, N8N_VERSION: version },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let last = '';
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			console.log(`[n8n ${version}] ${line}`);
			if (/^\d+ passed, \d+ failed$/.test(line)) last = line;
		});
		child.on('close', (code) => {
			const match = last.match(/(\d+) passed, (\d+) failed/);
			resolve({ version, code, passed: match ? Number(match[1]) : 0, failed: match ? Number(match[2]) : 1 });
		});
	});
}

async function main() {
	const { values } = parseArgs({ options: { versions: { type: 'string' }, only: { type: 'string' } } });
	const list = values.versions ?? process.env.ESMS_COMPAT_VERSIONS;
	const versions = list ? list.split(/[\s,]+/).filter(Boolean) : SUPPORTED;
	const results = [];
	for (const version of versions) {
		const started = Date.now();
		const result = await run(version, values.only);
		results.push({ ...result, seconds: Math.round((Date.now() - started) / 1000) });
	}
	console.log('\ncompatibility:');
	for (const r of results) {
		console.log(`  n8n ${r.version.padEnd(9)} ${r.failed === 0 && r.code === 0 ? 'ok  ' : 'FAIL'} ${r.passed} passed, ${r.failed} failed (${r.seconds} s)`);
	}
	const passed = results.reduce((sum, r) => sum + r.passed, 0);
	const failed = results.reduce((sum, r) => sum + r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0), 0);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

runMain(main);

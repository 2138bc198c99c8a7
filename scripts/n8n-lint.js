#!/usr/bin/env node
'use strict';
/**
 * `n8n-node lint` (@n8n/node-cli) exactly as n8n's verification runs it: strict mode, with the
 * starter's default eslint.config.mjs, over the package's own sources. That lint looks at every
 * .ts of the folder it runs in; this repository also holds the simulator, tests and tools, which
 * are never shipped and are linted by the project's eslint.config.mjs. So the shipped sources
 * (package.json, nodes/, credentials/, icons/, README, tsconfig.json) are copied into a temp
 * folder with the default config and node_modules linked, and `n8n-node lint` runs there.
 *
 *   node scripts/n8n-lint.js
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SHIPPED = ['package.json', 'tsconfig.json', 'README.md', 'LICENSE.md', 'nodes', 'credentials', 'icons'];

function main() {
	const cli = path.join(ROOT, 'node_modules', '@n8n', 'node-cli');
	const template = path.join(cli, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');
	if (!fs.existsSync(template)) {
		console.error('n8n-lint: @n8n/node-cli is not installed (npm ci)');
		process.exit(1);
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-n8n-lint-'));
	try {
		for (const entry of SHIPPED) {
			const from = path.join(ROOT, entry);
			if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
		}
		fs.copyFileSync(template, path.join(dir, 'eslint.config.mjs'));
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
		const bin = path.join(cli, 'bin', 'n8n-node.mjs');
		const r = spawnSync(process.execPath, [bin, 'lint'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: 'true' } });
		const output = `${r.stdout || ''}${r.stderr || ''}`.replace(new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '.');
		if (r.status !== 0) {
			process.stdout.write(output);
			console.error(`n8n-lint: n8n-node lint failed (exit ${r.status})`);
			process.exit(r.status || 1);
		}
		console.log('n8n-lint: n8n-node lint (strict, default config) passed on the shipped sources');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main();

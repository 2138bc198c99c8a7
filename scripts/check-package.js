#!/usr/bin/env node
/**
 * Runs n8n's community package scanner (@n8n/scan-community-package) on this package the way
 * n8n does for a published one, but locally: its source leg over package.json, nodes/ and
 * credentials/, and its tarball leg over every .js of `npm pack` (inline eslint-disable
 * comments ignored). Also checks the packed file list and package.json's n8n rules.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

function fail(message) {
	console.error(`check-package: ${message}`);
	process.exitCode = 1;
}

function packToTempDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esms-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
	const [{ filename, files }] = JSON.parse(out.slice(out.indexOf('[')));
	const unpacked = path.join(dir, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(dir, path.basename(filename)), '-C', unpacked, '--strip-components=1']);
	return { dir, unpacked, files: files.map((file) => file.path) };
}

function checkManifest(pkg, files) {
	if (Object.keys(pkg.dependencies ?? {}).length > 0) fail('dependencies must be empty');
	if (JSON.stringify(pkg.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) {
		fail('peerDependencies must be exactly { "n8n-workflow": "*" }');
	}
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
		if (pkg.scripts?.[script]) fail(`lifecycle script "${script}" is not allowed`);
	}
	if (!pkg.keywords?.includes('n8n-community-node-package')) fail('keyword n8n-community-node-package missing');
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!files.includes(entry)) fail(`${entry} is listed in package.json but not in the packed package`);
	}
	const unexpected = files.filter((file) => !/^(dist\/|package\.json$|README(\.vi)?\.md$|LICENSE(\.md)?$|index\.js$)/.test(file));
	if (unexpected.length) fail(`unexpected files in the package: ${unexpected.join(', ')}`);
	for (const banned of ['simulator', 'test/', 'scripts/']) {
		if (files.some((file) => file.includes(banned))) fail(`the package must not ship ${banned}`);
	}
}

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const { dir, unpacked, files } = packToTempDir();
	try {
		checkManifest(JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')), files);
		const legs = [
			['source', root, SOURCE_FILE_PATTERNS],
			['packed tarball', unpacked, ['**/*.js', 'package.json']],
		];
		for (const [name, cwd, patterns] of legs) {
			const result = await analyzePackage(cwd, patterns);
			if (result.passed) console.log(`check-package: scanner ${name} leg passed`);
			else fail(`scanner ${name} leg failed: ${result.message}\n${result.details ?? ''}`);
		}
		console.log(`check-package: ${files.length} files packed`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	fail(error.stack ?? String(error));
});

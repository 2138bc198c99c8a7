'use strict';
/**
 * The package under test, as users get it: `npm run build` when dist/ is stale, then `npm pack`
 * into a temp folder.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./constants');
const { log } = require('./log');
const { node24Env } = require('./toolchain');

function newestMtime(dir, filter) {
	let newest = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, filter));
		else if (!filter || filter(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** True when dist/ is missing one of package.json's n8n entries or is older than its sources. */
function buildIsStale() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const entries = [...(pkg.n8n.nodes || []), ...(pkg.n8n.credentials || [])].map((p) => path.join(ROOT, p));
	if (entries.some((p) => !fs.existsSync(p))) return true;
	const built = Math.min(...entries.map((p) => fs.statSync(p).mtimeMs));
	const sources = Math.max(
		newestMtime(path.join(ROOT, 'nodes')),
		newestMtime(path.join(ROOT, 'credentials')),
		newestMtime(path.join(ROOT, 'icons')),
	);
	return sources > built;
}

/**
 * `npm run build` when dist/ is stale (or `build: true`), then `npm pack` into a temp folder.
 * Returns { tarball, version, files }.
 */
function packPackage({ build = 'auto', destination } = {}) {
	if (build === true || (build === 'auto' && buildIsStale())) {
		log('npm run build');
		const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: node24Env() });
		if (r.status !== 0) {
			throw new Error(`npm run build failed:\n${(r.stdout || '').slice(-4000)}\n${(r.stderr || '').slice(-4000)}`);
		}
	}
	const dest = destination || fs.mkdtempSync(path.join(os.tmpdir(), 'esms-pack-'));
	// A temp folder we made is removed when this process exits (callers may remove it earlier).
	if (!destination) process.once('exit', () => fs.rmSync(dest, { recursive: true, force: true }));
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', dest], {
		cwd: ROOT,
		encoding: 'utf8',
		env: node24Env({ npm_config_loglevel: 'error' }),
	});
	if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
	return { tarball: path.join(dest, info.filename), version: info.version, files: info.files.map((f) => f.path) };
}

module.exports = { packPackage, buildIsStale };

'use strict';
/**
 * The toolchain the harness runs on: Node 24 from scripts/toolchain.sh (n8n 2.x runs on it, n8n
 * 1.x on the machine's Node 20), and n8n itself, installed once per machine by
 * scripts/install-n8n.sh (which holds a lock and verifies the install). Everything here is
 * computed once per process and cached.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, N8N_VERSION, CACHE_DIR } = require('./constants');
const { log } = require('./log');

let toolchainCache = null;
/** PATH (Node 24 first) and npm_config_nodedir, as scripts/toolchain.sh sets them. */
function toolchain() {
	if (toolchainCache) return toolchainCache;
	const script = path.join(ROOT, 'scripts', 'toolchain.sh');
	const out = spawnSync(
		'bash',
		['-c', `source "${script}" >&2 && printf '%s\\n%s\\n' "$PATH" "$NODE24_HOME"`],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ESMS_CACHE_DIR: CACHE_DIR } },
	);
	if (out.status !== 0) throw new Error('scripts/toolchain.sh failed');
	const [PATH, NODE24_HOME] = out.stdout.split('\n');
	const nodeBin = path.join(NODE24_HOME, 'bin', 'node');
	const version = spawnSync(nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim();
	toolchainCache = { PATH, NODE24_HOME, nodeBin, nodeVersion: version };
	return toolchainCache;
}

/** Environment for child processes that must run on the project's Node 24. */
function node24Env(extra = {}) {
	const tc = toolchain();
	return {
		...process.env,
		PATH: tc.PATH,
		npm_config_nodedir: tc.NODE24_HOME,
		ESMS_CACHE_DIR: CACHE_DIR,
		...extra,
	};
}


/** n8n 1.x runs on the machine's Node 20; n8n 2.x on the project's Node 24. */
function n8nMajor(version = N8N_VERSION) {
	return Number(String(version).split('.')[0]);
}

let runtimeCache = null;
/** The Node that runs the n8n under test: { nodeBin, nodeVersion, PATH, nodedir }. */
function n8nRuntime() {
	if (runtimeCache) return runtimeCache;
	if (n8nMajor() >= 2) {
		const tc = toolchain();
		runtimeCache = { nodeBin: tc.nodeBin, nodeVersion: tc.nodeVersion, PATH: tc.PATH, nodedir: tc.NODE24_HOME };
	} else {
		const which = spawnSync('bash', ['-c', 'command -v node'], { encoding: 'utf8', env: { ...process.env, PATH: systemPath() } });
		const nodeBin = which.stdout.trim();
		const nodeVersion = spawnSync(nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim();
		if (!/^v20\./.test(nodeVersion)) throw new Error(`n8n ${N8N_VERSION} needs Node 20 on PATH; found ${nodeVersion || 'none'}`);
		runtimeCache = { nodeBin, nodeVersion, PATH: systemPath(), nodedir: process.env.ESMS_NODE20_HEADERS || '/usr' };
	}
	return runtimeCache;
}

/** PATH without the project's Node 24 (what the machine itself has). */
function systemPath() {
	const node24 = path.join(CACHE_DIR, 'node24');
	return (process.env.PATH || '').split(':').filter((p) => p && !p.startsWith(node24)).join(':');
}

/** Environment for the n8n under test and for npm installs into its user folder. */
function n8nEnv(extra = {}) {
	const rt = n8nRuntime();
	return { ...process.env, PATH: rt.PATH, npm_config_nodedir: rt.nodedir, ESMS_CACHE_DIR: CACHE_DIR, ...extra };
}

let n8nDirCache = null;
/**
 * The folder n8n is installed in. Always goes through scripts/install-n8n.sh, which installs n8n
 * once per machine, checks that its native modules load under its Node before trusting a cached
 * install, and repairs or reinstalls one that does not. Concurrent callers wait on its lock.
 */
async function ensureN8n() {
	if (n8nDirCache) return n8nDirCache;
	const dir = path.join(CACHE_DIR, `n8n-${N8N_VERSION}`);
	const complete = path.join(dir, '.complete');
	const started = Date.now();
	const env = { ...process.env, ESMS_CACHE_DIR: CACHE_DIR, N8N_VERSION };
	delete env.npm_config_ignore_scripts;
	if (n8nMajor() < 2) env.PATH = systemPath();
	// The script installs at most once per version at a time (it holds a lock) and verifies the install.
	const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		env,
	});
	if (r.status !== 0) throw new Error(`scripts/install-n8n.sh failed for n8n ${N8N_VERSION}`);
	if (Date.now() - started > 30000) log(`installed n8n ${N8N_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	if (!fs.existsSync(complete)) throw new Error(`n8n is not installed in ${dir}`);
	n8nRuntime();
	n8nDirCache = dir;
	return dir;
}

function n8nBin(n8nDir) {
	return path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function n8nVersionOf(n8nDir) {
	return JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
}

module.exports = { toolchain, node24Env, n8nMajor, n8nRuntime, n8nEnv, ensureN8n, n8nBin, n8nVersionOf };

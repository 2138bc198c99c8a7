'use strict';
/**
 * Runs this package inside a real n8n (N8N_VERSION, default 2.40.7), the way users get it: packed with `npm pack`,
 * installed as a community package into a fresh N8N_USER_FOLDER, workflows and credentials
 * imported through n8n's CLI, executed with `n8n execute` / `n8n execute-batch`, or served with
 * `n8n start`. Only Node's standard library. Everything listens on loopback.
 *
 * n8n 2.x runs on Node 24 (scripts/toolchain.sh), n8n 1.x on the machine's Node 20.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..', '..');
const N8N_VERSION = process.env.N8N_VERSION || '2.40.7';
const CACHE_DIR = process.env.ESMS_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-esms');
/** Fixed so that credentials imported in one command can be read by the next. Test-only. */
const ENCRYPTION_KEY = 'esms-e2e-fixed-encryption-key-0001';

const log = (...args) => {
	if (!process.env.ESMS_QUIET) console.error('[n8n]', ...args);
};

// ---------------------------------------------------------------------------------------------
// Toolchain: Node 24 from scripts/toolchain.sh, and n8n from scripts/install-n8n.sh

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

// ---------------------------------------------------------------------------------------------
// The package under test

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

// ---------------------------------------------------------------------------------------------
// Ports, processes, memory

/** The first port the kernel hands out by itself (to port-0 listeners and outgoing connections). */
function ephemeralLow() {
	try {
		const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
		if (low > 12000) return low;
	} catch {}
	return 32768;
}

const handedOut = new Set();

/** True when nothing listens on the port on loopback right now. */
function canListen(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/**
 * A loopback port that is free now and stays free until the caller binds it, however much later:
 * chosen below the kernel's ephemeral range, so no port-0 listener (a simulator) and no outgoing
 * connection can take it in between, and never handed out twice by this process.
 */
async function freePort() {
	const low = 10000;
	const high = ephemeralLow();
	for (let tries = 0; tries < 200; tries++) {
		const port = low + Math.floor(Math.random() * (high - low));
		if (handedOut.has(port) || !(await canListen(port))) continue;
		handedOut.add(port);
		return port;
	}
	throw new Error(`no free loopback port between ${low} and ${high}`);
}

function readStatusKb(pid, field) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = text.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

function childrenOf(pid) {
	const out = [];
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			try {
				const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
				if (text) out.push(...text.split(/\s+/).map(Number));
			} catch {}
		}
	} catch {}
	return out;
}

/**
 * Samples the RSS of a process and of its descendants (n8n's JS task runner is a child process)
 * every `intervalMs`. `mainHwmKb` is the kernel's own peak (VmHWM) of the main process as last
 * read before it exited.
 */
class MemoryMonitor {
	constructor(pid, intervalMs = 100) {
		this.pid = pid;
		this.samples = []; // [epochMs, mainRssKb, treeRssKb]
		this.mainHwmKb = 0;
		this.childHwmKb = {}; // pid -> VmHWM
		this.timer = setInterval(() => this.sample(), intervalMs);
		this.timer.unref();
		this.sample();
	}
	sample() {
		const main = readStatusKb(this.pid, 'VmRSS');
		if (!main) return;
		const hwm = readStatusKb(this.pid, 'VmHWM');
		if (hwm) this.mainHwmKb = Math.max(this.mainHwmKb, hwm);
		let tree = main;
		const stack = childrenOf(this.pid);
		while (stack.length) {
			const child = stack.pop();
			const rss = readStatusKb(child, 'VmRSS');
			tree += rss;
			const childHwm = readStatusKb(child, 'VmHWM');
			if (childHwm) this.childHwmKb[child] = Math.max(this.childHwmKb[child] || 0, childHwm);
			stack.push(...childrenOf(child));
		}
		this.samples.push([Date.now(), main, tree]);
	}
	stop() {
		clearInterval(this.timer);
	}
	/** Peak RSS (MB) of the main process and of the whole tree, optionally within [from, to]. */
	peak(from = 0, to = Infinity) {
		let main = 0;
		let tree = 0;
		for (const [t, m, s] of this.samples) {
			if (t < from || t > to) continue;
			main = Math.max(main, m);
			tree = Math.max(tree, s);
		}
		return { mainMb: main / 1024, treeMb: tree / 1024 };
	}
	summary(run) {
		const whole = this.peak();
		const childHwm = Math.max(0, ...Object.values(this.childHwmKb));
		const out = {
			peakRssMb: Math.max(this.mainHwmKb / 1024, whole.mainMb), // n8n main process, kernel peak
			peakTreeRssMb: whole.treeMb, // main + task runner(s), sampled
			runnerPeakRssMb: childHwm / 1024,
		};
		if (run && run.startedAt && run.stoppedAt) {
			const during = this.peak(Date.parse(run.startedAt), Date.parse(run.stoppedAt) + 100);
			out.peakRssDuringRunMb = during.mainMb;
			out.peakTreeRssDuringRunMb = during.treeMb;
		}
		return out;
	}
}

/**
 * Reads the run JSON n8n prints (pretty-printed, 2 spaces) from a stdout file: from the first line
 * that starts with `{` to the first line that is exactly `}`. Lines are trimmed before parsing, so a
 * run of a few hundred MB fits in one string.
 */
async function readJsonFromOutput(file) {
	const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
	const parts = [];
	let inside = false;
	const before = [];
	const after = [];
	let done = false;
	for await (const line of rl) {
		if (done) {
			if (after.length < 200) after.push(line);
			continue;
		}
		if (!inside) {
			if (line.startsWith('{')) {
				inside = true;
				parts.push(line.trim());
				if (line.trim().endsWith('}')) {
					try {
						const obj = JSON.parse(parts.join(''));
						return { json: obj, before, after };
					} catch {}
				}
			} else if (before.length < 200) before.push(line);
			continue;
		}
		parts.push(line.trim());
		if (line === '}') done = true;
	}
	if (!parts.length) return { json: null, before, after };
	try {
		return { json: JSON.parse(parts.join('')), before, after };
	} catch (error) {
		return { json: null, before, after, parseError: error.message };
	}
}

function tail(file, bytes = 4000) {
	try {
		const size = fs.statSync(file).size;
		const fd = fs.openSync(file, 'r');
		const len = Math.min(size, bytes);
		const buf = Buffer.alloc(len);
		fs.readSync(fd, buf, 0, len, size - len);
		fs.closeSync(fd);
		return buf.toString('utf8');
	} catch {
		return '';
	}
}

// ---------------------------------------------------------------------------------------------
// A user folder with the package installed, and the n8n commands that run in it

/**
 * A fresh temp N8N_USER_FOLDER with the packed package installed as n8n installs community
 * packages: `npm install --omit=dev --omit=peer <tarball>` in `<folder>/.n8n/nodes`.
 */
async function createUserFolder({ tarball, prefix = 'esms-n8n-', env } = {}) {
	const n8nDir = await ensureN8n();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const nodesDir = path.join(dir, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	if (tarball) {
		const started = Date.now();
		const r = spawnSync(
			'npm',
			['install', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', tarball],
			{ cwd: nodesDir, encoding: 'utf8', env: n8nEnv() },
		);
		if (r.status !== 0) throw new Error(`installing ${tarball} failed:\n${r.stdout}\n${r.stderr}`);
		log(`installed ${path.basename(tarball)} into ${nodesDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	return new N8nInstance({ n8nDir, userFolder: dir, env });
}

class N8nInstance {
	/** `env`: extra environment for every command and server of this instance (e.g. database, queue). */
	constructor({ n8nDir, userFolder, env }) {
		this.n8nDir = n8nDir;
		this.userFolder = userFolder;
		this.extraEnv = env || {};
		this.version = n8nVersionOf(n8nDir);
		this.server = null;
	}

	async env(extra = {}) {
		if (!this.brokerPort) this.brokerPort = await freePort();
		return n8nEnv({
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_EXPRESSION_ENGINE: 'legacy',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			...this.extraEnv,
			...extra,
		});
	}

	/** Runs an n8n CLI command to completion. stdout goes to a file (runs can be hundreds of MB). */
	async command(args, { env: extraEnv, timeoutMs = 20 * 60 * 1000, label } = {}) {
		const env = await this.env(extraEnv);
		const work = fs.mkdtempSync(path.join(this.userFolder, 'cmd-'));
		const outFile = path.join(work, 'stdout.txt');
		const errFile = path.join(work, 'stderr.txt');
		const out = fs.openSync(outFile, 'w');
		const err = fs.openSync(errFile, 'w');
		const started = Date.now();
		const child = spawn(n8nRuntime().nodeBin, [n8nBin(this.n8nDir), ...args], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', out, err],
		});
		fs.closeSync(out);
		fs.closeSync(err);
		const monitor = new MemoryMonitor(child.pid);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 10000).unref();
		}, timeoutMs);
		const { code, signal } = await new Promise((resolve) =>
			child.on('exit', (c, s) => resolve({ code: c, signal: s })),
		);
		clearTimeout(timer);
		monitor.stop();
		const wallMs = Date.now() - started;
		log(`${label || args[0]}: rc=${code}${signal ? ' ' + signal : ''} in ${(wallMs / 1000).toFixed(1)} s`);
		return { code, signal, timedOut, wallMs, outFile, errFile, monitor, started };
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		const r = await this.command(['import:credentials', `--input=${file}`], { label: 'import:credentials' });
		fs.rmSync(file, { force: true });
		if (r.code !== 0) throw new Error(`import:credentials failed:\n${tail(r.outFile)}\n${tail(r.errFile)}`);
		return r;
	}

	/** Workflows with fixed ids (≤ 21 chars), imported with `import:workflow --separate`. */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		for (const wf of workflows) {
			if (!wf.id || wf.id.length > 21) throw new Error(`workflow id must be 1..21 chars: ${wf.id}`);
			fs.writeFileSync(path.join(dir, `${wf.id}.json`), JSON.stringify(wf));
		}
		const r = await this.command(['import:workflow', '--separate', `--input=${dir}`], { label: 'import:workflow' });
		if (r.code !== 0) throw new Error(`import:workflow failed:\n${tail(r.outFile)}\n${tail(r.errFile)}`);
		return r;
	}

	/** `n8n publish:workflow --id=…` (makes a workflow active for `n8n start`). */
	async publishWorkflow(id) {
		const args = n8nMajor(this.version) >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
		const r = await this.command(args, { label: `publish:workflow ${id}` });
		if (r.code !== 0) throw new Error(`publish:workflow ${id} failed:\n${tail(r.outFile)}\n${tail(r.errFile)}`);
		return r;
	}

	/**
	 * `n8n execute --id=… --rawOutput`. Returns { run, status, ok, wallMs, memory, … }; `run` is
	 * the run JSON (null when n8n printed none). A failed run is judged by `run.status`.
	 */
	async execute(id, { timeoutMs, keepOutput = false } = {}) {
		const r = await this.command(['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, label: `execute ${id}` });
		const parsed = await readJsonFromOutput(r.outFile);
		const run = parsed.json;
		const result = {
			id,
			run,
			status: run ? run.status : 'no-output',
			ok: !!run && run.status === 'success' && r.code === 0,
			code: r.code,
			signal: r.signal,
			timedOut: r.timedOut,
			wallMs: r.wallMs,
			memory: r.monitor.summary(run),
			log: parsed.before.join('\n'),
			stderrTail: tail(r.errFile),
			stdoutTail: run ? parsed.after.join('\n') : tail(r.outFile),
		};
		if (!keepOutput) fs.rmSync(path.dirname(r.outFile), { recursive: true, force: true });
		return result;
	}

	/**
	 * `n8n execute-batch --ids=a,b --retries=0 --snapshot=dir`: several workflows in ONE n8n
	 * process, one after another. `--retries=0` because a retried workflow would send again.
	 * Returns { results: { [id]: { run, status, error } }, summary, wallMs, memory, code }.
	 * Notes: execute-batch gives each workflow 3 minutes, runs them in the database's order (not the
	 * order of `ids`), writes no snapshot for a failed run (its error message is in the summary),
	 * and ignores ids without a digit.
	 */
	async executeBatch(ids, { timeoutMs } = {}) {
		// execute-batch silently skips ids without a digit (it filters them with /\d+/).
		const bad = ids.filter((id) => !/\d/.test(id));
		if (bad.length) throw new Error(`execute-batch needs workflow ids that contain a digit: ${bad.join(', ')}`);
		const snapDir = fs.mkdtempSync(path.join(this.userFolder, 'snapshots-'));
		const r = await this.command(
			['execute-batch', `--ids=${ids.join(',')}`, '--retries=0', `--snapshot=${snapDir}`, '--shortOutput'],
			{ timeoutMs, label: `execute-batch ${ids.join(',')}` },
		);
		const parsed = await readJsonFromOutput(r.outFile);
		const summary = parsed.json;
		const results = {};
		for (const id of ids) {
			const file = path.join(snapDir, `${id}-snapshot.json`);
			const failure =
				summary && summary.summary
					? [...summary.summary.errors, ...summary.summary.warnings].find((e) => e.workflowId === id)
					: undefined;
			if (fs.existsSync(file)) {
				const run = JSON.parse(fs.readFileSync(file, 'utf8'));
				results[id] = { run, status: run.status, error: failure && failure.error };
			} else {
				results[id] = { run: null, status: failure ? 'error' : 'not-run', error: failure ? failure.error : 'no snapshot' };
			}
		}
		return {
			results,
			summary,
			code: r.code,
			wallMs: r.wallMs,
			memory: r.monitor.summary(),
			stderrTail: tail(r.errFile),
			stdoutTail: tail(r.outFile),
		};
	}

	/**
	 * `n8n start` on loopback. Resolves when /healthz/readiness answers 200. Then `setupOwner()`
	 * and `createApiKey()` give access to the public API (executions with their data).
	 * `command`: 'start' (default), or 'worker' / 'webhook' for queue mode (a worker answers
	 * readiness on QUEUE_HEALTH_CHECK_PORT, which the caller sets to `port`); `args`: its flags.
	 */
	async startServer({ port, env: extraEnv = {}, readyTimeoutMs = 120000, command = 'start', args = [] } = {}) {
		if (this.server) throw new Error('server already running');
		port = port || (await freePort());
		const env = await this.env({
			N8N_PORT: String(port),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			...extraEnv,
		});
		const logFile = path.join(this.userFolder, `${command === 'start' ? 'server' : command}-${port}.log`);
		const out = fs.openSync(logFile, 'a');
		const started = Date.now();
		const child = spawn(n8nRuntime().nodeBin, [n8nBin(this.n8nDir), command, ...args], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		const monitor = new MemoryMonitor(child.pid, 250);
		const server = { child, port, url: `http://127.0.0.1:${port}`, logFile, monitor, exited: null, cookie: null, apiKey: null };
		child.on('exit', (code, signal) => (server.exited = { code, signal }));
		this.server = server;
		for (;;) {
			if (server.exited) throw new Error(`n8n ${command} exited (${JSON.stringify(server.exited)}):\n${tail(logFile)}`);
			if (Date.now() - started > readyTimeoutMs) {
				await this.stop();
				throw new Error(`n8n ${command}: not ready after ${readyTimeoutMs} ms:\n${tail(logFile)}`);
			}
			try {
				const res = await request('GET', `${server.url}/healthz/readiness`);
				if (res.status === 200) break;
			} catch {}
			await sleep(250);
		}
		server.readyMs = Date.now() - started;
		log(`n8n ${command}: ready on ${server.url} after ${(server.readyMs / 1000).toFixed(1)} s`);
		return server;
	}

	/** Creates the instance owner through /rest/owner/setup and keeps its session cookie. */
	async setupOwner({ email = 'owner@esms.test', password = 'Esms-e2e-Passw0rd', firstName = 'Esms', lastName = 'Tester' } = {}) {
		const s = this.requireServer();
		// n8n 1.x answers 404 here for a moment after readiness, until its routes are registered.
		const started = Date.now();
		let res;
		for (;;) {
			res = await request('POST', `${s.url}/rest/owner/setup`, { email, password, firstName, lastName });
			if (res.status !== 404 || Date.now() - started > 30000) break;
			await sleep(250);
		}
		if (res.status !== 200) throw new Error(`owner setup: HTTP ${res.status} ${res.text.slice(0, 500)}`);
		const cookies = [].concat(res.headers['set-cookie'] || []).map((c) => c.split(';')[0]);
		s.cookie = cookies.join('; ');
		s.owner = { email, password };
		return s.owner;
	}

	/** An API key with every scope the owner may grant, for /api/v1. */
	async createApiKey(label = 'esms-e2e') {
		const s = this.requireServer();
		if (!s.cookie) throw new Error('setupOwner() first');
		const headers = { cookie: s.cookie };
		const scopesRes = await request('GET', `${s.url}/rest/api-keys/scopes`, undefined, headers);
		let scopes = scopesRes.json && scopesRes.json.data;
		if (!Array.isArray(scopes) || !scopes.length) scopes = ['execution:read', 'execution:list', 'workflow:read', 'workflow:list'];
		const res = await request('POST', `${s.url}/rest/api-keys`, { label, scopes, expiresAt: null }, headers);
		if (res.status !== 200) throw new Error(`api key: HTTP ${res.status} ${res.text.slice(0, 500)}`);
		const data = res.json.data || res.json;
		s.apiKey = data.rawApiKey || data.apiKey;
		if (!s.apiKey) throw new Error(`api key: unexpected answer ${res.text.slice(0, 500)}`);
		return s.apiKey;
	}

	/** GET on the public API (`/api/v1/...`) with the API key. */
	async api(pathAndQuery) {
		const s = this.requireServer();
		const res = await request('GET', `${s.url}/api/v1${pathAndQuery}`, undefined, { 'X-N8N-API-KEY': s.apiKey });
		if (res.status !== 200) throw new Error(`GET /api/v1${pathAndQuery}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		return res.json;
	}

	/** POST on the public API with the API key. */
	async apiPost(pathAndQuery, body = {}) {
		const s = this.requireServer();
		const res = await request('POST', `${s.url}/api/v1${pathAndQuery}`, body, { 'X-N8N-API-KEY': s.apiKey });
		if (res.status < 200 || res.status > 299) throw new Error(`POST /api/v1${pathAndQuery}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
		return res.json;
	}

	/**
	 * Publishes (activates) a workflow on the running server through the public API — about 5 s
	 * faster per workflow than `publish:workflow` before start.
	 */
	async publish(id) {
		// n8n 2.x publishes a workflow; 1.x activates it.
		const verb = n8nMajor(this.version) >= 2 ? 'publish' : 'activate';
		return await this.apiPost(`/workflows/${encodeURIComponent(id)}/${verb}`);
	}

	/** Executions of a workflow, newest first, with their run data. */
	async executions({ workflowId, limit = 20 } = {}) {
		const q = new URLSearchParams({ includeData: 'true', limit: String(limit) });
		if (workflowId) q.set('workflowId', workflowId);
		return (await this.api(`/executions?${q}`)).data;
	}

	/**
	 * Calls a production webhook until it stops answering 404 (n8n registers webhooks about half a
	 * second after readiness). Returns the first non-404 answer.
	 */
	async callWebhook(pathAndQuery, { method = 'GET', body, timeoutMs = 30000 } = {}) {
		const s = this.requireServer();
		const started = Date.now();
		for (;;) {
			const res = await request(method, `${s.url}/webhook/${pathAndQuery.replace(/^\/+/, '')}`, body);
			if (res.status !== 404 || Date.now() - started > timeoutMs) return res;
			await sleep(200);
		}
	}

	/** Polls the public API until a workflow has `count` finished executions (newest first). */
	async waitForExecutions({ workflowId, count = 1, timeoutMs = 60000 } = {}) {
		const started = Date.now();
		for (;;) {
			const list = await this.executions({ workflowId, limit: Math.max(count, 20) });
			const done = list.filter((e) => e.finished || (e.status && !['running', 'new', 'waiting'].includes(e.status)));
			if (done.length >= count) return done;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`waited ${timeoutMs} ms for ${count} execution(s) of ${workflowId}; have ${done.length}`);
			}
			await sleep(300);
		}
	}

	requireServer() {
		if (!this.server) throw new Error('no server running');
		return this.server;
	}

	/** Stops the server started by startServer() (SIGTERM, then SIGKILL after 15 s). */
	async stop() {
		const s = this.server;
		if (!s) return;
		this.server = null;
		s.monitor.stop();
		if (s.exited) return;
		const exited = new Promise((resolve) => s.child.on('exit', resolve));
		s.child.kill('SIGTERM');
		const timer = setTimeout(() => {
			if (!s.exited) s.child.kill('SIGKILL');
		}, 15000);
		await exited;
		clearTimeout(timer);
	}

	/** Deletes the user folder (call after stop()). */
	async remove() {
		await fsp.rm(this.userFolder, { recursive: true, force: true });
	}
}

/** A small HTTP client for loopback calls: JSON in, { status, headers, text, json } out. */
function request(method, url, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				headers: {
					...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = JSON.parse(text);
					} catch {}
					resolve({ status: res.statusCode, headers: res.headers, text, json });
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

// ---------------------------------------------------------------------------------------------
// Reading run data

/** The task data of a node's run (`resultData.runData[name][runIndex]`). */
function nodeRun(run, nodeName, runIndex = 0) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData[nodeName];
	return runs ? runs[runIndex] : undefined;
}

/** Items of one output of a node's run (default: the last run). */
function nodeOutput(run, nodeName, outputIndex = 0, runIndex) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData[nodeName];
	if (!runs || !runs.length) return undefined;
	const task = runs[runIndex === undefined ? runs.length - 1 : runIndex];
	const main = task && task.data && task.data.main;
	return main ? main[outputIndex] || [] : undefined;
}

function runError(run) {
	const e = run && run.data && run.data.resultData && run.data.resultData.error;
	return e ? `${e.message || ''}${e.description ? ' — ' + e.description : ''}` : undefined;
}

/** The simulator, compiled from simulator/ into build/simulator/ with tsconfig.tools.json. */
function loadSimulator({ compile = true } = {}) {
	const entry = path.join(ROOT, 'build', 'simulator', 'index.js');
	if (compile) {
		const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
		const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.tools.json'], { cwd: ROOT, encoding: 'utf8' });
		if (r.status !== 0 && !fs.existsSync(entry)) {
			throw new Error(`compiling the simulator failed:\n${r.stdout}\n${r.stderr}`);
		}
		if (r.status !== 0) log(`warning: tsc -p tsconfig.tools.json reported errors; using the existing build:\n${r.stdout.slice(0, 2000)}`);
	}
	if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist (simulator not built)`);
	return require(entry);
}

module.exports = {
	ROOT,
	CACHE_DIR,
	N8N_VERSION,
	ENCRYPTION_KEY,
	toolchain,
	node24Env,
	n8nRuntime,
	n8nEnv,
	n8nMajor,
	ensureN8n,
	n8nVersionOf,
	packPackage,
	buildIsStale,
	createUserFolder,
	N8nInstance,
	MemoryMonitor,
	childrenOf,
	readJsonFromOutput,
	freePort,
	request,
	nodeRun,
	nodeOutput,
	runError,
	loadSimulator,
	sleep,
};

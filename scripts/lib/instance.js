'use strict';
/**
 * One n8n instance: a fresh N8N_USER_FOLDER with the packed package installed as n8n installs
 * community packages, and the n8n commands that run in it (import, execute, execute-batch,
 * `n8n start` and its REST and public API). Everything listens on loopback.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { ENCRYPTION_KEY } = require('./constants');
const { request } = require('./http');
const { log } = require('./log');
const { readJsonFromOutput, tail } = require('./output');
const { freePort, MemoryMonitor, sleep } = require('./processes');
const { ensureN8n, n8nBin, n8nEnv, n8nMajor, n8nRuntime, n8nVersionOf } = require('./toolchain');

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

	/** DELETE on the public API with the API key (e.g. an execution whose data was read). */
	async apiDelete(pathAndQuery) {
		const s = this.requireServer();
		const res = await request('DELETE', `${s.url}/api/v1${pathAndQuery}`, undefined, { 'X-N8N-API-KEY': s.apiKey });
		if (res.status < 200 || res.status > 299) throw new Error(`DELETE /api/v1${pathAndQuery}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
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
	async executions({ workflowId, limit = 20, includeData = true } = {}) {
		const q = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
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
	async waitForExecutions({ workflowId, count = 1, timeoutMs = 60000, includeData = true } = {}) {
		const started = Date.now();
		for (;;) {
			const list = await this.executions({ workflowId, limit: Math.max(count, 20), includeData });
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

module.exports = { createUserFolder, N8nInstance };

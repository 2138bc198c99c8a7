'use strict';
/**
 * n8n in queue mode, started from nothing: Postgres 15 and Redis 7 (Debian's packages, installed
 * with apt-get when missing), each in a temp folder on a free loopback port; then one main
 * (`n8n start`), workers (`n8n worker`) and a webhook processor (`n8n webhook`), each with its own
 * N8N_USER_FOLDER and this package installed into its `.n8n/nodes`. Everything is stopped by PID,
 * also when the caller fails (an exit hook kills whatever is still running).
 * This module: the cluster and its n8n processes; Postgres and Redis are services.js's, the PIDs
 * and temp folders owned.js's (both re-exported here as before).
 *
 * Only Node's standard library and the harness modules beside it.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { createUserFolder } = require('./instance');
const { logger } = require('./log');
const { descendants, disown, own, releaseTempDir, stopPid, tempDir } = require('./owned');
const { freePort } = require('./processes');
const { PG_BIN, ensureServicePackages, startPostgres, startRedis } = require('./services');
const { n8nEnv } = require('./toolchain');

const log = logger('[queue]');

// ---------------------------------------------------------------------------------------------
// The n8n processes

/** `npm install --omit=dev --omit=peer <tarball>` in `<userFolder>/.n8n/nodes`, as n8n installs community packages. */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['install', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
			cwd: nodesDir,
			env: n8nEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let text = '';
		child.stdout.on('data', (c) => (text += c));
		child.stderr.on('data', (c) => (text += c));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`installing ${tarball} into ${nodesDir} failed:\n${text}`));
			log(`installed ${path.basename(tarball)} into ${nodesDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
			resolve();
		});
	});
}

/**
 * One n8n process of the cluster: its own user folder (package installed into `.n8n/nodes`),
 * its own ports, and the shared database, queue and encryption key.
 */
class QueueProcess {
	constructor({ role, name, instance, port }) {
		this.role = role; // 'main' | 'worker' | 'webhook'
		this.name = name; // e.g. 'worker-1'
		this.instance = instance; // an N8nInstance (./instance.js)
		this.port = port;
		this.killed = false;
	}
	get server() {
		return this.instance.server;
	}
	get url() {
		return `http://127.0.0.1:${this.port}`;
	}
	get pid() {
		return this.instance.server ? this.instance.server.child.pid : null;
	}
	get logFile() {
		return this.instance.server ? this.instance.server.logFile : this.lastLogFile;
	}
	log() {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}
	/** Execution ids this worker started (from its log: "Worker started execution N (job M)"). */
	startedExecutions() {
		return [...this.log().matchAll(/Worker started execution (\d+) \(job/g)].map((m) => m[1]);
	}
	async start(extraArgs = []) {
		const args = this.role === 'worker' ? extraArgs : [];
		const env =
			this.role === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {};
		const server = await this.instance.startServer({
			port: this.port,
			command: this.role === 'main' ? 'start' : this.role,
			args,
			env,
			readyTimeoutMs: Number(process.env.ESMS_QUEUE_READY_TIMEOUT_MS || 300000),
		});
		this.lastLogFile = server.logFile;
		own(server.child.pid, this.name);
		return server;
	}
	/** SIGKILL, by PID, of the process and its task runner: what a crashed machine looks like. */
	async kill() {
		const s = this.instance.server;
		if (!s) return;
		const pids = [s.child.pid, ...descendants(s.child.pid)];
		for (const pid of pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
		for (const pid of pids) await stopPid(pid, { signal: 'SIGKILL', graceMs: 5000 });
		this.killed = true;
		await this.instance.stop();
	}
	async stop() {
		const s = this.instance.server;
		if (!s) return;
		const pid = s.child.pid;
		const runners = descendants(pid);
		await this.instance.stop();
		disown(pid);
		// A task runner left behind by its parent is stopped too.
		for (const child of runners) await stopPid(child, { signal: 'SIGTERM', graceMs: 5000 });
	}
}

/**
 * The whole cluster: Postgres, Redis, main, `workers` workers and a webhook processor.
 *   const cluster = await startCluster({ tarball, workers: 2, before: async (main) => import… });
 * `before(main)` runs after the database exists and before any n8n server starts (imports).
 */
async function startCluster({ tarball, workers = 2, workerArgs = [], env = {}, before } = {}) {
	const cluster = { postgres: null, redis: null, main: null, workers: [], webhook: null, processes: [], timings: {} };
	const t0 = Date.now();
	try {
		cluster.postgres = await startPostgres();
		cluster.redis = await startRedis();
		cluster.timings.services = Date.now() - t0;
		const ports = { main: await freePort(), webhook: await freePort() };
		const shared = {
			...cluster.postgres.env,
			...cluster.redis.env,
			EXECUTIONS_MODE: 'queue',
			// Where users' load balancer would point production webhooks: the webhook processor.
			WEBHOOK_URL: `http://127.0.0.1:${ports.webhook}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${ports.main}/`,
			N8N_LOG_LEVEL: 'info',
			...env,
		};
		const make = async (role, name, port) => {
			const instance = await createUserFolder({ prefix: `esms-queue-${name}-`, env: shared });
			tempDir(instance.userFolder);
			const p = new QueueProcess({ role, name, instance, port });
			cluster.processes.push(p);
			return p;
		};
		let stamp = Date.now();
		cluster.main = await make('main', 'main', ports.main);
		for (let i = 1; i <= workers; i++) cluster.workers.push(await make('worker', `worker-${i}`, await freePort()));
		cluster.webhook = await make('webhook', 'webhook', ports.webhook);
		// The package on every process, as n8n documents for queue mode: into each one's .n8n/nodes.
		// `before` (imports) runs as soon as the main has it, while the others still install.
		await Promise.all(
			cluster.processes.map(async (p) => {
				await installPackage(p.instance.userFolder, tarball);
				if (p !== cluster.main || !before) return;
				cluster.timings.install = Date.now() - stamp;
				const s = Date.now();
				await before(cluster.main);
				cluster.timings.before = Date.now() - s;
			}),
		);
		cluster.timings.prepare = Date.now() - stamp;

		// The main first (it runs any pending migrations), then the others side by side. Starting
		// all four at once is no faster on two cores and much slower under load.
		stamp = Date.now();
		await cluster.main.start();
		cluster.workerArgs = workerArgs; // for a worker started again (a restart)
		await Promise.all([...cluster.workers.map((w) => w.start(workerArgs)), cluster.webhook.start()]);
		cluster.timings.start = Date.now() - stamp;
		log(`cluster ready: main ${cluster.main.url}, webhook ${cluster.webhook.url}, workers ${cluster.workers.map((w) => `${w.name} (pid ${w.pid}, health ${w.url})`).join(', ')}`);
	} catch (error) {
		await stopCluster(cluster, { keep: true });
		throw error;
	}
	return cluster;
}

/** Stops every process of the cluster by PID, then Redis and Postgres; removes folders unless `keep`. */
async function stopCluster(cluster, { keep = false } = {}) {
	if (!cluster) return;
	await Promise.all(cluster.processes.map((p) => p.stop().catch(() => {})));
	if (cluster.redis) await cluster.redis.stop().catch(() => {});
	if (cluster.postgres) await cluster.postgres.stop().catch(() => {});
	for (const p of cluster.processes) {
		releaseTempDir(p.instance.userFolder);
		if (keep) console.log(`kept ${p.name}'s user folder (logs): ${p.instance.userFolder}`);
		else await p.instance.remove().catch(() => {});
	}
}

module.exports = {
	PG_BIN,
	ensureServicePackages,
	startPostgres,
	startRedis,
	startCluster,
	stopCluster,
	QueueProcess,
	stopPid,
	descendants,
};

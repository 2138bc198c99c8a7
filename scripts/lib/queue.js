'use strict';
/**
 * n8n in queue mode, started from nothing: Postgres 15 and Redis 7 (Debian's packages, installed
 * with apt-get when missing), each in a temp folder on a free loopback port; then one main
 * (`n8n start`), workers (`n8n worker`) and a webhook processor (`n8n webhook`), each with its own
 * N8N_USER_FOLDER and this package installed into its `.n8n/nodes`. Everything is stopped by PID,
 * also when the caller fails (an exit hook kills whatever is still running).
 *
 * Only Node's standard library and the harness modules beside it.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createUserFolder } = require('./instance');
const { childrenOf, freePort, sleep } = require('./processes');
const { n8nEnv } = require('./toolchain');

const PG_BIN = process.env.ESMS_PG_BIN || '/usr/lib/postgresql/15/bin';
const DB_NAME = 'n8n';
const DB_USER = 'postgres';

const log = (...args) => {
	if (!process.env.ESMS_QUIET) console.error('[queue]', ...args);
};

// ---------------------------------------------------------------------------------------------
// Processes we started: killed by PID on exit, whatever happens

const owned = new Map(); // pid -> label
/** Temp folders removed on exit unless stopped (and removed, or kept) normally before. */
const tempDirs = new Set();
let hooked = false;
function hookExit() {
	if (hooked) return;
	hooked = true;
	process.once('exit', () => {
		// With their descendants (each n8n process has a task runner child).
		const pids = [...owned.keys()].flatMap((pid) => [pid, ...descendants(pid)]);
		for (const pid of pids) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
		for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
	});
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			console.error(`[queue] ${signal}: stopping ${owned.size} process(es)`);
			process.exit(130);
		});
	}
}
function own(pid, label) {
	owned.set(pid, label);
	hookExit();
}
function tempDir(dir) {
	tempDirs.add(dir);
	hookExit();
	return dir;
}
function disown(pid) {
	owned.delete(pid);
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return !fs.existsSync(`/proc/${pid}/stat`) || !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

/** Sends `signal` to `pid`, waits up to `graceMs` for it to go, then SIGKILL. */
async function stopPid(pid, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	if (!pid || !alive(pid)) return disown(pid);
	try {
		process.kill(pid, signal);
	} catch {}
	const started = Date.now();
	while (alive(pid) && Date.now() - started < graceMs) await sleep(100);
	if (alive(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
		while (alive(pid) && Date.now() - started < graceMs + 5000) await sleep(100);
	}
	disown(pid);
}

/** Every descendant of a process (n8n's task runner is a child of each n8n process). */
function descendants(pid) {
	const out = [];
	const stack = childrenOf(pid);
	while (stack.length) {
		const child = stack.pop();
		out.push(child);
		stack.push(...childrenOf(child));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

function commandExists(name) {
	return spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** apt-get installs postgresql and redis-server when they are missing (needs root, as in CI). */
function ensureServicePackages() {
	const missing = [];
	if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) missing.push('postgresql');
	if (!commandExists('redis-server')) missing.push('redis-server');
	if (!missing.length) return [];
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`queue mode needs ${missing.join(' and ')}: run as root, or \`sudo apt-get install -y ${missing.join(' ')}\``);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (args) => {
		log(`apt-get ${args.join(' ')}`);
		const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
		if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (rc ${r.status})`);
	};
	apt(['update', '-q']);
	apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
	if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) throw new Error(`${PG_BIN}/initdb is missing after installing postgresql (not version 15?)`);
	return missing;
}

// ---------------------------------------------------------------------------------------------
// Postgres and Redis

/** Runs a Postgres binary as the postgres user when we are root (initdb refuses root). */
function pgCommand(bin, args, { check = true } = {}) {
	const full = path.join(PG_BIN, bin);
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const r = asRoot
		? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
		: spawnSync(full, args, { encoding: 'utf8' });
	if (check && r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (rc ${r.status}):\n${r.stdout}\n${r.stderr}`);
	return r;
}

/**
 * A throw-away Postgres: initdb into a temp folder, `pg_ctl start` on a free port (loopback and a
 * socket in that folder), database `n8n`. Durability is switched off: nothing here outlives the run.
 */
async function startPostgres() {
	const dir = tempDir(fs.mkdtempSync(path.join(os.tmpdir(), 'esms-pg-')));
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const port = await freePort();
	pgCommand('initdb', ['-D', data, '-U', DB_USER, '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
	const options = [
		`-p ${port}`,
		`-k ${dir}`,
		"-c listen_addresses='127.0.0.1'",
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=200',
	].join(' ');
	pgCommand('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
	const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
	own(pid, 'postgres');
	pgCommand('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DB_NAME]);
	const version = pgCommand('postgres', ['--version']).stdout.trim();
	log(`${version} on 127.0.0.1:${port} (pid ${pid}, ${dir})`);
	return {
		port,
		pid,
		dir,
		version,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DB_NAME,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		async stop() {
			// SIGINT is Postgres' "fast" shutdown.
			await stopPid(pid, { signal: 'SIGINT', graceMs: 20000 });
			fs.rmSync(dir, { recursive: true, force: true });
			tempDirs.delete(dir);
		},
	};
}

/** Sends a Redis inline command and resolves with the first reply line. */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1');
		let text = '';
		const timer = setTimeout(() => socket.destroy(new Error('redis: timeout')), timeoutMs);
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			text += chunk.toString('utf8');
			if (text.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(text.split('\r\n')[0]);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

/** A throw-away Redis on a free loopback port: no persistence, its folder in /tmp. */
async function startRedis() {
	const dir = tempDir(fs.mkdtempSync(path.join(os.tmpdir(), 'esms-redis-')));
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no'],
		{ stdio: 'ignore' },
	);
	own(child.pid, 'redis');
	let exited = null;
	child.on('exit', (code, signal) => (exited = { code, signal }));
	const started = Date.now();
	for (;;) {
		if (exited) throw new Error(`redis-server exited (${JSON.stringify(exited)}): ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''}`);
		try {
			if ((await redisCommand(port, 'PING')) === '+PONG') break;
		} catch {}
		if (Date.now() - started > 20000) throw new Error('redis-server did not answer PING within 20 s');
		await sleep(100);
	}
	const info = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim();
	log(`${info.split(' sha=')[0]} on 127.0.0.1:${port} (pid ${child.pid})`);
	return {
		port,
		pid: child.pid,
		dir,
		version: info,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		async stop() {
			await stopPid(child.pid, { signal: 'SIGTERM', graceMs: 10000 });
			fs.rmSync(dir, { recursive: true, force: true });
			tempDirs.delete(dir);
		},
	};
}

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
		tempDirs.delete(p.instance.userFolder);
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

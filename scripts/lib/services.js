'use strict';
/**
 * The services queue mode needs: a throw-away Postgres 15 and Redis 7, each in a temp folder on a
 * free loopback port (Debian's packages, installed with apt-get when missing).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { logger } = require('./log');
const { own, releaseTempDir, stopPid, tempDir } = require('./owned');
const { freePort, sleep } = require('./processes');

const PG_BIN = process.env.ESMS_PG_BIN || '/usr/lib/postgresql/15/bin';
const DB_NAME = 'n8n';
const DB_USER = 'postgres';

const log = logger('[queue]');

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
			releaseTempDir(dir);
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
			releaseTempDir(dir);
		},
	};
}

module.exports = { PG_BIN, ensureServicePackages, startPostgres, startRedis };

#!/usr/bin/env node
'use strict';
/**
 * `bash scripts/run.sh bench` (or `npm run bench`): a printed report (not a test) of sending
 * personalised ZNS in a real n8n 2.40.7 against the eSMS simulator, side by side in one run, at
 * several simulated latencies (every request to the simulator waits that long) and recipient counts:
 *
 *   node    this package's eSMS ZNS node (Customers → eSMS ZNS), default settings
 *   burst   the same node with Requests in Flight raised to the DIY workflow's burst (--burst, 20)
 *   overlap the same node with On Error "Continue (regular output)": batches leave while items are read
 *   lean    the same node with both pre-flight checks (Daily Quota, Balance) off
 *   leanburst  lean with Requests in Flight at the burst
 *   floor   a bare Node script posting the same 500-row batches with the same bodies
 *           (keep-alive agent, the node's default Requests in Flight) — no n8n at all
 *   diy     do it yourself in n8n: Code (500-row batches) → HTTP Request (its default: every batch
 *           at once) → Code (one item per recipient)
 *   n8nhttp n8n's own request path for the same requests: the DIY workflow with the eSMS API credential
 *           on its HTTP Request node (Predefined Credential Type, as the node signs its requests);
 *           only the HTTP Request node is timed (what any node pays n8n to send these bodies)
 *   single  one HTTP Request per recipient to SendZaloMessage_V4_post_json/ (up to --single-max)
 *
 *   node scripts/bench.js [--quick] [--modes=cold,warm] [--sizes=1000,10000,100000] [--latencies=0,300,1000]
 *                         [--variants=node,lean,burst,leanburst,overlap,floor,diy,n8nhttp,single] [--repeat=3] [--burst=20]
 *                         [--single-max=10000] [--no-build] [--out=reports/bench.md] [--keep]
 *   --modes: cold = every n8n run is its own `n8n execute` process (nothing kept between runs;
 *            variants node,burst,overlap,floor,diy,single); warm = a long-running `n8n start`,
 *            each run started by a webhook, as a production n8n runs (variants node,lean,burst,
 *            leanburst,diy,n8nhttp, after one unrecorded warm-up run of each); one server per
 *            latency, each started on the database as imported. --variants applies to both.
 *   --quick: sizes 1000,10000, latencies 0,300, one run per cell, single up to 1,000 (a few minutes)
 *   --from-log=FILE[,FILE]: render the report from the progress lines (stderr) of a run (an
 *            interrupted one), or of several, each mode from the first log that has it
 *
 * Both modes use the same n8n install, user folder and simulator. Every run uses fresh RequestIds
 * (a workflow of its own). Each cell: the median of the repeats, their range, the most requests in
 * flight the simulator saw, n8n's peak RSS.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BUILD_FLAGS, buildMode, readArgs } = require('./lib/args');
const { ROOT } = require('./lib/constants');
const { createUserFolder } = require('./lib/instance');
const { packPackage } = require('./lib/pack');
const { nodeOutput, runError } = require('./lib/runData');
const { loadSimulator } = require('./lib/simulator');
const { ensureN8n, n8nVersionOf, toolchain } = require('./lib/toolchain');
const wfs = require('./bench/workflows');

const BATCH = 500;
const VARIANTS = ['node', 'lean', 'burst', 'leanburst', 'overlap', 'floor', 'diy', 'n8nhttp', 'single'];
/** Two letters per variant for workflow ids (which must stay short and unique). */
const SHORT = { node: 'no', lean: 'le', burst: 'bu', leanburst: 'lb', overlap: 'ov', floor: 'fl', diy: 'di', n8nhttp: 'nh', single: 'si' };
const MODES = ['cold', 'warm'];
const DEFAULT_VARIANTS = { cold: ['node', 'burst', 'overlap', 'floor', 'diy', 'single'], warm: ['node', 'lean', 'burst', 'leanburst', 'diy', 'n8nhttp'] };
const MODE_TITLE = {
	cold: 'Cold: one `n8n execute` process per run',
	warm: 'Warm: one long-running `n8n start`, each run started by a webhook',
};

const USAGE =
	'usage: node scripts/bench.js [--quick] [--modes=cold,warm] [--sizes=1000,10000,100000] [--latencies=0,300,1000] [--variants=node,lean,burst,leanburst,overlap,floor,diy,single]\n' +
	'                             [--repeat=3] [--burst=20] [--single-max=10000] [--no-build|--build] [--out=reports/bench.md] [--keep]\n' +
	'                             [--from-log=FILE] [--help]';

/** This file's opening comment, for --help. */
function headerComment() {
	const text = fs.readFileSync(__filename, 'utf8');
	return text.slice(text.indexOf('/**'), text.indexOf(' */') + 3);
}

function parseArgs(argv) {
	const values = readArgs(
		argv,
		{
			modes: { type: 'string' },
			sizes: { type: 'string' },
			latencies: { type: 'string' },
			variants: { type: 'string' },
			'single-max': { type: 'string' },
			repeat: { type: 'string' },
			burst: { type: 'string' },
			...BUILD_FLAGS,
			out: { type: 'string' },
			keep: { type: 'boolean', default: false },
			quick: { type: 'boolean', default: false },
			'from-log': { type: 'string' },
		},
		{ usage: USAGE, help: headerComment() },
	);
	const number = (v) => Number(String(v).replace(/_/g, '').replace(/k$/i, '000'));
	const given = (name) => values[name] !== undefined;
	const args = {
		sizes: given('sizes') ? values.sizes.split(',').map(number) : [1000, 10000, 100000],
		latencies: given('latencies') ? values.latencies.split(',').map(number) : [0, 300, 1000],
		modes: given('modes') ? values.modes.split(',') : [...MODES],
		variants: given('variants') ? values.variants.split(',') : null,
		singleMax: given('single-max') ? number(values['single-max']) : 10000,
		repeat: given('repeat') ? Math.max(1, number(values.repeat)) : 3,
		burst: given('burst') ? number(values.burst) : 20,
		build: buildMode(values),
		out: given('out') ? path.resolve(values.out) : path.join(ROOT, 'reports', 'bench.md'),
		keep: values.keep,
		quick: values.quick,
	};
	if (given('from-log')) args.fromLog = path.resolve(values['from-log']);
	if (args.quick) {
		if (!given('sizes')) args.sizes = [1000, 10000];
		if (!given('latencies')) args.latencies = [0, 300];
		if (!given('repeat')) args.repeat = 1;
		if (!given('single-max')) args.singleMax = 1000;
		if (!given('out')) args.out = path.join(ROOT, 'reports', 'bench-quick.md');
	}
	if (args.sizes.some((n) => !(n > 0))) throw new Error('--sizes: positive numbers, e.g. 1000,10000');
	if (args.latencies.some((n) => !(n >= 0))) throw new Error('--latencies: milliseconds, e.g. 0,300');
	for (const m of args.modes) if (!MODES.includes(m)) throw new Error(`unknown mode ${m} (cold, warm)`);
	for (const v of args.variants || []) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`);
	args.variantsFor = Object.fromEntries(args.modes.map((m) => [m, args.variants ? [...args.variants] : [...DEFAULT_VARIANTS[m]]]));
	return args;
}

/** The node's default Requests in Flight, read from its compiled code (the floor uses the same). */
function nodeConcurrency() {
	const candidates = [
		path.join(ROOT, 'dist', 'nodes', 'EsmsZns', 'send', 'dispatch.js'),
		path.join(ROOT, 'nodes', 'EsmsZns', 'send', 'dispatch.ts'),
	];
	for (const file of candidates) {
		if (!fs.existsSync(file)) continue;
		const m = fs.readFileSync(file, 'utf8').match(/DEFAULT_REQUESTS_IN_FLIGHT\s*=\s*(\d+)/);
		if (m) return { value: Number(m[1]), source: path.relative(ROOT, file) };
	}
	throw new Error('DEFAULT_REQUESTS_IN_FLIGHT not found in the node\'s code');
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s` : '–');
const median = (xs) => {
	const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
	if (!s.length) return NaN;
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function runFloor(cfg) {
	return new Promise((resolve, reject) => {
		const child = spawn(toolchain().nodeBin, [path.join(__dirname, 'bench', 'floor.js'), JSON.stringify(cfg)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (c) => (out += c));
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`floor.js exited ${code}`));
			resolve(JSON.parse(out.trim().split('\n').pop()));
		});
	});
}

function cellKey(mode, latency, n, variant) {
	return `${mode}/${latency}/${n}/${variant}`;
}

/** The workflow of one run (fresh node ids, so the node's Request IDs are new every run). */
function workflowFor(variant, { id, n, credential, sim, keys, runTag, trigger, burst }) {
	switch (variant) {
		case 'node':
			return wfs.nodeWorkflow({ id, n, credential, trigger });
		case 'lean':
			return wfs.nodeWorkflow({ id, n, credential, trigger, checksOff: true });
		case 'burst':
			return wfs.nodeWorkflow({ id, n, credential, trigger, requestsInFlight: burst });
		case 'leanburst':
			return wfs.nodeWorkflow({ id, n, credential, trigger, checksOff: true, requestsInFlight: burst });
		case 'overlap':
			return wfs.nodeWorkflow({ id, n, credential, trigger, onError: 'continueRegularOutput' });
		case 'diy':
			return wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger });
		case 'n8nhttp':
			return wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger, credential });
		case 'single':
			return wfs.singleWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag, trigger });
		default:
			return null; // floor: no n8n
	}
}

/**
 * One run in the long-running n8n: POST its webhook (answered at once), wait until the execution
 * has finished, read it with its data through the public API, then delete it (the database would
 * otherwise grow by every run's items). Peak RSS: the server's, sampled while the run ran.
 */
async function runWarm(n8n, id, { timeoutMs = 60 * 60 * 1000 } = {}) {
	const started = Date.now();
	const res = await n8n.callWebhook(id, { method: 'POST', body: {} });
	if (res.status !== 200) return { ok: false, status: `webhook HTTP ${res.status}`, run: null, wallMs: Date.now() - started };
	// Polled without the data (a 100,000-item execution is large), then read once with it.
	let summary;
	try {
		[summary] = await n8n.waitForExecutions({ workflowId: id, count: 1, timeoutMs, includeData: false });
	} catch (error) {
		return { ok: false, status: error.message, run: null, wallMs: Date.now() - started };
	}
	const run = await n8n.api(`/executions/${summary.id}?includeData=true`);
	await n8n.apiDelete(`/executions/${summary.id}`);
	const peak = n8n.server.monitor.peak(Date.parse(run.startedAt) - 300, Date.parse(run.stoppedAt) + 300);
	return { ok: run.status === 'success', status: run.status, run, wallMs: Date.now() - started, peakRssMb: peak.mainMb };
}

/** Rebuilds the results from the progress lines a run printed (for a run that was interrupted). */
function resultsFromLog(file) {
	const text = fs.readFileSync(file, 'utf8');
	const results = [];
	const line = /\[(\d+)\/(\d+)\]\s+(?:(cold|warm)\s+)?(\d+) ms\s+(\d+) (\w+)\s+#(\d+): send ([\d,.]+) ms, (\d+) requests, (\d+) in flight at most, (\d+)\/(\d+) accepted, peak ([\d,.]+) MB(.*)$/;
	for (const raw of text.split('\n')) {
		const m = raw.match(line);
		if (!m) continue;
		const num = (x) => Number(x.replace(/,/g, ''));
		results.push({
			mode: m[3] || 'cold', latency: num(m[4]), n: num(m[5]), variant: m[6], repeat: num(m[7]), sendMs: num(m[8]), requests: num(m[9]),
			maxInFlight: num(m[10]), accepted: num(m[11]), peakRssMb: num(m[13]), runMs: NaN, ok: !m[14].includes('NOT OK'),
		});
	}
	const header = text.match(/bench: n8n (\S+), .*Requests in Flight (\d+) \(([^)]+)\), burst (\d+)/);
	const planned = text.match(/\[\d+\/(\d+)\]/);
	const total = text.match(/^run: bench (\d+) s$/m);
	return { results, header, planned: planned ? Number(planned[1]) : results.length, totalMs: total ? Number(total[1]) * 1000 : NaN };
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.fromLog) {
		// Several logs (comma-separated): each mode from the first log that has it.
		const logs = args.fromLog.split(',').map((file) => ({ file, ...resultsFromLog(file) }));
		const results = [];
		const sources = [];
		for (const mode of MODES) {
			const log = logs.find((l) => l.results.some((r) => r.mode === mode));
			if (!log) continue;
			results.push(...log.results.filter((r) => r.mode === mode));
			sources.push(`${mode} from ${path.basename(log.file)}`);
		}
		const { header } = logs[0];
		const planned = logs.length === 1 ? logs[0].planned : results.length;
		const totalMs = logs.reduce((sum, l) => sum + l.totalMs, 0);
		if (!header) throw new Error('no "bench:" line in the log');
		args.burst = Number(header[4]);
		args.modes = MODES.filter((m) => results.some((r) => r.mode === m));
		args.variantsFor = Object.fromEntries(args.modes.map((m) => [m, VARIANTS.filter((v) => results.some((r) => r.mode === m && r.variant === v))]));
		const report = render({
			args, results, n8nVersion: header[1], concurrency: { value: Number(header[2]), source: header[3] },
			pack: { tarball: 'n8n-nodes-esms (see the log)' }, totalMs, load: { before: [NaN, NaN, NaN], after: os.loadavg() },
			note:
				logs.length > 1
					? `Rendered from ${logs.length} runs' logs (${sources.join('; ')}); each mode's cells come from one run.`
					: results.length < planned
						? `Interrupted: ${results.length} of ${planned} planned runs finished; cells show the runs that did.`
						: null,
		});
		fs.writeFileSync(args.out, report);
		console.error(`written to ${path.relative(process.cwd(), args.out) || args.out} from ${results.length} runs`);
		return 0;
	}
	const startedAll = Date.now();
	const loadBefore = os.loadavg();
	const n8nDir = await ensureN8n();
	const n8nVersion = n8nVersionOf(n8nDir);
	const pack = packPackage({ build: args.build });
	const concurrency = nodeConcurrency();
	const { startSimulator } = loadSimulator();
	const n8n = await createUserFolder({ tarball: pack.tarball, prefix: 'esms-bench-' });
	const sim = await startSimulator({ quiet: true, recordRequests: false });
	const keys = sim.defaultAccount;
	const credential = { id: 'benchSimCred1', name: 'eSMS simulator (bench)', type: 'esmsApi', data: { apiKey: keys.apiKey, secretKey: keys.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin } };
	console.error(`bench: n8n ${n8nVersion}, node ${toolchain().nodeVersion}, ${os.cpus().length} CPUs, node/floor Requests in Flight ${concurrency.value} (${concurrency.source}), burst ${args.burst}`);

	// Plan every run and import all workflows at once. Repeats are interleaved (round-robin) so that
	// a noisy minute on the shared machine spreads over cells instead of spoiling one. Cold runs
	// first, then the warm ones in one server, each warm variant after one unrecorded warm-up run.
	const runTagBase = `b${Date.now().toString(36)}`;
	const plan = [];
	/** `block`: for warm runs, the latency whose server runs it (a warm-up runs at 0 ms in each). */
	const planRun = (mode, variant, latency, n, r, { warmup = false, block = null } = {}) => {
		const runTag = `${runTagBase}-${mode}-${variant}-${latency}-${n}-${warmup ? 'warmup' : r}`;
		const id = `${mode === 'warm' ? (warmup ? 'u' : 'w') : 'b'}${SHORT[variant]}${latency}x${n}r${r}`.slice(0, 21);
		const trigger = mode === 'warm' ? 'webhook' : 'manual';
		const workflow = workflowFor(variant, { id, n, credential, sim, keys, runTag, trigger, burst: args.burst });
		plan.push({ mode, n, r, latency, variant, id, runTag, workflow, warmup, block });
	};
	const planRepeats = (mode, latencies, block = null) => {
		for (let r = 1; r <= args.repeat; r++) {
			for (const latency of latencies) {
				for (const n of args.sizes) {
					for (const variant of args.variantsFor[mode]) {
						if (variant === 'single' && n > args.singleMax) continue;
						planRun(mode, variant, latency, n, r, { block });
					}
				}
			}
		}
	};
	for (const mode of MODES.filter((m) => args.modes.includes(m))) {
		if (mode === 'cold') planRepeats(mode, args.latencies);
		// Warm: one server per latency, each on the database as it was after the imports (n8n only
		// soft-deletes executions, so one server for the whole bench grows a database of gigabytes
		// and slows down). In each, one unrecorded warm-up run per variant first.
		else {
			for (const latency of args.latencies) {
				for (const variant of args.variantsFor.warm) {
					if (variant !== 'floor') planRun(mode, variant, 0, Math.min(...args.sizes), 0, { warmup: true, block: latency });
				}
				planRepeats(mode, [latency], latency);
			}
		}
	}
	await n8n.importCredentials([credential]);
	const imported = new Map(plan.filter((p) => p.workflow).map((p) => [p.id, p.workflow]));
	await n8n.importWorkflows([...imported.values()]);
	// The database as imported, with its write-ahead log (sqlite's WAL holds what is not in the main file yet).
	const database = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	const DB_FILES = ['', '-wal', '-shm'];
	for (const suffix of DB_FILES) if (fs.existsSync(database + suffix)) fs.copyFileSync(database + suffix, `${database}${suffix}.imported`);

	const keyOrder = ['OAID', 'TempID', 'Data', 'ApiKey', 'SecretKey'];
	const results = [];
	const recorded = plan.filter((p) => !p.warmup).length;
	let done = 0;
	let server = null;
	let serverBlock = null;
	try {
		for (const p of plan) {
			const block = p.workflow ? p.block : null;
			if (block !== null && block !== serverBlock) {
				if (server) await n8n.stop();
				for (const suffix of DB_FILES) {
					fs.rmSync(database + suffix, { force: true });
					if (fs.existsSync(`${database}${suffix}.imported`)) fs.copyFileSync(`${database}${suffix}.imported`, database + suffix);
				}
				server = await n8n.startServer();
				serverBlock = block;
				await n8n.setupOwner();
				await n8n.createApiKey();
				const publishStarted = Date.now();
				const served = [...new Set(plan.filter((q) => q.workflow && q.block === block).map((q) => q.id))];
				for (const id of served) await n8n.publish(id);
				console.error(`bench: warm n8n for ${block} ms ready in ${(server.readyMs / 1000).toFixed(1)} s, ${served.length} webhook workflows published in ${((Date.now() - publishStarted) / 1000).toFixed(1)} s`);
			}
			// A fresh eSMS for every run: its fixtures' daily quota and balance (the node checks both
			// before sending), no messages kept from earlier runs, traffic counted from zero.
			sim.reset();
			sim.settings.latencyMs = p.latency;
			const row = { mode: p.mode, n: p.n, repeat: p.r, latency: p.latency, variant: p.variant };
			if (p.variant === 'floor') {
				const f = await runFloor({
					url: `${sim.baseUrl}/Send_zns_bulk_v4_post_json/`,
					n: p.n,
					batchSize: BATCH,
					concurrency: concurrency.value,
					top: { ApiKey: keys.apiKey, SecretKey: keys.secretKey, OAID: wfs.OA_ID, TempID: wfs.TEMPLATE_ID },
					keyOrder,
					runTag: p.runTag,
				});
				Object.assign(row, { sendMs: f.ms, runMs: NaN, wallMs: f.ms, accepted: f.accepted, peakRssMb: f.peakRssMb, ok: f.accepted === p.n });
			} else {
				let res;
				if (p.mode === 'warm') {
					res = await runWarm(n8n, p.id).catch((error) => ({ ok: false, status: error.message, run: null, wallMs: NaN }));
				}
				else {
					res = await n8n.execute(p.id, { timeoutMs: 60 * 60 * 1000 });
					res.peakRssMb = res.memory.peakRssDuringRunMb ?? res.memory.peakRssMb;
				}
				const run = res.run;
				const runData = (run && run.data && run.data.resultData.runData) || {};
				const sendMs = wfs.SEND_NODES[p.variant].reduce((sum, name) => sum + ((runData[name] && runData[name][0] && runData[name][0].executionTime) || 0), 0);
				const items = nodeOutput(run, wfs.RESULT_NODE[p.variant]) || [];
				const accepted =
					p.variant === 'single'
						? items.filter((i) => String(i.json.CodeResult) === '100').length
						: items.filter((i) => i.json.status === 'accepted').length;
				Object.assign(row, {
					sendMs,
					runMs: run && run.startedAt ? Date.parse(run.stoppedAt) - Date.parse(run.startedAt) : NaN,
					wallMs: res.wallMs,
					accepted,
					status: res.status,
					error: res.ok ? undefined : runError(run) || (res.stderrTail || '').slice(-500) || (res.stdoutTail || '').slice(-500),
					peakRssMb: res.peakRssMb,
					ok: res.ok && accepted === p.n,
				});
			}
			const traffic = sim.trafficStats();
			row.maxInFlight = traffic.maxInFlight;
			row.requests = traffic.requests;
			const line =
				`${p.mode} ${String(p.latency).padStart(4)} ms ${String(p.n).padStart(6)} ${p.variant.padEnd(9)} #${p.r}: ` +
				`send ${fmt(row.sendMs)} ms, ${row.requests} requests, ${row.maxInFlight} in flight at most, ${row.accepted}/${p.n} accepted, ` +
				`peak ${fmt(row.peakRssMb)} MB${row.ok ? '' : '  ** NOT OK ** ' + (row.error || row.status || '')}`;
			if (p.warmup) {
				console.error(`  [warm-up] ${line}`);
				continue;
			}
			done++;
			console.error(`  [${done}/${recorded}] ${line}`);
			results.push(row);
		}
	} finally {
		if (server) await n8n.stop();
	}
	await sim.stop();
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	if (!args.keep) await n8n.remove();
	else console.error(`kept ${n8n.userFolder}`);

	const load = { before: loadBefore, after: os.loadavg() };
	const report = render({ args, results, n8nVersion, concurrency, pack, totalMs: Date.now() - startedAll, load });
	console.log(report);
	fs.mkdirSync(path.dirname(args.out), { recursive: true });
	fs.writeFileSync(args.out, report);
	console.error(`written to ${path.relative(process.cwd(), args.out) || args.out}`);
	return results.every((r) => r.ok) ? 0 : 1;
}

function aggregate(results) {
	const groups = new Map();
	for (const r of results) {
		const key = cellKey(r.mode || 'cold', r.latency, r.n, r.variant);
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(r);
	}
	const agg = new Map();
	for (const [key, rows] of groups) {
		const sends = rows.map((r) => r.sendMs).filter(Number.isFinite);
		agg.set(key, {
			...rows[0],
			sendMs: median(sends),
			min: Math.min(...sends),
			max: Math.max(...sends),
			runMs: median(rows.map((r) => r.runMs)),
			maxInFlight: Math.max(...rows.map((r) => r.maxInFlight)),
			requests: rows[0].requests,
			peakRssMb: median(rows.map((r) => r.peakRssMb)),
			ok: rows.every((r) => r.ok),
			okCount: rows.filter((r) => r.ok).length,
			runs: rows.length,
			errors: rows.filter((r) => !r.ok).map((r) => r.error || r.status || `${r.accepted}/${r.n} accepted`),
		});
	}
	return agg;
}

function render({ args, results, n8nVersion, concurrency, pack, totalMs, load, note = null }) {
	const agg = aggregate(results);
	const get = (mode, latency, n, variant) => agg.get(cellKey(mode, latency, n, variant)) || null;
	const modes = MODES.filter((m) => args.modes.includes(m) && results.some((r) => (r.mode || 'cold') === m));
	const lines = [];
	const totalMem = os.totalmem() / 1024 ** 3;
	lines.push('# Benchmark: eSMS ZNS node in a real n8n');
	lines.push('');
	const took = Number.isFinite(totalMs) ? `${(totalMs / 60000).toFixed(1)} min in all` : 'time not in the log';
	const logCount = args.fromLog ? args.fromLog.split(',').length : 0;
	if (logCount === 1) lines.push(`Rendered ${new Date().toISOString()} from the progress log (stderr) of one \`node scripts/bench.js\` run (${took}) by \`node scripts/bench.js --from-log=…\`.`);
	else if (logCount > 1) lines.push(`Rendered ${new Date().toISOString()} from the progress logs (stderr) of ${logCount} \`node scripts/bench.js\` runs by \`node scripts/bench.js --from-log=…,…\`.`);
	else lines.push(`Generated ${new Date().toISOString()} by \`node scripts/bench.js ${process.argv.slice(2).join(' ')}\` (${took}).`);
	lines.push('');
	if (note) {
		lines.push(`**${note}**`);
		lines.push('');
	}
	lines.push(`- Machine: ${os.cpus().length} CPUs (${os.cpus()[0] ? os.cpus()[0].model.trim() : '?'}), ${totalMem.toFixed(1)} GB RAM, ${os.type()} ${os.release()}`);
	if (Number.isFinite(load.before[0])) lines.push(`- Load average (1/5/15 min) at start ${load.before.map((x) => x.toFixed(2)).join(' / ')}, at end ${load.after.map((x) => x.toFixed(2)).join(' / ')} — the machine is shared; compare ratios rather than absolute times`);
	lines.push(`- n8n ${n8nVersion} on Node ${toolchain().nodeVersion}; package ${path.basename(pack.tarball)} installed as a community package; N8N_EXPRESSION_ENGINE=legacy`);
	lines.push(`- eSMS simulator in the bench process, on loopback; **latency** = the simulator's \`latencyMs\`: every request it receives (the node's look-ups included) waits that long before it is answered`);
	lines.push(`- node: default options (Requests in Flight ${concurrency.value}, from ${concurrency.source}; pre-flight checks of quota and balance on); lean: the same with both pre-flight checks off; burst: Requests in Flight ${args.burst}; leanburst: both; overlap: default options with On Error "Continue (regular output)" (batches leave while items are read); floor: bare Node script, keep-alive agent, ${concurrency.value} requests in flight; diy: n8n's HTTP Request node with its default batching (all at once); n8nhttp: the same HTTP Request node signing each request with the eSMS API credential (as the node does), timed alone: n8n's own cost of sending these bodies, with no node code`);
	lines.push('- **cold**: every run is its own `n8n execute` process, so nothing the node keeps between runs applies (template and price are looked up every run, the JIT starts cold). **warm**: one long-running `n8n start`, each run started by a webhook as production runs are; the node keeps a sendable template and the price for 5 minutes, so most warm runs look up only the quota and the balance (see the requests column: batches + look-ups). Each warm variant had one unrecorded warm-up run first.');
	lines.push(`- Each cell: the **median** of ${args.repeat} run(s) (repeats interleaved), the range, the most requests the simulator had **in flight** at once, n8n's **peak RSS** during the run (median; warm: the server's, which also holds what earlier runs left). One request per recipient only up to ${fmt(args.singleMax)} recipients.`);
	lines.push('');
	lines.push('Times are the sending nodes\' own `executionTime` (node: eSMS ZNS; DIY: Build batches + HTTP Request + Split replies; single: HTTP Request); the floor\'s is the script\'s. The node\'s time includes its look-ups before the first batch: template, quota, balance and price side by side, so one latency.');
	lines.push('');
	for (const mode of modes) {
		lines.push(`## ${MODE_TITLE[mode]}`);
		lines.push('');
		const variants = VARIANTS.filter((v) => args.variantsFor[mode].includes(v));
		for (const latency of args.latencies) {
			lines.push(`### ${mode}, latency ${fmt(latency)} ms`);
			lines.push('');
			lines.push('| recipients | variant | time (median) | range | in flight at most | requests | peak RSS MB | node ÷ this | ok |');
			lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---|');
			for (const n of args.sizes) {
				const node = get(mode, latency, n, 'node');
				for (const variant of variants) {
					const a = get(mode, latency, n, variant);
					if (!a) {
						if (variant === 'single') lines.push(`| ${fmt(n)} | single | not run (above --single-max) | | | | | | |`);
						continue;
					}
					const ratio = node && variant !== 'node' ? node.sendMs / a.sendMs : NaN;
					const mem = variant === 'floor' ? `${fmt(a.peakRssMb)} (script)` : fmt(a.peakRssMb);
					lines.push(
						`| ${fmt(n)} | ${variant} | ${fmt(a.sendMs)} ms | ${a.runs > 1 ? `${fmt(a.min)}–${fmt(a.max)}` : '–'} | ${a.maxInFlight} | ${fmt(a.requests)} | ${mem} | ${Number.isFinite(ratio) ? fmt(ratio, 2) + '×' : ''} | ${a.ok ? 'yes' : `**no** (${a.okCount}/${a.runs})`} |`,
					);
				}
			}
			lines.push('');
		}
	}

	lines.push('## Targets');
	lines.push('');
	const verdict = (ok) => (ok === null ? 'not measured' : ok ? '**met**' : '**NOT met**');
	for (const mode of modes) {
		lines.push(`### ${mode}`);
		lines.push('');
		const target = (text, ok, detail) => lines.push(`- ${text}: ${verdict(ok)}${detail ? ` (${detail})` : ''}`);
		const at = (latency, n, variant) => get(mode, latency, n, variant);
		// The floor does not depend on n8n; a warm-only run measures its own.
		const floorAt = (n) => get(mode, 0, n, 'floor') || get('cold', 0, n, 'floor');
		{
			const a = at(300, 10000, 'node');
			target('default settings, 10,000 recipients at 300 ms in at most 1.5 s of the node\'s time', a ? a.sendMs <= 1500 : null, a && secs(a.sendMs));
			const b = at(300, 100000, 'node');
			target('default settings, 100,000 recipients at 300 ms in at most 10 s', b ? b.sendMs <= 10000 : null, b && secs(b.sendMs));
		}
		for (const n of args.sizes) {
			const node = at(0, n, 'node');
			const diy = at(0, n, 'diy');
			target(`zero latency, ${fmt(n)}: node faster than DIY`, node && diy ? node.sendMs < diy.sendMs : null, node && diy && `${fmt(node.sendMs)} vs ${fmt(diy.sendMs)} ms`);
		}
		for (const [n, limit] of [[10000, 1.5], [100000, 2]]) {
			const node = at(0, n, 'node');
			const floor = floorAt(n);
			// What n8n itself costs to send the same requests signed with the credential (no node code).
			const n8n = at(0, n, 'n8nhttp');
			const n8nPart =
				node && floor && n8n
					? `; n8n's request path alone (n8nhttp) is ${fmt(n8n.sendMs)} ms = ${fmt(n8n.sendMs / floor.sendMs, 2)}× the floor${n8n.sendMs / floor.sendMs > limit ? ', itself over the limit' : ''}, and the node is ${fmt(node.sendMs / n8n.sendMs, 2)}× that`
					: '';
			target(
				`zero latency, ${fmt(n)}: node ÷ floor ≤ ${limit}×`,
				node && floor ? node.sendMs / floor.sendMs <= limit : null,
				node && floor && `${fmt(node.sendMs)} ÷ ${fmt(floor.sendMs)} ms = ${fmt(node.sendMs / floor.sendMs, 2)}×${n8nPart}`,
			);
		}
		for (const variant of ['node', 'lean']) {
			for (const latency of args.latencies.filter((l) => l > 0)) {
				for (const n of args.sizes) {
					const run = at(latency, n, variant);
					const zero = at(0, n, variant);
					if (!run || !zero) continue;
					const rounds = Math.ceil(Math.ceil(n / BATCH) / concurrency.value);
					const expected = rounds * latency + zero.sendMs;
					// The pre-flight checks (issue 14: quota and balance known before the first message)
					// are one round trip before the first batch; shown beside the literal formula.
					const withChecks = (rounds + 1) * latency + zero.sendMs;
					const label = variant === 'node' ? 'node' : 'node with the pre-flight checks off (lean)';
					target(
						`${fmt(latency)} ms, ${fmt(n)}: ${label} within 1.2× of ceil(batches / in-flight) × latency + its zero-latency time`,
						run.sendMs <= 1.2 * expected,
						`${fmt(run.sendMs)} ms vs 1.2 × (${rounds} × ${fmt(latency)} + ${fmt(zero.sendMs)}) = ${fmt(1.2 * expected)} ms` +
							(variant === 'node' ? `; counting the look-up round before the first batch, 1.2 × (${rounds + 1} × ${fmt(latency)} + ${fmt(zero.sendMs)}) = ${fmt(1.2 * withChecks)} ms: ${run.sendMs <= 1.2 * withChecks ? 'within' : 'NOT within'}` : ''),
					);
				}
			}
		}
		for (const variant of ['burst', 'leanburst']) {
			for (const latency of args.latencies.filter((l) => l > 0)) {
				const burst = at(latency, 10000, variant);
				const diy = at(latency, 10000, 'diy');
				if (variant === 'leanburst' && !burst) continue;
				const label = variant === 'burst' ? `node with Requests in Flight ${args.burst}` : `node with Requests in Flight ${args.burst} and the pre-flight checks off (leanburst)`;
				target(`${fmt(latency)} ms, 10,000: ${label} at least as fast as DIY`, burst && diy ? burst.sendMs <= diy.sendMs : null, burst && diy && `${fmt(burst.sendMs)} vs ${fmt(diy.sendMs)} ms`);
			}
		}
		if (mode === 'warm') {
			lines.push('- n8n\'s peak RSS with the node no higher than with the DIY workflow: judged in the cold runs only (here every run shares one server, whose RSS holds what all earlier runs left)');
		} else {
			const pairs = [];
			for (const latency of args.latencies) for (const n of args.sizes) {
				const node = at(latency, n, 'node');
				const diy = at(latency, n, 'diy');
				if (node && diy) pairs.push({ latency, n, node: node.peakRssMb, diy: diy.peakRssMb });
			}
			const worse = pairs.filter((p) => p.node > p.diy);
			target(
				'n8n\'s peak RSS with the node no higher than with the DIY workflow',
				pairs.length ? worse.length === 0 : null,
				pairs.length ? (worse.length ? `higher in ${worse.map((p) => `${fmt(p.n)} @ ${p.latency} ms (${fmt(p.node)} vs ${fmt(p.diy)} MB)`).join(', ')}` : `every cell; e.g. ${pairs.map((p) => `${fmt(p.node)} vs ${fmt(p.diy)}`).slice(-1)[0]} MB`) : '',
			);
		}
		lines.push('');
	}
	const failures = [...agg.values()].filter((a) => !a.ok);
	if (failures.length) {
		lines.push('## Failed runs');
		lines.push('');
		for (const a of failures) lines.push(`- ${a.mode || 'cold'} ${fmt(a.latency)} ms ${fmt(a.n)} ${a.variant}: ${a.errors.map((e) => String(e).replace(/\s+/g, ' ').slice(0, 300)).join(' | ')}`);
		lines.push('');
	}
	lines.push('## All runs');
	lines.push('');
	lines.push('| mode | latency | recipients | variant | # | time ms | run ms | in flight at most | requests | accepted | peak RSS MB |');
	lines.push('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const r of results) {
		lines.push(`| ${r.mode || 'cold'} | ${fmt(r.latency)} | ${fmt(r.n)} | ${r.variant} | ${r.repeat} | ${fmt(r.sendMs)} | ${fmt(r.runMs)} | ${r.maxInFlight} | ${fmt(r.requests)} | ${fmt(r.accepted)} | ${fmt(r.peakRssMb)} |`);
	}
	lines.push('');
	return lines.join('\n');
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error.stack || String(error));
		process.exit(1);
	},
);

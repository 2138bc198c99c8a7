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
 *   floor   a bare Node script posting the same 500-row batches with the same bodies
 *           (keep-alive agent, the node's default Requests in Flight) — no n8n at all
 *   diy     do it yourself in n8n: Code (500-row batches) → HTTP Request (its default: every batch
 *           at once) → Code (one item per recipient)
 *   single  one HTTP Request per recipient to SendZaloMessage_V4_post_json/ (up to --single-max)
 *
 *   node scripts/bench.js [--quick] [--sizes=1000,10000,100000] [--latencies=0,300,1000]
 *                         [--variants=node,burst,overlap,floor,diy,single] [--repeat=3] [--burst=20]
 *                         [--single-max=10000] [--no-build] [--out=reports/bench.md] [--keep]
 *   --quick: sizes 1000,10000, latencies 0,300, one run per cell, single up to 1,000 (a few minutes)
 *   --from-log=FILE: render the report from the progress lines (stderr) of an interrupted run
 *
 * Every n8n run is its own `n8n execute` process (so peak memory is per run) on the same n8n
 * install, user folder and simulator. Every run uses fresh RequestIds. Each cell: the median of
 * the repeats, their range, the most requests in flight the simulator saw, n8n's peak RSS.
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
const VARIANTS = ['node', 'burst', 'overlap', 'floor', 'diy', 'single'];

const USAGE =
	'usage: node scripts/bench.js [--quick] [--sizes=1000,10000,100000] [--latencies=0,300,1000] [--variants=node,burst,overlap,floor,diy,single]\n' +
	'                             [--repeat=3] [--burst=20] [--single-max=10000] [--no-build|--build] [--out=reports/bench.md] [--keep]\n' +
	'                             [--from-log=FILE] [--help]';

function parseArgs(argv) {
	const values = readArgs(
		argv,
		{
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
		{ usage: USAGE, help: fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 23).join('\n') },
	);
	const number = (v) => Number(String(v).replace(/_/g, '').replace(/k$/i, '000'));
	const given = (name) => values[name] !== undefined;
	const args = {
		sizes: given('sizes') ? values.sizes.split(',').map(number) : [1000, 10000, 100000],
		latencies: given('latencies') ? values.latencies.split(',').map(number) : [0, 300, 1000],
		variants: given('variants') ? values.variants.split(',') : [...VARIANTS],
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
	for (const v of args.variants) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`);
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

function cellKey(latency, n, variant) {
	return `${latency}/${n}/${variant}`;
}

/** Rebuilds the results from the progress lines a run printed (for a run that was interrupted). */
function resultsFromLog(file) {
	const text = fs.readFileSync(file, 'utf8');
	const results = [];
	const line = /\[(\d+)\/(\d+)\]\s+(\d+) ms\s+(\d+) (\w+)\s+#(\d+): send ([\d,.]+) ms, (\d+) requests, (\d+) in flight at most, (\d+)\/(\d+) accepted, peak ([\d,.]+) MB(.*)$/;
	for (const raw of text.split('\n')) {
		const m = raw.match(line);
		if (!m) continue;
		const num = (x) => Number(x.replace(/,/g, ''));
		results.push({
			latency: num(m[3]), n: num(m[4]), variant: m[5], repeat: num(m[6]), sendMs: num(m[7]), requests: num(m[8]),
			maxInFlight: num(m[9]), accepted: num(m[10]), peakRssMb: num(m[12]), runMs: NaN, ok: !m[13].includes('NOT OK'),
		});
	}
	const header = text.match(/bench: n8n (\S+), .*Requests in Flight (\d+) \(([^)]+)\), burst (\d+)/);
	const planned = text.match(/\[\d+\/(\d+)\]/);
	return { results, header, planned: planned ? Number(planned[1]) : results.length };
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.fromLog) {
		const { results, header, planned } = resultsFromLog(args.fromLog);
		if (!header) throw new Error('no "bench:" line in the log');
		args.burst = Number(header[4]);
		const report = render({
			args, results, n8nVersion: header[1], concurrency: { value: Number(header[2]), source: header[3] },
			pack: { tarball: 'n8n-nodes-esms (see the log)' }, totalMs: NaN, load: { before: [NaN, NaN, NaN], after: os.loadavg() },
			note: results.length < planned ? `Interrupted: ${results.length} of ${planned} planned runs finished; cells show the runs that did.` : null,
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
	// a noisy minute on the shared machine spreads over cells instead of spoiling one.
	const runTagBase = `b${Date.now().toString(36)}`;
	const plan = [];
	for (let r = 1; r <= args.repeat; r++) {
		for (const latency of args.latencies) {
			for (const n of args.sizes) {
				for (const variant of args.variants) {
					if (variant === 'single' && n > args.singleMax) continue;
					const runTag = `${runTagBase}-${variant}-${latency}-${n}-${r}`;
					const id = `b${variant.slice(0, 2)}${latency}x${n}r${r}`.slice(0, 21);
					let workflow = null;
					if (variant === 'node') workflow = wfs.nodeWorkflow({ id, n, credential });
					else if (variant === 'burst') workflow = wfs.nodeWorkflow({ id, n, credential, requestsInFlight: args.burst });
					else if (variant === 'overlap') workflow = wfs.nodeWorkflow({ id, n, credential, onError: 'continueRegularOutput' });
					else if (variant === 'diy') workflow = wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag });
					else if (variant === 'single') workflow = wfs.singleWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag });
					plan.push({ n, r, latency, variant, id, runTag, workflow });
				}
			}
		}
	}
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows(plan.filter((p) => p.workflow).map((p) => p.workflow));

	const keyOrder = ['OAID', 'TempID', 'Data', 'ApiKey', 'SecretKey'];
	const results = [];
	let done = 0;
	for (const p of plan) {
		// A fresh eSMS for every run: its fixtures' daily quota and balance (the node checks both
		// before sending), no messages kept from earlier runs, traffic counted from zero.
		sim.reset();
		sim.settings.latencyMs = p.latency;
		const row = { n: p.n, repeat: p.r, latency: p.latency, variant: p.variant };
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
			const res = await n8n.execute(p.id, { timeoutMs: 60 * 60 * 1000 });
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
				error: res.ok ? undefined : runError(run) || res.stderrTail.slice(-500) || res.stdoutTail.slice(-500),
				peakRssMb: res.memory.peakRssDuringRunMb ?? res.memory.peakRssMb,
				ok: res.ok && accepted === p.n,
			});
		}
		const traffic = sim.trafficStats();
		row.maxInFlight = traffic.maxInFlight;
		row.requests = traffic.requests;
		done++;
		console.error(
			`  [${done}/${plan.length}] ${String(p.latency).padStart(4)} ms ${String(p.n).padStart(6)} ${p.variant.padEnd(6)} #${p.r}: ` +
				`send ${fmt(row.sendMs)} ms, ${row.requests} requests, ${row.maxInFlight} in flight at most, ${row.accepted}/${p.n} accepted, ` +
				`peak ${fmt(row.peakRssMb)} MB${row.ok ? '' : '  ** NOT OK ** ' + (row.error || row.status || '')}`,
		);
		results.push(row);
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
		const key = cellKey(r.latency, r.n, r.variant);
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
	const get = (latency, n, variant) => agg.get(cellKey(latency, n, variant));
	const lines = [];
	const totalMem = os.totalmem() / 1024 ** 3;
	lines.push('# Benchmark: eSMS ZNS node in a real n8n');
	lines.push('');
	lines.push(`Generated ${new Date().toISOString()} by \`node scripts/bench.js ${process.argv.slice(2).join(' ')}\`` + ` (${Number.isFinite(totalMs) ? `${(totalMs / 60000).toFixed(1)} min in all` : 'from the log of a run'}).`);
	lines.push('');
	if (note) {
		lines.push(`**${note}**`);
		lines.push('');
	}
	lines.push(`- Machine: ${os.cpus().length} CPUs (${os.cpus()[0] ? os.cpus()[0].model.trim() : '?'}), ${totalMem.toFixed(1)} GB RAM, ${os.type()} ${os.release()}`);
	if (Number.isFinite(load.before[0])) lines.push(`- Load average (1/5/15 min) at start ${load.before.map((x) => x.toFixed(2)).join(' / ')}, at end ${load.after.map((x) => x.toFixed(2)).join(' / ')} — the machine is shared; compare ratios rather than absolute times`);
	lines.push(`- n8n ${n8nVersion} on Node ${toolchain().nodeVersion}; package ${path.basename(pack.tarball)} installed as a community package; N8N_EXPRESSION_ENGINE=legacy`);
	lines.push(`- eSMS simulator in the bench process, on loopback; **latency** = the simulator's \`latencyMs\`: every request it receives (the node's template look-up included) waits that long before it is answered`);
	lines.push(`- node: default options (Requests in Flight ${concurrency.value}, from ${concurrency.source}); burst: Requests in Flight ${args.burst}; overlap: default options with On Error \"Continue (regular output)\" (batches leave while items are read); floor: bare Node script, keep-alive agent, ${concurrency.value} requests in flight; diy: n8n's HTTP Request node with its default batching (all at once)`);
	lines.push(`- Each cell: the **median** of ${args.repeat} run(s) (repeats interleaved), the range, the most requests the simulator had **in flight** at once, n8n's **peak RSS** during the run (median). One request per recipient only up to ${fmt(args.singleMax)} recipients.`);
	lines.push('');
	lines.push('Times are the sending nodes\' own `executionTime` (node: eSMS ZNS; DIY: Build batches + HTTP Request + Split replies; single: HTTP Request); the floor\'s is the script\'s. The node\'s time includes its template look-up (one request, so one latency).');
	lines.push('');
	const variants = VARIANTS.filter((v) => args.variants.includes(v));
	for (const latency of args.latencies) {
		lines.push(`## Latency ${fmt(latency)} ms`);
		lines.push('');
		lines.push('| recipients | variant | time (median) | range | in flight at most | requests | peak RSS MB | node ÷ this | ok |');
		lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---|');
		for (const n of args.sizes) {
			const node = get(latency, n, 'node');
			for (const variant of variants) {
				const a = get(latency, n, variant);
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

	lines.push('## Targets');
	lines.push('');
	const verdict = (ok) => (ok === null ? 'not measured' : ok ? '**met**' : '**NOT met**');
	const target = (text, ok, detail) => lines.push(`- ${text}: ${verdict(ok)}${detail ? ` (${detail})` : ''}`);
	const at = (latency, n, variant) => get(latency, n, variant) || null;
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
		const floor = at(0, n, 'floor');
		target(`zero latency, ${fmt(n)}: node ÷ floor ≤ ${limit}×`, node && floor ? node.sendMs / floor.sendMs <= limit : null, node && floor && `${fmt(node.sendMs)} ÷ ${fmt(floor.sendMs)} ms = ${fmt(node.sendMs / floor.sendMs, 2)}×`);
	}
	for (const latency of args.latencies.filter((l) => l > 0)) {
		for (const n of args.sizes) {
			const node = at(latency, n, 'node');
			const zero = at(0, n, 'node');
			if (!node || !zero) continue;
			const rounds = Math.ceil(Math.ceil(n / BATCH) / concurrency.value);
			const expected = rounds * latency + zero.sendMs;
			target(
				`${fmt(latency)} ms, ${fmt(n)}: node within 1.2× of ceil(batches / in-flight) × latency + its zero-latency time`,
				node.sendMs <= 1.2 * expected,
				`${fmt(node.sendMs)} ms vs 1.2 × (${rounds} × ${fmt(latency)} + ${fmt(zero.sendMs)}) = ${fmt(1.2 * expected)} ms; the template look-up adds one latency more`,
			);
		}
	}
	for (const latency of args.latencies.filter((l) => l > 0)) {
		const burst = at(latency, 10000, 'burst');
		const diy = at(latency, 10000, 'diy');
		target(`${fmt(latency)} ms, 10,000: node with Requests in Flight ${args.burst} at least as fast as DIY`, burst && diy ? burst.sendMs <= diy.sendMs : null, burst && diy && `${fmt(burst.sendMs)} vs ${fmt(diy.sendMs)} ms`);
	}
	{
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
	const failures = [...agg.values()].filter((a) => !a.ok);
	if (failures.length) {
		lines.push('');
		lines.push('## Failed runs');
		lines.push('');
		for (const a of failures) lines.push(`- ${fmt(a.latency)} ms ${fmt(a.n)} ${a.variant}: ${a.errors.map((e) => String(e).replace(/\s+/g, ' ').slice(0, 300)).join(' | ')}`);
	}
	lines.push('');
	lines.push('## All runs');
	lines.push('');
	lines.push('| latency | recipients | variant | # | time ms | run ms | in flight at most | accepted | peak RSS MB |');
	lines.push('|---:|---:|---|---:|---:|---:|---:|---:|---:|');
	for (const r of results) {
		lines.push(`| ${fmt(r.latency)} | ${fmt(r.n)} | ${r.variant} | ${r.repeat} | ${fmt(r.sendMs)} | ${fmt(r.runMs)} | ${r.maxInFlight} | ${fmt(r.accepted)} | ${fmt(r.peakRssMb)} |`);
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

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
 * One recipient per request (not run by default; reported in reports/bench-sms.md, --sms-out):
 *   sms      the node's SMS › Send (SendMultipleMessage_V4_post_json/), Requests in Flight k
 *   fallback the node's ZNS Message › Send with SMS Fallback (MultiChannelMessage/), k in flight
 *   smsfloor a bare Node script posting the same one-recipient SMS requests, k in flight
 *   smsdiy   n8n's HTTP Request node, one SMS request per item, n8n's default batching (all at once)
 *   smsn8nhttp  the same HTTP Request node signing each request with the eSMS API credential (n8n's own request path)
 *   k: a suffix (sms:50) or --sms-in-flight (default: the node's default Requests in Flight); e.g.
 *   node scripts/bench.js --modes=warm --sizes=2000 --latencies=0,300 --variants=sms:10,sms:20,sms:50,sms:100 --repeat=1
 *   node scripts/bench.js --modes=warm --sizes=1000,10000 --latencies=0,300 --variants=sms,fallback,smsfloor,smsdiy --sms-in-flight=50
 *
 *   node scripts/bench.js [--quick] [--modes=cold,warm] [--sizes=1000,10000,100000] [--latencies=0,300,1000]
 *                         [--variants=node,lean,burst,leanburst,overlap,floor,diy,n8nhttp,single] [--repeat=3] [--burst=20]
 *                         [--single-max=10000] [--no-build] [--out=reports/bench.md] [--keep]
 *                         [--sms-in-flight=K] [--sms-out=reports/bench-sms.md]
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
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BUILD_FLAGS, buildMode, readArgs } = require('./lib/args');
const { ROOT } = require('./lib/constants');
const { createUserFolder } = require('./lib/instance');
const { packPackage } = require('./lib/pack');
const { loadSimulator } = require('./lib/simulator');
const { ensureN8n, n8nVersionOf, toolchain } = require('./lib/toolchain');
const { reportFromLogs } = require('./bench/fromLog');
const { planRuns } = require('./bench/plan');
const { fmt, render } = require('./bench/report');
const { measureRun, nodeConcurrency, prepareWarmServer, restoreImportedDatabase, saveImportedDatabase } = require('./bench/runs');
const { renderSms } = require('./bench/reportSms');
const { DEFAULT_VARIANTS, MODES, VARIANTS, isSms, parseVariant, withCeilings } = require('./bench/variants');

const USAGE =
	'usage: node scripts/bench.js [--quick] [--modes=cold,warm] [--sizes=1000,10000,100000] [--latencies=0,300,1000] [--variants=node,lean,burst,leanburst,overlap,floor,diy,single]\n' +
	'                             [--repeat=3] [--burst=20] [--single-max=10000] [--no-build|--build] [--out=reports/bench.md] [--keep]\n' +
	'                             [--sms-in-flight=K] [--sms-out=reports/bench-sms.md]   (variants sms,fallback,smsfloor,smsdiy,smsn8nhttp; sms:K)\n' +
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
			'sms-in-flight': { type: 'string' },
			'sms-out': { type: 'string' },
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
		smsOut: given('sms-out') ? path.resolve(values['sms-out']) : path.join(ROOT, 'reports', 'bench-sms.md'),
		smsInFlight: given('sms-in-flight') ? number(values['sms-in-flight']) : null,
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
	for (const v of args.variants || []) if (!VARIANTS.includes(parseVariant(v).base)) throw new Error(`unknown variant ${v}`);
	if (args.smsInFlight !== null && !(Number.isInteger(args.smsInFlight) && args.smsInFlight >= 1 && args.smsInFlight <= 100)) throw new Error('--sms-in-flight: 1–100');
	args.variantsFor = Object.fromEntries(args.modes.map((m) => [m, args.variants ? [...args.variants] : [...DEFAULT_VARIANTS[m]]]));
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.fromLog) return reportFromLogs(args);
	const startedAll = Date.now();
	const startedAt = new Date(startedAll).toISOString().slice(0, 16).replace('T', ' ');
	const loadBefore = os.loadavg();
	const n8nDir = await ensureN8n();
	const n8nVersion = n8nVersionOf(n8nDir);
	const pack = packPackage({ build: args.build });
	const concurrency = nodeConcurrency();
	// One-per-request variants without a suffix run at --sms-in-flight, else at the node's default.
	for (const m of args.modes) args.variantsFor[m] = withCeilings(args.variantsFor[m], args.smsInFlight ?? concurrency.value);
	const { startSimulator } = loadSimulator();
	const n8n = await createUserFolder({ tarball: pack.tarball, prefix: 'esms-bench-' });
	const sim = await startSimulator({ quiet: true, recordRequests: false });
	const keys = sim.defaultAccount;
	const credential = { id: 'benchSimCred1', name: 'eSMS simulator (bench)', type: 'esmsApi', data: { apiKey: keys.apiKey, secretKey: keys.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin } };
	console.error(`bench: n8n ${n8nVersion}, node ${toolchain().nodeVersion}, ${os.cpus().length} CPUs, node/floor Requests in Flight ${concurrency.value} (${concurrency.source}), burst ${args.burst}`);

	// Plan every run and import all workflows at once; each warm server starts on the database as imported.
	const plan = planRuns(args, { credential, sim, keys });
	await n8n.importCredentials([credential]);
	const imported = new Map(plan.filter((p) => p.workflow).map((p) => [p.id, p.workflow]));
	await n8n.importWorkflows([...imported.values()]);
	const database = saveImportedDatabase(n8n);

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
				restoreImportedDatabase(database);
				server = await n8n.startServer();
				serverBlock = block;
				await prepareWarmServer(n8n, server, plan, block);
			}
			const row = await measureRun(p, { n8n, sim, keys, concurrency });
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
	const totalMs = Date.now() - startedAll;
	const bulk = results.filter((r) => !isSms(r.variant));
	const oneByOne = results.filter((r) => isSms(r.variant));
	const reports = [];
	if (bulk.length) reports.push([args.out, render({ args, results: bulk, n8nVersion, concurrency, pack, totalMs, load })]);
	if (oneByOne.length) reports.push([args.smsOut, renderSms({ args, results: oneByOne, n8nVersion, pack, totalMs, load, startedAt })]);
	for (const [file, report] of reports) {
		console.log(report);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, report);
		console.error(`written to ${path.relative(process.cwd(), file) || file}`);
	}
	return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error.stack || String(error));
		process.exit(1);
	},
);

#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: a printed report (not a test) of sending personalised ZNS in a real n8n 2.40.7
 * against the eSMS simulator, for several recipient counts:
 *
 *   node    this package's eSMS ZNS node (Customers → eSMS ZNS)
 *   floor   a bare Node script posting the same 500-row batches with the same bodies
 *           (keep-alive agent, the node's own batch concurrency) — no n8n at all
 *   diy     do it yourself in n8n: Code (500-row batches) → HTTP Request → Code (one item per recipient)
 *   single  one HTTP Request per recipient to SendZaloMessage_V4_post_json/ (capped, see --single-max)
 *
 *   node scripts/bench.js [--sizes=1000,10000,100000] [--variants=node,floor,diy,single]
 *                         [--single-max=10000] [--repeat=1] [--no-build] [--out=reports/bench.md] [--keep]
 *
 * Every n8n run is its own `n8n execute` process (so peak memory is per run) on the same n8n install,
 * the same user folder and the same simulator. Every run uses fresh RequestIds.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const lib = require('./lib/n8n');
const wfs = require('./bench/workflows');

const ROOT = lib.ROOT;

function parseArgs(argv) {
	const args = {
		sizes: [1000, 10000, 100000],
		variants: ['node', 'floor', 'diy', 'single'],
		singleMax: 10000,
		repeat: 1,
		build: 'auto',
		out: path.join(ROOT, 'reports', 'bench.md'),
		keep: false,
		concurrency: null,
	};
	for (const a of argv) {
		const [k, v] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, ''];
		if (k === '--sizes') args.sizes = v.split(',').map((s) => Number(s.replace(/[_k]/gi, (m) => (m.toLowerCase() === 'k' ? '000' : ''))));
		else if (k === '--variants') args.variants = v.split(',');
		else if (k === '--single-max') args.singleMax = Number(v);
		else if (k === '--repeat') args.repeat = Math.max(1, Number(v));
		else if (k === '--no-build') args.build = false;
		else if (k === '--build') args.build = true;
		else if (k === '--out') args.out = path.resolve(v);
		else if (k === '--keep') args.keep = true;
		else if (k === '--concurrency') args.concurrency = Number(v);
		else if (k === '--help' || k === '-h') {
			console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 18).join('\n'));
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	if (args.sizes.some((n) => !(n > 0))) throw new Error('--sizes: positive numbers, e.g. 1000,10000');
	return args;
}

/** The node's batch concurrency, read from its compiled code (the floor uses the same). */
function nodeConcurrency() {
	const candidates = [
		path.join(ROOT, 'dist', 'nodes', 'EsmsZns', 'actions', 'znsMessage', 'send.operation.js'),
		path.join(ROOT, 'nodes', 'EsmsZns', 'actions', 'znsMessage', 'send.operation.ts'),
	];
	for (const file of candidates) {
		if (!fs.existsSync(file)) continue;
		const m = fs.readFileSync(file, 'utf8').match(/CONCURRENT_BATCHES\s*=\s*(\d+)/);
		if (m) return { value: Number(m[1]), source: path.relative(ROOT, file) };
	}
	return { value: 2, source: 'default (CONCURRENT_BATCHES not found)' };
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');

function runFloor(cfg) {
	return new Promise((resolve, reject) => {
		const child = spawn(lib.toolchain().nodeBin, [path.join(__dirname, 'bench', 'floor.js'), JSON.stringify(cfg)], {
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

function countRequests(requests) {
	const counts = {};
	for (const r of requests) {
		const name = r.path.split('/').filter(Boolean).pop() || r.path;
		counts[name] = (counts[name] || 0) + 1;
	}
	return counts;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const startedAll = Date.now();
	const loadBefore = os.loadavg();
	const n8nDir = await lib.ensureN8n();
	const n8nVersion = lib.n8nVersionOf(n8nDir);
	const pack = lib.packPackage({ build: args.build });
	const concurrency = args.concurrency ? { value: args.concurrency, source: '--concurrency' } : nodeConcurrency();
	const { startSimulator } = lib.loadSimulator();
	const n8n = await lib.createUserFolder({ tarball: pack.tarball, prefix: 'esms-bench-' });
	const sim = await startSimulator({ quiet: true });
	const keys = sim.defaultAccount;
	const credential = { id: 'benchSimCred1', name: 'eSMS simulator (bench)', type: 'esmsApi', data: { apiKey: keys.apiKey, secretKey: keys.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin } };
	console.error(`bench: n8n ${n8nVersion}, node ${lib.toolchain().nodeVersion}, ${os.cpus().length} CPUs, floor/node concurrency ${concurrency.value} (${concurrency.source})`);

	// Plan every n8n run and import all workflows at once.
	const runTagBase = `b${Date.now().toString(36)}`;
	const plan = [];
	for (const n of args.sizes) {
		for (let r = 1; r <= args.repeat; r++) {
			for (const variant of args.variants) {
				if (variant === 'single' && n > args.singleMax) continue;
				const runTag = `${runTagBase}-${variant}-${n}-${r}`;
				const id = `b${n}${variant}${r}`.slice(0, 21);
				let workflow = null;
				if (variant === 'node') workflow = wfs.nodeWorkflow({ id, n, credential });
				else if (variant === 'diy') workflow = wfs.diyWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag });
				else if (variant === 'single') workflow = wfs.singleWorkflow({ id, n, baseUrl: sim.baseUrl, keys, runTag });
				else if (variant !== 'floor') throw new Error(`unknown variant ${variant}`);
				plan.push({ n, r, variant, id, runTag, workflow });
			}
		}
	}
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows(plan.filter((p) => p.workflow).map((p) => p.workflow));

	let keyOrder = ['OAID', 'TempID', 'Data', 'ApiKey', 'SecretKey'];
	let keyOrderSource = 'default';
	const results = [];
	for (const p of plan) {
		sim.clearRequests();
		const row = { n: p.n, repeat: p.r, variant: p.variant };
		if (p.variant === 'floor') {
			const f = await runFloor({
				url: `${sim.baseUrl}/Send_zns_bulk_v4_post_json/`,
				n: p.n,
				batchSize: 500,
				concurrency: concurrency.value,
				top: { ApiKey: keys.apiKey, SecretKey: keys.secretKey, OAID: wfs.OA_ID, TempID: wfs.TEMPLATE_ID },
				keyOrder,
				runTag: p.runTag,
			});
			Object.assign(row, { sendMs: f.ms, runMs: f.ms, wallMs: f.ms, requests: countRequests(sim.requests), accepted: f.accepted, peakRssMb: f.peakRssMb, ok: f.accepted === p.n });
		} else {
			const res = await n8n.execute(p.id, { timeoutMs: 60 * 60 * 1000 });
			const run = res.run;
			const runData = (run && run.data && run.data.resultData.runData) || {};
			const sendMs = wfs.SEND_NODES[p.variant].reduce((sum, name) => sum + ((runData[name] && runData[name][0] && runData[name][0].executionTime) || 0), 0);
			const items = lib.nodeOutput(run, wfs.RESULT_NODE[p.variant]) || [];
			const accepted =
				p.variant === 'single'
					? items.filter((i) => String(i.json.CodeResult) === '100').length
					: items.filter((i) => i.json.status === 'accepted').length;
			if (p.variant === 'node') {
				const first = sim.sendRequests()[0];
				if (first) {
					keyOrder = Object.keys(JSON.parse(first.rawBody));
					keyOrderSource = 'the node\'s own first request';
				}
			}
			Object.assign(row, {
				sendMs,
				runMs: run && run.startedAt ? Date.parse(run.stoppedAt) - Date.parse(run.startedAt) : NaN,
				wallMs: res.wallMs,
				requests: countRequests(sim.requests),
				accepted,
				items: items.length,
				status: res.status,
				error: res.ok ? undefined : lib.runError(run) || res.stderrTail.slice(-500) || res.stdoutTail.slice(-500),
				peakRssMb: res.memory.peakRssDuringRunMb ?? res.memory.peakRssMb,
				peakTreeRssMb: res.memory.peakTreeRssDuringRunMb ?? res.memory.peakTreeRssMb,
				processPeakRssMb: res.memory.peakRssMb,
				ok: res.ok && accepted === p.n,
			});
		}
		const reqTotal = Object.values(row.requests).reduce((a, b) => a + b, 0);
		console.error(
			`  ${String(p.n).padStart(6)} ${p.variant.padEnd(6)} #${p.r}: send ${fmt(row.sendMs)} ms, run ${fmt(row.runMs)} ms, ` +
				`${reqTotal} requests, ${row.accepted}/${p.n} accepted, peak ${fmt(row.peakRssMb)} MB${row.ok ? '' : '  ** NOT OK ** ' + (row.error || row.status || '')}`,
		);
		results.push(row);
		sim.clearRequests();
	}
	await sim.stop();
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	if (!args.keep) await n8n.remove();
	else console.error(`kept ${n8n.userFolder}`);

	const load = { before: loadBefore, after: os.loadavg() };
	const report = render({ args, results, n8nVersion, concurrency, keyOrder, keyOrderSource, pack, totalMs: Date.now() - startedAll, load });
	console.log(report);
	fs.mkdirSync(path.dirname(args.out), { recursive: true });
	fs.writeFileSync(args.out, report);
	console.error(`written to ${path.relative(process.cwd(), args.out) || args.out}`);
	return results.every((r) => r.ok) ? 0 : 1;
}

function render({ args, results, n8nVersion, concurrency, keyOrder, keyOrderSource, pack, totalMs, load }) {
	// Best (lowest) of the repeats per size and variant: on a shared machine the noise only ever adds time.
	const groups = new Map();
	for (const r of results) {
		const key = `${r.n}/${r.variant}`;
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(r);
	}
	const agg = new Map();
	for (const [key, rows] of groups) {
		const pick = (f) => Math.min(...rows.map(f).filter(Number.isFinite));
		const spread = (f) => {
			const xs = rows.map(f).filter(Number.isFinite);
			return xs.length > 1 ? [Math.min(...xs), Math.max(...xs)] : null;
		};
		agg.set(key, {
			n: rows[0].n,
			variant: rows[0].variant,
			sendMs: pick((r) => r.sendMs),
			sendSpread: spread((r) => r.sendMs),
			runMs: pick((r) => r.runMs),
			wallMs: pick((r) => r.wallMs),
			requests: rows[0].requests,
			peakRssMb: pick((r) => r.peakRssMb),
			peakTreeRssMb: pick((r) => r.peakTreeRssMb),
			ok: rows.every((r) => r.ok),
			okCount: rows.filter((r) => r.ok).length,
			runs: rows.length,
			errors: rows.filter((r) => !r.ok).map((r) => r.error || r.status || `${r.accepted}/${r.n} accepted`),
		});
	}
	const totalMem = os.totalmem() / 1024 ** 3;
	const lines = [];
	lines.push('# Benchmark: eSMS ZNS node in a real n8n');
	lines.push('');
	lines.push(`Generated ${new Date().toISOString()} by \`node scripts/bench.js ${process.argv.slice(2).join(' ')}\`` + ` (${(totalMs / 1000).toFixed(0)} s in all).`);
	lines.push('');
	lines.push(`- Machine: ${os.cpus().length} CPUs (${os.cpus()[0] ? os.cpus()[0].model.trim() : '?'}), ${totalMem.toFixed(1)} GB RAM, ${os.type()} ${os.release()}`);
	lines.push(`- Load average (1/5/15 min) at start ${load.before.map((x) => x.toFixed(2)).join(' / ')}, at end ${load.after.map((x) => x.toFixed(2)).join(' / ')} — the machine may be shared; compare ratios rather than absolute times`);
	lines.push(`- n8n ${n8nVersion} on Node ${lib.toolchain().nodeVersion}; package ${path.basename(pack.tarball)} installed as a community package; N8N_EXPRESSION_ENGINE=legacy`);
	lines.push(`- eSMS simulator (build/simulator) in the bench process, on loopback; one simulator for all runs; fresh RequestIds every run`);
	lines.push(`- Floor: bare Node script, keep-alive agent, ${concurrency.value} batches in flight (the node's CONCURRENT_BATCHES, from ${concurrency.source}); body keys in the order ${keyOrder.join(', ')} (${keyOrderSource})`);
	lines.push(`- Repeats per cell: ${args.repeat} (best shown; the range of the send time is in the send column). One-request-per-recipient runs only up to ${fmt(args.singleMax)} recipients (\`--single-max\`).`);
	lines.push('');
	lines.push('Columns: **send** = the sending nodes\' own `executionTime` from the run data (node: eSMS ZNS; DIY: Build batches + HTTP Request + Split replies; single: HTTP Request) — for the floor, the script\'s time; **run** = whole execution (stoppedAt − startedAt, includes the Code node making the customers); **µs/rcpt** = send time per recipient; **overhead** = (send − floor send) per recipient; **peak RSS** = n8n main process during the run (and with its JS task runner).');
	lines.push('');
	lines.push('| recipients | variant | send (ms) | run (ms) | requests | µs/rcpt | overhead µs/rcpt | peak RSS MB (with runner) | node ÷ this | ok |');
	lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
	for (const n of args.sizes) {
		const floor = agg.get(`${n}/floor`);
		const node = agg.get(`${n}/node`);
		for (const variant of ['node', 'floor', 'diy', 'single']) {
			const a = agg.get(`${n}/${variant}`);
			if (!a) {
				if (variant === 'single' && args.variants.includes('single')) lines.push(`| ${fmt(n)} | single | not run (above --single-max) | | | | | | | |`);
				continue;
			}
			const reqs = Object.values(a.requests).reduce((x, y) => x + y, 0);
			const reqDetail = Object.entries(a.requests).map(([k, v]) => `${v} ${k.replace(/_post_json|_json/i, '')}`).join(', ');
			const overhead = floor && variant !== 'floor' ? ((a.sendMs - floor.sendMs) * 1000) / n : NaN;
			const ratio = node && variant !== 'node' ? node.sendMs / a.sendMs : NaN;
			const mem = variant === 'floor' ? `${fmt(a.peakRssMb)} (script)` : `${fmt(a.peakRssMb)} (${fmt(a.peakTreeRssMb)})`;
			lines.push(
				`| ${fmt(n)} | ${variant} | ${fmt(a.sendMs)}${a.sendSpread ? ` <sub>${fmt(a.sendSpread[0])}–${fmt(a.sendSpread[1])}</sub>` : ''} | ${variant === 'floor' ? '–' : fmt(a.runMs)} | ${reqs}${reqDetail && reqs ? ` <sub>${reqDetail}</sub>` : ''} | ${fmt((a.sendMs * 1000) / n, 1)} | ${fmt(overhead, 1)} | ${mem} | ${Number.isFinite(ratio) ? fmt(ratio, 2) + '×' : ''} | ${a.ok ? 'yes' : `**no** (${a.okCount}/${a.runs})`} |`,
			);
		}
	}
	lines.push('');
	lines.push('## Targets');
	lines.push('');
	const big = Math.max(...args.sizes);
	const bigNode = agg.get(`${big}/node`);
	if (bigNode) lines.push(`- ${fmt(big)} recipients in one execution without error: **${bigNode.ok ? 'met' : 'NOT met'}** (${fmt(bigNode.sendMs)} ms in the node, ${fmt(bigNode.runMs)} ms whole run, peak ${fmt(bigNode.peakRssMb)} MB)${big < 100000 ? ' — note: 100,000 was not in --sizes' : ''}`);
	for (const n of args.sizes) {
		const node = agg.get(`${n}/node`);
		const diy = agg.get(`${n}/diy`);
		if (node && diy) lines.push(`- ${fmt(n)}: node no slower than DIY: **${node.sendMs <= diy.sendMs ? 'met' : 'NOT met'}** (node ${fmt(node.sendMs)} ms vs DIY ${fmt(diy.sendMs)} ms, ${fmt(node.sendMs / diy.sendMs, 2)}×; whole run ${fmt(node.runMs)} vs ${fmt(diy.runMs)} ms)`);
	}
	const node10 = agg.get('10000/node');
	const floor10 = agg.get('10000/floor');
	if (node10 && floor10) lines.push(`- 10,000: node at most 1.5× the floor: **${node10.sendMs <= 1.5 * floor10.sendMs ? 'met' : 'NOT met'}** (${fmt(node10.sendMs)} ms vs ${fmt(floor10.sendMs)} ms = ${fmt(node10.sendMs / floor10.sendMs, 2)}×)`);
	const failures = [...agg.values()].filter((a) => !a.ok);
	if (failures.length) {
		lines.push('');
		lines.push('## Failed runs');
		lines.push('');
		for (const a of failures) lines.push(`- ${fmt(a.n)} ${a.variant}: ${a.errors.map((e) => String(e).replace(/\s+/g, ' ').slice(0, 300)).join(' | ')}`);
	}
	lines.push('');
	lines.push('## All runs');
	lines.push('');
	lines.push('| recipients | variant | # | send ms | run ms | process wall ms | accepted | peak RSS MB (run / process) |');
	lines.push('|---:|---|---:|---:|---:|---:|---:|---:|');
	for (const r of results) {
		lines.push(`| ${fmt(r.n)} | ${r.variant} | ${r.repeat} | ${fmt(r.sendMs)} | ${r.variant === 'floor' ? '–' : fmt(r.runMs)} | ${fmt(r.wallMs)} | ${fmt(r.accepted)} | ${fmt(r.peakRssMb)}${r.processPeakRssMb ? ' / ' + fmt(r.processPeakRssMb) : ''} |`);
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

'use strict';
/**
 * The benchmark's report: the runs aggregated per cell (median, range, most in flight, peak RSS)
 * and rendered as markdown (tables per mode and latency, the targets, failed runs, all runs).
 * Also the number formats the progress lines use.
 */
const os = require('node:os');
const path = require('node:path');
const { toolchain } = require('../lib/toolchain');
const { BATCH, BULK_VARIANTS: VARIANTS, MODES } = require('./variants');

const MODE_TITLE = {
	cold: 'Cold: one `n8n execute` process per run',
	warm: 'Warm: one long-running `n8n start`, each run started by a webhook',
};

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s` : '–');
const median = (xs) => {
	const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
	if (!s.length) return NaN;
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function cellKey(mode, latency, n, variant) {
	return `${mode}/${latency}/${n}/${variant}`;
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

module.exports = { aggregate, cellKey, fmt, render, secs };

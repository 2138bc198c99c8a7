'use strict';
/**
 * The one-per-request report (reports/bench-sms.md): SMS › Send and ZNS with SMS fallback, one
 * recipient a request, against a bare script (smsfloor) and the do-it-yourself HTTP Request
 * workflow (smsdiy). Per cell: median, range, messages per second, the most requests in flight,
 * n8n's peak RSS; the targets: within 1.2× of ceil(N / in-flight) × latency + the zero-latency
 * time, and ahead of smsdiy; and, when several ceilings ran, throughput and memory per ceiling.
 */
const os = require('node:os');
const path = require('node:path');
const { toolchain } = require('../lib/toolchain');
const { MODES, SMS_VARIANTS, parseVariant } = require('./variants');
const { aggregate, cellKey, fmt, secs } = require('./report');

const DESCRIBE = {
	sms: 'the node, SMS › Send (brandname SIMCLINIC, RequestIds auto, pre-flight balance check on: one balance and one SMS price look-up before the first request)',
	fallback: 'the node, ZNS Message › Send with SMS Fallback (`MultiChannelMessage/`; the simulator has 20 % of phones without Zalo, whose SMS it sends itself; pre-flight quota and balance checks on)',
	smsfloor: 'a bare Node script posting the same one-recipient SMS requests (keep-alive agent, the same ceiling): no n8n',
	smsdiy: 'n8n\'s HTTP Request node, one `SendMultipleMessage_V4_post_json/` per item with the keys in the body, n8n\'s default batching (every item at once), as the DIY ZNS workflow uses it',
	smsn8nhttp: 'the same HTTP Request node signing each request with the eSMS API credential (Predefined Credential Type, as the node signs its requests), no keys in the body: n8n\'s own cost of one signed request, with no node code (every item at once)',
};

const rate = (n, ms) => (Number.isFinite(ms) && ms > 0 ? fmt(n / (ms / 1000)) : '–');

function renderSms({ args, results, n8nVersion, pack, totalMs, load, startedAt, note = null }) {
	const agg = aggregate(results);
	const get = (mode, latency, n, variant) => agg.get(cellKey(mode, latency, n, variant)) || null;
	const modes = MODES.filter((m) => results.some((r) => (r.mode || 'cold') === m));
	const lines = [];
	const took = Number.isFinite(totalMs) ? `${(totalMs / 60000).toFixed(1)} min in all` : 'time not in the log';
	lines.push('# Benchmark: one recipient per request (SMS, ZNS with SMS fallback) in a real n8n');
	lines.push('');
	if (args.fromLog) lines.push(`Rendered ${new Date().toISOString()} from the progress log(s) of \`node scripts/bench.js\` by \`node scripts/bench.js --from-log=…\`.`);
	else lines.push(`Generated ${new Date().toISOString()} by \`node scripts/bench.js ${process.argv.slice(2).join(' ')}\` (${took}; started ${startedAt || '?'} UTC).`);
	lines.push('');
	if (note) lines.push(`**${note}**`, '');
	lines.push(`- Machine: ${os.cpus().length} CPUs (${os.cpus()[0] ? os.cpus()[0].model.trim() : '?'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.type()} ${os.release()}`);
	if (load && Number.isFinite(load.before[0])) lines.push(`- Load average (1/5/15 min) at start ${load.before.map((x) => x.toFixed(2)).join(' / ')}, at end ${load.after.map((x) => x.toFixed(2)).join(' / ')} — the machine is shared (another job ran real-n8n end-to-end tests at the same time); compare ratios rather than absolute times`);
	lines.push(`- n8n ${n8nVersion} on Node ${toolchain().nodeVersion}; package ${path.basename(pack.tarball)} installed as a community package`);
	lines.push('- eSMS simulator in the bench process, on loopback; **latency** = its `latencyMs`: every request (look-ups included) waits that long before it is answered');
	lines.push('- Variants (`name:k` = Requests in Flight k):');
	for (const v of SMS_VARIANTS) lines.push(`  - **${v}**: ${DESCRIBE[v]}`);
	lines.push('- **warm**: one long-running `n8n start`, each run started by a webhook, after one unrecorded warm-up run per variant; **cold**: one `n8n execute` per run.');
	lines.push(`- Each cell: the **median** of its runs (${args.repeat} planned; repeats interleaved), the range, messages per second (recipients ÷ median time), the most requests the simulator had in flight at once, n8n's peak RSS (median; warm: the server's, which also holds what earlier runs left; smsfloor: the script's).`);
	lines.push('');
	lines.push('Times are the sending node\'s own `executionTime` (the node: eSMS SMS / eSMS ZNS+SMS; smsdiy: HTTP Request), which includes the node\'s look-ups before the first request; smsfloor\'s is the script\'s.');
	lines.push('');
	const variantsOf = (mode) => [...new Set(results.filter((r) => (r.mode || 'cold') === mode).map((r) => r.variant))].sort(byVariant);
	for (const mode of modes) {
		const sizes = [...new Set(results.filter((r) => r.mode === mode).map((r) => r.n))].sort((a, b) => a - b);
		const latencies = [...new Set(results.filter((r) => r.mode === mode).map((r) => r.latency))].sort((a, b) => a - b);
		lines.push(`## ${mode}`);
		lines.push('');
		for (const latency of latencies) {
			lines.push(`### ${mode}, latency ${fmt(latency)} ms`);
			lines.push('');
			lines.push('| recipients | variant | time (median) | range | runs | messages/s | in flight at most | requests | peak RSS MB | ceil(N/k) × latency + 0 ms time | ÷ that | smsdiy ÷ this | ok |');
			lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
			for (const n of sizes) {
				const diy = get(mode, latency, n, 'smsdiy');
				for (const variant of variantsOf(mode)) {
					const a = get(mode, latency, n, variant);
					if (!a) continue;
					const t = expectedOf(get, mode, latency, n, variant);
					const mem = parseVariant(variant).base === 'smsfloor' ? `${fmt(a.peakRssMb)} (script)` : fmt(a.peakRssMb);
					lines.push(
						`| ${fmt(n)} | ${variant} | ${secs(a.sendMs)} | ${a.runs > 1 ? `${secs(a.min)}–${secs(a.max)}` : '–'} | ${a.runs} | ${rate(n, a.sendMs)} | ${a.maxInFlight} | ${fmt(a.requests)} | ${mem} | ` +
							`${t ? secs(t.expected) : ''} | ${t ? fmt(a.sendMs / t.expected, 2) + '×' : ''} | ${diy && variant !== 'smsdiy' ? fmt(diy.sendMs / a.sendMs, 2) + '×' : ''} | ${a.ok ? 'yes' : `**no** (${a.okCount}/${a.runs})`} |`,
					);
				}
			}
			lines.push('');
		}
		renderCeilings(lines, { mode, agg });
		renderTargets(lines, { mode, get, sizes, latencies, variants: variantsOf(mode) });
	}
	const failures = [...agg.values()].filter((a) => !a.ok);
	if (failures.length) {
		lines.push('## Failed runs', '');
		for (const a of failures) lines.push(`- ${a.mode} ${fmt(a.latency)} ms ${fmt(a.n)} ${a.variant}: ${a.errors.map((e) => String(e).replace(/\s+/g, ' ').slice(0, 300)).join(' | ')}`);
		lines.push('');
	}
	lines.push('## All runs', '');
	lines.push('| mode | latency | recipients | variant | # | time ms | messages/s | in flight at most | requests | accepted | peak RSS MB |');
	lines.push('|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const r of results) {
		lines.push(`| ${r.mode} | ${fmt(r.latency)} | ${fmt(r.n)} | ${r.variant} | ${r.repeat} | ${fmt(r.sendMs)} | ${rate(r.n, r.sendMs)} | ${r.maxInFlight} | ${fmt(r.requests)} | ${fmt(r.accepted)} | ${fmt(r.peakRssMb)} |`);
	}
	lines.push('');
	return lines.join('\n');
}

/** Variants in the order of SMS_VARIANTS, then by ceiling. */
function byVariant(a, b) {
	const pa = parseVariant(a);
	const pb = parseVariant(b);
	return SMS_VARIANTS.indexOf(pa.base) - SMS_VARIANTS.indexOf(pb.base) || (pa.inFlight ?? 0) - (pb.inFlight ?? 0);
}

/** ceil(N / k) × latency + the same variant's time at 0 ms (for a ceilinged variant at a latency above 0). */
function expectedOf(get, mode, latency, n, variant) {
	const { inFlight } = parseVariant(variant);
	if (!inFlight || latency === 0) return null;
	const zero = get(mode, 0, n, variant);
	if (!zero) return null;
	const rounds = Math.ceil(n / inFlight);
	return { rounds, zero: zero.sendMs, expected: rounds * latency + zero.sendMs };
}

/** When a variant ran at several ceilings: throughput and peak RSS per ceiling, size and latency. */
function renderCeilings(lines, { mode, agg }) {
	const rows = [...agg.values()].filter((a) => a.mode === mode && parseVariant(a.variant).inFlight);
	const bases = [...new Set(rows.map((a) => parseVariant(a.variant).base))];
	for (const base of bases) {
		const ceilings = [...new Set(rows.filter((a) => parseVariant(a.variant).base === base).map((a) => parseVariant(a.variant).inFlight))].sort((a, b) => a - b);
		if (ceilings.length < 2) continue;
		const cells = [...new Set(rows.filter((a) => parseVariant(a.variant).base === base).map((a) => `${a.latency}/${a.n}`))];
		lines.push(`### ${mode}: ${base} per Requests in Flight`);
		lines.push('');
		lines.push(`| Requests in Flight | ${cells.map((c) => { const [l, n] = c.split('/'); return `${fmt(Number(n))} @ ${fmt(Number(l))} ms: messages/s · time · peak RSS MB`; }).join(' | ')} |`);
		lines.push(`|---:|${cells.map(() => '---:').join('|')}|`);
		for (const k of ceilings) {
			const values = cells.map((c) => {
				const [l, n] = c.split('/').map(Number);
				const a = agg.get(cellKey(mode, l, n, `${base}:${k}`));
				return a ? `${rate(n, a.sendMs)} · ${secs(a.sendMs)} · ${fmt(a.peakRssMb)}` : '–';
			});
			lines.push(`| ${k} | ${values.join(' | ')} |`);
		}
		lines.push('');
	}
}

function renderTargets(lines, { mode, get, sizes, latencies, variants }) {
	lines.push(`### ${mode}: targets`);
	lines.push('');
	const verdict = (ok) => (ok ? '**met**' : '**NOT met**');
	for (const variant of variants.filter((v) => ['sms', 'fallback'].includes(parseVariant(v).base))) {
		for (const latency of latencies.filter((l) => l > 0)) {
			for (const n of sizes) {
				const a = get(mode, latency, n, variant);
				const t = expectedOf(get, mode, latency, n, variant);
				if (!a || !t) continue;
				// The pre-flight look-ups are one round trip before the first request.
				const withLookups = t.expected + latency;
				lines.push(
					`- ${variant}, ${fmt(n)} at ${fmt(latency)} ms, within 1.2× of ceil(N / k) × latency + its 0 ms time: ${verdict(a.sendMs <= 1.2 * t.expected)} ` +
						`(${secs(a.sendMs)} vs 1.2 × (${t.rounds} × ${fmt(latency)} ms + ${secs(t.zero)}) = ${secs(1.2 * t.expected)}; counting the look-up round before the first request, 1.2 × ${secs(withLookups)} = ${secs(1.2 * withLookups)}: ${a.sendMs <= 1.2 * withLookups ? 'within' : 'NOT within'})`,
				);
			}
		}
		for (const latency of latencies) {
			for (const n of sizes) {
				const a = get(mode, latency, n, variant);
				const diy = get(mode, latency, n, 'smsdiy');
				if (!a || !diy) continue;
				lines.push(`- ${variant}, ${fmt(n)} at ${fmt(latency)} ms, ahead of smsdiy (every item at once, ${diy.maxInFlight} in flight at most): ${verdict(a.sendMs < diy.sendMs)} (${secs(a.sendMs)} vs ${secs(diy.sendMs)})`);
			}
		}
	}
	lines.push('');
}

module.exports = { renderSms };

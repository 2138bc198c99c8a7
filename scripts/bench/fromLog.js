'use strict';
/**
 * `node scripts/bench.js --from-log=FILE[,FILE]`: the report rebuilt from the progress lines
 * (stderr) of bench runs, an interrupted one or several (each mode from the first log that has
 * it). The lines it reads are the ones bench.js prints per run; the two must change together.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { render } = require('./report');
const { renderSms } = require('./reportSms');
const { MODES, VARIANTS, isSms, parseVariant } = require('./variants');

/** Rebuilds the results from the progress lines a run printed (for a run that was interrupted). */
function resultsFromLog(file) {
	const text = fs.readFileSync(file, 'utf8');
	const results = [];
	const line = /\[(\d+)\/(\d+)\]\s+(?:(cold|warm)\s+)?(\d+) ms\s+(\d+) ([\w:]+)\s+#(\d+): send ([\d,.]+) ms, (\d+) requests, (\d+) in flight at most, (\d+)\/(\d+) accepted, peak ([\d,.]+) MB(.*)$/;
	for (const raw of text.split('\n')) {
		const m = raw.match(line);
		if (!m) continue;
		const num = (x) => Number(x.replace(/,/g, ''));
		results.push({
			mode: m[3] || 'cold', latency: num(m[4]), n: num(m[5]), variant: m[6], repeat: num(m[7]), sendMs: num(m[8]), requests: num(m[9]),
			maxInFlight: num(m[10]), accepted: num(m[11]), peakRssMb: num(m[13]), runMs: NaN, ok: !m[14].includes('NOT OK'), inFlight: parseVariant(m[6]).inFlight,
		});
	}
	const header = text.match(/bench: n8n (\S+), .*Requests in Flight (\d+) \(([^)]+)\), burst (\d+)/);
	const planned = text.match(/\[\d+\/(\d+)\]/);
	const total = text.match(/^run: bench (\d+) s$/m);
	return { results, header, planned: planned ? Number(planned[1]) : results.length, totalMs: total ? Number(total[1]) * 1000 : NaN };
}

/** Renders the report of the logs in `args.fromLog` into `args.out`; returns the exit code (0). */
function reportFromLogs(args) {
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
	const oneByOne = results.filter((r) => isSms(r.variant));
	if (oneByOne.length) {
		const pack = { tarball: 'n8n-nodes-esms (see the log)' };
		fs.writeFileSync(args.smsOut, renderSms({ args, results: oneByOne, n8nVersion: header[1], pack, totalMs, load: null }));
		console.error(`written to ${path.relative(process.cwd(), args.smsOut) || args.smsOut} from ${oneByOne.length} runs`);
		if (oneByOne.length === results.length) return 0;
	}
	const report = render({
		args, results: results.filter((r) => !isSms(r.variant)), n8nVersion: header[1], concurrency: { value: Number(header[2]), source: header[3] },
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

module.exports = { reportFromLogs, resultsFromLog };

#!/usr/bin/env node
'use strict';
/**
 * Where the node's time goes inside a real n8n: runs Customers → eSMS ZNS for N recipients in
 * `n8n execute` with `--cpu-prof`, then prints, for the node's execution window (first to last
 * sample with one of this package's frames on the stack), the self time by area (this package by
 * file, n8n-core, n8n-workflow, GC, …) and the top functions.
 *
 *   node scripts/bench/profile.js [--n=100000] [--latency=0] [--top=30] [--warm] [--no-build]
 *   --warm: one `n8n execute-batch` process runs a 1,000-recipient warm-up workflow first (JIT
 *           warm, the template and price kept, as in a long-running n8n); the window analysed is
 *           the last run's.
 *   --save=FILE: keep n8n's CPU profile there (open it in Chrome DevTools or speedscope).
 */
const fs = require('node:fs');
const path = require('node:path');
const { readArgs } = require('../lib/args');
const { createUserFolder } = require('../lib/instance');
const { packPackage } = require('../lib/pack');
const { loadSimulator } = require('../lib/simulator');
const { ensureN8n } = require('../lib/toolchain');
const wfs = require('./workflows');

/** Where n8n loads this package from (a community package in the user folder). */
const OURS = '/node_modules/n8n-nodes-esms/dist/';

const USAGE = 'usage: node scripts/bench/profile.js [--n=100000] [--latency=0] [--top=30] [--on-error=continueRegularOutput|continueErrorOutput] [--warm] [--save=FILE] [--no-build]';

/**
 * Samples with our frames further apart than this belong to two runs of the node (between runs
 * n8n saves the execution and runs the Customers node; within a run the node waits at most about
 * one latency for a reply).
 */
const runGapUs = (latencyMs) => (latencyMs + 100) * 1000;

function parseArgs(argv) {
	const values = readArgs(
		argv,
		{
			n: { type: 'string', default: '100000' },
			latency: { type: 'string', default: '0' },
			top: { type: 'string', default: '30' },
			'on-error': { type: 'string' },
			warm: { type: 'boolean', default: false },
			'no-build': { type: 'boolean', default: false },
			save: { type: 'string' },
		},
		{ usage: USAGE },
	);
	return { n: Number(values.n), latency: Number(values.latency), top: Number(values.top), onError: values['on-error'], warm: values.warm, save: values.save, build: values['no-build'] ? false : 'auto' };
}

function areaOf(frame) {
	const url = frame.url || '';
	if (url.includes(OURS)) return `ours: ${url.slice(url.indexOf(OURS) + OURS.length)}`;
	if (frame.functionName === '(garbage collector)') return 'GC';
	if (frame.functionName === '(idle)') return 'idle';
	if (frame.functionName === '(program)') return 'program';
	const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
	if (m) return m[m.length - 1].replace(/^node_modules\//, '').replace(/\/$/, '');
	if (url.startsWith('node:')) return 'node internals';
	return url ? 'other' : frame.functionName || 'other';
}

/**
 * The node's window in three phases, by time: reading the items (until the last sample under
 * readInSlices), settling (from the first sample under settleSent: matching what eSMS answered
 * to the items, the memory, the output items), and between them sending, which includes the
 * pre-flight checks' wait. In each: this package's own frames, everything else (n8n, axios,
 * sockets, the database; node's internals count for their caller), GC and idle. With Continue,
 * reading and sending overlap: then "read" holds both.
 */
function phasesOf(profile, { byId, parent, times, first, last, oursCache }) {
	const has = (id, name) => {
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at).callFrame;
			if (frame.functionName === name && (frame.url || '').includes(OURS)) return true;
		}
		return false;
	};
	// Whose code a sample is: the nearest frame from a file decides (node's own internals, such as
	// hashing or a regular expression, count for whoever called them).
	const ownerOf = (id) => {
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const url = byId.get(at).callFrame.url || '';
			if (url === '' || url.startsWith('node:')) continue;
			return url.includes(OURS) ? 'ours' : 'n8n and node internals';
		}
		return 'n8n and node internals';
	};
	let readEnd = first;
	let settleStart = last + 1;
	for (let i = first; i <= last; i++) {
		const id = profile.samples[i];
		if (!oursCache.get(id)) continue;
		if (has(id, 'readInSlices')) readEnd = i + 1;
		if (settleStart > last && has(id, 'settleSent')) settleStart = i;
	}
	const spans = [
		['read', first, readEnd],
		['send', readEnd, Math.max(readEnd, settleStart)],
		['settle', Math.max(readEnd, settleStart), last + 1],
	];
	return spans.map(([name, from, to]) => {
		const by = {};
		let us = 0;
		for (let i = from; i < to; i++) {
			const dt = (times[i + 1] ?? times[i]) - times[i];
			const leaf = byId.get(profile.samples[i]).callFrame.functionName;
			const kind = leaf === '(garbage collector)' ? 'GC' : leaf === '(idle)' ? 'idle' : ownerOf(profile.samples[i]);
			by[kind] = (by[kind] || 0) + dt;
			us += dt;
		}
		return { name, us, by };
	});
}

function analyse(profile, top, { latencyMs = 0 } = {}) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children || []) parent.set(child, node.id);
	const ours = (id) => {
		for (let at = id; at !== undefined; at = parent.get(at)) if ((byId.get(at).callFrame.url || '').includes(OURS)) return true;
		return false;
	};
	const times = [];
	let t = profile.startTime;
	for (const delta of profile.timeDeltas) times.push((t += delta));
	const oursCache = new Map();
	const inExecute = (id) => {
		for (let at = id; at !== undefined; at = parent.get(at)) {
			const frame = byId.get(at).callFrame;
			if (frame.functionName === 'execute' && (frame.url || '').includes(OURS)) return true;
		}
		return false;
	};
	// From the node's first sample inside its execute() (module loading at start-up is earlier)
	// to the last sample with any of its frames; of the last run when the process ran several.
	let first = -1;
	let last = -1;
	profile.samples.forEach((id, i) => {
		if (!oursCache.has(id)) oursCache.set(id, ours(id));
		if (!oursCache.get(id)) return;
		if (first >= 0 && times[i] - times[last] > runGapUs(latencyMs)) first = -1;
		if (first < 0 && inExecute(id)) first = i;
		if (first >= 0) last = i;
	});
	if (first < 0) throw new Error('no sample has a frame of this package');
	const phases = phasesOf(profile, { byId, parent, times, first, last, oursCache });
	const areas = new Map();
	const functions = new Map();
	const inclusive = new Map();
	let total = 0;
	let underOurs = 0;
	for (let i = first; i <= last; i++) {
		const dt = (times[i + 1] ?? times[i]) - times[i];
		const frame = byId.get(profile.samples[i]).callFrame;
		total += dt;
		if (oursCache.get(profile.samples[i])) underOurs += dt;
		const area = areaOf(frame);
		areas.set(area, (areas.get(area) || 0) + dt);
		const key = `${frame.functionName || '(anonymous)'} ${area} :${frame.lineNumber + 1}`;
		functions.set(key, (functions.get(key) || 0) + dt);
		const seen = new Set();
		for (let at = profile.samples[i]; at !== undefined; at = parent.get(at)) {
			const f = byId.get(at).callFrame;
			if (!(f.url || '').includes(OURS)) continue;
			const name = `${f.functionName || '(anonymous)'} ${areaOf(f)} :${f.lineNumber + 1}`;
			if (seen.has(name)) continue;
			seen.add(name);
			inclusive.set(name, (inclusive.get(name) || 0) + dt);
		}
	}
	const ms = (us) => (us / 1000).toFixed(1).padStart(8);
	const lines = [];
	lines.push(`node's window: ${ms(total)} ms (first to last sample with our frames); under our frames: ${ms(underOurs)} ms`);
	lines.push('the window by phase (when each starts and ends: the first and last sample under its function):');
	for (const phase of phases) {
		const parts = ['ours', 'n8n and node internals', 'GC', 'idle'].map((k) => `${k} ${ms(phase.by[k] || 0).trim()}`).join(', ');
		lines.push(`  ${ms(phase.us)} ms  ${phase.name.padEnd(8)} (${parts})`);
	}
	lines.push('self time by area:');
	for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${ms(us)} ms  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${area}`);
	lines.push('this package\'s functions by inclusive time (what they call included):');
	for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${ms(us)} ms  ${key}`);
	lines.push(`top ${top} functions by self time:`);
	for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${ms(us)} ms  ${key}`);
	return lines.join('\n');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	await ensureN8n();
	const pack = packPackage({ build: args.build });
	const { startSimulator } = loadSimulator();
	const n8n = await createUserFolder({ tarball: pack.tarball, prefix: 'esms-profile-' });
	const sim = await startSimulator({ quiet: true, recordRequests: false, settings: { latencyMs: args.latency } });
	const keys = sim.defaultAccount;
	const credential = { id: 'profSimCred1', name: 'eSMS simulator (profile)', type: 'esmsApi', data: { apiKey: keys.apiKey, secretKey: keys.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin } };
	const id = `prof${args.n}`;
	const warmUp = 'prof0warmup'; // sorts before prof<N>: execute-batch runs in the database's order
	await n8n.importCredentials([credential]);
	if (args.warm) await n8n.importWorkflows([wfs.nodeWorkflow({ id: warmUp, n: 1000, credential, onError: args.onError })]);
	await n8n.importWorkflows([wfs.nodeWorkflow({ id, n: args.n, credential, onError: args.onError })]);
	const dir = fs.mkdtempSync(path.join(n8n.userFolder, 'prof-'));
	const command = args.warm
		? ['execute-batch', `--ids=${warmUp},${id}`, '--retries=0', '--shortOutput']
		: ['execute', `--id=${id}`, '--rawOutput'];
	const res = await n8n.command(command, { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=200` } });
	await sim.stop();
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f));
	if (res.code !== 0 || files.length === 0) throw new Error(`n8n execute rc=${res.code}, ${files.length} profile(s)`);
	// The n8n main process is the largest profile (the task runner is another process).
	const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
	if (args.save) fs.copyFileSync(main, args.save);
	console.log(`${args.n.toLocaleString('en-US')} recipients, latency ${args.latency} ms, n8n ${n8n.version}${args.warm ? ', warm (after a 1,000-recipient run in the same process)' : ''}`);
	console.log(analyse(JSON.parse(fs.readFileSync(main, 'utf8')), args.top, { latencyMs: args.latency }));
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	await n8n.remove();
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error.stack || String(error));
		process.exit(1);
	});
}

module.exports = { analyse };

'use strict';
/**
 * The benchmark's runs themselves: one run of the plan measured (the floor script, a cold
 * `n8n execute` or a warm webhook call) into one result row, and the warm servers they run in
 * (the database as imported, restored for each server; the owner, API key and webhooks set up).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { nodeOutput, runError } = require('../lib/runData');
const { ROOT } = require('../lib/constants');
const { toolchain } = require('../lib/toolchain');
const { BATCH, parseVariant } = require('./variants');
const wfs = require('./workflows');
const sms = require('./smsWorkflows');

/** Where each variant's time and result come from (bulk and one-per-request). */
const SEND_NODES = { ...wfs.SEND_NODES, ...sms.SMS_SEND_NODES };
const RESULT_NODE = { ...wfs.RESULT_NODE, ...sms.SMS_RESULT_NODE };
/** Variants whose result is n8n's HTTP Request output, eSMS's own answer per item (CodeResult). */
const RAW_ANSWERS = ['single', 'smsdiy', 'smsn8nhttp'];
/** Share of phones without Zalo in fallback runs (the simulator's realistic 20 %): their SMS goes. */
const FALLBACK_NO_ZALO_PERCENT = 20;

/** The top-level keys of the floor's bodies, in the node's order. */
const keyOrder = ['OAID', 'TempID', 'Data', 'ApiKey', 'SecretKey'];
/** sqlite's files: the database, its write-ahead log (what is not in the main file yet), its shared-memory index. */
const DB_FILES = ['', '-wal', '-shm'];

/** The node's default Requests in Flight, read from its compiled code (the floor uses the same). */
function nodeConcurrency() {
	const candidates = [
		path.join(ROOT, 'dist', 'nodes', 'EsmsZns', 'actions', 'sending', 'settings.js'),
		path.join(ROOT, 'nodes', 'EsmsZns', 'actions', 'sending', 'settings.ts'),
	];
	for (const file of candidates) {
		if (!fs.existsSync(file)) continue;
		// Bulk ZNS's default: `DEFAULT_REQUESTS_IN_FLIGHT = { zns: 10, … }`.
		const m = fs.readFileSync(file, 'utf8').match(/DEFAULT_REQUESTS_IN_FLIGHT\b[^=]*=\s*\{\s*zns:\s*(\d+)/);
		if (m) return { value: Number(m[1]), source: path.relative(ROOT, file) };
	}
	throw new Error('DEFAULT_REQUESTS_IN_FLIGHT not found in the node\'s code');
}

function runFloor(cfg, script = 'floor.js') {
	return new Promise((resolve, reject) => {
		const child = spawn(toolchain().nodeBin, [path.join(__dirname, script), JSON.stringify(cfg)], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (c) => (out += c));
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`${script} exited ${code}`));
			resolve(JSON.parse(out.trim().split('\n').pop()));
		});
	});
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

/** Keeps a copy of the database as imported, with its write-ahead log; returns the database's path. */
function saveImportedDatabase(n8n) {
	const database = path.join(n8n.userFolder, '.n8n', 'database.sqlite');
	for (const suffix of DB_FILES) if (fs.existsSync(database + suffix)) fs.copyFileSync(database + suffix, `${database}${suffix}.imported`);
	return database;
}

/** Puts the database back as it was imported (for the next warm server). */
function restoreImportedDatabase(database) {
	for (const suffix of DB_FILES) {
		fs.rmSync(database + suffix, { force: true });
		if (fs.existsSync(`${database}${suffix}.imported`)) fs.copyFileSync(`${database}${suffix}.imported`, database + suffix);
	}
}

/** In a warm server just started: the owner, an API key, and the webhook workflows of its block published. */
async function prepareWarmServer(n8n, server, plan, block) {
	await n8n.setupOwner();
	await n8n.createApiKey();
	const publishStarted = Date.now();
	const served = [...new Set(plan.filter((q) => q.workflow && q.block === block).map((q) => q.id))];
	for (const id of served) await n8n.publish(id);
	console.error(`bench: warm n8n for ${block} ms ready in ${(server.readyMs / 1000).toFixed(1)} s, ${served.length} webhook workflows published in ${((Date.now() - publishStarted) / 1000).toFixed(1)} s`);
}

/** Runs one planned run `p` and returns its result row (without the progress line). */
async function measureRun(p, { n8n, sim, keys, concurrency }) {
	// A fresh eSMS for every run: its fixtures' daily quota and balance (the node checks both
	// before sending), no messages kept from earlier runs, traffic counted from zero.
	sim.reset();
	sim.settings.latencyMs = p.latency;
	const { base, inFlight } = parseVariant(p.variant);
	if (base === 'fallback') sim.settings.noZaloPercent = FALLBACK_NO_ZALO_PERCENT;
	const row = { mode: p.mode, n: p.n, repeat: p.r, latency: p.latency, variant: p.variant, inFlight };
	if (base === 'smsfloor') {
		const f = await runFloor(
			{
				url: `${sim.baseUrl}/SendMultipleMessage_V4_post_json/`,
				n: p.n,
				concurrency: inFlight,
				top: { ApiKey: keys.apiKey, SecretKey: keys.secretKey, Brandname: sms.BRANDNAME, SmsType: sms.CUSTOMER_CARE },
				runTag: p.runTag,
			},
			'smsFloor.js',
		);
		Object.assign(row, { sendMs: f.ms, runMs: NaN, wallMs: f.ms, accepted: f.accepted, peakRssMb: f.peakRssMb, ok: f.accepted === p.n });
	} else if (base === 'floor') {
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
		const sendMs = SEND_NODES[base].reduce((sum, name) => sum + ((runData[name] && runData[name][0] && runData[name][0].executionTime) || 0), 0);
		const items = nodeOutput(run, RESULT_NODE[base]) || [];
		const accepted =
			RAW_ANSWERS.includes(base)
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
	return row;
}

module.exports = { measureRun, nodeConcurrency, prepareWarmServer, restoreImportedDatabase, saveImportedDatabase };

#!/usr/bin/env node
'use strict';
/**
 * `npm run test:e2e`: this package inside a real n8n 2.40.7 against the eSMS simulator.
 *
 *   node scripts/e2e.js [--only=<substring>] [--keep] [--no-build] [--list]
 *   (opt-in scenarios, e.g. "7 second n8n instance", run only when --only names them)
 *
 * Packs the package (`npm run build` first when dist/ is stale), installs the tarball as a
 * community package into a fresh N8N_USER_FOLDER, gives every scenario its own simulator and
 * credential, imports the workflows of test/e2e/workflows/, runs the batch-mode scenarios in one
 * `n8n execute-batch` process (and server-mode ones against `n8n start`), then runs the checks of
 * test/e2e/scenarios.js. Prints one line per check and ends with `N passed, N failed`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, N8N_VERSION } = require('./lib/constants');
const { createUserFolder } = require('./lib/instance');
const { packPackage } = require('./lib/pack');
const { freePort, sleep } = require('./lib/processes');
const { loadSimulator } = require('./lib/simulator');
const { ensureN8n, n8nMajor, n8nRuntime, n8nVersionOf } = require('./lib/toolchain');
const { Checker, bindCredential, readSuiteArgs, runMain, short } = require('./lib/checks');

const WORKFLOWS = path.join(ROOT, 'test', 'e2e', 'workflows');

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;


async function main() {
	const args = readSuiteArgs(process.argv.slice(2), 'scripts/e2e.js');
	const { scenarios } = require(path.join(ROOT, 'test', 'e2e', 'scenarios.js'));
	const workflowName = (s) => (typeof s.workflow === 'string' ? s.workflow : s.workflow.id);
	const matches = (s) => s.name.includes(args.only) || workflowName(s).includes(args.only);
	// Opt-in scenarios (slow, or documenting an open question) run only when --only names them.
	let selected = scenarios.filter((s) => (args.only ? matches(s) : !s.optIn));
	const major = n8nMajor();
	for (const s of selected.filter((x) => x.minN8nMajor && major < x.minN8nMajor)) {
		console.log(`skip [${s.name}]: needs n8n ${s.minN8nMajor}.x (this is n8n ${N8N_VERSION})`);
	}
	selected = selected.filter((s) => !s.minN8nMajor || major >= s.minN8nMajor);
	if (args.list) {
		for (const s of scenarios) console.log(`${s.name}  (${workflowName(s)}, ${s.mode || 'batch'}${s.optIn ? ', opt-in: --only' : ''})`);
		return 0;
	}
	const t = new Checker();
	const timings = {};
	const started = Date.now();

	let stamp = Date.now();
	const n8nDir = await ensureN8n();
	timings.ensureN8n = Date.now() - stamp;
	console.log(`n8n ${n8nVersionOf(n8nDir)} (${n8nDir}), node ${n8nRuntime().nodeVersion}`);

	stamp = Date.now();
	const pack = packPackage({ build: args.build });
	timings.pack = Date.now() - stamp;
	console.log(`packed ${path.basename(pack.tarball)} (${pack.files.length} files) in ${secs(timings.pack)}`);

	stamp = Date.now();
	const { startSimulator } = loadSimulator();
	timings.simulatorBuild = Date.now() - stamp;

	stamp = Date.now();
	const n8n = await createUserFolder({ tarball: pack.tarball, prefix: 'esms-e2e-' });
	timings.install = Date.now() - stamp;
	console.log(`user folder ${n8n.userFolder} (package installed in ${secs(timings.install)})`);

	const sims = [];
	const stops = [];
	try {
		// The server's port is chosen now, so that workflows can hold its URL (@@N8N_URL@@).
		const serverPort = selected.some((s) => s.mode === 'server') ? await freePort() : null;
		// One simulator and one credential per scenario.
		const prepared = [];
		for (const [i, scenario] of selected.entries()) {
			const sim = await startSimulator({ quiet: true, ...(scenario.simulator || {}) });
			sims.push(sim);
			const placeholders = { N8N_URL: serverPort ? `http://127.0.0.1:${serverPort}` : '', SIM_BASE_URL: sim.baseUrl };
			// A workflow is a file of test/e2e/workflows/ or one built by test/e2e/build.js.
			const load = (file) => {
				const source = typeof file === 'string' ? fs.readFileSync(path.join(WORKFLOWS, file), 'utf8') : JSON.stringify(file);
				const text = source.replace(/@@([A-Z0-9_]+)@@/g, (m, name) => (name in placeholders ? placeholders[name] : m));
				return JSON.parse(text);
			};
			const workflow = load(scenario.workflow);
			const extra = (scenario.extraWorkflows || []).map(load);
			const credential = {
				id: `e2eCred${String(i + 1).padStart(3, '0')}`,
				name: `eSMS simulator (${scenario.name})`,
				type: 'esmsApi',
				data: {
					apiKey: sim.defaultAccount.apiKey,
					secretKey: sim.defaultAccount.secretKey,
					baseUrl: sim.baseUrl,
					reportsUrl: sim.origin,
					...(scenario.credentialData || {}),
				},
			};
			for (const wf of [workflow, ...extra]) bindCredential(wf, credential);
			// setup may return a context: `credentials` to import as well (e.g. for a local model
			// stub), `stop()` to call at the end; the whole context reaches run() and check().
			const context = (scenario.setup && (await scenario.setup({ sim, workflow, extra }))) || {};
			if (typeof context.stop === 'function') stops.push(context.stop);
			prepared.push({ scenario, workflow, extra, sim, credential, context });
		}

		// Custom scenarios import into n8n instances of their own; the rest share one.
		const ids = prepared.filter((p) => p.scenario.mode !== 'custom').flatMap((p) => [p.workflow, ...p.extra].map((wf) => wf.id));
		const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
		if (repeated.length) throw new Error(`scenarios share workflow ids ${repeated.join(', ')}: each needs its own`);

		stamp = Date.now();
		await n8n.importCredentials(prepared.flatMap((p) => [p.credential, ...(p.context.credentials || [])]));
		const toImport = prepared.filter((p) => p.scenario.mode !== 'custom').flatMap((p) => [p.workflow, ...p.extra]);
		if (toImport.length) await n8n.importWorkflows(toImport);
		timings.import = Date.now() - stamp;

		// Batch-mode scenarios: one n8n process.
		const batch = prepared.filter((p) => (p.scenario.mode || 'batch') === 'batch');
		const runs = new Map();
		if (batch.length) {
			stamp = Date.now();
			const result = await n8n.executeBatch(batch.map((p) => p.workflow.id));
			timings.executeBatch = Date.now() - stamp;
			console.log(`execute-batch: ${batch.length} workflows in ${secs(result.wallMs)}, rc ${result.code}, peak RSS ${result.memory.peakRssMb.toFixed(0)} MB`);
			for (const p of batch) {
				const r = result.results[p.workflow.id];
				runs.set(p, r.run ? { ...r.run, error: r.error } : { status: r.status, error: r.error || short(result.stdoutTail.slice(-800)) });
			}
		}

		// Server-mode scenarios: one `n8n start`.
		const served = prepared.filter((p) => p.scenario.mode === 'server');
		if (served.length) {
			stamp = Date.now();
			// Workflows that start with a trigger or webhook are published (activated) once the server runs.
			const triggered = (wf) => wf.nodes.some((node) => /trigger|webhook/i.test(node.type) && !/manualTrigger/.test(node.type));
			let server = null;
			try {
				server = await n8n.startServer({ port: serverPort });
			} catch (error) {
				for (const p of served) runs.set(p, { status: 'harness-error', error: `n8n start failed: ${error.message}` });
			}
			if (server) {
				try {
					await n8n.setupOwner();
					await n8n.createApiKey();
					for (const p of served) for (const wf of [p.workflow, ...p.extra]) if (triggered(wf)) await n8n.publish(wf.id);
					for (const p of served) {
						const s = Date.now();
						try {
							runs.set(p, await p.scenario.run({ n8n, server, sim: p.sim, scenario: p.scenario, workflow: p.workflow, extra: p.extra, credential: p.credential, context: p.context }));
						} catch (error) {
							runs.set(p, { status: 'harness-error', error: error.stack || String(error) });
						}
						timings[`run ${p.scenario.name}`] = Date.now() - s;
					}
				} finally {
					await n8n.stop();
				}
			}
			timings.server = Date.now() - stamp;
		}

		// Custom scenarios run themselves (e.g. in further n8n instances).
		for (const p of prepared.filter((x) => x.scenario.mode === 'custom')) {
			const s = Date.now();
			try {
				runs.set(p, await p.scenario.run({ tarball: pack.tarball, sim: p.sim, workflow: p.workflow, extra: p.extra, credential: p.credential, context: p.context }));
			} catch (error) {
				runs.set(p, { status: 'harness-error', error: error.stack || String(error) });
			}
			timings[`run ${p.scenario.name}`] = Date.now() - s;
		}

		for (const p of prepared) {
			const run = runs.get(p);
			t.prefix = `[${p.scenario.name}] `;
			if (typeof p.sim.callbacksIdle === 'function') {
				try {
					await Promise.race([p.sim.callbacksIdle(), sleep(10000)]);
				} catch {}
			}
			if (!run || (!run.data && !p.scenario.expectError)) {
				t.ok(false, 'workflow ran and produced run data', run && run.error);
				continue;
			}
			const task = run.data && run.data.resultData.runData[p.scenario.sendNode || 'eSMS ZNS'];
			if (task && task[0]) t.note(`run ${run.status} in ${Date.parse(run.stoppedAt) - Date.parse(run.startedAt)} ms; send node ${task[0].executionTime} ms`);
			try {
				await p.scenario.check({ run, sim: p.sim, t, workflow: p.workflow, context: p.context });
			} catch (error) {
				t.ok(false, 'checks ran to the end', error.stack || String(error));
			}
		}
	} finally {
		t.prefix = '';
		fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
		for (const sim of sims) await sim.stop().catch(() => {});
		for (const stop of stops) await Promise.resolve().then(stop).catch(() => {});
		if (args.keep || t.failed) console.log(`kept the n8n user folder: ${n8n.userFolder}`);
		else await n8n.remove();
	}

	timings.total = Date.now() - started;
	console.log(`timings: ${Object.entries(timings).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}`);
	console.log(`${t.passed} passed, ${t.failed} failed`);
	return t.failed ? 1 : 0;
}

runMain(main);

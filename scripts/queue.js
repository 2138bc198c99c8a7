#!/usr/bin/env node
'use strict';
/**
 * `npm run test:queue` (`bash scripts/run.sh test:queue`): this package in n8n's queue mode.
 *
 *   node scripts/queue.js [--only=<substring>] [--keep] [--no-build] [--list]
 *
 * Installs Postgres 15 and Redis 7 from Debian when missing (apt-get, as root), starts each in a
 * temp folder on a free port, then n8n 2.40.7 as one main (`n8n start`), two workers
 * (`n8n worker`) and one webhook processor (`n8n webhook`), all with EXECUTIONS_MODE=queue, one
 * encryption key and one database; the packed package is installed into each process's own
 * `.n8n/nodes`. Every scenario of test/queue/scenarios.js gets its own simulator and credential.
 * Prints one line per check and ends with `N passed, N failed`; stops everything by PID, also
 * on failure.
 */
const path = require('node:path');
const { ROOT } = require('./lib/constants');
const { request } = require('./lib/http');
const { packPackage } = require('./lib/pack');
const { sleep } = require('./lib/processes');
const queue = require('./lib/queue');
const { loadSimulator } = require('./lib/simulator');
const { ensureN8n, n8nRuntime, n8nVersionOf } = require('./lib/toolchain');
const { Checker, bindCredential, readSuiteArgs, runMain } = require('./lib/checks');

const WORKFLOWS = path.join(ROOT, 'test', 'queue', 'workflows');
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
	const args = readSuiteArgs(process.argv.slice(2), 'scripts/queue.js');
	const { scenarios, loadWorkflow } = require(path.join(ROOT, 'test', 'queue', 'scenarios.js'));
	if (args.list) {
		for (const s of scenarios) console.log(`${s.name}  (${s.workflows.join(', ')})`);
		return 0;
	}
	// The scenario that kills a worker runs last.
	const selected = scenarios
		.filter((s) => !args.only || s.name.includes(args.only) || s.workflows.some((w) => w.includes(args.only)))
		.sort((a, b) => Number(!!a.killsWorker) - Number(!!b.killsWorker));
	const t = new Checker();
	const timings = {};
	const started = Date.now();

	let stamp = Date.now();
	const installed = queue.ensureServicePackages();
	timings.apt = Date.now() - stamp;
	if (installed.length) console.log(`installed ${installed.join(', ')} with apt-get in ${secs(timings.apt)}`);

	stamp = Date.now();
	const n8nDir = await ensureN8n();
	timings.ensureN8n = Date.now() - stamp;
	console.log(`n8n ${n8nVersionOf(n8nDir)} (${n8nDir}), node ${n8nRuntime().nodeVersion}`);

	stamp = Date.now();
	const pack = packPackage({ build: args.build });
	timings.pack = Date.now() - stamp;
	const { startSimulator } = loadSimulator();

	const sims = [];
	let cluster = null;
	try {
		// One simulator, one credential and the workflows of each scenario.
		const prepared = [];
		for (const [i, scenario] of selected.entries()) {
			const sim = await startSimulator({ quiet: true, ...(scenario.simulator || {}) });
			sims.push(sim);
			const credential = {
				id: `queueCred${String(i + 1).padStart(3, '0')}`,
				name: `eSMS simulator (queue ${scenario.name})`,
				type: 'esmsApi',
				data: { apiKey: sim.defaultAccount.apiKey, secretKey: sim.defaultAccount.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin },
			};
			const workflows = {};
			for (const file of scenario.workflows) workflows[file] = bindCredential(loadWorkflow(WORKFLOWS, file, { SIM_BASE_URL: sim.baseUrl }), credential);
			prepared.push({ scenario, sim, credential, workflows });
		}

		stamp = Date.now();
		cluster = await queue.startCluster({
			tarball: pack.tarball,
			workers: 2,
			// Imports run migrations on the fresh database before any server starts.
			before: async (mainProcess) => {
				await mainProcess.instance.importCredentials(prepared.map((p) => p.credential));
				await mainProcess.instance.importWorkflows(prepared.flatMap((p) => Object.values(p.workflows)));
			},
		});
		timings.cluster = Date.now() - stamp;
		const c = cluster;
		console.log(
			`queue mode: ${c.postgres.version.split(' (')[0]} on :${c.postgres.port}, ${c.redis.version.split(' sha=')[0]} on :${c.redis.port}; ` +
				`main :${c.main.port}, ${c.workers.map((w) => `${w.name} (pid ${w.pid})`).join(', ')}, webhook :${c.webhook.port}; ` +
				`up in ${secs(timings.cluster)} (${Object.entries(c.timings).map(([k, v]) => `${k} ${secs(v)}`).join(', ')})`,
		);
		const mainInstance = c.main.instance;
		await mainInstance.setupOwner();
		await mainInstance.createApiKey();
		for (const p of prepared) {
			for (const wf of Object.values(p.workflows)) await mainInstance.publish(wf.id);
		}
		// Published on the main; wait until the webhook processor serves them too.
		for (const p of prepared) {
			for (const wf of Object.values(p.workflows)) {
				const hook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
				if (!hook) continue;
				// A CORS preflight (OPTIONS) answers 404 until the webhook is known, and starts nothing.
				const url = `${c.webhook.url}/webhook/${hook.parameters.path}`;
				const probeStarted = Date.now();
				for (;;) {
					const res = await request('OPTIONS', url, undefined, { origin: c.webhook.url, 'access-control-request-method': 'GET' });
					if (res.status !== 404 || Date.now() - probeStarted > 30000) break;
					await sleep(200);
				}
			}
		}

		for (const p of prepared) {
			t.prefix = `[${p.scenario.name}] `;
			if (p.scenario.setup) await p.scenario.setup({ sim: p.sim });
			const s = Date.now();
			try {
				await p.scenario.run({ cluster: c, main: mainInstance, hook: c.webhook.instance, sim: p.sim, workflows: p.workflows, credential: p.credential, queue, t });
			} catch (error) {
				t.ok(false, 'the scenario ran to the end', error.stack || String(error));
			}
			timings[`scenario ${p.scenario.name.split(' ')[0]}`] = Date.now() - s;
			t.note(`took ${secs(Date.now() - s)}`);
		}
		t.prefix = '';
		for (const p of c.processes) {
			const lines = p.log().split('\n').filter((l) => /Error: |FATAL|Unhandled|Problem with execution/.test(l));
			if (lines.length) t.note(`${p.name}: ${lines.length} error line(s), first: ${lines[0].slice(0, 300)}`);
		}
	} finally {
		t.prefix = '';
		stamp = Date.now();
		await queue.stopCluster(cluster, { keep: args.keep || t.failed > 0 });
		for (const sim of sims) await sim.stop().catch(() => {});
		timings.stop = Date.now() - stamp;
	}

	timings.total = Date.now() - started;
	console.log(`timings: ${Object.entries(timings).map(([k, v]) => `${k} ${secs(v)}`).join(', ')}`);
	if (t.failed) console.log(`failed:\n  ${t.failures.join('\n  ')}`);
	console.log(`${t.passed} passed, ${t.failed} failed`);
	return t.failed ? 1 : 0;
}

runMain(main);

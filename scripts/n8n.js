#!/usr/bin/env node
'use strict';
/**
 * `npm run n8n`: a real n8n 2.40.7 with this package installed (from its tarball, as users get
 * it), the eSMS simulator, a credential pointing at the simulator and the sample workflows
 * (every examples/*.json; examples/send-and-report.json first, as example1SendReport) imported; with --with-e2e also the end-to-end test workflows
 * (test/e2e/workflows/*.json). Prints the editor URL and the login; runs until Ctrl-C.
 *
 *   node scripts/n8n.js [--port=5678] [--sim-port=0] [--no-build] [--keep] [--with-e2e]
 *
 * Everything listens on 127.0.0.1 only. The user folder is a fresh temp folder, deleted on exit
 * unless --keep. `startDevN8n()` is the same set-up for other scripts (the browser tests).
 */
const fs = require('node:fs');
const path = require('node:path');
const { BUILD_FLAGS, buildMode, readArgs } = require('./lib/args');
const { ROOT } = require('./lib/constants');
const { createUserFolder } = require('./lib/instance');
const { packPackage } = require('./lib/pack');
const { canListen, freePort } = require('./lib/processes');
const { loadSimulator } = require('./lib/simulator');
const { ensureN8n } = require('./lib/toolchain');

const OWNER = { email: 'owner@esms.test', password: 'Esms-dev-Passw0rd', firstName: 'eSMS', lastName: 'Developer' };

const USAGE = 'usage: node scripts/n8n.js [--port=5678] [--sim-port=0] [--no-build|--build] [--keep] [--with-e2e]';

function parseArgs(argv) {
	const values = readArgs(
		argv,
		{
			port: { type: 'string', default: '5678' },
			'sim-port': { type: 'string', default: '0' },
			...BUILD_FLAGS,
			keep: { type: 'boolean', default: false },
			'with-e2e': { type: 'boolean', default: false },
		},
		{ usage: USAGE },
	);
	return {
		port: Number(values.port),
		simPort: Number(values['sim-port']),
		build: buildMode(values),
		keep: values.keep,
		withE2e: values['with-e2e'],
	};
}

const CREDENTIAL = { id: 'esmsSimulator01', name: 'eSMS simulator' };
const SAMPLE_ID = 'example1SendReport';

/** Every examples/*.json, each with a fixed id (n8n wants at most 21 characters); the README's example first. */
function loadExamples(load) {
	const dir = path.join(ROOT, 'examples');
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	const sample = 'send-and-report.json';
	const ordered = [sample, ...files.filter((f) => f !== sample)].filter((f) => files.includes(f));
	return ordered.map((file, index) => {
		const words = path.basename(file, '.json').split(/[^A-Za-z0-9]+/).filter(Boolean);
		const id = file === sample ? SAMPLE_ID : `example${index + 1}${words.map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`.slice(0, 21);
		return { ...load(path.join(dir, file)), id };
	});
}

/**
 * Starts the simulator and an n8n server with the package, the credential and the sample.
 * Returns { url, owner, sim, n8n, server, credential, workflows, triggered, stop() }.
 */
async function startDevN8n({ port = 0, simPort = 0, build = 'auto', withE2e = false, quiet = false } = {}) {
	await ensureN8n();
	const pack = packPackage({ build });
	const { startSimulator } = loadSimulator();
	const sim = await startSimulator({ port: simPort, quiet });
	const n8n = await createUserFolder({ tarball: pack.tarball, prefix: 'esms-dev-' });
	let stopped = false;
	const stop = async ({ keep = false } = {}) => {
		if (stopped) return;
		stopped = true;
		await n8n.stop().catch(() => {});
		await sim.stop().catch(() => {});
		fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
		if (!keep) await n8n.remove();
	};
	try {
		const credential = {
			...CREDENTIAL,
			type: 'esmsApi',
			data: { apiKey: sim.defaultAccount.apiKey, secretKey: sim.defaultAccount.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin },
		};
		await n8n.importCredentials([credential]);
		port = port && (await canListen(port)) ? port : await freePort();
		const placeholders = { N8N_URL: `http://127.0.0.1:${port}`, SIM_BASE_URL: sim.baseUrl };
		const load = (file) =>
			JSON.parse(fs.readFileSync(file, 'utf8').replace(/@@([A-Z0-9_]+)@@/g, (m, name) => placeholders[name] ?? m));
		const workflows = [];
		if (withE2e) {
			const dir = path.join(ROOT, 'test', 'e2e', 'workflows');
			for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) workflows.push(load(path.join(dir, f)));
		}
		// The sample workflows, ready to click through; the README's example (send, wait, report who
		// did not receive it) first, under a fixed id the browser checks open.
		workflows.unshift(...loadExamples(load));
		for (const wf of workflows) {
			for (const node of wf.nodes) {
				if (node.credentials && node.credentials.esmsApi) node.credentials.esmsApi = { id: credential.id, name: credential.name };
			}
		}
		await n8n.importWorkflows(workflows);

		const server = await n8n.startServer({ port });
		await n8n.setupOwner(OWNER);
		await n8n.createApiKey('esms-dev');
		// Workflows started by a trigger or webhook (e.g. the delivery-callback pair) are published.
		const triggered = workflows.filter((wf) => wf.nodes.some((node) => /trigger|webhook/i.test(node.type) && !/manualTrigger/.test(node.type)));
		for (const wf of triggered) await n8n.publish(wf.id);
		return { url: server.url, owner: OWNER, sim, n8n, server, credential, workflows, triggered, sampleId: SAMPLE_ID, version: n8n.version, tarball: pack.tarball, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	let dev = null;
	let stopping = false;
	const shutdown = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping n8n and the simulator…');
		if (dev) await dev.stop({ keep: args.keep });
		if (args.keep && dev) console.log(`kept the user folder: ${dev.n8n.userFolder}`);
		process.exit(code);
	};
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));

	try {
		dev = await startDevN8n({ port: args.port, simPort: args.simPort, build: args.build, withE2e: args.withE2e });
		const { server, credential, workflows, triggered } = dev;
		const hooks = workflows.flatMap((wf) =>
			wf.nodes.filter((node) => node.type === 'n8n-nodes-base.webhook').map((node) => `${server.url}/webhook/${node.parameters.path}  (${wf.name})`),
		);
		server.child.on('exit', (code, signal) => {
			if (!stopping) {
				console.error(`n8n exited (${code ?? signal}); see ${server.logFile}`);
				shutdown(1);
			}
		});
		console.log('');
		console.log(`n8n ${dev.version} with ${path.basename(dev.tarball)} is running`);
		console.log(`  editor:    ${server.url}/`);
		console.log(`  login:     ${OWNER.email} / ${OWNER.password}`);
		console.log(`  simulator: ${dev.sim.baseUrl} (credential "${credential.name}", keys ${credential.data.apiKey} / ${credential.data.secretKey})`);
		console.log(`  workflows: ${workflows.map((w) => w.name).join('; ')}${args.withE2e ? '' : ' (add --with-e2e for the end-to-end test workflows)'}`);
		if (triggered.length) console.log(`  published: ${triggered.map((w) => w.name).join('; ')}`);
		for (const hook of hooks) console.log(`  start:     curl ${hook}`);
		console.log(`  API key:   ${server.apiKey} (X-N8N-API-KEY for ${server.url}/api/v1)`);
		console.log(`  n8n log:   ${server.logFile}`);
		console.log('Ctrl-C to stop.');
	} catch (error) {
		console.error(error.stack || String(error));
		await shutdown(1);
	}
}

module.exports = { startDevN8n, OWNER, SAMPLE_ID };

if (require.main === module) {
	main().catch((error) => {
		console.error(error.stack || String(error));
		process.exit(1);
	});
}

#!/usr/bin/env node
'use strict';
/**
 * `npm run n8n`: a real n8n 2.40.7 with this package installed (from its tarball, as users get
 * it), the eSMS simulator, a credential pointing at the simulator and the sample workflows
 * (examples/send-and-report.json and test/e2e/workflows/*.json) imported. Prints the editor URL and the login; runs until Ctrl-C.
 *
 *   node scripts/n8n.js [--port=5678] [--sim-port=0] [--no-build] [--keep]
 *
 * Everything listens on 127.0.0.1 only. The user folder is a fresh temp folder, deleted on exit
 * unless --keep.
 */
const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib/n8n');

const OWNER = { email: 'owner@esms.test', password: 'Esms-dev-Passw0rd', firstName: 'eSMS', lastName: 'Developer' };

function parseArgs(argv) {
	const args = { port: 5678, simPort: 0, build: 'auto', keep: false };
	for (const a of argv) {
		const [k, v] = a.split('=');
		if (k === '--port') args.port = Number(v);
		else if (k === '--sim-port') args.simPort = Number(v);
		else if (k === '--no-build') args.build = false;
		else if (k === '--build') args.build = true;
		else if (k === '--keep') args.keep = true;
		else if (k === '--help' || k === '-h') {
			console.log('usage: node scripts/n8n.js [--port=5678] [--sim-port=0] [--no-build|--build] [--keep]');
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

async function portIsFree(port) {
	const net = require('node:net');
	return await new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	await lib.ensureN8n();
	const pack = lib.packPackage({ build: args.build });
	const { startSimulator } = lib.loadSimulator();
	const sim = await startSimulator({ port: args.simPort, quiet: false });
	const n8n = await lib.createUserFolder({ tarball: pack.tarball, prefix: 'esms-dev-' });

	let stopping = false;
	const shutdown = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping n8n and the simulator…');
		await n8n.stop().catch(() => {});
		await sim.stop().catch(() => {});
		fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
		if (args.keep) console.log(`kept the user folder: ${n8n.userFolder}`);
		else await n8n.remove();
		process.exit(code);
	};
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));

	try {
		const credential = {
			id: 'esmsSimulator01',
			name: 'eSMS simulator',
			type: 'esmsApi',
			data: { apiKey: sim.defaultAccount.apiKey, secretKey: sim.defaultAccount.secretKey, baseUrl: sim.baseUrl, reportsUrl: sim.origin },
		};
		await n8n.importCredentials([credential]);
		const port = (await portIsFree(args.port)) ? args.port : await lib.freePort();
		const placeholders = { N8N_URL: `http://127.0.0.1:${port}`, SIM_BASE_URL: sim.baseUrl };
		const load = (file) =>
			JSON.parse(fs.readFileSync(file, 'utf8').replace(/@@([A-Z0-9_]+)@@/g, (m, name) => placeholders[name] ?? m));
		const dir = path.join(lib.ROOT, 'test', 'e2e', 'workflows');
		const workflows = fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.map((f) => load(path.join(dir, f)));
		// The README's example, ready to click through: send, wait, report who did not receive it.
		workflows.unshift({ ...load(path.join(lib.ROOT, 'examples', 'send-and-report.json')), id: 'example1SendReport' });
		for (const wf of workflows) {
			for (const node of wf.nodes) {
				if (node.credentials && node.credentials.esmsApi) node.credentials.esmsApi = { id: credential.id, name: credential.name };
			}
		}
		if (workflows.length) await n8n.importWorkflows(workflows);

		const server = await n8n.startServer({ port });
		await n8n.setupOwner(OWNER);
		await n8n.createApiKey('esms-dev');
		// Workflows started by a trigger or webhook (e.g. the delivery-callback pair) are published.
		const triggered = workflows.filter((wf) => wf.nodes.some((node) => /trigger|webhook/i.test(node.type) && !/manualTrigger/.test(node.type)));
		for (const wf of triggered) await n8n.publish(wf.id);
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
		console.log(`n8n ${n8n.version} with ${path.basename(pack.tarball)} is running`);
		console.log(`  editor:    ${server.url}/`);
		console.log(`  login:     ${OWNER.email} / ${OWNER.password}`);
		console.log(`  simulator: ${sim.baseUrl} (credential "${credential.name}", keys ${credential.data.apiKey} / ${credential.data.secretKey})`);
		console.log(`  workflows: ${workflows.map((w) => w.name).join('; ')}`);
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

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
/**
 * The main job, for real: 1,234 customers from examples/customers.csv (names, services, dates,
 * a few bad phones) → the eSMS ZNS node's bulk Send, inside a real n8n 2.40.7 with this package
 * installed as users install it, against the embedded eSMS simulator. Prints a summary.
 *
 *   bash scripts/run.sh demo        (does all the set-up: Node 24, dependencies, build, n8n)
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('./lib/constants');
const { readCsv } = require('./lib/csv');
const { createUserFolder } = require('./lib/instance');
const { packPackage } = require('./lib/pack');
const { nodeRun } = require('./lib/runData');
const { loadSimulator } = require('./lib/simulator');

const CREDENTIAL = { id: 'demoSimCredential', name: 'eSMS simulator (demo)' };
const WORKFLOW_ID = 'demo1Appointments';

function demoWorkflow(customers) {
	const code = `// The rows of examples/customers.csv\nreturn ${JSON.stringify(customers)}.map((json) => ({ json }));`;
	return {
		id: WORKFLOW_ID,
		name: 'Demo: appointment reminders by Zalo ZNS',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Customers (CSV)', type: 'main', index: 0 }]] },
			'Customers (CSV)': { main: [[{ node: 'Send reminders', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: 'd0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'd0000000-0000-4000-8000-000000000002', name: 'Customers (CSV)', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: code } },
			{
				id: 'd0000000-0000-4000-8000-000000000003',
				name: 'Send reminders',
				type: 'n8n-nodes-esms.esmsZns',
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueErrorOutput',
				credentials: { esmsApi: CREDENTIAL },
				parameters: {
					resource: 'znsMessage',
					operation: 'send',
					oaId: { __rl: true, mode: 'list', value: '4097311281936189049', cachedResultName: 'eSMS Demo Shop' },
					templateId: { __rl: true, mode: 'list', value: '2056447', cachedResultName: 'Appointment reminder' },
					phone: '={{ $json.phone }}',
					paramsMode: 'fields',
					templateFields: {
						mappingMode: 'defineBelow',
						value: {
							customer_name: '={{ $json.name }}',
							service: '={{ $json.service }}',
							appointment_date: '={{ $json.appointment_date }}',
						},
						matchingColumns: [],
						schema: [
							{ id: 'customer_name', displayName: 'customer_name', required: true, defaultMatch: false, display: true, type: 'string' },
							{ id: 'service', displayName: 'service', required: true, defaultMatch: false, display: true, type: 'string' },
							{ id: 'appointment_date', displayName: 'appointment_date', required: true, defaultMatch: false, display: true, type: 'string' },
						],
					},
					requestIdMode: 'custom',
					requestId: '=demo-{{ $execution.id }}-{{ $json.customer_id }}',
					options: { campaign: 'Appointment reminders (demo)', includeInputFields: true },
				},
			},
		],
	};
}

function countBy(values) {
	const counts = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

function table(rows) {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
	return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ')).join('\n');
}

async function main() {
	const customers = readCsv(fs.readFileSync(path.join(ROOT, 'examples', 'customers.csv'), 'utf8'));
	const { startSimulator } = loadSimulator();
	const sim = await startSimulator({ quiet: true });
	let instance;
	try {
		const { tarball } = packPackage();
		instance = await createUserFolder({ tarball, prefix: 'esms-demo-' });
		await instance.importCredentials([
			{ ...CREDENTIAL, type: 'esmsApi', data: { ...sim.defaultAccount, baseUrl: sim.baseUrl, reportsUrl: sim.origin } },
		]);
		await instance.importWorkflows([demoWorkflow(customers)]);
		const result = await instance.execute(WORKFLOW_ID);
		if (!result.ok) throw new Error(`the demo workflow did not succeed (${result.status}):\n${result.stderrTail}\n${result.stdoutTail}`);

		const sendRun = nodeRun(result.run, 'Send reminders');
		const [main = [], errors = []] = sendRun.data.main;
		const items = [...main, ...errors.map((item) => ({ ...item, json: { ...item.json, ...item.json.error } }))];
		if (items.length !== customers.length) throw new Error(`${customers.length} customers in, ${items.length} items out`);
		const statuses = countBy(items.map((item) => item.json.status));
		const requests = sim.sendRequests();
		console.log(`\neSMS ZNS demo — ${customers.length} customers from examples/customers.csv, n8n ${instance.version}, eSMS simulator\n`);
		console.log(
			table([
				['what', 'count'],
				['recipients in', customers.length],
				['requests to eSMS (batches)', requests.length],
				['accepted', statuses.accepted ?? 0],
				['rejected by eSMS', statuses.rejected ?? 0],
				['invalid (not sent)', statuses.invalid ?? 0],
				['duplicates', statuses.duplicate ?? 0],
				['unconfirmed / failed / skipped', (statuses.unconfirmed ?? 0) + (statuses.failed ?? 0) + (statuses.skipped ?? 0)],
				['main output / error output', `${main.length} / ${errors.length}`],
				['messages stored by eSMS', sim.messages().length],
				['node time', `${sendRun.executionTime} ms`],
				['whole n8n command', `${(result.wallMs / 1000).toFixed(1)} s (most of it n8n start-up)`],
			]),
		);
		const sample = (status) => items.find((item) => item.json.status === status)?.json;
		for (const status of ['accepted', 'invalid', 'rejected']) {
			const json = sample(status);
			if (!json) continue;
			const { phone, requestId, smsId, codeResult, message, batch, field } = json;
			// In the item's own order: what a person reads first first, then the customer's name.
			console.log(`\nA ${status} item:\n${JSON.stringify({ status, phone, smsId, message, name: json.name, requestId, codeResult, batch, field }, null, 2)}`);
		}
	} finally {
		await sim.stop();
		if (instance) await instance.remove();
	}
}

main().catch((error) => {
	console.error(`demo: ${error.stack ?? error}`);
	process.exit(1);
});

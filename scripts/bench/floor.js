#!/usr/bin/env node
'use strict';
/**
 * The floor: a bare Node script doing the least work the node must do — build 500-row bodies,
 * POST them to the bulk endpoint through a keep-alive agent with the node's concurrency, parse the
 * replies and turn them into one outcome per recipient (matched by phone). No n8n.
 *
 *   node scripts/bench/floor.js '<json config>'
 *   config: { url, n, batchSize, concurrency, top: { ApiKey, SecretKey, OAID, TempID, … },
 *             keyOrder: [...top-level keys incl. 'Data'], runTag }
 * Prints one JSON line: { ms, requests, accepted, outcomes, peakRssMb }.
 */
const http = require('node:http');
const { makeCustomers } = require('./customers');

async function main() {
	const cfg = JSON.parse(process.argv[2]);
	const customers = makeCustomers(cfg.n);
	const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency });
	const url = new URL(cfg.url);

	const started = process.hrtime.bigint();
	const batches = [];
	for (let s = 0; s < customers.length; s += cfg.batchSize) batches.push([s, Math.min(s + cfg.batchSize, customers.length)]);
	const outcomes = new Array(customers.length);
	let next = 0;
	let requests = 0;

	const post = (payload) =>
		new Promise((resolve, reject) => {
			const req = http.request(
				{
					agent,
					host: url.hostname,
					port: url.port,
					path: url.pathname,
					method: 'POST',
					headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(payload) },
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.end(payload);
		});

	const worker = async () => {
		while (next < batches.length) {
			const [from, to] = batches[next++];
			const data = [];
			for (let i = from; i < to; i++) {
				const c = customers[i];
				data.push({ Phone: c.phone, RequestId: `${cfg.runTag}-${i}`, Params: [c.name, c.service, c.date] });
			}
			const body = {};
			for (const key of cfg.keyOrder) body[key] = key === 'Data' ? data : cfg.top[key];
			requests++;
			const reply = JSON.parse(await post(JSON.stringify(body)));
			const byPhone = new Map();
			for (const row of reply.detail || []) byPhone.set(String(row.Phone), row);
			for (let i = from; i < to; i++) {
				const row = byPhone.get(data[i - from].Phone);
				const code = row ? String(row.CodeResult) : null;
				outcomes[i] = {
					phone: data[i - from].Phone,
					requestId: data[i - from].RequestId,
					status: code === '100' ? 'accepted' : row ? 'rejected' : 'unconfirmed',
					smsId: (row && row.SMSID) || null,
					codeResult: code,
				};
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(cfg.concurrency, batches.length)) }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	const accepted = outcomes.filter((o) => o && o.status === 'accepted').length;
	const hwm = require('node:fs').readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+)/m);
	process.stdout.write(JSON.stringify({ ms, requests, accepted, outcomes: outcomes.length, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }) + '\n');
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
/**
 * The floor for one recipient per request: a bare Node script doing the least work the node's SMS
 * › Send must do — build each recipient's SMS, POST it alone to SendMultipleMessage_V4_post_json/
 * through a keep-alive agent with at most `concurrency` requests in flight, parse each answer into
 * one outcome. No n8n. The same recipients and text as the bench's sms and smsdiy workflows.
 *
 *   node scripts/bench/smsFloor.js '<json config>'
 *   config: { url, n, concurrency, top: { ApiKey, SecretKey, Brandname, SmsType }, runTag }
 * Prints one JSON line: { ms, requests, accepted, outcomes, peakRssMb }.
 */
const fs = require('node:fs');
const http = require('node:http');
const { makeCustomers } = require('./customers');

async function main() {
	const cfg = JSON.parse(process.argv[2]);
	const customers = makeCustomers(cfg.n);
	const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency });
	const url = new URL(cfg.url);

	const post = (payload) =>
		new Promise((resolve, reject) => {
			const headers = { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(payload) };
			const req = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
				res.on('error', reject);
			});
			req.on('error', reject);
			req.end(payload);
		});

	const started = process.hrtime.bigint();
	const outcomes = new Array(customers.length);
	let next = 0;
	let requests = 0;
	const worker = async () => {
		while (next < customers.length) {
			const i = next++;
			const c = customers[i];
			const requestId = `${cfg.runTag}-${i}`;
			const body = {
				Phone: c.phone,
				Content: `Xin chao ${c.name}, lich hen ngay ${c.date}.`,
				Brandname: cfg.top.Brandname,
				SmsType: cfg.top.SmsType,
				IsUnicode: '0',
				RequestId: requestId,
				ApiKey: cfg.top.ApiKey,
				SecretKey: cfg.top.SecretKey,
			};
			requests++;
			const reply = JSON.parse(await post(JSON.stringify(body)));
			const code = reply.CodeResult === undefined ? null : String(reply.CodeResult);
			outcomes[i] = { phone: c.phone, requestId, status: code === '100' ? 'accepted' : 'rejected', smsId: reply.SMSID || null, codeResult: code };
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(cfg.concurrency, customers.length)) }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	const accepted = outcomes.filter((o) => o && o.status === 'accepted').length;
	const hwm = fs.readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+)/m);
	process.stdout.write(JSON.stringify({ ms, requests, accepted, outcomes: outcomes.length, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null }) + '\n');
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
/**
 * Where the node's own CPU time goes, without n8n and without HTTP: times each step of the
 * send path (read + validate, plan, build bodies, parse + match replies) on the built dist/
 * for 10,000 and 100,000 recipients. Run after `npm run build`:
 *   node scripts/bench/phases.js
 */
const path = require('node:path');

const dist = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'EsmsZns', 'send');
const { readRecipient, rejectRepeatedRequestIds } = require(path.join(dist, 'recipients'));
const { planBatches } = require(path.join(dist, 'batches'));
const { parseSendReply } = require(path.join(dist, 'reply'));
const { matchReply } = require(path.join(dist, 'match'));

const SPECS = [
	{ name: 'customer_name', type: 'text', required: true, maxLength: 30 },
	{ name: 'service', type: 'text', required: true, maxLength: 50 },
	{ name: 'appointment_date', type: 'date', required: true },
];
const RULES = { phoneFormat: 'domestic', timezone: 'Asia/Ho_Chi_Minh', paramSpecs: SPECS };

function customers(count) {
	return Array.from({ length: count }, (_, i) => ({
		name: `Nguyễn Văn ${i}`,
		phone: `+84 9${String(10_000_000 + i).slice(-8)}`,
		service: 'Khám tổng quát',
		date: '2026-12-01',
	}));
}

function timed(fn) {
	const started = process.hrtime.bigint();
	const result = fn();
	return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function phases(count) {
	const rows = customers(count);
	const read = timed(() =>
		rejectRepeatedRequestIds(
			rows.map((row, itemIndex) =>
				readRecipient({ itemIndex, phone: row.phone, requestId: `n8n-1-0123456789-${itemIndex}`, params: [row.name, row.service, row.date] }, RULES),
			),
		),
	);
	const plan = timed(() => planBatches(read.result, 500));
	const build = timed(() =>
		plan.result.map((batch) =>
			JSON.stringify({ OAID: '1', TempID: '2', Data: batch.recipients.map((r) => ({ Phone: r.phone, RequestId: r.requestId, Params: r.params })) }),
		),
	);
	const replies = plan.result.map((batch) =>
		JSON.stringify({ CodeResult: '100', detail: batch.recipients.map((r) => ({ CodeResult: '100', Phone: r.phone, SMSID: `${r.requestId}-sms` })) }),
	);
	const match = timed(() => plan.result.map((batch, i) => matchReply(batch, parseSendReply(JSON.parse(replies[i])).rows)));
	return { read: read.ms, plan: plan.ms, build: build.ms, match: match.ms };
}

for (const count of [10_000, 100_000]) {
	phases(count); // warm-up
	const best = [0, 1, 2].map(() => phases(count)).reduce((a, b) => (a.read + a.match < b.read + b.match ? a : b));
	const total = best.read + best.plan + best.build + best.match;
	console.log(
		`${count.toLocaleString('en-US')} recipients: read+validate ${best.read.toFixed(1)} ms, plan ${best.plan.toFixed(1)} ms, ` +
			`build+stringify ${best.build.toFixed(1)} ms, parse+match ${best.match.toFixed(1)} ms = ${total.toFixed(1)} ms ` +
			`(${((total * 1000) / count).toFixed(1)} µs per recipient)`,
	);
}

#!/usr/bin/env node
'use strict';
/**
 * Where the node's own CPU time goes, without n8n and without HTTP: times each step of the send
 * path on the built dist/, for 10,000 and 100,000 recipients, with the node's own functions:
 *   read     readRecipient per item (phone, template values, fingerprint and Request ID hashes)
 *            and the run's Request ID map (TwinSeparator)
 *   memory   the process memory asked for every recipient (reuseSettled; filled by earlier runs)
 *   plan     planBatches (500 per request, never one phone twice)
 *   build    the request bodies' rows, stringified
 *   match    eSMS's replies parsed and paired with the recipients (parseSendReply, matchReply)
 *   record   the answers remembered (recordOutcomes)
 * Run after `npm run build`:
 *   node scripts/bench/phases.js
 */
const path = require('node:path');

const dist = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'EsmsZns', 'send');
const { readRecipient, TwinSeparator } = require(path.join(dist, 'recipients'));
const { requestIdsFor } = require(path.join(dist, 'requestId'));
const { planBatches } = require(path.join(dist, 'batches'));
const { parseSendReply } = require(path.join(dist, 'reply'));
const { matchReply } = require(path.join(dist, 'match'));
const sendMemory = require(path.join(dist, 'sendMemory'));
const { makeCustomers } = require('./customers');

const SPECS = [
	{ name: 'customer_name', type: 'text', required: true, maxLength: 30 },
	{ name: 'service', type: 'text', required: true, maxLength: 50 },
	{ name: 'appointment_date', type: 'date', required: true },
];
const MESSAGE = { oaId: '4097311281936189049', templateId: '2056447', sendDate: '' };

/** Each run is another node (as in the bench), so its Request IDs are new to the memory. */
function rulesOf(run) {
	const nodeId = `6f1c2d3e-0000-4000-8000-${String(run).padStart(12, '0')}`;
	return { phoneFormat: 'domestic', timezone: 'Asia/Ho_Chi_Minh', paramSpecs: SPECS, message: MESSAGE, defaultRequestId: requestIdsFor({ mode: 'content', workflowId: 'Kq3xY8dWbench01', nodeId }) };
}

function timed(fn) {
	const started = process.hrtime.bigint();
	const result = fn();
	return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

function phases(count, run) {
	const rules = rulesOf(run);
	const customers = makeCustomers(count);
	const place = { scope: 'Xy7KpQ2mN4vB8sLt|https://rest.esms.vn/MainService.svc/json', executionId: String(run), runIndex: 0, now: Date.now() };
	const read = timed(() => {
		const separator = new TwinSeparator();
		return separator.take(
			customers.map((c, itemIndex) => readRecipient({ itemIndex, phone: c.phone, requestId: null, params: [c.name, c.service, c.date] }, rules)),
		);
	});
	const memory = timed(() => sendMemory.reuseSettled(read.result, place).toSend);
	const plan = timed(() => planBatches(memory.result, 500));
	const build = timed(() =>
		plan.result.map((batch) => JSON.stringify({ OAID: MESSAGE.oaId, TempID: MESSAGE.templateId, Data: batch.recipients.map((r) => ({ Phone: r.phone, RequestId: r.requestId, Params: r.params })) })),
	);
	// eSMS's answers as they arrive: JSON text, one row per recipient.
	const replies = plan.result.map((batch) =>
		JSON.stringify({ CodeResult: '100', detail: batch.recipients.map((r) => ({ CodeResult: '100', Phone: r.phone, SMSID: `${r.requestId.slice(4, 12)}-0000-4000-8000-${r.requestId.slice(-12)}` })) }),
	);
	const match = timed(() => plan.result.flatMap((batch, i) => matchReply(batch, parseSendReply(JSON.parse(replies[i])).rows)));
	const record = timed(() => sendMemory.recordOutcomes(match.result, memory.result, place));
	return { read: read.ms, memory: memory.ms, plan: plan.ms, build: build.ms, match: match.ms, record: record.ms };
}

const STEPS = ['read', 'memory', 'plan', 'build', 'match', 'record'];
let run = 0;
for (const count of [10_000, 100_000]) {
	sendMemory.forgetAll();
	phases(count, run++); // warm-up (and a memory with this many earlier messages in it)
	const runs = [0, 1, 2].map(() => phases(count, run++));
	const total = (r) => STEPS.reduce((sum, step) => sum + r[step], 0);
	const best = runs.reduce((a, b) => (total(a) <= total(b) ? a : b));
	console.log(
		`${count.toLocaleString('en-US')} recipients (best of 3): ` +
			STEPS.map((step) => `${step} ${best[step].toFixed(1)} ms`).join(', ') +
			` = ${total(best).toFixed(1)} ms (${((total(best) * 1000) / count).toFixed(2)} µs per recipient)`,
	);
}

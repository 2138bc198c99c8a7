#!/usr/bin/env node
'use strict';
/**
 * How much heap the node's process memory of eSMS answers (send/memory) takes when full:
 * records MAX_ENTRIES accepted messages through its own recordOutcomes, 500 per call as the
 * node does, and prints the heap it retains. Run after `npm run build`, with the GC exposed:
 *   node --expose-gc scripts/bench/memory.js
 */
const crypto = require('node:crypto');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'EsmsZns', 'send');
const sendMemory = require(path.join(dist, 'memory'));
const { messageFingerprint, requestIdsFor } = require(path.join(dist, 'requestId'));

if (typeof global.gc !== 'function') {
	console.error('run with: node --expose-gc scripts/bench/memory.js');
	process.exit(2);
}
const BATCH = 500;
const options = { sendAt: null, campaign: null, callbackUrl: null, sandbox: false, overQuota: false, key: 'now' };
const count = sendMemory.MAX_ENTRIES;
const scope = { oaId: '4097311281936189049', templateId: '2056447', sendDate: '' };
const requestIdOf = requestIdsFor({ mode: 'content', workflowId: 'Kq3xY8dWbench01', nodeId: '6f1c2d3e-0000-4000-8000-000000000001' });
// The scope as send.operation.ts builds it: the credential's id and the base URL.
const place = { scope: 'Xy7KpQ2mN4vB8sLt|https://rest.esms.vn/MainService.svc/json', executionId: '1234', runIndex: 0, now: Date.now() };

global.gc();
const before = process.memoryUsage().heapUsed;
for (let start = 0; start < count; start += BATCH) {
	const recipients = [];
	const outcomes = [];
	for (let i = 0; i < BATCH; i++) {
		// Ids made as the node makes them (requestId.ts), so the strings are shaped as in a real run.
		const phone = `09${String(start + i).padStart(8, '0')}`;
		const params = [`Customer ${start + i}`, 'Dental check-up', '01/12/2027'];
		const fingerprint = messageFingerprint(scope, phone, params);
		const requestId = requestIdOf(fingerprint);
		recipients.push({ itemIndex: i, phone, phoneKey: phone, requestId, params, fingerprint, options });
		outcomes.push({ itemIndex: i, phone, requestId, status: 'accepted', smsId: crypto.randomUUID(), codeResult: '100', message: 'Accepted by eSMS.', batch: 1 + start / BATCH });
	}
	sendMemory.recordOutcomes(outcomes, recipients, place);
}
global.gc();
const retained = process.memoryUsage().heapUsed - before;
console.log(
	`${count.toLocaleString('en-US')} remembered messages: ${(retained / 1024 / 1024).toFixed(0)} MB of heap, ` +
		`${Math.round(retained / count)} bytes per message`,
);

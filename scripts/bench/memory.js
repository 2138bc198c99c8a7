#!/usr/bin/env node
'use strict';
/**
 * How much heap the node's process memory of eSMS answers (send/sendMemory) takes when full:
 * records MAX_ENTRIES accepted messages through its own recordOutcomes, 500 per call as the
 * node does, and prints the heap it retains. Run after `npm run build`, with the GC exposed:
 *   node --expose-gc scripts/bench/memory.js
 */
const crypto = require('node:crypto');
const path = require('node:path');

const sendMemory = require(path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'EsmsZns', 'send', 'sendMemory'));

if (typeof global.gc !== 'function') {
	console.error('run with: node --expose-gc scripts/bench/memory.js');
	process.exit(2);
}
const BATCH = 500;
const count = sendMemory.MAX_ENTRIES;
const place = { scope: `esms-account-${'0'.repeat(40)}`, executionId: '1234', runIndex: 0, now: Date.now() };

global.gc();
const before = process.memoryUsage().heapUsed;
for (let start = 0; start < count; start += BATCH) {
	const recipients = [];
	const outcomes = [];
	for (let i = 0; i < BATCH; i++) {
		const requestId = `zns-${crypto.randomBytes(16).toString('hex')}`;
		const phone = `09${String(start + i).padStart(8, '0')}`;
		recipients.push({ itemIndex: i, phone, phoneKey: phone, requestId, params: [], fingerprint: crypto.randomBytes(16).toString('hex') });
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

'use strict';
/**
 * End-to-end scenarios: each is a workflow in test/e2e/workflows/ plus the checks below, run by
 * scripts/e2e.js inside a real n8n with this package installed from its tarball.
 *
 * A scenario:
 *   name        short name, printed before each check
 *   workflow    file in test/e2e/workflows/ (its `id` must contain a digit, ≤ 21 chars)
 *   extraWorkflows  more files imported with it (e.g. the trigger workflow of a server scenario)
 *   mode        'batch' (default): run with the others in ONE `n8n execute-batch` process;
 *               'server': run against `n8n start` (the workflow is published first) by `run()`;
 *               'custom': `run({ tarball, sim, workflow, credential })` does everything itself
 *   optIn       true: only run when `--only` names it
 *   minN8nMajor  skipped (and said so) on older n8n lines, e.g. 2 for nodes that ship with 2.x only
 *   simulator   options for startSimulator() (each scenario gets its own simulator, so faults and
 *               request counts never leak between scenarios)
 *   setup({ sim, workflow, extra }) before n8n runs (e.g. switch on a fault); may return a
 *               context: `credentials` (more credentials to import, e.g. `openAiApi` for a local
 *               model stub), `stop()` (called at the end), anything else the checks need; the
 *               context is handed to run() and check() as `context`
 *   run({ n8n, server, sim, workflow, extra })  server mode only: start the workflow (e.g.
 *               n8n.callWebhook), return its execution (from n8n.waitForExecutions) plus anything
 *               the checks need. Workflows with a trigger/webhook node are published first.
 * Workflow files may use @@N8N_URL@@ (the server's origin) and @@SIM_BASE_URL@@ (the simulator's).
 *   check({ run, sim, t, workflow })     assertions with `t.ok/equal/deepEqual(…, name)`, `t.note(text)`
 *   expectError  true when the run is meant to fail: execute-batch then gives no run data, only
 *               `run.status` ('error') and `run.error` (the error's description or message)
 *
 * Every node with an `esmsApi` credential is pointed at the scenario's simulator by the harness.
 * Adding a scenario is one workflow JSON and one entry here.
 */

const { request } = require('../../scripts/lib/http');
const { createUserFolder } = require('../../scripts/lib/instance');
const { sleep } = require('../../scripts/lib/processes');
const { startOpenAiStub } = require('./openaiStub');

const SEND_NODE = 'eSMS ZNS';
const BULK_PATH = 'Send_zns_bulk_v4_post_json/';
const STATUSES = ['accepted', 'rejected', 'duplicate', 'invalid', 'unconfirmed', 'failed', 'skipped'];

// ------------------------------------------------------------------------------------------------
// Helpers shared by the checks

function runData(run) {
	return (run && run.data && run.data.resultData && run.data.resultData.runData) || {};
}

/** Items of output `index` of the LAST run of a node. */
function output(run, node, index = 0) {
	const runs = runData(run)[node];
	if (!runs || !runs.length) return undefined;
	const main = runs[runs.length - 1].data && runs[runs.length - 1].data.main;
	return main ? main[index] || [] : [];
}

/**
 * The recipient's outcome fields of an output item: on the error output they are in json.error
 * (an object; the item's json is the input item's fields plus { message, error }).
 */
function outcomeOf(item) {
	const j = item.json;
	return j.error && typeof j.error === 'object' ? { ...j.error, message: j.message } : j;
}

function pairedIndexes(item) {
	const p = item.pairedItem;
	if (p === undefined || p === null) return [];
	if (typeof p === 'number') return [p];
	if (Array.isArray(p)) return p.map((x) => (typeof x === 'number' ? x : x.item));
	return [p.item];
}

function digits(phone) {
	return String(phone ?? '').replace(/\D/g, '');
}

/** 10-digit domestic form when the phone is a Vietnamese mobile number, else its digits. */
function domestic(phone) {
	const d = digits(phone);
	if (/^84[35789]\d{8}$/.test(d)) return '0' + d.slice(2);
	if (/^[35789]\d{8}$/.test(d)) return '0' + d;
	return d;
}

function isValidPhone(phone) {
	return /^0[35789]\d{8}$/.test(domestic(phone));
}

function countBy(list, key) {
	const counts = {};
	for (const x of list) {
		const k = typeof key === 'function' ? key(x) : x[key];
		counts[k] = (counts[k] || 0) + 1;
	}
	return counts;
}

function sendRequests(sim) {
	if (typeof sim.sendRequests === 'function') return sim.sendRequests();
	return sim.requests.filter((r) => /send_zns_bulk_v4_post_json|sendzalomessage_v4_post_json/i.test(r.path));
}

function bulkRequests(sim) {
	return sendRequests(sim).filter((r) => /send_zns_bulk_v4_post_json/i.test(r.path));
}

/** Every output item (main and error) is paired to exactly one input item, and every input is used once. */
function checkPairing(t, label, inputs, outputs) {
	const seen = new Map();
	let bad = 0;
	let mismatched = 0;
	for (const item of outputs) {
		const idx = pairedIndexes(item);
		if (idx.length !== 1 || !(idx[0] >= 0 && idx[0] < inputs.length)) {
			bad++;
			continue;
		}
		seen.set(idx[0], (seen.get(idx[0]) || 0) + 1);
		const phone = outcomeOf(item).phone;
		const input = inputs[idx[0]].json;
		// The recipient's phone may be normalised, so compare the domestic forms (or raw when invalid).
		if (phone !== undefined && domestic(phone) !== domestic(input.phone) && String(phone) !== String(input.phone)) mismatched++;
	}
	const missing = inputs.length - seen.size;
	const twice = [...seen.values()].filter((n) => n > 1).length;
	t.equal(bad, 0, `${label}: every output item has one pairedItem inside the input`);
	t.equal(missing, 0, `${label}: every input item is paired by an output item`);
	t.equal(twice, 0, `${label}: no input item is paired twice`);
	t.equal(mismatched, 0, `${label}: each output's phone is its paired input's phone`);
}

/** Each stored message (sim.messages()) has its RequestId exactly once. */
function checkNoDoubleSend(t, label, sim) {
	const messages = sim.messages();
	const counts = countBy(messages, 'requestId');
	const doubles = Object.entries(counts).filter(([, n]) => n > 1);
	t.equal(doubles.length, 0, `${label}: no RequestId has two messages`, doubles.slice(0, 5));
	const phones = countBy(messages, 'normalizedPhone');
	const doublePhones = Object.entries(phones).filter(([, n]) => n > 1);
	t.equal(doublePhones.length, 0, `${label}: no phone got two messages`, doublePhones.slice(0, 5));
	return messages;
}

// ------------------------------------------------------------------------------------------------

const scenarios = [
	{
		name: '1 bulk 1,234',
		workflow: 'bulk-1234.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const items = output(run, SEND_NODE, 0);
			t.ok(Array.isArray(items), 'the send node ran');
			if (!items) return;
			t.equal(inputs.length, 1234, 'the Code node made 1,234 customers');
			t.equal(items.length, 1234, 'one output item per input item');
			t.equal((output(run, SEND_NODE, 1) || []).length, 0, 'nothing on a second output');
			checkPairing(t, 'pairing', inputs, items);

			const validInputs = inputs.filter((i) => isValidPhone(i.json.phone));
			t.equal(validInputs.length, 1222, 'fixture: 1,222 valid phones, 12 invalid');
			const byStatus = countBy(items, (i) => i.json.status);
			t.deepEqual(byStatus, { accepted: 1222, invalid: 12 }, 'statuses: 1,222 accepted, 12 invalid');

			const messages = checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 1222, 'the simulator stored 1,222 messages');
			const byRequestId = new Map(messages.map((m) => [m.requestId, m]));
			let wrongSmsId = 0;
			let wrongPhone = 0;
			let wrongParams = 0;
			let invalidWithSmsId = 0;
			for (const item of items) {
				const j = item.json;
				const input = inputs[pairedIndexes(item)[0]];
				if (j.status === 'accepted') {
					const m = byRequestId.get(j.requestId);
					if (!m || m.smsId !== j.smsId) wrongSmsId++;
					else {
						if (m.normalizedPhone !== domestic(input && input.json.phone)) wrongPhone++;
						const want = input ? [input.json.name, input.json.service, input.json.date] : [];
						if (JSON.stringify(m.params) !== JSON.stringify(want)) wrongParams++;
					}
				} else if (j.smsId) invalidWithSmsId++;
			}
			t.equal(wrongSmsId, 0, 'every accepted item carries the SMSID the simulator stored for its RequestId');
			t.equal(wrongPhone, 0, "every message went to its item's phone");
			t.equal(wrongParams, 0, "every message carries its item's name, service and date, in template order");
			t.equal(invalidWithSmsId, 0, 'no invalid item has an SMSID');
			const keys = ['phone', 'requestId', 'status', 'smsId', 'codeResult', 'message', 'batch'];
			const missingKeys = items.filter((i) => keys.some((k) => !(k in i.json))).length;
			t.equal(missingKeys, 0, `every output item has ${keys.join(', ')}`);

			const sends = bulkRequests(sim);
			t.equal(sendRequests(sim).length, 3, 'the simulator saw exactly 3 send requests');
			t.deepEqual(sends.map((r) => (r.body && r.body.Data ? r.body.Data.length : -1)).sort((a, b) => b - a), [500, 500, 222], 'batches of 500, 500 and 222');
			const topKeys = new Set();
			const rowKeys = new Set();
			let wrongTop = 0;
			let badRows = 0;
			const requestIds = [];
			for (const r of sends) {
				const b = r.body || {};
				Object.keys(b).forEach((k) => topKeys.add(k));
				if (b.ApiKey !== 'sim-api-key' || b.SecretKey !== 'sim-secret-key' || b.OAID !== '4097311281936189049' || b.TempID !== '2056447') wrongTop++;
				for (const row of b.Data || []) {
					Object.keys(row).forEach((k) => rowKeys.add(k));
					if (!/^0[35789]\d{8}$/.test(row.Phone) || !Array.isArray(row.Params) || row.Params.length !== 3 || typeof row.RequestId !== 'string' || row.RequestId.length > 50) badRows++;
					requestIds.push(row.RequestId);
				}
				if (!/json/i.test(String(r.headers['content-type'] || ''))) wrongTop++;
			}
			t.deepEqual([...topKeys].sort(), ['ApiKey', 'Data', 'OAID', 'SecretKey', 'TempID'], 'request bodies have exactly ApiKey, SecretKey, OAID, TempID, Data');
			t.equal(wrongTop, 0, 'keys, OA and template are right in every request (JSON content type)');
			t.deepEqual([...rowKeys].sort(), ['Params', 'Phone', 'RequestId'], 'Data rows have exactly Phone, RequestId, Params');
			t.equal(badRows, 0, 'every Data row: domestic phone, 3 params, RequestId ≤ 50 chars');
			t.equal(new Set(requestIds).size, requestIds.length, 'no RequestId twice across the requests');
			const accepted = new Set(items.filter((i) => i.json.status === 'accepted').map((i) => i.json.requestId));
			t.ok(requestIds.length === accepted.size && requestIds.every((id) => accepted.has(id)), 'the RequestIds sent are exactly those of the accepted items');
			const other = sim.requests.filter((r) => !sends.includes(r)).map((r) => `${r.method} ${r.path}`);
			t.note(`other requests: ${other.length ? JSON.stringify(countBy(other, (x) => x)) : 'none'}`);
			const task = runData(run)[SEND_NODE][0];
			t.note(`send node executionTime ${task.executionTime} ms`);
		},
	},
	{
		name: '1b invalid phones stop the node',
		workflow: 'bulk-stop-on-invalid.json',
		expectError: true,
		check({ run, sim, t }) {
			t.equal(run.status, 'error', 'with On Error "Stop Workflow" the run fails');
			// execute-batch reports the error's description when it has one, else its message.
			t.ok(/item 50\b|12 items are invalid/i.test(String(run.error)), 'the error says which/how many items are invalid', run.error);
			t.equal(sendRequests(sim).length, 0, 'nothing was sent');
			t.equal(sim.messages().length, 0, 'the simulator stored no message');
		},
	},
	{
		name: '2 mapping by name',
		workflow: 'mapping-by-name.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(items.length, 40, 'one output item per input item');
			checkPairing(t, 'pairing', inputs, items);
			t.ok(items.every((i) => i.json.status === 'accepted'), 'all accepted', countBy(items, (i) => `${i.json.status} ${i.json.message}`));
			const byRequestId = new Map(sim.messages().map((m) => [m.requestId, m]));
			let wrong = 0;
			let example;
			for (const item of items) {
				const input = inputs[pairedIndexes(item)[0]].json;
				const want = [input.customer, '#' + input.order, String(input.total), input.placedOn, input.link];
				const m = byRequestId.get(item.json.requestId);
				if (!m || JSON.stringify(m.params) !== JSON.stringify(want)) {
					wrong++;
					example = example || { sent: m && m.params, want };
				}
			}
			t.equal(wrong, 0, "every message carries the mapped values in the template's order (customer_name, order_code, amount, order_date, tracking_url)", example);
			const rows = bulkRequests(sim).flatMap((r) => (r.body && r.body.Data) || []);
			t.ok(rows.length === 40 && rows.every((r) => Array.isArray(r.Params) && r.Params.length === 5 && r.Params.every((v) => typeof v === 'string')), 'Params: 5 strings per row (the number sent as text)', rows[0]);
		},
	},
	{
		name: '2b mapping automatically by field name',
		workflow: 'mapping-auto.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(items.length, 25, 'one output item per input item');
			checkPairing(t, 'pairing', inputs, items);
			t.ok(items.every((i) => i.json.status === 'accepted'), 'all accepted', countBy(items, (i) => `${i.json.status} ${i.json.message}`));
			const byRequestId = new Map(sim.messages().map((m) => [m.requestId, m]));
			const wrong = items.filter((item) => {
				const input = inputs[pairedIndexes(item)[0]].json;
				const m = byRequestId.get(item.json.requestId);
				return !m || JSON.stringify(m.params) !== JSON.stringify([input.customer_name, input.service, input.appointment_date]);
			});
			t.equal(wrong.length, 0, "fields named like the template's variables are sent in the template's order; other fields ignored", wrong.slice(0, 1).map((i) => byRequestId.get(i.json.requestId)));
		},
	},
	{
		name: '3 error output',
		workflow: 'error-output.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const main = output(run, SEND_NODE, 0);
			const errors = output(run, SEND_NODE, 1);
			t.ok(Array.isArray(main) && Array.isArray(errors), 'the send node has a main and an error output');
			if (!main || !errors) return;
			t.equal(main.length + errors.length, inputs.length, `main (${main.length}) + error (${errors.length}) = input (${inputs.length})`);
			checkPairing(t, 'pairing across both outputs', inputs, [...main, ...errors]);
			t.equal(main.length, 17, '17 recipients on the main output');
			t.equal(errors.length, 3, '3 recipients on the error output (2 invalid, 1 blocked)');
			t.ok(main.every((i) => i.json.status === 'accepted' && i.json.smsId), 'main output: all accepted with an SMSID', countBy(main, (i) => i.json.status));
			t.ok(errors.every((i) => typeof i.json.message === 'string' && i.json.message.length > 0 && typeof i.json.error === 'object'), 'error output: every item has json.message (text) and json.error (its outcome)', errors.slice(0, 1).map((i) => i.json));
			const details = errors.map((i) => i.json.error || {});
			t.ok(details.every((d) => d.phone !== undefined && d.status && d.requestId !== undefined && 'codeResult' in d && 'smsId' in d), 'error output: every item keeps phone, status, code, SMSID and requestId in json.error', errors.slice(0, 2).map((i) => i.json));
			const blocked = errors.find((i) => digits(i.json.phone) === '0900000099');
			t.ok(blocked, 'the blocked phone 0900000099 is on the error output');
			if (blocked) {
				const d = blocked.json.error || {};
				t.equal(String(d.codeResult), '99', 'blocked: codeResult 99', d);
				t.equal(d.status, 'rejected', 'blocked: status rejected', d);
			}
			const invalid = errors.filter((i) => ['12345', '0123456789'].includes(String(i.json.phone)));
			t.equal(invalid.length, 2, 'both invalid phones are on the error output');
			t.ok(invalid.every((i) => (i.json.error || {}).status === 'invalid'), 'invalid phones: status invalid', invalid.map((i) => i.json.error));
			t.ok(errors.every((i) => i.json.name && i.json.service && i.json.customerId), "error items keep the input item's fields (name, service, customerId)");
			t.ok(main.every((i) => i.json.error === undefined), 'no main item carries an error');
			const messages = checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 17, 'the simulator stored 17 messages');
			const bySms = new Set(messages.map((m) => m.smsId));
			t.ok(main.every((i) => bySms.has(i.json.smsId)), "every main item's SMSID is a stored message");
			const n84 = main.filter((i) => ['0911000015', '0911000016'].includes(domestic(i.json.phone)));
			t.equal(n84.length, 2, "'+84 91 100 0015' and '84911000016' were accepted", main.filter((i) => /0015|0016$/.test(digits(i.json.phone))).map((i) => i.json.phone));
		},
	},
	{
		name: '3b error output + Retry On Fail, first item blocked',
		workflow: 'error-output-retry.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const main = output(run, SEND_NODE, 0);
			const errors = output(run, SEND_NODE, 1);
			if (!main || !errors) return t.ok(false, 'the send node has a main and an error output');
			t.equal(main.length + errors.length, inputs.length, `main (${main.length}) + error (${errors.length}) = input (${inputs.length})`);
			checkPairing(t, 'pairing across both outputs', inputs, [...main, ...errors]);
			t.equal(main.length, 17, '17 recipients on the main output');
			t.equal(errors.length, 3, '3 recipients on the error output');
			const blocked = errors.find((i) => digits(i.json.phone) === '0900000099');
			t.ok(blocked && String((blocked.json.error || {}).codeResult) === '99' && blocked.json.error.status === 'rejected', 'the blocked first item is still reported as rejected with code 99', blocked && blocked.json);
			t.ok(main.every((i) => i.json.status === 'accepted' && i.json.smsId), 'main output: all accepted with their SMSID', main.map((i) => [i.json.status, i.json.smsId]).slice(0, 3));
			const messages = checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 17, 'the simulator stored 17 messages');
			const sends = sendRequests(sim);
			const rows = sends.flatMap((r) => (r.body && r.body.Data) || []);
			const counts = countBy(rows, 'RequestId');
			const resent = Object.values(counts).filter((n) => n > 1).length;
			t.note(`send requests: ${sends.length}; recipients whose row was sent more than once: ${resent} (a truthy json.error on the first item makes n8n's Retry On Fail re-run the node)`);
		},
	},
	{
		name: '5 trigger receives callbacks',
		workflow: 'callbacks-send.json',
		extraWorkflows: ['callbacks-trigger.json'],
		mode: 'server',
		// eSMS retries a callback that is not answered in time; under load on a small machine n8n can
		// take more than the simulator's default 2 s, which would make this check about the machine.
		simulator: { settings: { callbackTimeoutMs: 15000 } },
		async run({ n8n, sim, extra }) {
			const trigger = extra[0];
			const started = await n8n.callWebhook('e2e5-send');
			if (started.status !== 200) throw new Error(`send webhook answered ${started.status}: ${started.text.slice(0, 300)}`);
			const [sendRun] = await n8n.waitForExecutions({ workflowId: 'e2e5SendCallbacks', count: 1 });
			await Promise.race([sim.callbacksIdle(), sleep(30000)]);
			const expected = (sim.callbackAttempts || []).filter((a) => a.result === 'ok').length;
			const received = await n8n.waitForExecutions({ workflowId: trigger.id, count: Math.max(1, expected), timeoutMs: 60000 }).catch(() => []);
			// A caller without the secret is refused and starts nothing.
			const webhookId = trigger.nodes.find((n) => n.webhookId).webhookId;
			const forbidden = await n8n.callWebhook(`${webhookId}/not-the-secret-0000000?SMSID=x&SendStatus=5`, { timeoutMs: 5000 });
			const noSecret = await n8n.callWebhook(`${webhookId}?SMSID=x&SendStatus=5`, { timeoutMs: 5000 });
			await sleep(1000);
			const after = await n8n.executions({ workflowId: trigger.id, limit: 250 });
			return { ...sendRun, callbacks: received, forbiddenStatus: [forbidden.status, noSecret.status], triggerExecutionsAfter: after.length };
		},
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'the send workflow (started by a webhook) succeeded', run.data && run.data.resultData.error);
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(items.length, 30, '30 output items');
			t.ok(items.every((i) => i.json.status === 'accepted' && i.json.smsId), 'all 30 accepted with an SMSID', countBy(items, (i) => i.json.status));
			const bodies = bulkRequests(sim).map((r) => r.body || {});
			t.ok(bodies.length === 1 && /\/webhook\/.+\/e2eCallbackSecret0001$/.test(bodies[0].CallbackUrl) && bodies[0].campaignid === 'e2e callbacks', 'the request carries CallbackUrl and campaignid', bodies.map((b) => ({ CallbackUrl: b.CallbackUrl, campaignid: b.campaignid })));
			const attempts = sim.callbackAttempts || [];
			t.equal(attempts.filter((a) => a.result === 'ok').length, 30, 'n8n answered 2xx to all 30 callbacks', countBy(attempts, (a) => `${a.result} ${a.status || a.error}`));
			t.equal(attempts.filter((a) => a.result !== 'ok').length, 0, 'no callback needed a retry');
			const reports = run.callbacks.map((e) => {
				const out = output(e, 'eSMS Trigger', 0) || [];
				return out[0] ? out[0].json : null;
			});
			t.equal(run.callbacks.length, 30, '30 trigger executions', run.callbacks.length);
			t.ok(run.callbacks.every((e) => e.status === 'success'), 'every trigger execution succeeded');
			const bySms = new Map(items.map((i) => [i.json.smsId, i.json]));
			const matched = reports.filter((r) => r && bySms.has(r.smsId) && bySms.get(r.smsId).requestId === r.requestId);
			t.equal(matched.length, 30, "every report's SMSID and RequestId match a sent item", reports.slice(0, 2));
			t.equal(new Set(reports.map((r) => r && r.smsId)).size, 30, 'each SMSID reported once');
			const failed = reports.filter((r) => r && r.status === 'failed');
			t.deepEqual(failed.map((r) => domestic(r.phone).slice(-2)).sort(), ['13', '14'], 'the phones ending 13 and 14 are reported failed', failed);
			t.deepEqual(failed.map((r) => r.deliveryError && r.deliveryError.code).sort(), [-108, -114], 'with Zalo error codes -108 and -114', failed.map((r) => r.deliveryError));
			t.equal(reports.filter((r) => r && r.status === 'delivered').length, 28, 'the other 28 are reported delivered');
			t.ok(reports.every((r) => r && r.sendStatus === 'finished'), "eSMS's SendStatus in words ('finished', not \"5\")", countBy(reports, (r) => r && r.sendStatus));
			t.deepEqual(run.forbiddenStatus, [403, 403], 'a callback with a wrong secret or none is answered 403');
			t.equal(run.triggerExecutionsAfter, 30, 'and starts no execution');
		},
	},
	{
		name: '6 same phone several times',
		workflow: 'repeated-phones.json',
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const inputs = output(run, 'Customers');
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(items.length, 12, 'one output item per input item');
			checkPairing(t, 'pairing', inputs, items);
			t.ok(items.every((i) => i.json.status === 'accepted' && i.json.smsId), 'all 12 accepted with an SMSID', countBy(items, (i) => `${i.json.status} ${i.json.message}`));
			t.equal(new Set(items.map((i) => i.json.smsId)).size, 12, '12 different SMSIDs');
			const byRequestId = new Map(sim.messages().map((m) => [m.requestId, m]));
			const wrong = items.filter((item) => {
				const input = inputs[pairedIndexes(item)[0]].json;
				const m = byRequestId.get(item.json.requestId);
				return !m || m.smsId !== item.json.smsId || m.params[0] !== input.name || m.normalizedPhone !== input.phone;
			});
			t.equal(wrong.length, 0, "each item's SMSID is the message with its own name (not another item's on the same phone)");
			const sends = bulkRequests(sim);
			const repeatsInOneRequest = sends.filter((r) => {
				const phones = ((r.body && r.body.Data) || []).map((d) => d.Phone);
				return new Set(phones).size !== phones.length;
			}).length;
			t.equal(repeatsInOneRequest, 0, 'no request holds the same phone twice');
			t.note(`send requests: ${sends.length} (rows ${sends.map((r) => (r.body && r.body.Data ? r.body.Data.length : '?')).join(', ')})`);
		},
	},
	{
		// What the editor does, through n8n's own REST endpoints: credential test, pickers, mapper.
		name: '8 editor: credential test, OA and template pickers, template fields',
		// Its own workflow id: a workflow file shared by two scenarios would be imported twice,
		// and the second import would bind the first scenario's node to the wrong simulator.
		workflow: 'editor-lookups.json',
		mode: 'server',
		async run({ n8n, server, credential }) {
			const post = async (route, body) => {
				const res = await request('POST', `${server.url}/rest${route}`, body, { cookie: server.cookie });
				return { status: res.status, body: res.json ? res.json.data ?? res.json : res.text };
			};
			const node = { name: 'n8n-nodes-esms.esmsZns', version: 1 };
			const credentials = { esmsApi: { id: credential.id, name: credential.name } };
			const parameters = (extra) => ({ resource: 'znsMessage', operation: 'send', ...extra });
			const oa = { __rl: true, mode: 'list', value: '4097311281936189049' };
			const template = { __rl: true, mode: 'list', value: '2056446' };
			const test = (data) => post('/credentials/test', { credentials: { id: credential.id, name: credential.name, type: 'esmsApi', data } });
			return {
				status: 'success',
				data: { resultData: { runData: {} } },
				goodKeys: await test(credential.data),
				badKeys: await test({ ...credential.data, secretKey: 'not-the-secret' }),
				oas: await post('/dynamic-node-parameters/resource-locator-results', { nodeTypeAndVersion: node, methodName: 'searchZaloOas', path: 'parameters.oaId', currentNodeParameters: parameters({}), credentials, filter: 'shop' }),
				templates: await post('/dynamic-node-parameters/resource-locator-results', { nodeTypeAndVersion: node, methodName: 'searchTemplates', path: 'parameters.templateId', currentNodeParameters: parameters({ oaId: oa }), credentials }),
				fields: await post('/dynamic-node-parameters/resource-mapper-fields', { nodeTypeAndVersion: node, methodName: 'getTemplateFields', path: 'parameters.templateFields', currentNodeParameters: parameters({ oaId: oa, templateId: template }), credentials }),
				pending: await post('/dynamic-node-parameters/resource-mapper-fields', { nodeTypeAndVersion: node, methodName: 'getTemplateFields', path: 'parameters.templateFields', currentNodeParameters: parameters({ oaId: oa, templateId: { ...template, value: '2056448' } }), credentials }),
			};
		},
		check({ run, t }) {
			t.equal(run.goodKeys.body && run.goodKeys.body.status, 'OK', 'credential test passes with good keys', run.goodKeys);
			t.equal(run.badKeys.body && run.badKeys.body.message, 'Wrong API Key or Secret Key (eSMS code 101)', 'credential test fails clearly with wrong keys', run.badKeys);
			const oaNames = ((run.oas.body && run.oas.body.results) || []).map((r) => r.name);
			t.equal(JSON.stringify(oaNames), JSON.stringify(['eSMS Demo Shop']), 'the OA picker searches the account\'s OAs', run.oas);
			const templateNames = ((run.templates.body && run.templates.body.results) || []).map((r) => r.name);
			t.ok(templateNames.includes('Order confirmation') && templateNames.includes('Promotion announcement – waiting for approval by Zalo, cannot be sent'), 'the template picker lists names, and says in words which templates cannot be sent', templateNames);
			const fields = ((run.fields.body && run.fields.body.fields) || []).map((f) => f.id);
			t.equal(JSON.stringify(fields), JSON.stringify(['customer_name', 'order_code', 'amount', 'order_date', 'tracking_url']), 'the mapper shows the template\'s variables in order, each once', run.fields);
			t.ok(run.pending.status === 200 && run.pending.body && run.pending.body.fields && run.pending.body.fields.length === 0 && /cannot be sent: it is waiting for approval by Zalo.*PENDING_REVIEW/.test(run.pending.body.emptyFieldsNotice || ''), 'a template that is not ENABLE shows a warning instead of fields', run.pending);
		},
	},
	{
		// The same workflow and data on a second n8n (own database, execution ids from 1 again, no
		// memory of the first): default Request IDs name the message, so nothing is sent twice.
		name: '7 second n8n instance, same workflow and data',
		workflow: 'bulk-1234.json',
		mode: 'custom',
		async run({ tarball, sim, workflow, credential }) {
			const once = async (prefix) => {
				const instance = await createUserFolder({ tarball, prefix });
				try {
					await instance.importCredentials([credential]);
					await instance.importWorkflows([workflow]);
					const result = await instance.execute(workflow.id);
					return result.run || { status: result.status, error: result.stderrTail };
				} finally {
					await instance.remove();
				}
			};
			const first = await once('esms-e2e7a-');
			const second = await once('esms-e2e7b-');
			return { ...second, first };
		},
		check({ run, sim, t }) {
			const firstItems = output(run.first, SEND_NODE, 0) || [];
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(firstItems.filter((i) => i.json.status === 'accepted').length, 1222, 'instance A: 1,222 accepted');
			t.deepEqual(countBy(items, (i) => i.json.status), { duplicate: 1222, invalid: 12 }, 'instance B: the 1,222 come out "duplicate", the 12 invalid stay invalid');
			const messages = checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 1222, 'eSMS stored 1,222 messages in all: instance B sent none twice');
			const unexplained = items.filter((i) => i.json.status === 'duplicate' && !/already has Request ID .* not a new message/.test(String(i.json.message)));
			t.equal(unexplained.length, 0, 'every duplicate says plainly it was sent before and not by this run', unexplained.slice(0, 1).map((i) => i.json));
			const sameIds = items.filter((i) => i.json.status === 'duplicate').every((i, k) => i.json.requestId === firstItems.filter((f) => f.json.status === 'accepted')[k].json.requestId);
			t.ok(sameIds, "instance B used instance A's Request IDs (same messages)");
		},
	},
	{
		// The eSMS ZNS node as a tool of n8n's AI Agent (node type esmsZnsTool, $fromAI values),
		// driven by a scripted OpenAI-compatible model on loopback that calls it for two customers.
		name: 'A1 AI Agent sends through the eSMS tool',
		workflow: 'agent-tool.json',
		async setup({ workflow }) {
			const stub = await startOpenAiStub({ reply: agentModel });
			const model = workflow.nodes.find((n) => n.credentials && n.credentials.openAiApi);
			const credential = { ...model.credentials.openAiApi, type: 'openAiApi', data: { apiKey: 'sk-e2e-stub-not-a-key', url: stub.baseUrl, header: false } };
			return { stub, credentials: [credential], stop: () => stub.stop() };
		},
		check: agentToolChecks,
	},
	{
		name: '4 retry on fail (accept-then-drop once)',
		workflow: 'retry-on-fail.json',
		setup({ sim }) {
			addFault(sim, { kind: 'accept-then-drop', path: BULK_PATH, times: 1 });
		},
		check: retryChecks,
	},
	{
		name: "4b retry on fail, the node's own retries off",
		workflow: 'retry-on-fail-n8n.json',
		setup({ sim }) {
			addFault(sim, { kind: 'accept-then-drop', path: BULK_PATH, times: 1 });
		},
		check: retryChecks,
	},
];

// ------------------------------------------------------------------------------------------------
// A1: the scripted model and its checks

const AGENT_TOOL = 'eSMS_ZNS'; // n8n's tool name for the node "eSMS ZNS"
const AGENT_CUSTOMERS = [
	{ id: 'call_a1_first', args: { phone: '0912000101', customer_name: 'Nguyen An', service: 'Dental check-up', appointment_date: '15/01/2027' } },
	{ id: 'call_a1_second', args: { phone: '0988000202', customer_name: 'Tran Binh', service: 'Eye exam', appointment_date: '16/01/2027' } },
];

/** Tool messages of a chat request, with their content parsed when it is JSON. */
function toolMessages(body) {
	return ((body && body.messages) || [])
		.filter((m) => m.role === 'tool')
		.map((m) => {
			let parsed;
			try {
				parsed = JSON.parse(m.content);
			} catch {
				parsed = undefined;
			}
			return { id: m.tool_call_id, content: m.content, parsed };
		});
}

/** First turn: call the eSMS tool for both customers at once; once the results are back: answer. */
function agentModel(body) {
	const results = toolMessages(body);
	if (!results.length) {
		const names = (body.tools || []).map((tool) => tool.function && tool.function.name);
		if (!names.includes(AGENT_TOOL)) throw new Error(`no tool ${AGENT_TOOL} offered; tools: ${JSON.stringify(names)}`);
		return { tool_calls: AGENT_CUSTOMERS.map((c) => ({ id: c.id, name: AGENT_TOOL, arguments: c.args })) };
	}
	const lines = results.map((r) => {
		const customer = AGENT_CUSTOMERS.find((c) => c.id === r.id);
		const item = Array.isArray(r.parsed) ? r.parsed[0] : r.parsed;
		return `${customer ? customer.args.customer_name : r.id}: ${item && item.smsId ? item.smsId : 'no SMSID'}`;
	});
	return { content: `Both reminders are sent. ${lines.join('; ')}.` };
}

function agentToolChecks({ run, sim, t, context }) {
	t.equal(run.status, 'success', 'the execution succeeded', run.error || (run.data && run.data.resultData.error));
	const messages = sim.messages();
	t.equal(messages.length, 2, 'the simulator stored exactly two messages', messages.map((m) => [m.normalizedPhone, m.requestId]));
	const phones = AGENT_CUSTOMERS.map((c) => c.args.phone);
	t.deepEqual(messages.map((m) => m.normalizedPhone).sort(), [...phones].sort(), 'one message per customer phone');
	const byPhone = new Map(messages.map((m) => [m.normalizedPhone, m]));
	const wrongParams = AGENT_CUSTOMERS.filter((c) => {
		const m = byPhone.get(c.args.phone);
		return !m || JSON.stringify(m.params) !== JSON.stringify([c.args.customer_name, c.args.service, c.args.appointment_date]);
	});
	t.equal(wrongParams.length, 0, "each message carries the values the model gave for that customer ($fromAI), in template order", wrongParams.map((c) => byPhone.get(c.args.phone)));
	t.equal(sendRequests(sim).length, 2, 'two send requests, one per tool call');

	// The tool node runs once per tool call, each run with its own run index and one answer.
	const toolRuns = runData(run)[SEND_NODE] || [];
	t.equal(toolRuns.length, 2, 'the eSMS tool node ran twice (run index 0 and 1)');
	const toolInputs = toolRuns.map((r) => {
		const items = (r.inputOverride && r.inputOverride.ai_tool && r.inputOverride.ai_tool[0]) || [];
		if (!items[0]) return undefined;
		// n8n 1.x adds the call's id to the tool's input; the arguments are what is compared.
		const args = { ...items[0].json };
		delete args.toolCallId;
		return args;
	});
	const byPhoneArg = (list) => [...list].sort((x, y) => String(x && x.phone).localeCompare(String(y && y.phone)));
	t.deepEqual(byPhoneArg(toolInputs), byPhoneArg(AGENT_CUSTOMERS.map((c) => c.args)), "each tool run got one tool call's arguments as its input, each call once", toolInputs);
	const answers = toolRuns.map((r) => {
		const items = (r.data && r.data.ai_tool && r.data.ai_tool[0]) || [];
		return { status: r.executionStatus, items: items.map((i) => i.json) };
	});
	t.ok(answers.every((a) => a.status === 'success' && a.items.length === 1), 'each tool run succeeded with one answer item', answers);
	const answerPhones = answers.map((a) => a.items[0] && domestic(a.items[0].phone));
	t.deepEqual([...answerPhones].sort(), [...phones].sort(), 'the two tool runs answered for the two different customers', answerPhones);
	const wrongSms = answers.filter((a) => {
		const item = a.items[0];
		const m = item && byPhone.get(domestic(item.phone));
		return !m || item.status !== 'accepted' || item.smsId !== m.smsId || item.requestId !== m.requestId;
	});
	t.equal(wrongSms.length, 0, "each tool answer is 'accepted' with its own phone's SMSID and Request ID", answers);

	// What the model saw.
	const stub = context.stub;
	const completions = stub.completions();
	t.equal(completions.length, 2, 'the model was asked twice (tool calls, then the final answer)', stub.requests.map((r) => `${r.method} ${r.path}${r.error ? ' ' + r.error : ''}`));
	const offered = ((completions[0] && completions[0].tools) || []).find((tool) => tool.function && tool.function.name === AGENT_TOOL);
	const schemaKeys = offered ? Object.keys((offered.function.parameters && offered.function.parameters.properties) || {}).sort() : null;
	t.deepEqual(schemaKeys, ['appointment_date', 'customer_name', 'phone', 'service'], 'the tool is offered with the $fromAI keys as its parameters', offered);
	const results = toolMessages(completions[completions.length - 1]);
	t.deepEqual(results.map((r) => r.id).sort(), AGENT_CUSTOMERS.map((c) => c.id).sort(), 'the model got one tool result per tool call', results);
	const wrongResults = AGENT_CUSTOMERS.filter((c) => {
		const r = results.find((x) => x.id === c.id);
		const m = byPhone.get(c.args.phone);
		const item = r && (Array.isArray(r.parsed) ? r.parsed[0] : r.parsed);
		return !r || !m || !r.content.includes(m.smsId) || !item || item.smsId !== m.smsId || domestic(item.phone) !== c.args.phone;
	});
	t.equal(wrongResults.length, 0, "each tool result the model received holds that customer's SMSID", results);
	const secret = results.filter((r) => r.content.includes(sim.defaultAccount.secretKey) || r.content.includes(sim.defaultAccount.apiKey));
	t.equal(secret.length, 0, 'no tool result shows the API Key or Secret Key');
	const agentOut = output(run, 'AI Agent') || [];
	const answer = agentOut[0] && agentOut[0].json.output;
	t.ok(typeof answer === 'string' && messages.every((m) => answer.includes(m.smsId)), "the agent's output is the model's final answer naming both SMSIDs", answer);
}

function addFault(sim, fault) {
	if (sim.faults && typeof sim.faults.add === 'function') return sim.faults.add(fault);
	if (typeof sim.addFault === 'function') return sim.addFault(fault);
	throw new Error('the simulator has no faults.add()');
}

function retryChecks({ run, sim, t }) {
	t.equal(run.status, 'success', 'run status is success', run.error);
	const inputs = output(run, 'Customers');
	const items = output(run, SEND_NODE, 0);
	t.ok(Array.isArray(items), 'the send node produced output');
	if (!items) return;
	const sends = bulkRequests(sim);
	const dropped = sends.filter((r) => (r.faults || []).includes('accept-then-drop')).length;
	t.equal(dropped, 1, 'the fault dropped exactly one answer (the first send)');
	t.note(`send requests: ${sends.length} (rows ${sends.map((r) => (r.body && r.body.Data ? r.body.Data.length : '?')).join(', ')}); node runs in run data: ${(runData(run)[SEND_NODE] || []).length}`);
	t.equal(items.length, inputs.length, `one output item per input item (${items.length}/${inputs.length})`);
	checkPairing(t, 'pairing', inputs, items);
	const messages = checkNoDoubleSend(t, 'no double send', sim);
	t.equal(messages.length, inputs.length, `every recipient has exactly one message (${messages.length}/${inputs.length})`);
	const byStatus = countBy(items, (i) => i.json.status);
	t.note(`statuses: ${JSON.stringify(byStatus)}`);
	const byRequestId = new Map(messages.map((m) => [m.requestId, m]));
	const sent = items.filter((i) => byRequestId.has(i.json.requestId));
	t.equal(sent.length, items.length, "every output item's RequestId has a stored message");
	const lost = sent.filter((i) => !['accepted', 'duplicate', 'unconfirmed'].includes(i.json.status));
	t.equal(lost.length, 0, 'no recipient who got a message is reported failed/skipped/rejected', lost.slice(0, 3).map((i) => i.json));
	const wrongSms = items.filter((i) => i.json.status === 'accepted' && byRequestId.get(i.json.requestId).smsId !== i.json.smsId);
	t.equal(wrongSms.length, 0, 'every accepted item has the SMSID of its stored message');
	const withoutSms = items.filter((i) => !i.json.smsId).length;
	t.note(`${withoutSms} items have no SMSID (their answer was dropped; the message exists)`);
	t.ok(items.every((i) => STATUSES.includes(i.json.status)), 'every status is one of the documented ones');
}

// ------------------------------------------------------------------------------------------------
// "Never twice, never lost": the node run again in every way n8n runs it

const build = require('./build');

/** Every item the node emitted on output `index`, over all its runs (a loop runs it once per round). */
function allRuns(run, node, index = 0) {
	return (runData(run)[node] || []).flatMap((task) => ((task.data && task.data.main && task.data.main[index]) || []));
}

/** Each phone in `phones` has exactly one stored message; no other phone has any. */
function checkOnePerPhone(t, label, sim, phones) {
	const byPhone = countBy(sim.messages(), 'normalizedPhone');
	const wrong = phones.filter((p) => byPhone[p] !== 1);
	const extra = Object.keys(byPhone).filter((p) => !phones.includes(p));
	t.equal(wrong.length, 0, `${label}: each of the ${phones.length} recipients has exactly one stored message`, wrong.slice(0, 5).map((p) => [p, byPhone[p] || 0]));
	t.equal(extra.length, 0, `${label}: no message to anyone else`, extra.slice(0, 5));
	t.note(`${label}: stored messages ${sim.messages().length}, per recipient ${JSON.stringify(countBy(Object.values(byPhone), (n) => n))}`);
}

/** Every item that carries an SMSID carries one that eSMS issued for that item's own phone. */
function checkOwnSmsIds(t, label, sim, items) {
	const phoneOfSms = new Map(sim.messages().map((m) => [m.smsId, m.normalizedPhone]));
	const withSms = items.map(outcomeOf).filter((o) => o.smsId);
	const wrong = withSms.filter((o) => phoneOfSms.get(o.smsId) !== domestic(o.phone));
	t.equal(wrong.length, 0, `${label}: every SMSID in the output was issued for that item's own phone (${withSms.length} checked)`, wrong.slice(0, 3));
	const accepted = items.map(outcomeOf).filter((o) => o.status === 'accepted');
	t.ok(accepted.every((o) => o.smsId), `${label}: every accepted item has its SMSID`);
}

const loopScenarios = [];
for (const batchSize of [100, 250]) {
	for (const custom of [false, true]) {
		const id = `e2e10Loop${batchSize}${custom ? 'C' : 'A'}`;
		loopScenarios.push({
			name: `10.1 Loop Over Items, batch ${batchSize}, ${custom ? 'custom' : 'default'} Request IDs`,
			workflow: build.loopWorkflow({
				id,
				name: `e2e 10.1: loop of ${batchSize}, ${custom ? 'custom' : 'default'} Request IDs`,
				count: 1234,
				batchSize,
				sendParameters: custom ? { requestIdMode: 'custom', requestId: '=order-{{ $json.customerId }}' } : {},
			}),
			check({ run, sim, t }) {
				t.equal(run.status, 'success', 'run status is success', run.error);
				const rounds = (runData(run)[SEND_NODE] || []).length;
				t.equal(rounds, Math.ceil(1234 / batchSize), `the send node ran once per loop round (${rounds})`);
				const items = allRuns(run, SEND_NODE);
				t.equal(items.length, 1234, 'one output item per customer over all rounds');
				t.deepEqual(countBy(items, (i) => i.json.status), { accepted: 1222, invalid: 12 }, 'statuses: 1,222 accepted, 12 invalid');
				const phones = [...new Set(items.filter((i) => i.json.status === 'accepted').map((i) => domestic(i.json.phone)))];
				t.equal(phones.length, 1222, '1,222 different phones accepted');
				checkOnePerPhone(t, 'simulator', sim, phones);
				checkOwnSmsIds(t, 'output', sim, items);
			},
		});
	}
}

const neverTwice = [
	...loopScenarios,
	{
		name: '10.2 Retry On Fail inside a loop, one answer lost',
		workflow: build.loopWorkflow({
			id: 'e2e10LoopRetry1',
			name: 'e2e 10.2: Retry On Fail inside a loop',
			count: 600,
			batchSize: 250,
			withInvalid: false,
			sendOptions: { retries: 0 },
			sendSettings: { onError: 'stopWorkflow', retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		}),
		setup({ sim }) {
			// Round 2's request reaches eSMS, its answer never comes back: the node throws, n8n re-runs it.
			addFault(sim, { kind: 'accept-then-drop', path: BULK_PATH, after: 1, times: 1 });
		},
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const items = allRuns(run, SEND_NODE);
			t.equal(items.length, 600, 'one output item per customer over all rounds');
			const dropped = bulkRequests(sim).filter((r) => (r.faults || []).includes('accept-then-drop')).length;
			t.equal(dropped, 1, 'the simulator dropped exactly one answer');
			const byStatus = countBy(items, (i) => i.json.status);
			t.note(`statuses: ${JSON.stringify(byStatus)}; send requests ${bulkRequests(sim).length}`);
			t.equal(byStatus.accepted, 600, "everyone is accepted: the lost round's 250 found in eSMS's sent log", byStatus);
			checkOnePerPhone(t, 'simulator', sim, [...new Set(items.map((i) => domestic(i.json.phone)))]);
			checkOwnSmsIds(t, 'output', sim, items);
			const lost = items.filter((i) => /answer was lost/.test(i.json.message));
			t.equal(lost.length, 250, 'the lost round\'s 250 say the answer was lost and the sent log shows them sent', lost.slice(0, 1).map((i) => i.json.message));
			t.ok(lost.every((i) => /^Sent: eSMS's answer was lost, but eSMS's sent log shows this message as SMS ID /.test(i.json.message)), 'each says where its SMS ID came from', lost.slice(0, 1).map((i) => i.json.message));
		},
	},
	{
		name: '10.3 Retry of a failed execution (REST, as the editor), both variants',
		workflow: build.webhookCampaign({ id: 'e2e10RetryOrig1', name: 'e2e 10.3: campaign, retried with its original workflow', path: 'e2e10-retry-original', count: 2345, firstPhone: 20000000 }),
		extraWorkflows: [build.webhookCampaign({ id: 'e2e10RetrySaved1', name: 'e2e 10.3: campaign, retried with the saved workflow', path: 'e2e10-retry-saved', count: 2345, firstPhone: 30000000 })],
		mode: 'server',
		async run({ n8n, server, sim, workflow, extra }) {
			const variants = [];
			for (const [wf, loadWorkflow] of [[workflow, false], [extra[0], true]]) {
				const path = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
				sim.faults.clear();
				// Batch 3 on: balance too low. The user tops up, then clicks Retry.
				addFault(sim, { kind: 'result-code', code: '103', path: BULK_PATH, after: 2 });
				const started = await n8n.callWebhook(path);
				if (started.status !== 200) throw new Error(`webhook ${path} answered ${started.status}`);
				const [failed] = await n8n.waitForExecutions({ workflowId: wf.id, count: 1, timeoutMs: 120000 });
				const storedAfterFailure = sim.messages().length;
				sim.faults.clear();
				const res = await request('POST', `${server.url}/rest/executions/${failed.id}/retry`, { loadWorkflow }, { cookie: server.cookie });
				if (res.status !== 200) throw new Error(`retry answered ${res.status}: ${res.text.slice(0, 300)}`);
				const all = await n8n.waitForExecutions({ workflowId: wf.id, count: 2, timeoutMs: 120000 });
				const retried = all.find((e) => e.id !== failed.id);
				variants.push({ loadWorkflow, failed, retried, storedAfterFailure, firstPhone: wf === workflow ? 20000000 : 30000000 });
			}
			return { status: 'success', data: { resultData: { runData: {} } }, variants };
		},
		check({ run, sim, t }) {
			const phonesOf = (first) => Array.from({ length: 2345 }, (_, i) => '09' + String(first + i).padStart(8, '0'));
			for (const v of run.variants) {
				const label = v.loadWorkflow ? 'retry with the saved workflow' : 'retry with the original workflow';
				t.equal(v.failed.status, 'error', `${label}: the campaign failed first (code 103 from batch 3 on)`);
				t.note(`${label}: messages stored before the retry: ${v.storedAfterFailure}`);
				t.equal(v.retried && v.retried.mode, 'retry', `${label}: the retry is a new execution in mode "retry"`);
				t.equal(v.retried && v.retried.status, 'success', `${label}: the retry succeeded`, v.retried && v.retried.data && v.retried.data.resultData.error);
				const items = output(v.retried, SEND_NODE, 0) || [];
				t.equal(items.length, 2345, `${label}: one output item per customer`);
				const byStatus = countBy(items, (i) => i.json.status);
				t.note(`${label}: statuses after the retry ${JSON.stringify(byStatus)}`);
				t.ok(items.every((i) => ['accepted', 'duplicate'].includes(i.json.status)), `${label}: every customer accepted now or before`, byStatus);
				checkOwnSmsIds(t, label, sim, items);
			}
			const phones = [...phonesOf(20000000), ...phonesOf(30000000)];
			checkOnePerPhone(t, 'both campaigns', sim, phones);
		},
	},
	{
		name: '10.5 deliberate resend with "Per Execution" Request IDs',
		workflow: build.simpleSend({ id: 'e2e10Resend1', name: 'e2e 10.5: send again on purpose', count: 50, firstPhone: 40000000, sendParameters: { requestIdMode: 'perExecution' } }),
		mode: 'custom',
		async run({ tarball, workflow, credential }) {
			const instance = await createUserFolder({ tarball, prefix: 'esms-e2e10r-' });
			try {
				await instance.importCredentials([credential]);
				await instance.importWorkflows([workflow]);
				const first = await instance.execute(workflow.id);
				const second = await instance.execute(workflow.id);
				return { ...(second.run || { status: second.status }), first: first.run };
			} finally {
				await instance.remove();
			}
		},
		check({ run, sim, t }) {
			const first = output(run.first, SEND_NODE, 0) || [];
			const second = output(run, SEND_NODE, 0) || [];
			t.ok(first.length === 50 && first.every((i) => i.json.status === 'accepted'), 'first execution: 50 accepted');
			t.ok(second.length === 50 && second.every((i) => i.json.status === 'accepted'), 'second execution: 50 accepted again', countBy(second, (i) => i.json.status));
			const byPhone = countBy(sim.messages(), 'normalizedPhone');
			t.ok(Object.keys(byPhone).length === 50 && Object.values(byPhone).every((n) => n === 2), 'each of the 50 phones has exactly two stored messages', countBy(Object.values(byPhone), (n) => n));
			t.ok(second.every((i) => /Per Execution/.test(i.json.message)), 'the second run\'s items say they were sent under "Per Execution" Request IDs', second[0] && second[0].json.message);
			t.equal(new Set([...first, ...second].map((i) => i.json.requestId)).size, 100, 'each execution used its own Request IDs');
			checkOwnSmsIds(t, 'output', sim, [...first, ...second]);
		},
	},
	{
		name: '10.6 template cannot be loaded (wrong key): every Template Values mode, both Continue modes',
		workflow: build.everyContinueMode({ id: 'e2e10NoTemplate1', name: 'e2e 10.6: wrong key, every mode', count: 5 }),
		credentialData: { apiKey: 'wrong-api-key-e2e' },
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'the run goes on (Continue modes)', run.error);
			t.equal(sim.messages().length, 0, 'nothing was stored');
			for (const paramsMode of ['fields', 'list', 'json']) {
				for (const errorOutput of [false, true]) {
					const name = `Send ${paramsMode} ${errorOutput ? 'error output' : 'regular output'}`;
					const sent = output(run, `Sent (${name})`, 0) || [];
					if (errorOutput) {
						t.equal((output(run, name, 0) || []).length, 0, `${name}: nothing on the success output`);
						t.equal(sent.length, 0, `${name}: the node after the success output got nothing`);
						const failed = output(run, `Failed (${name})`, 0) || [];
						t.ok(failed.length === 5 && failed.every((i) => ['failed', 'skipped'].includes(outcomeOf(i).status) && i.json.message), `${name}: all 5 on the error output as failed/skipped with a message`, failed.slice(0, 1).map((i) => i.json));
					} else {
						t.ok(sent.length === 5 && sent.every((i) => ['failed', 'skipped'].includes(i.json.status) && i.json.error), `${name}: all 5 on the main output as failed/skipped with error set`, sent.slice(0, 1).map((i) => i.json));
					}
				}
			}
			const text = JSON.stringify(runData(run));
			t.ok(!text.includes('wrong-api-key-e2e') && !text.includes('sim-secret-key'), 'no key appears in the run data');
		},
	},
	...['fields', 'list', 'json'].map((paramsMode) => ({
		name: `10.6 template cannot be loaded (wrong key): ${paramsMode}, On Error "Stop Workflow"`,
		workflow: build.simpleSend({ id: `e2e10NoTplStop${paramsMode}1`.slice(0, 21), name: `e2e 10.6: wrong key, ${paramsMode}, stop`, count: 5, firstPhone: 50000000, paramsMode }),
		credentialData: { apiKey: 'wrong-api-key-e2e' },
		expectError: true,
		check({ run, sim, t }) {
			t.equal(run.status, 'error', 'the run fails');
			t.ok(/API Key|101|template|^Nothing was sent/i.test(String(run.error)), 'the error names the cause or says nothing was sent (execute-batch shows only the description)', run.error);
			t.ok(!String(run.error).includes('wrong-api-key-e2e'), 'the error does not quote the key');
			t.equal(sim.messages().length, 0, 'nothing was stored');
		},
	})),
];
scenarios.push(...neverTwice);

scenarios.push({
	name: '14 two-step campaign: estimate, IF, send up to the quota (5,000 recipients, quota 3,000)',
	workflow: build.estimateThenSend({ id: 'e2e14EstimateSend1', name: 'e2e 14: estimate, then send', count: 5000, firstPhone: 60000000 }),
	setup({ sim }) {
		sim.oa(build.OA).dailyQuota = 3000;
	},
	check({ run, sim, t }) {
		t.equal(run.status, 'success', 'run status is success', run.error);
		const estimated = output(run, 'Estimate', 0) || [];
		t.equal(estimated.length, 5000, 'the estimate has one item per customer');
		t.deepEqual(countBy(estimated, (i) => i.json.status), { would_send: 3000, skipped: 2000 }, 'estimate: 3,000 would be sent, 2,000 over the quota');
		const estimate = estimated[0] && estimated[0].json.estimate;
		t.ok(estimate && estimate.toSend === 3000 && estimate.overQuota === 2000 && estimate.remainingQuota === 3000 && estimate.quotaLeftAfter === 0 && estimate.batches === 6 && estimate.withinBalance === true, 'the totals: 3,000 to send in 6 batches, 2,000 over, quota left 0, within balance', estimate);
		t.note(`estimate: ${JSON.stringify(estimate)}`);
		t.equal((output(run, 'Within balance?', 0) || []).length, 5000, 'the IF lets the campaign through (within balance)');
		const sent = output(run, 'Send', 0) || [];
		t.equal(sent.length, 5000, 'the send has one item per customer');
		t.deepEqual(countBy(sent, (i) => i.json.status), { accepted: 3000, skipped: 2000 }, 'send: 3,000 accepted, 2,000 skipped');
		t.ok(sent.filter((i) => i.json.status === 'skipped').every((i) => /daily quota has 3000 messages left, but 5000/.test(i.json.message)), 'each skipped item gives the reason and the numbers');
		const firstSkipped = sent.findIndex((i) => i.json.status === 'skipped');
		t.equal(firstSkipped, 3000, 'the first 3,000 in input order were sent');
		t.equal(sim.messages().length, 3000, 'eSMS stored exactly 3,000 messages');
		checkOwnSmsIds(t, 'send', sim, sent);
		t.equal(bulkRequests(sim).length, 6, '6 send requests, all from the real send');
	},
});

scenarios.push({
	name: '11 sending while reading: Continue (using error output), 6,500 customers, some invalid',
	workflow: build.simpleSend({
		id: 'e2e11Overlap1',
		name: 'e2e 11: batches leave while items are read',
		count: 6500,
		firstPhone: 70000000,
		withInvalid: true,
		sendSettings: { onError: 'continueErrorOutput' },
	}),
	check({ run, sim, t }) {
		t.equal(run.status, 'success', 'run status is success', run.error);
		const inputs = output(run, 'Customers');
		const sent = output(run, SEND_NODE, 0) || [];
		const failed = output(run, SEND_NODE, 1) || [];
		const invalidPhones = inputs.filter((i) => !isValidPhone(i.json.phone));
		t.ok(invalidPhones.length > 50, `the input has ${invalidPhones.length} invalid phones, in every part of it`);
		t.equal(sent.length + failed.length, 6500, 'one output item per input item');
		checkPairing(t, 'both outputs', inputs, [...sent, ...failed]);
		t.deepEqual(countBy(sent, (i) => i.json.status), { accepted: 6500 - invalidPhones.length }, 'every valid customer accepted, on the main output');
		t.ok(failed.length === invalidPhones.length && failed.every((i) => i.json.error && i.json.error.status === 'invalid' && i.json.error.field === 'Phone'), 'every invalid phone on the error output, naming the field', failed[0] && failed[0].json);
		const valid = inputs.filter((i) => isValidPhone(i.json.phone)).map((i) => domestic(i.json.phone));
		checkOnePerPhone(t, 'overlap', sim, valid);
		checkOwnSmsIds(t, 'overlap', sim, sent);
		t.equal(bulkRequests(sim).length, 13, '13 send requests of at most 500');
	},
});

// ------------------------------------------------------------------------------------------------
// Every customer reached: SMS where Zalo cannot

const FALLBACK_PATH = 'MultiChannelMessage/';
const NO_ZALO_PERCENT = 20;

/** The phones `customersNode({ count, firstPhone })` makes (test/e2e/build.js), in order. */
function customerPhones(count, firstPhone) {
	return Array.from({ length: count }, (_, i) => '09' + String(firstPhone + i).padStart(8, '0'));
}

/** The customers `customersNode` makes, by phone: what each one's SMS must say. */
function customerOf(count, firstPhone) {
	const first = ['An', 'Binh', 'Chi', 'Dung', 'Giang', 'Hoa', 'Khanh', 'Lan', 'Minh', 'Nam'];
	const services = ['Dental check-up', 'Eye exam', 'Haircut', 'Massage', 'Vaccination'];
	const byPhone = new Map();
	customerPhones(count, firstPhone).forEach((phone, i) => {
		const day = String(1 + (i % 28)).padStart(2, '0');
		byPhone.set(phone, { name: 'Nguyen ' + first[i % first.length], service: services[i % services.length], date: `${day}/01/2027` });
	});
	return byPhone;
}

const smsTextFor = (c) => `Xin chao ${c.name}, lich hen ${c.service} ngay ${c.date}.`;

/** Stored messages grouped by phone. */
function messagesByPhone(messages) {
	const byPhone = new Map();
	for (const m of messages) {
		if (!byPhone.has(m.normalizedPhone)) byPhone.set(m.normalizedPhone, []);
		byPhone.get(m.normalizedPhone).push(m);
	}
	return byPhone;
}

/**
 * Each customer has exactly ONE delivered message: a delivered ZNS when the phone has Zalo, else a
 * failed ZNS and one SMS (delivered). Notes the simulator's numbers; returns them.
 */
function checkReachedOnce(t, label, sim, phones, { znsPerCustomer = 1 } = {}) {
	const messages = sim.messages();
	const byPhone = messagesByPhone(messages);
	const want = new Set(phones);
	const delivered = (list) => list.filter((m) => m.outcome.status === 'delivered').length;
	const notOnce = phones.filter((p) => delivered(byPhone.get(p) || []) !== 1);
	t.equal(notOnce.length, 0, `${label}: each of the ${phones.length.toLocaleString('en-US')} customers has exactly one delivered message`, notOnce.slice(0, 5).map((p) => [p, (byPhone.get(p) || []).map((m) => `${m.channel} ${m.outcome.status}`)]));
	const extra = [...byPhone.keys()].filter((p) => !want.has(p));
	t.equal(extra.length, 0, `${label}: no message to anyone else`, extra.slice(0, 5));
	const noZalo = phones.filter((p) => !sim.hasZalo(p));
	const noZaloSet = new Set(noZalo);
	const wrongShape = phones.filter((p) => {
		const list = byPhone.get(p) || [];
		const zns = list.filter((m) => m.channel === 'zns');
		const sms = list.filter((m) => m.channel === 'sms');
		if (zns.length !== znsPerCustomer) return true;
		if (noZaloSet.has(p)) return !(zns.every((m) => m.outcome.status === 'failed') && sms.length === 1 && sms[0].outcome.status === 'delivered');
		return !(zns[0].outcome.status === 'delivered' && sms.length === 0);
	});
	t.equal(wrongShape.length, 0, `${label}: with Zalo one delivered ZNS and no SMS; without Zalo (${noZalo.length}) a failed ZNS and one delivered SMS`, wrongShape.slice(0, 5).map((p) => [p, sim.hasZalo(p), (byPhone.get(p) || []).map((m) => `${m.channel} ${m.outcome.status}`)]));
	const zns = messages.filter((m) => m.channel === 'zns');
	const stats = {
		customers: phones.length,
		noZalo: noZalo.length,
		znsAttempts: zns.length,
		znsFailed: zns.filter((m) => m.outcome.status === 'failed').length,
		znsDelivered: zns.filter((m) => m.outcome.status === 'delivered').length,
		sms: messages.filter((m) => m.channel === 'sms').length,
		smsDelivered: messages.filter((m) => m.channel === 'sms' && m.outcome.status === 'delivered').length,
		deliveredPerCustomer: countBy(phones, (p) => delivered(byPhone.get(p) || [])),
	};
	t.note(`${label}: simulator: ${stats.customers} customers (${stats.noZalo} without Zalo); ZNS attempts ${stats.znsAttempts} (failed ${stats.znsFailed}, delivered ${stats.znsDelivered}); SMS sent ${stats.sms} (delivered ${stats.smsDelivered}); delivered messages per customer ${JSON.stringify(stats.deliveredPerCustomer)}`);
	return stats;
}

/** A custom scenario's run: its own n8n, the workflow executed twice (two executions), the simulator's count after each. */
async function executeTwice({ tarball, sim, workflow, credential }, prefix) {
	const instance = await createUserFolder({ tarball, prefix });
	try {
		await instance.importCredentials([credential]);
		await instance.importWorkflows([workflow]);
		const first = await instance.execute(workflow.id);
		const storedAfterFirst = sim.messages().length;
		const requestsAfterFirst = sim.requests.length;
		const second = await instance.execute(workflow.id);
		const run = first.run || { status: first.status, error: first.stderrTail };
		return { ...run, second: second.run || { status: second.status, error: second.stderrTail }, storedAfterFirst, requestsAfterFirst, wallMs: [first.wallMs, second.wallMs] };
	} finally {
		await instance.remove();
	}
}

/** The example file is what test/e2e/build.js makes (node test/e2e/examples.js writes it). */
function checkExampleInSync(t, file) {
	const { staleExamples } = require('./examples');
	t.ok(!staleExamples().includes(file), `examples/${file} is what test/e2e/build.js makes (else: node test/e2e/examples.js)`);
}

/** The second execution: every item duplicate, nothing new in the simulator. */
function checkSecondRun(t, label, run, node, count) {
	const second = run.second;
	t.equal(second && second.status, 'success', `${label}: the second execution succeeded`, second && (second.error || (second.data && second.data.resultData.error)));
	const items = output(second, node, 0) || [];
	t.equal(items.length, count, `${label}: the second execution has one item per customer`);
	const byStatus = countBy(items, (i) => i.json.status);
	t.deepEqual(byStatus, { duplicate: count }, `${label}: the second execution sends nobody again: all ${count.toLocaleString('en-US')} duplicate`);
	const first = output(run, node, 0) || [];
	t.ok(items.every((i, k) => first[k] && i.json.requestId === first[k].json.requestId), `${label}: with the first execution's Request IDs`);
	return items;
}

const SMS_NODE = 'eSMS SMS';
const FALLBACK_NODE = 'ZNS, SMS if Zalo cannot';

scenarios.push(
	{
		name: 'S1 SMS › Send: 1,000 customers, then the same workflow again',
		workflow: build.smsCampaign({ id: 'e2eS1SmsSend1', name: 'e2e S1: SMS to 1,000 customers', count: 1000, firstPhone: 61000000 }),
		sendNode: SMS_NODE,
		mode: 'custom',
		run: (ctx) => executeTwice(ctx, 'esms-e2es1-'),
		check({ run, sim, t }) {
			const COUNT = 1000;
			t.equal(run.status, 'success', 'the first execution succeeded', run.error || (run.data && run.data.resultData.error));
			const inputs = output(run, 'Customers') || [];
			const items = output(run, SMS_NODE, 0) || [];
			t.equal(items.length, COUNT, 'one output item per customer');
			checkPairing(t, 'pairing', inputs, items);
			const wrongShape = items.filter((i) => {
				const j = i.json;
				return !(j.status === 'accepted' && j.channel === 'sms' && typeof j.smsId === 'string' && j.smsId && /^sms-[0-9a-f]{32}$/.test(j.requestId) && j.smsParts === 1 && j.charset === 'gsm7');
			});
			t.equal(wrongShape.length, 0, "every item: { status: 'accepted', smsId, requestId: 'sms-…', channel: 'sms', smsParts: 1, charset: 'gsm7' }", wrongShape.slice(0, 2).map((i) => i.json));
			t.note(`statuses ${JSON.stringify(countBy(items, (i) => i.json.status))}, charsets ${JSON.stringify(countBy(items, (i) => i.json.charset))}, parts ${JSON.stringify(countBy(items, (i) => i.json.smsParts))}`);
			const customers = customerOf(COUNT, 61000000);
			const phones = [...customers.keys()];
			const notOne = phones.filter((p) => sim.messagesTo(p, 'sms').length !== 1 || sim.messagesTo(p).length !== 1);
			t.equal(notOne.length, 0, 'the simulator holds exactly one SMS per phone (sim.messagesTo(phone, "sms")), and nothing else', notOne.slice(0, 5));
			t.equal(run.storedAfterFirst, COUNT, `the simulator stored ${COUNT} messages after the first execution`);
			const messages = sim.messages();
			const wrongText = messages.filter((m) => m.content !== smsTextFor(customers.get(m.normalizedPhone)) || m.brandname !== 'SIMCLINIC' || m.outcome.status !== 'delivered');
			t.equal(wrongText.length, 0, "each SMS carries its own customer's name, service and date, under SIMCLINIC, and is delivered", wrongText.slice(0, 2).map((m) => [m.normalizedPhone, m.content]));
			const bySms = new Map(messages.map((m) => [m.smsId, m]));
			t.ok(items.every((i) => bySms.get(i.json.smsId) && bySms.get(i.json.smsId).requestId === i.json.requestId && bySms.get(i.json.smsId).normalizedPhone === domestic(i.json.phone)), "every item's SMSID is the stored SMS of its own phone and Request ID");
			checkSecondRun(t, 'again', run, SMS_NODE, COUNT);
			t.equal(sim.messages().length, COUNT, `after the second execution the simulator still holds ${COUNT} messages`);
		},
	},
	{
		name: 'S2 ZNS with SMS fallback (examples/zns-with-sms-fallback.json): 10,000 customers, 20 % without Zalo, then again',
		workflow: build.fromExample('zns-with-sms-fallback.json', { id: 'e2eS2Fallback1', name: 'e2e S2: ZNS with SMS fallback, 10,000', count: 10000, firstPhone: 80000000 }),
		sendNode: FALLBACK_NODE,
		mode: 'custom',
		setup({ sim }) {
			sim.settings.noZaloPercent = NO_ZALO_PERCENT;
		},
		run: (ctx) => executeTwice(ctx, 'esms-e2es2-'),
		check({ run, sim, t }) {
			const COUNT = 10000;
			checkExampleInSync(t, 'zns-with-sms-fallback.json');
			t.equal(run.status, 'success', 'the first execution succeeded', run.error || (run.data && run.data.resultData.error));
			const task = (runData(run)[FALLBACK_NODE] || [])[0];
			if (task) t.note(`first execution: send node ${task.executionTime} ms; n8n execute wall ${run.wallMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', second ')}`);
			const inputs = output(run, 'Customers') || [];
			const items = output(run, FALLBACK_NODE, 0) || [];
			t.equal(items.length, COUNT, 'one output item per customer');
			checkPairing(t, 'pairing', inputs, items);
			const wrongShape = items.filter((i) => !(i.json.status === 'accepted' && i.json.channel === 'zns_sms_fallback' && i.json.smsId && /^znf-/.test(i.json.requestId)));
			t.equal(wrongShape.length, 0, "every item accepted with channel 'zns_sms_fallback', an SMSID and a 'znf-…' Request ID", wrongShape.slice(0, 2).map((i) => i.json));
			const phones = customerPhones(COUNT, 80000000);
			const stats = checkReachedOnce(t, 'first execution', sim, phones);
			t.ok(stats.noZalo > COUNT * 0.15 && stats.noZalo < COUNT * 0.25, `about 20 % have no Zalo (${stats.noZalo})`);
			t.equal(stats.znsAttempts, COUNT, 'one ZNS attempt per customer');
			t.equal(stats.sms, stats.znsFailed, 'one SMS per failed ZNS');
			const messages = sim.messages();
			const fallbackOf = new Map(messages.filter((m) => m.channel === 'zns').map((m) => [m.smsId, m]));
			const unlinked = messages.filter((m) => m.channel === 'sms' && !(fallbackOf.has(m.fallbackOf) && fallbackOf.get(m.fallbackOf).fallbackSmsId === m.smsId && fallbackOf.get(m.fallbackOf).normalizedPhone === m.normalizedPhone));
			t.equal(unlinked.length, 0, 'every SMS is the fallback of its own phone\'s failed ZNS (fallbackOf / fallbackSmsId)', unlinked.slice(0, 2));
			const customers = customerOf(COUNT, 80000000);
			const wrongText = messages.filter((m) => m.channel === 'sms' && m.content !== smsTextFor(customers.get(m.normalizedPhone)));
			t.equal(wrongText.length, 0, "each SMS carries its own customer's text", wrongText.slice(0, 2).map((m) => [m.normalizedPhone, m.content]));
			t.equal(run.storedAfterFirst, COUNT + stats.sms, `after the first execution: ${COUNT} ZNS attempts + ${stats.sms} SMS stored`);
			checkSecondRun(t, 'again', run, FALLBACK_NODE, COUNT);
			t.equal(sim.messages().length, run.storedAfterFirst, 'the second execution stored nothing new (no ZNS, no SMS)');
		},
	},
);

/** S2b / S2c: ZNS with SMS fallback under Retry On Fail, one answer lost (as 4 / 4b for bulk ZNS). */
for (const [key, nodeRetries, label] of [['b', 0, "the node's own retries off"], ['c', 2, "the node's own retries on"]]) {
	const COUNT = 2000;
	const FIRST = key === 'b' ? 70000000 : 30000000; // 097… Viettel, 093… Mobifone: SIMCLINIC reaches carriers 1–3 only
	scenarios.push({
		name: `S2${key} ZNS with SMS fallback, Retry On Fail, an answer lost once (${label}), 2,000 customers`,
		workflow: build.fromExample('zns-with-sms-fallback.json', {
			id: `e2eS2${key}RetryOnFail1`,
			name: `e2e S2${key}: fallback, Retry On Fail, ${label}`,
			count: COUNT,
			firstPhone: FIRST,
			customize(wf) {
				const send = wf.nodes.find((n) => n.name === FALLBACK_NODE);
				send.parameters.options = { ...send.parameters.options, retries: nodeRetries };
				Object.assign(send, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
			},
		}),
		sendNode: FALLBACK_NODE,
		setup({ sim }) {
			sim.settings.noZaloPercent = NO_ZALO_PERCENT;
			addFault(sim, { kind: 'accept-then-drop', path: FALLBACK_PATH, times: 1 });
		},
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'run status is success', run.error);
			const requests = sim.requests.filter((r) => /multichannelmessage/i.test(r.path));
			const dropped = requests.filter((r) => (r.faults || []).includes('accept-then-drop'));
			t.equal(dropped.length, 1, 'the simulator dropped exactly one answer');
			const inputs = output(run, 'Customers') || [];
			const items = output(run, FALLBACK_NODE, 0) || [];
			t.equal(items.length, COUNT, 'one output item per customer');
			checkPairing(t, 'pairing', inputs, items);
			const byStatus = countBy(items, (i) => i.json.status);
			t.note(`node runs ${(runData(run)[FALLBACK_NODE] || []).length}; MultiChannelMessage requests ${requests.length}; statuses ${JSON.stringify(byStatus)}; without SMSID ${items.filter((i) => !i.json.smsId).length}`);
			t.ok(items.every((i) => ['accepted', 'duplicate'].includes(i.json.status)), 'everyone accepted, or a duplicate of the message whose answer was lost', byStatus);
			const lostPhone = dropped[0] && dropped[0].body && dropped[0].body.Phone;
			const lost = items.filter((i) => i.json.status !== 'accepted');
			t.ok(lost.length <= 1 && lost.every((i) => domestic(i.json.phone) === domestic(lostPhone)), 'at most the customer whose answer was lost is not plainly accepted', { lost: lost.map((i) => i.json), lostPhone });
			for (const i of lost) t.note(`the customer whose answer was lost: ${i.json.status}, smsId ${i.json.smsId}: ${i.json.message}`);
			const messages = sim.messages();
			const ids = countBy(messages.filter((m) => m.channel === 'zns'), 'requestId');
			t.equal(Object.values(ids).filter((n) => n > 1).length, 0, 'no ZNS Request ID stored twice');
			checkReachedOnce(t, 'simulator', sim, customerPhones(COUNT, FIRST));
		},
	});
}

scenarios.push({
	name: 'S3 ZNS then SMS to those Zalo did not reach (examples/zns-then-sms.json): 2,000 customers, 20 % without Zalo, then again',
	workflow: build.fromExample('zns-then-sms.json', { id: 'e2eS3ZnsThenSms1', name: 'e2e S3: ZNS, reports, SMS to the rest', count: 2000, firstPhone: 40000000 }),
	sendNode: 'Send ZNS',
	mode: 'custom',
	setup({ sim }) {
		sim.settings.noZaloPercent = NO_ZALO_PERCENT;
	},
	run: (ctx) => executeTwice(ctx, 'esms-e2es3-'),
	check({ run, sim, t }) {
		const COUNT = 2000;
		checkExampleInSync(t, 'zns-then-sms.json');
		t.equal(run.status, 'success', 'the first execution succeeded', run.error || (run.data && run.data.resultData.error));
		const phones = customerPhones(COUNT, 40000000);
		const noZalo = new Set(phones.filter((p) => !sim.hasZalo(p)));
		const zns = output(run, 'Send ZNS', 0) || [];
		t.deepEqual(countBy(zns, (i) => i.json.status), { accepted: COUNT }, `ZNS: all ${COUNT} accepted (one bulk send)`);
		const reports = output(run, 'Delivery reports', 0) || [];
		t.equal(reports.length, COUNT, 'one delivery report per customer');
		const byStatus = countBy(reports, (i) => i.json.status);
		t.note(`delivery reports: ${JSON.stringify(byStatus)}`);
		const failed = reports.filter((i) => ['failed', 'rejected'].includes(i.json.status)).map((i) => domestic(i.json.phone));
		t.deepEqual([...failed].sort(), [...noZalo].sort(), `the reports say failed for exactly the ${noZalo.size} phones without Zalo; delivered for the rest`, { failed: failed.length, noZalo: noZalo.size });
		t.equal(byStatus.delivered, COUNT - noZalo.size, 'the others are reported delivered (the stored reports are final at once)');
		const kept = output(run, 'Not delivered by Zalo?', 0) || [];
		t.equal(kept.length, noZalo.size, 'the IF keeps those the ZNS did not reach');
		const sms = output(run, 'Send SMS', 0) || [];
		t.equal(sms.length, noZalo.size, 'the SMS step has one item per customer Zalo did not reach');
		t.ok(sms.every((i) => i.json.status === 'accepted' && i.json.channel === 'sms' && /^sms-/.test(i.json.requestId) && noZalo.has(domestic(i.json.phone))), 'each accepted as an SMS to a phone without Zalo', countBy(sms, (i) => `${i.json.status} ${i.json.channel}`));
		const stats = checkReachedOnce(t, 'first execution', sim, phones);
		t.equal(stats.sms, noZalo.size, 'SMS only to those the ZNS did not reach');
		const customers = customerOf(COUNT, 40000000);
		const wrongText = sim.messages().filter((m) => m.channel === 'sms' && m.content !== smsTextFor(customers.get(m.normalizedPhone)));
		t.equal(wrongText.length, 0, "each SMS carries its own customer's name, service and date ($('Customers').item through the paired items)", wrongText.slice(0, 2).map((m) => [m.normalizedPhone, m.content]));

		// The same workflow again.
		const second = run.second;
		t.equal(second && second.status, 'success', 'again: the second execution succeeded', second && (second.error || (second.data && second.data.resultData.error)));
		const zns2 = output(second, 'Send ZNS', 0) || [];
		t.deepEqual(countBy(zns2, (i) => i.json.status), { duplicate: COUNT }, 'again: the ZNS step sends nobody (all duplicate)');
		const reports2 = output(second, 'Delivery reports', 0) || [];
		const sms2 = output(second, 'Send SMS', 0);
		t.note(`again: delivery reports ${JSON.stringify(countBy(reports2, (i) => i.json.status))} (a duplicate has no SMSID in this execution); SMS step ${sms2 === undefined ? 'did not run' : JSON.stringify(countBy(sms2, (i) => i.json.status))}`);
		t.ok(!sms2 || sms2.every((i) => i.json.status === 'duplicate'), 'again: the SMS step sends nobody (it gets nobody, or all duplicate)');
		t.equal(sim.messages().length, run.storedAfterFirst, 'again: no new ZNS and no new SMS in the simulator');
	},
});

scenarios.push({
	name: '15 the sample as shipped (examples/send-and-report.json): who did not receive it, with their names',
	workflow: (() => {
		const wf = JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'examples', 'send-and-report.json'), 'utf8'));
		return { ...wf, id: 'e2e15Sample1', name: 'e2e 15: the sample as shipped' };
	})(),
	check({ run, sim, t }) {
		t.equal(run.status, 'success', 'run status is success', run.error);
		const sent = output(run, 'Send reminders', 0) || [];
		t.deepEqual(countBy(sent, (i) => i.json.status), { accepted: 3 }, 'the 3 customers are accepted');
		t.deepEqual(Object.keys((sent[0] || {}).json || {}).slice(0, 4), ['status', 'phone', 'smsId', 'message'], 'each item starts with status, phone, smsId, message');
		const missed = output(run, 'Did not receive it', 0) || [];
		t.equal(missed.length, 1, 'one customer did not receive it (the simulator fails phones ending 13)');
		const [one] = missed;
		t.ok(one && one.json.customer === 'Lê Minh Chi' && one.json.service === 'Chăm sóc da', "the item names the customer and the service", one && one.json);
		t.deepEqual(Object.keys((one || {}).json || {}), ['customer', 'phone', 'service', 'status', 'reason', 'deliveryError', 'smsId'], 'who first: customer, phone, service, then status and reason', one && one.json);
		t.ok(one && one.json.phone === '0974691813' && one.json.status === 'failed' && one.json.deliveryError && one.json.deliveryError.code === -114, "with the delivery's status and Zalo's reason in deliveryError", one && one.json);
		t.ok(one && typeof one.json.reason === 'string' && one.json.reason === one.json.deliveryError.message && one.json.reason !== '', "and Zalo's reason in words", one && one.json);
		t.equal(sim.messages().length, 3, 'eSMS stored 3 messages');
	},
});

scenarios.push({
	name: '22.4 campaign report: a Send of 300 (some invalid, some not delivered), then Campaign Report › Build',
	workflow: (() => {
		const wf = build.simpleSend({ id: 'e2e22Report1', name: 'e2e 22.4: campaign report', count: 300, firstPhone: 22300000, withInvalid: true, sendOptions: { campaign: 'e2e-22-report' }, sendSettings: { onError: 'continueRegularOutput' } });
		wf.nodes.push({
			id: 'e2e22000-0000-4000-8000-000000000004',
			name: 'Campaign report',
			type: 'n8n-nodes-esms.esmsZns',
			typeVersion: 1,
			position: [660, 0],
			parameters: { resource: 'campaignReport', operation: 'build', title: 'Appointment reminders — e2e' },
			credentials: { esmsApi: { ...wf.nodes.find((n) => n.name === 'eSMS ZNS').credentials.esmsApi } },
		});
		wf.connections['eSMS ZNS'] = { main: [[{ node: 'Campaign report', type: 'main', index: 0 }]] };
		return wf;
	})(),
	mode: 'custom',
	async run({ tarball, workflow, credential }) {
		// Its own n8n user folder, so that the page can be read where n8n keeps binary data (filesystem mode).
		const instance = await createUserFolder({ tarball, prefix: 'esms-e2e22r-' });
		try {
			await instance.importCredentials([credential]);
			await instance.importWorkflows([workflow]);
			const result = await instance.execute(workflow.id);
			const run = result.run || { status: result.status, error: result.stderrTail };
			const report = (output(run, 'Campaign report', 0) || [])[0];
			const binary = report && report.binary && report.binary.report;
			let html = null;
			if (binary && typeof binary.data === 'string' && binary.id === undefined) html = Buffer.from(binary.data, 'base64').toString('utf8');
			else if (binary && typeof binary.id === 'string') html = readStoredBinary(instance.userFolder, binary.id);
			return { ...run, html };
		} finally {
			await instance.remove();
		}
	},
	check({ run, sim, t }) {
		t.equal(run.status, 'success', 'run status is success', run.error);
		const sent = output(run, SEND_NODE, 0) || [];
		const report = output(run, 'Campaign report', 0) || [];
		t.equal(report.length, 1, 'one report item for the whole campaign');
		const summary = (report[0] || {}).json || {};
		const byStatus = countBy(sent, (i) => i.json.status);
		const stored = sim.messages();
		const failedDeliveries = stored.filter((m) => m.status === 'failed').length;
		t.equal(summary.recipients, sent.length, `recipients: ${sent.length}`);
		t.equal(summary.accepted, byStatus.accepted, `accepted: ${byStatus.accepted}`);
		t.deepEqual(summary.notSent, { invalid: byStatus.invalid }, `not sent: ${byStatus.invalid} invalid`);
		t.equal(summary.failed && summary.failed.total, failedDeliveries, `delivery failed: ${failedDeliveries}, as the simulator stored them`);
		t.equal(summary.delivered, stored.length - failedDeliveries, `delivered: ${stored.length - failedDeliveries}`);
		t.ok(summary.failed && Object.keys(summary.failed.byReason).every((reason) => /[a-z]/i.test(reason)), 'each failure reason in words', summary.failed);
		const binary = (report[0] || {}).binary || {};
		t.ok(binary.report && binary.report.mimeType === 'text/html' && binary.report.fileName === 'campaign-report.html', 'the HTML page is attached as binary "report" (text/html)', binary.report && { ...binary.report, data: undefined });
		t.ok(typeof run.html === 'string', 'the page can be read back from n8n', binary.report && { ...binary.report, data: undefined });
		if (typeof run.html === 'string') {
			const html = run.html;
			t.ok(html.includes('<svg') && html.includes('Appointment reminders'), 'the page holds the title and the chart');
			// For the browser suite: the page exactly as this n8n made it.
			const file = require('node:path').join(__dirname, '..', '..', 'reports', 'campaign-report.html');
			require('node:fs').mkdirSync(require('node:path').dirname(file), { recursive: true });
			require('node:fs').writeFileSync(file, html);
			t.note(`the page as n8n made it: ${require('node:path').relative(require('node:path').join(__dirname, '..', '..'), file)}`);
		}
		t.note(`summary: ${JSON.stringify({ ...summary, generatedAt: undefined })}`);
	},
});

/** A binary n8n stored on disk (`filesystem-v2:<path>` or `filesystem:<path>`), from its user folder. */
function readStoredBinary(userFolder, id) {
	const fs = require('node:fs');
	const path = require('node:path');
	const rel = id.replace(/^filesystem(-v2)?:/, '');
	for (const base of [path.join(userFolder, '.n8n', 'binaryData'), path.join(userFolder, '.n8n', 'storage'), path.join(userFolder, 'binaryData')]) {
		const file = path.join(base, rel);
		if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
	}
	return null;
}

// ------------------------------------------------------------------------------------------------
// Campaign truth (issue 22): eSMS's sent log is the record past eSMS's Request ID window and past
// one n8n process's memory. Each run below is its own `n8n execute` process (nothing remembered).

const HOUR_MS = 60 * 60 * 1000;

/** The latest 23:50 in Vietnam at least two hours ago (so that 00:10 after it has passed too). */
function lastVietnamTenToMidnight() {
	const vietnam = new Date(Date.now() + 5 * HOUR_MS);
	const at = Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth(), vietnam.getUTCDate(), 23, 50) - 7 * HOUR_MS;
	return at > Date.now() - 2 * HOUR_MS ? at - 24 * HOUR_MS : at;
}

/** Runs the workflow in one n8n user folder, each `between(k)` before run k > 0; every run a new process. */
async function runsInNewProcesses({ tarball, workflow, credential }, prefix, count, between) {
	const instance = await createUserFolder({ tarball, prefix });
	try {
		await instance.importCredentials([credential]);
		await instance.importWorkflows([workflow]);
		const runs = [];
		for (let k = 0; k < count; k++) {
			if (k > 0) await between(k, instance);
			const result = await instance.execute(workflow.id);
			runs.push(result.run || { status: result.status, error: result.stderrTail });
		}
		return runs;
	} finally {
		await instance.remove();
	}
}

const sentLogRequests = (sim) => sim.requests.filter((r) => /GetSmsSentData_V2/i.test(r.path)).length;

/** Each stored message's phone → how many; the per-recipient counts the closing note quotes. */
function perRecipient(sim, phones) {
	const byPhone = countBy(sim.messages(), 'normalizedPhone');
	return countBy(phones.map((p) => byPhone[p] || 0), (n) => n);
}

const TWO_DAYS = { count: 600, firstPhone: 22000000, quota: 350 };
const MIDNIGHT = { count: 1200, firstPhone: 22100000, base: lastVietnamTenToMidnight() };
const LOST = { count: 700, firstPhone: 22200000 };
const phonesFrom = ({ count, firstPhone }) => customerPhones(count, firstPhone);

scenarios.push(
	{
		name: '22.1 a campaign over the daily quota, sent over two days (eSMS has forgotten the Request IDs; a new n8n process)',
		workflow: build.simpleSend({ id: 'e2e22TwoDays1', name: 'e2e 22.1: campaign over two days', count: TWO_DAYS.count, firstPhone: TWO_DAYS.firstPhone, sendParameters: { preflight: { quota: 'upToQuota' } }, sendOptions: { campaign: 'e2e-22-two-days' } }),
		mode: 'custom',
		setup({ sim }) {
			sim.oa(build.OA).dailyQuota = TWO_DAYS.quota;
			for (const phone of phonesFrom(TWO_DAYS)) sim.setDeliveryOutcome(phone, { status: 'delivered' });
		},
		async run(ctx) {
			const { sim } = ctx;
			const logBefore = [];
			const runs = await runsInNewProcesses(ctx, 'esms-e2e22a-', 2, async () => {
				sim.advanceClock(25 * HOUR_MS); // the next day: eSMS no longer refuses yesterday's Request IDs; a new quota
				logBefore.push(sentLogRequests(sim));
			});
			return { ...runs[1], day1: runs[0], logLookups: sentLogRequests(sim) - logBefore[0] };
		},
		check({ run, sim, t }) {
			const day1 = output(run.day1, SEND_NODE, 0) || [];
			const day2 = output(run, SEND_NODE, 0) || [];
			t.deepEqual(countBy(day1, (i) => i.json.status), { accepted: 350, skipped: 250 }, 'day 1: 350 accepted (the quota), 250 over the quota');
			t.deepEqual(countBy(day2, (i) => i.json.status), { duplicate: 350, accepted: 250 }, "day 2: yesterday's 350 are not sent again, the other 250 are");
			const smsIdOfDay1 = new Map(day1.filter((i) => i.json.status === 'accepted').map((i) => [i.json.phone, i.json.smsId]));
			const dup = day2.filter((i) => i.json.status === 'duplicate');
			t.ok(dup.every((i) => i.json.smsId && i.json.smsId === smsIdOfDay1.get(i.json.phone)), "day 2: each skipped customer carries yesterday's SMS ID", dup.slice(0, 1).map((i) => i.json));
			t.ok(dup.every((i) => /^Not sent again: eSMS's sent log shows campaign "e2e-22-two-days" reached this phone on \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Vietnam time\)/.test(i.json.message)), 'day 2: each says the sent log showed it, with the date', dup[0] && dup[0].json.message);
			checkOnePerPhone(t, 'after both days', sim, phonesFrom(TWO_DAYS));
			t.note(`per recipient: ${JSON.stringify(perRecipient(sim, phonesFrom(TWO_DAYS)))}; sent-log look-ups on day 2: ${run.logLookups}`);
		},
	},
	{
		name: '22.2 a run that fails at 23:50 is retried at 00:10 in a new n8n process (eSMS refuses Request IDs within the calendar day only)',
		workflow: build.simpleSend({ id: 'e2e22Midnight1', name: 'e2e 22.2: retried after midnight', count: MIDNIGHT.count, firstPhone: MIDNIGHT.firstPhone, sendParameters: { preflight: { balance: 'off' } }, sendOptions: { campaign: 'e2e-22-midnight', requestsInFlight: 1 } }),
		mode: 'custom',
		simulator: { now: () => MIDNIGHT.base, settings: { requestIdWindow: 'calendarDay' } },
		setup({ sim }) {
			for (const phone of phonesFrom(MIDNIGHT)) sim.setDeliveryOutcome(phone, { status: 'delivered' });
			addFault(sim, { kind: 'result-code', code: '103', path: BULK_PATH, after: 1 }); // from batch 2 on: balance too low
		},
		async run(ctx) {
			const { sim } = ctx;
			let storedBefore = 0;
			const runs = await runsInNewProcesses(ctx, 'esms-e2e22b-', 2, async () => {
				storedBefore = sim.messages().length;
				sim.faults.clear(); // topped up
				sim.advanceClock(20 * 60 * 1000); // 00:10 in Vietnam: eSMS has forgotten yesterday's Request IDs
			});
			return { ...runs[1], first: runs[0], storedBefore };
		},
		check({ run, sim, t }) {
			t.equal(run.first.status, 'error', 'the run at 23:50 fails (code 103 from batch 2 on)', run.first.error);
			t.equal(run.storedBefore, 500, 'batch 1 (500) was stored before the failure');
			t.equal(run.status, 'success', 'the run at 00:10 succeeds', run.error);
			const items = output(run, SEND_NODE, 0) || [];
			t.deepEqual(countBy(items, (i) => i.json.status), { duplicate: 500, accepted: 700 }, "00:10: the 500 sent at 23:50 are not sent again, the other 700 are");
			checkOnePerPhone(t, 'across midnight', sim, phonesFrom(MIDNIGHT));
			checkOwnSmsIds(t, 'across midnight', sim, items);
			t.note(`per recipient: ${JSON.stringify(perRecipient(sim, phonesFrom(MIDNIGHT)))}`);
		},
	},
	{
		name: '22.3 an answer lost, the log unreadable then; the run again in a new n8n process: every duplicate gets its SMS ID from the sent log',
		workflow: build.simpleSend({ id: 'e2e22LostSmsId1', name: 'e2e 22.3: lost SMS IDs', count: LOST.count, firstPhone: LOST.firstPhone, sendOptions: { retries: 0 }, sendSettings: { onError: 'continueRegularOutput' } }),
		mode: 'custom',
		setup({ sim }) {
			addFault(sim, { kind: 'accept-then-drop', path: BULK_PATH, times: 1 });
			addFault(sim, { kind: 'http-error', status: 500, path: 'GetSmsSentData_V2' });
		},
		async run(ctx) {
			const runs = await runsInNewProcesses(ctx, 'esms-e2e22c-', 2, async () => ctx.sim.faults.clear());
			return { ...runs[1], first: runs[0] };
		},
		check({ run, sim, t }) {
			const first = output(run.first, SEND_NODE, 0) || [];
			const again = output(run, SEND_NODE, 0) || [];
			const firstStatuses = countBy(first, (i) => i.json.status);
			const lostCount = firstStatuses.unconfirmed || 0;
			t.ok([200, 500].includes(lostCount) && lostCount + (firstStatuses.accepted || 0) === LOST.count, 'first run: the batch whose answer was lost is unconfirmed (the log unreadable then), the other accepted', firstStatuses);
			const lost = new Set(first.filter((i) => i.json.status === 'unconfirmed').map((i) => i.json.phone));
			const refused = again.filter((i) => lost.has(i.json.phone));
			t.ok(refused.length === lostCount && refused.every((i) => i.json.status === 'duplicate' && i.json.codeResult === '124'), `run again: eSMS refuses those ${lostCount} as repeats (124)`, countBy(refused, (i) => i.json.status));
			const bySms = new Map(sim.messages().map((m) => [m.normalizedPhone, m.smsId]));
			t.ok(refused.every((i) => i.json.smsId && i.json.smsId === bySms.get(domestic(i.json.phone))), 'each has the SMS ID of its own stored message', refused.find((i) => !i.json.smsId));
			t.ok(refused.every((i) => /from eSMS's sent log/.test(i.json.message)), 'each says the SMS ID came from the sent log', refused[0] && refused[0].json.message);
			checkOnePerPhone(t, 'lost answers', sim, phonesFrom(LOST));
			t.note(`per recipient: ${JSON.stringify(perRecipient(sim, phonesFrom(LOST)))}; without an SMS ID after the second run: ${again.filter((i) => !i.json.smsId).length}`);
		},
	},
);

// ------------------------------------------------------------------------------------------------
// Ready-made workflows (issue 23): the shipped files of examples/, imported as they are; only what
// needs an outside service (a Google sheet), the clock (a Schedule Trigger is started by hand) or the
// user's own value (brandname, phone) is swapped.

function shippedExample(file, id) {
	const fs = require('node:fs');
	const path = require('node:path');
	const wf = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8'));
	// `n8n execute` starts a workflow by hand: its Schedule Trigger becomes a manual start of the same name.
	for (const node of wf.nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger')) Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	return { ...wf, id, name: `e2e: ${wf.name}` };
}

/** A date in Vietnam, `days` from today, as yyyy-MM-dd. */
function vietnamDate(days) {
	return new Date(Date.now() + 7 * HOUR_MS + days * 24 * HOUR_MS).toISOString().slice(0, 10);
}

const APPOINTMENTS = [
	{ phone: '0912000301', customer_name: 'Nguyen An', service: 'Dental check-up', days: 1 },
	{ phone: '0912000302', customer_name: 'Tran Binh', service: 'Eye exam', days: 1 },
	{ phone: '0912000303', customer_name: 'Le Chi', service: 'Vaccination', days: 2 },
	{ phone: '0912000304', customer_name: 'Pham Dung', service: 'Massage', days: 0 },
	{ phone: '0912000305', customer_name: 'Hoang Giang', service: 'Skin care', days: 1 },
];

scenarios.push(
	{
		name: 'W1 ready-made: appointment reminders from Google Sheets (examples/appointment-reminders.json), run twice',
		workflow: (() => {
			const wf = shippedExample('appointment-reminders.json', 'e2eW1Reminders1');
			const sheet = wf.nodes.find((n) => n.name === 'Read appointments');
			// The only swap: the Google sheet becomes fixed rows with its columns.
			const rows = APPOINTMENTS.map(({ days, ...row }) => ({ ...row, appointment_date: vietnamDate(days) }));
			Object.assign(sheet, { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` } });
			delete sheet.credentials;
			return wf;
		})(),
		mode: 'custom',
		async run(ctx) {
			const runs = await runsInNewProcesses(ctx, 'esms-e2ew1-', 2, async () => {});
			return { ...runs[1], first: runs[0] };
		},
		check({ run, sim, t }) {
			const first = output(run.first, 'Send reminders', 0) || [];
			const again = output(run, 'Send reminders', 0) || [];
			t.equal(run.first.status, 'success', 'the workflow runs as shipped (the sheet swapped for fixed rows)', run.first.error);
			t.deepEqual(first.map((i) => i.json.status), ['accepted', 'accepted', 'accepted'], "tomorrow's 3 appointments (of 5 rows) are sent");
			t.ok(first.every((i) => i.json.campaign === `reminders-${vietnamDate(1)}`), 'with the day as Campaign', first.map((i) => i.json.campaign));
			t.deepEqual(again.map((i) => i.json.status), ['duplicate', 'duplicate', 'duplicate'], 'run again the same day: nobody twice');
			const tomorrow = APPOINTMENTS.filter((a) => a.days === 1).map((a) => a.phone);
			checkOnePerPhone(t, 'reminders', sim, tomorrow);
			t.note(`per recipient: ${JSON.stringify(perRecipient(sim, APPOINTMENTS.map((a) => a.phone)))} (rows for other days: 0)`);
		},
	},
	{
		name: 'W2 ready-made: order confirmations from a webhook (examples/order-confirmation-webhook.json)',
		workflow: shippedExample('order-confirmation-webhook.json', 'e2eW2Orders1'),
		mode: 'server',
		async run({ n8n }) {
			const order = (orderId, phone, name) => ({ phone, name, orderId, amount: 450000, orderDate: '2026-12-03', trackingUrl: `https://shop.example/track/${orderId}` });
			const answers = [];
			// Two orders, the shop retrying the first, then the first customer's next order the same week.
			const orders = [order('A-1001', '0912000401', 'Nguyen An'), order('A-1002', '0912000402', 'Tran Binh'), order('A-1001', '0912000401', 'Nguyen An'), order('A-1003', '0912000401', 'Nguyen An')];
			for (const body of orders) {
				const res = await n8n.callWebhook('order-confirmed', { method: 'POST', body });
				answers.push({ status: res.status, json: res.json });
			}
			const runs = await n8n.waitForExecutions({ workflowId: 'e2eW2Orders1', count: orders.length, timeoutMs: 60000 });
			return { status: 'success', data: { resultData: { runData: {} } }, answers, runs };
		},
		check({ run, sim, t }) {
			t.ok(run.answers.every((a) => a.status === 200), 'the webhook answers 200 each time', run.answers);
			t.deepEqual(run.answers.map((a) => a.json && a.json.status), ['accepted', 'accepted', 'duplicate', 'accepted'], "the shop hears accepted, accepted, duplicate for the repeated order, and accepted for the customer's next order", run.answers.map((a) => a.json));
			t.ok(run.answers[0].json && run.answers[0].json.smsId && run.answers[0].json.phone === '0912000401', 'the answer carries the SMS ID and phone', run.answers[0].json);
			const byOrder = countBy(sim.messages(), 'requestId');
			t.deepEqual(byOrder, { 'order-A-1001': 1, 'order-A-1002': 1, 'order-A-1003': 1 }, 'one message per order: a returning customer gets each order confirmed once', byOrder);
			const bodies = bulkRequests(sim).flatMap((r) => (r.body && r.body.Data) || []);
			t.ok(bodies.some((d) => d.RequestId === 'order-A-1001'), 'the Request ID is the order id', bodies.map((d) => d.RequestId));
			t.note(`per order: ${JSON.stringify(byOrder)}`);
		},
	},
	{
		name: 'W3 ready-made: daily balance alert (examples/daily-balance-alert.json), low, lower the same day, high, the same low the next day',
		workflow: (() => {
			const wf = shippedExample('daily-balance-alert.json', 'e2eW3Balance1');
			// The user's own values: their brandname and phone.
			wf.nodes.find((n) => n.name === 'Alert the owner').parameters.brandname = { __rl: true, mode: 'id', value: build.BRANDNAME };
			wf.nodes.find((n) => n.name === 'Settings').parameters.assignments.assignments[0].value = '0912000501';
			return wf;
		})(),
		mode: 'custom',
		setup({ sim }) {
			sim.account(sim.defaultAccount.apiKey).balance = 120000;
		},
		async run(ctx) {
			// Each run in a new n8n process (as a daily schedule after a restart): 120,000, then 110,000 the same day,
			// then 9,000,000; then 120,000 again on the next day. n8n's clock cannot move, so "the next day" is the
			// workflow's timezone moved from UTC-11 to UTC+14: 25 hours apart, its $today is always one day later.
			const balances = [120000, 110000, 9000000, 120000];
			const at = (timezone) => ({ ...ctx.workflow, settings: { ...ctx.workflow.settings, timezone } });
			const runs = await runsInNewProcesses({ ...ctx, workflow: at('Pacific/Pago_Pago') }, 'esms-e2ew3-', 4, async (k, instance) => {
				ctx.sim.account(ctx.sim.defaultAccount.apiKey).balance = balances[k];
				if (k === 3) await instance.importWorkflows([at('Pacific/Kiritimati')]);
			});
			return { ...runs[2], low: runs[0], lowAgain: runs[1], nextDay: runs[3] };
		},
		check({ run, sim, t }) {
			t.equal(run.low.status, 'success', 'the workflow runs as shipped (brandname and phone set)', run.low.error);
			const alerts = output(run.low, 'Alert the owner', 0) || [];
			t.deepEqual(alerts.map((i) => i.json.status), ['accepted'], 'balance 120,000 VND (below 500,000): one SMS to the owner');
			const sms = sim.messagesTo('0912000501', 'sms');
			t.equal(sms.length, 2, 'the simulator stored exactly two SMS to the owner: one on each day', sms.map((m) => m.requestId));
			t.ok(sms[0] && /120000 VND left/.test(sms[0].content || ''), 'the SMS says the balance', sms[0] && sms[0].content);
			t.ok(sms[0] && /^balance-low-\d{4}-\d{2}-\d{2}$/.test(sms[0].requestId || ''), "its Request ID is the day's: balance-low-yyyy-MM-dd", sms[0] && sms[0].requestId);
			const again = output(run.lowAgain, 'Alert the owner', 0) || [];
			t.deepEqual(again.map((i) => i.json.status), ['duplicate'], 'a lower balance later the same day: no second alert (duplicate: one a day)', again.map((i) => i.json.message));
			t.equal((output(run, 'Alert the owner', 0) || []).length, 0, 'balance 9,000,000 VND: no alert');
			t.equal((output(run, 'Balance is fine', 0) || []).length, 1, 'the high balance goes to "Balance is fine"');
			const nextDay = output(run.nextDay, 'Alert the owner', 0) || [];
			t.deepEqual(nextDay.map((i) => i.json.status), ['accepted'], "the next day, the same balance as yesterday's alert: alerted again", nextDay.map((i) => i.json.message));
			t.ok(sms[1] && sms[0] && sms[1].requestId !== sms[0].requestId && /120000 VND left/.test(sms[1].content || ''), "with the next day's Request ID and the same text", sms.map((m) => [m.requestId, m.content]));
			t.equal(sim.messages().length, 2, 'nothing else was sent');
		},
	},
	{
		name: 'W4 ready-made: estimate, then send (examples/estimate-then-send.json as shipped)',
		workflow: shippedExample('estimate-then-send.json', 'e2eW4Estimate1'),
		check({ run, sim, t }) {
			t.equal(run.status, 'success', 'the workflow runs as shipped', run.error);
			const nodes = Object.keys(runData(run));
			const sendNodes = nodes.filter((name) => (output(run, name, 0) || []).some((i) => i.json.status === 'accepted'));
			const estimated = nodes.flatMap((name) => output(run, name, 0) || []).filter((i) => i.json.status === 'would_send');
			t.ok(estimated.length > 0 && estimated[0].json.estimate, 'the estimate says who would be sent, with the totals', estimated.length);
			t.equal(sendNodes.length, 1, 'one node sends', sendNodes);
			const sent = output(run, sendNodes[0], 0) || [];
			t.equal(sim.messages().length, sent.filter((i) => i.json.status === 'accepted').length, 'eSMS stored one message per accepted item');
			t.note(`estimated ${estimated.length}, sent ${sim.messages().length}`);
		},
	},
);

module.exports = { scenarios, helpers: { outcomeOf, output, runData, pairedIndexes, domestic, isValidPhone, countBy, sendRequests, bulkRequests, checkPairing, checkNoDoubleSend, checkReachedOnce, customerPhones, SEND_NODE } };

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
 *               'custom': `run({ lib, tarball, sim, workflow, credential })` does everything itself
 *   optIn       true: only run when `--only` names it
 *   simulator   options for startSimulator() (each scenario gets its own simulator, so faults and
 *               request counts never leak between scenarios)
 *   setup({ sim })                       before n8n runs (e.g. switch on a fault)
 *   run({ n8n, server, sim, workflow, extra, lib })  server mode only: start the workflow (e.g.
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
		const phone = item.json.details ? item.json.details.phone : item.json.phone;
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
			t.ok(/item 50\b|12 item\(s\) are invalid/i.test(String(run.error)), 'the error says which/how many items are invalid', run.error);
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
			t.ok(errors.every((i) => typeof i.json.error === 'string' && i.json.error.length > 0), 'error output: every item has json.error');
			const details = errors.map((i) => i.json.details || {});
			t.ok(details.every((d) => d.phone !== undefined && d.status && d.requestId !== undefined), 'error output: every item keeps phone, status and requestId in json.details', errors.slice(0, 2).map((i) => i.json));
			const blocked = errors.find((i) => digits(i.json.phone) === '0900000099');
			t.ok(blocked, 'the blocked phone 0900000099 is on the error output');
			if (blocked) {
				const d = blocked.json.details || {};
				t.equal(String(d.codeResult), '99', 'blocked: codeResult 99', d);
				t.equal(d.status, 'rejected', 'blocked: status rejected', d);
			}
			const invalid = errors.filter((i) => ['12345', '0123456789'].includes(String(i.json.phone)));
			t.equal(invalid.length, 2, 'both invalid phones are on the error output');
			t.ok(invalid.every((i) => (i.json.details || {}).status === 'invalid'), 'invalid phones: status invalid', invalid.map((i) => i.json.details));
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
			t.ok(blocked && String((blocked.json.details || {}).codeResult) === '99' && blocked.json.details.status === 'rejected', 'the blocked first item is still reported as rejected with code 99', blocked && blocked.json);
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
		async run({ n8n, sim, extra, lib }) {
			const trigger = extra[0];
			const started = await n8n.callWebhook('e2e5-send');
			if (started.status !== 200) throw new Error(`send webhook answered ${started.status}: ${started.text.slice(0, 300)}`);
			const [sendRun] = await n8n.waitForExecutions({ workflowId: 'e2e5SendCallbacks', count: 1 });
			await Promise.race([sim.callbacksIdle(), lib.sleep(30000)]);
			const expected = (sim.callbackAttempts || []).filter((a) => a.result === 'ok').length;
			const received = await n8n.waitForExecutions({ workflowId: trigger.id, count: Math.max(1, expected), timeoutMs: 60000 }).catch(() => []);
			// A caller without the secret is refused and starts nothing.
			const webhookId = trigger.nodes.find((n) => n.webhookId).webhookId;
			const forbidden = await n8n.callWebhook(`${webhookId}/not-the-secret-0000000?SMSID=x&SendStatus=5`, { timeoutMs: 5000 });
			const noSecret = await n8n.callWebhook(`${webhookId}?SMSID=x&SendStatus=5`, { timeoutMs: 5000 });
			await lib.sleep(1000);
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
			t.deepEqual(failed.map((r) => r.error && r.error.code).sort(), [-108, -114], 'with Zalo error codes -108 and -114', failed.map((r) => r.error));
			t.equal(reports.filter((r) => r && r.status === 'delivered').length, 28, 'the other 28 are reported delivered');
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
		async run({ n8n, server, credential, lib }) {
			const post = async (route, body) => {
				const res = await lib.request('POST', `${server.url}/rest${route}`, body, { cookie: server.cookie });
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
			t.equal(JSON.stringify(oaNames), JSON.stringify(['eSMS Demo Shop (4097311281936189049)']), 'the OA picker searches the account\'s OAs', run.oas);
			const templateNames = ((run.templates.body && run.templates.body.results) || []).map((r) => r.name);
			t.ok(templateNames.includes('Order confirmation (2056446)') && templateNames.includes('Promotion announcement (2056448) – waiting for approval by Zalo, cannot be sent'), 'the template picker lists name and id, and says in words which templates cannot be sent', templateNames);
			const fields = ((run.fields.body && run.fields.body.fields) || []).map((f) => f.id);
			t.equal(JSON.stringify(fields), JSON.stringify(['customer_name', 'order_code', 'amount', 'order_date', 'tracking_url']), 'the mapper shows the template\'s variables in order, each once', run.fields);
			t.ok(run.pending.status === 200 && run.pending.body && run.pending.body.fields && run.pending.body.fields.length === 0 && /cannot be sent: it is waiting for approval by Zalo.*PENDING_REVIEW/.test(run.pending.body.emptyFieldsNotice || ''), 'a template that is not ENABLE shows a warning instead of fields', run.pending);
		},
	},
	{
		// Execution ids restart at 1 in every n8n instance: default Request IDs must still differ.
		name: '7 second n8n instance, same workflow',
		workflow: 'bulk-1234.json',
		mode: 'custom',
		async run({ lib, tarball, sim, workflow, credential }) {
			const once = async (prefix) => {
				const instance = await lib.createUserFolder({ tarball, prefix });
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
			t.note(`instance B (fresh database, same workflow, same eSMS account, same 24 h): ${JSON.stringify(countBy(items, (i) => i.json.status))}; messages stored: ${sim.messages().length}`);
			t.equal(items.filter((i) => i.json.status === 'accepted').length, 1222, 'instance B: its own 1,222 accepted (its Request IDs differ from A\'s)');
			const silent = items.filter((i) => i.json.status === 'duplicate' && !i.json.error && !i.json.smsId);
			t.equal(silent.length, 0, "instance B: no recipient is quietly reported 'duplicate' although this execution never sent them anything", silent.slice(0, 1).map((i) => i.json));
		},
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

module.exports = { scenarios, helpers: { output, runData, pairedIndexes, domestic, isValidPhone, countBy, sendRequests, bulkRequests, checkPairing, checkNoDoubleSend, SEND_NODE } };

'use strict';
/**
 * Queue-mode scenarios: this package in n8n's own distributed engine (one main, two workers, one
 * webhook processor, Redis, Postgres), run by scripts/queue.js. Each scenario has its own
 * simulator and credential, and its workflows in test/queue/workflows/ (imported and published
 * before it runs). Judged from the simulator's record of stored messages and from the executions
 * n8n kept (read through the main's public API).
 *
 * A scenario:
 *   name        printed before each of its checks
 *   workflows   files in test/queue/workflows/ (bound to the scenario's credential)
 *   simulator   options for startSimulator()
 *   setup({ sim })   before anything runs (faults, balance)
 *   run(ctx)    does the scenario and its checks; ctx = { cluster, main, hook, sim, workflows,
 *               credential, t }: `main` / `hook` are the N8nInstance of the main and the
 *               webhook processor, `t` the checker (`t.ok/equal(…, name)`, `t.note(text)`)
 *   killsWorker true: run it last (it leaves one worker)
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../../scripts/lib/constants');
const { request } = require('../../scripts/lib/http');
const { sleep } = require('../../scripts/lib/processes');
const { helpers } = require('../e2e/scenarios');

const { output, countBy, domestic, checkPairing, checkNoDoubleSend, bulkRequests, checkReachedOnce, customerPhones, SEND_NODE } = helpers;
const build = require('../e2e/build');

/**
 * Workflows built by test/e2e/build.js instead of read from test/queue/workflows/, by the name a
 * scenario lists them under (loadWorkflow below makes a fresh one each time).
 */
const BUILT = {
	'q8-two-days (built)': () =>
		build.webhookCampaign({ id: 'q8TwoDays', name: 'queue 8: campaign over the quota, two days', path: 'q8-two-days', count: 600, firstPhone: 25000000, sendParameters: { preflight: { quota: 'upToQuota' } }, sendOptions: { campaign: 'q8-two-days' } }),
	'q8-midnight (built)': () =>
		build.webhookCampaign({ id: 'q8Midnight', name: 'queue 8: fails at 23:50, retried at 00:10', path: 'q8-midnight', count: 1200, firstPhone: 25100000, sendParameters: { preflight: { balance: 'off' } }, sendOptions: { campaign: 'q8-midnight', requestsInFlight: 1 } }),
	'q7-fallback (built)': () => build.webhookFallbackCampaign({ id: 'q7FallbackCampaign', name: 'queue 7: ZNS with SMS fallback, 2,000', path: 'q7-fallback', count: 2000, firstPhone: 30000000 }),
};
const BULK_PATH = 'Send_zns_bulk_v4_post_json/';
const HOUR_MS = 60 * 60 * 1000;
/** The latest 23:50 in Vietnam at least two hours ago (00:10 after it has passed too). */
const LAST_TEN_TO_MIDNIGHT = (() => {
	const vietnam = new Date(Date.now() + 5 * HOUR_MS);
	const at = Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth(), vietnam.getUTCDate(), 23, 50) - 7 * HOUR_MS;
	return at > Date.now() - 2 * HOUR_MS ? at - 24 * HOUR_MS : at;
})();
const DONE = (e) => e.finished || (e.status && !['running', 'new', 'waiting', 'unknown'].includes(e.status));

// ------------------------------------------------------------------------------------------------
// Reading executions through the main's public API

/** Every execution of a workflow (newest first), without data unless asked; pages through. */
async function listExecutions(main, workflowId, { includeData = false, limit = 250 } = {}) {
	const all = [];
	let cursor = null;
	do {
		const q = new URLSearchParams({ workflowId, limit: String(limit) });
		if (includeData) q.set('includeData', 'true');
		if (cursor) q.set('cursor', cursor);
		const page = await main.api(`/executions?${q}`);
		all.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return all;
}

/** One execution with its run data. */
async function execution(main, id) {
	return await main.api(`/executions/${id}?includeData=true`);
}

/** Waits until `count` executions of a workflow that are not in `known` have finished; returns them (no data). */
async function waitForNewExecutions(main, workflowId, { known = new Set(), count = 1, timeoutMs = 180000 } = {}) {
	const started = Date.now();
	for (;;) {
		const list = (await listExecutions(main, workflowId)).filter((e) => !known.has(String(e.id)));
		const done = list.filter(DONE);
		if (done.length >= count) return done;
		if (Date.now() - started > timeoutMs) {
			throw new Error(`waited ${timeoutMs} ms for ${count} new execution(s) of ${workflowId}; ${done.length} finished, ${list.length} in all`);
		}
		await sleep(500);
	}
}

async function knownIds(main, workflowId) {
	return new Set((await listExecutions(main, workflowId)).map((e) => String(e.id)));
}

/** The worker whose log says it started this execution, or null. */
function workerOf(cluster, executionId) {
	return cluster.workers.find((w) => w.startedExecutions().includes(String(executionId))) || null;
}

/** n8n's REST retry, as the editor calls it, with the owner's session cookie. */
async function retryExecution({ main, id, loadWorkflow }) {
	const s = main.requireServer();
	const res = await request('POST', `${s.url}/rest/executions/${id}/retry`, { loadWorkflow }, { cookie: s.cookie });
	return { status: res.status, body: res.json ? (res.json.data ?? res.json) : res.text };
}

/** Starts a production webhook on the webhook processor. */
async function callWebhook(hook, pathAndQuery) {
	const res = await hook.callWebhook(pathAndQuery, { timeoutMs: 60000 });
	if (res.status !== 200) throw new Error(`webhook ${pathAndQuery} answered ${res.status}: ${res.text.slice(0, 300)}`);
	return res;
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function runDuration(e) {
	return e.startedAt && e.stoppedAt ? Date.parse(e.stoppedAt) - Date.parse(e.startedAt) : NaN;
}

/** Checks that hold for every campaign execution: one item per recipient, each its own SMSID. */
function checkCampaign(t, label, run, sim, { count, messagesByRequestId }) {
	const inputs = output(run, 'Customers') || [];
	const items = output(run, SEND_NODE, 0) || [];
	t.equal(inputs.length, count, `${label}: the Code node made ${count.toLocaleString('en-US')} customers`);
	t.equal(items.length, count, `${label}: one output item per recipient`);
	checkPairing(t, label, inputs, items);
	const byStatus = countBy(items, (i) => i.json.status);
	t.equal(byStatus.accepted, count, `${label}: all ${count.toLocaleString('en-US')} accepted`, byStatus);
	const byRequestId = messagesByRequestId || new Map(sim.messages().map((m) => [m.requestId, m]));
	let wrong = 0;
	let example;
	for (const item of items) {
		const input = inputs[helpers.pairedIndexes(item)[0]];
		const m = byRequestId.get(item.json.requestId);
		const ok =
			m &&
			item.json.smsId &&
			m.smsId === item.json.smsId &&
			input &&
			m.normalizedPhone === domestic(input.json.phone) &&
			m.params[0] === input.json.name;
		if (!ok) {
			wrong++;
			example = example || { item: item.json, message: m };
		}
	}
	t.equal(wrong, 0, `${label}: every item's SMSID is the stored message for its own phone and name`, example);
	t.equal(new Set(items.map((i) => i.json.smsId)).size, count, `${label}: ${count.toLocaleString('en-US')} different SMSIDs`);
	return items;
}

// ------------------------------------------------------------------------------------------------

const scenarios = [
	{
		name: '1 campaign of 10,000 from a production webhook',
		workflows: ['q1-campaign-10k.json'],
		async run({ cluster, main, hook, sim, t }) {
			const wf = 'q1Campaign10k';
			const known = await knownIds(main, wf);
			const started = Date.now();
			await callWebhook(hook, 'q1-campaign');
			const [done] = await waitForNewExecutions(main, wf, { known });
			const wall = Date.now() - started;
			const run = await execution(main, done.id);
			t.note(`execution ${run.id}: ${run.status} (mode ${run.mode}) in ${secs(runDuration(run))}; webhook to stored ${secs(wall)}`);
			t.equal(run.status, 'success', 'the execution succeeded', run.data && run.data.resultData.error);
			const worker = workerOf(cluster, run.id);
			t.ok(worker, 'a worker ran it (its log says "Worker started execution")', cluster.workers.map((w) => w.startedExecutions()));
			if (worker) t.note(`ran on ${worker.name}`);
			checkCampaign(t, 'output', run, sim, { count: 10000 });
			const messages = checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 10000, 'the simulator stored 10,000 messages');
			const sizes = bulkRequests(sim).map((r) => (r.body && r.body.Data ? r.body.Data.length : -1));
			t.ok(sizes.length === 20 && sizes.every((n) => n === 500), '20 requests of 500', sizes);
		},
	},
	{
		name: '2 two campaigns at once on two workers',
		workflows: ['q2-campaign-a.json', 'q2-campaign-b.json'],
		setup({ sim }) {
			// Keep both campaigns on the wire for a while, so that they overlap.
			sim.faults.add({ kind: 'latency', ms: 150, path: BULK_PATH });
		},
		async run({ cluster, main, hook, sim, t }) {
			const ids = ['q2CampaignA', 'q2CampaignB'];
			const known = await Promise.all(ids.map((id) => knownIds(main, id)));
			await Promise.all([callWebhook(hook, 'q2-campaign-a'), callWebhook(hook, 'q2-campaign-b')]);
			const done = await Promise.all(ids.map((id, i) => waitForNewExecutions(main, id, { known: known[i] })));
			const runs = [];
			for (const [d] of done) runs.push(await execution(main, d.id));
			const [a, b] = runs;
			for (const [i, run] of runs.entries()) t.equal(run.status, 'success', `campaign ${'AB'[i]} succeeded`, run.data && run.data.resultData.error);
			const workers = runs.map((r) => workerOf(cluster, r.id));
			t.note(`A: execution ${a.id} on ${workers[0] && workers[0].name}, ${a.startedAt} → ${a.stoppedAt}; B: execution ${b.id} on ${workers[1] && workers[1].name}, ${b.startedAt} → ${b.stoppedAt}`);
			const overlap = Date.parse(a.startedAt) < Date.parse(b.stoppedAt) && Date.parse(b.startedAt) < Date.parse(a.stoppedAt);
			t.ok(overlap, 'the two executions ran at the same time');
			t.ok(workers[0] && workers[1] && workers[0] !== workers[1], 'on the two different workers', workers.map((w) => w && w.name));
			const messages = sim.messages();
			const byRequestId = new Map(messages.map((m) => [m.requestId, m]));
			const itemsA = checkCampaign(t, 'A', a, sim, { count: 4000, messagesByRequestId: byRequestId });
			const itemsB = checkCampaign(t, 'B', b, sim, { count: 4000, messagesByRequestId: byRequestId });
			const smsA = new Set(itemsA.map((i) => i.json.smsId));
			t.equal(itemsB.filter((i) => smsA.has(i.json.smsId)).length, 0, "no SMSID of A appears in B's output");
			const ridA = new Set(itemsA.map((i) => i.json.requestId));
			t.equal(itemsB.filter((i) => ridA.has(i.json.requestId)).length, 0, 'no Request ID is shared by A and B');
			const foreign = messages.filter((m) => !/^[AB] /.test(m.params[0]) || (m.params[0][0] === 'A') !== m.normalizedPhone.startsWith('0922'));
			t.equal(foreign.length, 0, "every stored message has its own campaign's customer (A's names to A's phones, B's to B's)", foreign.slice(0, 2));
			checkNoDoubleSend(t, 'simulator', sim);
			t.equal(messages.length, 8000, 'the simulator stored 8,000 messages');
		},
	},
	{
		name: '3 eSMS Trigger behind the webhook processor: 2,000 callbacks',
		workflows: ['q3-trigger.json'],
		async run({ cluster, main, hook, sim, workflows, t }) {
			const wf = 'q3CallbackTrigger';
			const trigger = workflows['q3-trigger.json'];
			const node = trigger.nodes.find((n) => n.webhookId);
			const base = `${cluster.webhook.url}/webhook/${node.webhookId}/${node.parameters.callbackPath}`;
			const COUNT = 2000;
			// 2,000 real messages in the simulator, sent directly (no n8n), so every callback is one eSMS would send.
			for (let i = 0; i < COUNT / 500; i++) {
				const Data = Array.from({ length: 500 }, (_, j) => {
					const k = i * 500 + j;
					return { Phone: '09' + String(27000000 + k).padStart(8, '0'), RequestId: `q3-${k}`, Params: [`Q3 customer ${k}`, 'Eye exam', '01/02/2027'] };
				});
				const res = await request('POST', `${sim.baseUrl}/${BULK_PATH}`, { ApiKey: sim.defaultAccount.apiKey, SecretKey: sim.defaultAccount.secretKey, OAID: '4097311281936189049', TempID: '2056447', Data });
				if (!res.json || String(res.json.CodeResult) !== '100') throw new Error(`seeding the simulator failed: ${res.text.slice(0, 300)}`);
			}
			const messages = sim.messages();
			t.equal(messages.length, COUNT, 'the simulator holds 2,000 messages to report');
			const { callbackUrlFor } = require(path.join(ROOT, 'build', 'simulator', 'callbacks.js'));
			const urls = messages.map((m) => callbackUrlFor({ ...m, callbackUrl: base }, 'quoted', Date.now()));

			const known = await knownIds(main, wf);
			// A steady rate, a bounded number in flight, loopback only.
			const RATE = Number(process.env.ESMS_QUEUE_CALLBACK_RATE || 25); // per second
			const MAX_IN_FLIGHT = 32;
			const statuses = {};
			const forbidden = [];
			let inFlight = 0;
			const waiters = [];
			const one = async (url) => {
				inFlight++;
				try {
					const res = await request('GET', url);
					statuses[res.status] = (statuses[res.status] || 0) + 1;
				} catch (error) {
					statuses[error.code || 'error'] = (statuses[error.code || 'error'] || 0) + 1;
				} finally {
					inFlight--;
					const w = waiters.shift();
					if (w) w();
				}
			};
			const wrong = async () => {
				const res = await request('GET', `${cluster.webhook.url}/webhook/${node.webhookId}/not-the-secret-0000000?SMSID=x&SendStatus=5`);
				const none = await request('GET', `${cluster.webhook.url}/webhook/${node.webhookId}?SMSID=x&SendStatus=5`);
				forbidden.push(res.status, none.status);
			};
			const started = Date.now();
			const pending = [];
			for (let i = 0; i < urls.length; i++) {
				const due = started + (i * 1000) / RATE;
				if (due > Date.now()) await sleep(due - Date.now());
				while (inFlight >= MAX_IN_FLIGHT) await new Promise((resolve) => waiters.push(resolve));
				pending.push(one(urls[i]));
				if (i === 0 || i === COUNT / 2 || i === COUNT - 1) pending.push(wrong());
			}
			await Promise.all(pending);
			const sendMs = Date.now() - started;
			t.note(`sent ${COUNT} callbacks in ${secs(sendMs)} (${(COUNT / (sendMs / 1000)).toFixed(0)}/s, at most ${MAX_IN_FLIGHT} in flight); answers ${JSON.stringify(statuses)}`);
			t.equal(statuses[200], COUNT, 'the webhook processor answered 200 to all 2,000', statuses);
			t.ok(forbidden.length === 6 && forbidden.every((s) => s === 403), 'a wrong secret or none gets 403', forbidden);

			const waitStarted = Date.now();
			let finished = [];
			try {
				finished = await waitForNewExecutions(main, wf, { known, count: COUNT, timeoutMs: 240000 });
			} catch (error) {
				t.note(error.message);
			}
			t.note(`all trigger executions finished ${secs(Date.now() - waitStarted)} after the last callback`);
			const all = (await listExecutions(main, wf, { includeData: true, limit: 100 })).filter((e) => !known.has(String(e.id)));
			t.equal(all.length, COUNT, '2,000 trigger executions, no more (the refused callbacks started nothing), none lost', { executions: all.length });
			t.equal(all.filter((e) => e.status === 'success').length, COUNT, 'every trigger execution succeeded', countBy(all, 'status'));
			const reports = all.map((e) => {
				const out = output(e, 'eSMS Trigger', 0) || [];
				return out.length === 1 ? out[0].json : null;
			});
			const bySms = new Map(messages.map((m) => [m.smsId, m]));
			const matched = reports.filter((r) => r && bySms.has(r.smsId) && bySms.get(r.smsId).requestId === r.requestId && domestic(r.phone) === bySms.get(r.smsId).normalizedPhone);
			t.equal(matched.length, COUNT, 'each execution holds one report whose SMSID, Request ID and phone are a stored message', reports.find((r) => !r || !bySms.has(r.smsId)));
			t.equal(new Set(reports.map((r) => r && r.smsId)).size, COUNT, 'each SMSID reported exactly once');
			const perWorker = cluster.workers.map((w) => {
				const mine = new Set(w.startedExecutions());
				return all.filter((e) => mine.has(String(e.id))).length;
			});
			t.equal(perWorker.reduce((a, b) => a + b, 0), COUNT, 'every trigger execution ran on a worker', perWorker);
			t.note(`per worker: ${cluster.workers.map((w, i) => `${w.name} ${perWorker[i]}`).join(', ')}`);
		},
	},
	{
		name: '4 Retry of a failed execution (code 103 mid-way)',
		workflows: ['q4-retry.json'],
		async run({ cluster, main, hook, sim, t }) {
			const wf = 'q4RetryExecution';
			// Two campaigns of 3,000 (different customers, ?from=): the first retried with the workflow
			// stored in the execution, the second with the currently saved one, as the editor offers.
			for (const [label, from, loadWorkflow] of [['4a', 0, false], ['4b', 100000, true]]) {
				const mine = (m) => m.params[0].startsWith('Q4 ') && Number(m.params[0].split(' ')[1]) >= from && Number(m.params[0].split(' ')[1]) < from + 3000;
				sim.faults.clear();
				// eSMS answers 103 (balance too low) from the 3rd batch on.
				sim.faults.add({ kind: 'result-code', code: '103', path: BULK_PATH, after: 2 });
				const known = await knownIds(main, wf);
				await callWebhook(hook, `q4-campaign?from=${from}`);
				const [first] = await waitForNewExecutions(main, wf, { known });
				const e1 = await execution(main, first.id);
				const error1 = e1.data && e1.data.resultData.error;
				const storedBefore = sim.messages().filter(mine);
				t.note(`${label}: execution ${e1.id} on ${(workerOf(cluster, e1.id) || {}).name}: ${e1.status}, ${error1 && error1.message}; stored ${storedBefore.length}`);
				t.equal(e1.status, 'error', `${label}: the campaign fails when eSMS answers 103 from the 3rd batch on`);
				t.ok(/103/.test(JSON.stringify(error1 || {})), `${label}: its error names code 103`, error1 && error1.message);
				t.equal(storedBefore.length, 1000, `${label}: the first two batches (1,000) were stored before the failure`);

				// The user tops up and clicks Retry.
				sim.faults.clear();
				const r = await retryExecution({ main, id: e1.id, loadWorkflow });
				t.equal(r.status, 200, `${label}: POST /rest/executions/${e1.id}/retry {"loadWorkflow": ${loadWorkflow}} is accepted`, r);
				const id = r.body && r.body.id;
				const e2 = id ? await execution(main, id) : null;
				const worker = id ? workerOf(cluster, id) : null;
				t.note(`${label}: retry → execution ${id} (${e2 && e2.mode}, retry of ${e2 && e2.retryOf}) on ${worker && worker.name}: ${e2 && e2.status}`);
				t.ok(worker, `${label}: the retry ran on a worker`);
				t.equal(e2 && e2.status, 'success', `${label}: the retry succeeded`, e2 && e2.data && e2.data.resultData.error);

				const messages = sim.messages().filter(mine);
				t.equal(messages.length, 3000, `${label}: every recipient has exactly one stored message (3,000)`, { stored: messages.length });
				t.equal(new Set(messages.map((m) => m.normalizedPhone)).size, messages.length, `${label}: no phone got two messages`);
				const items = (e2 && output(e2, SEND_NODE, 0)) || [];
				t.equal(items.length, 3000, `${label}: the retry has one output item per recipient`);
				const earlier = new Set(storedBefore.map((m) => m.requestId));
				const byRequestId = new Map(messages.map((m) => [m.requestId, m]));
				const dup = items.filter((i) => i.json.status === 'duplicate');
				const acc = items.filter((i) => i.json.status === 'accepted');
				t.note(`${label}: statuses of the retry: ${JSON.stringify(countBy(items, (i) => i.json.status))}; duplicates with an SMSID: ${dup.filter((i) => i.json.smsId).length}`);
				t.ok(dup.length === 1000 && dup.every((i) => earlier.has(i.json.requestId)), `${label}: the 1,000 sent before the failure come back duplicate, not sent again`, { duplicates: dup.length });
				t.ok(acc.length === 2000 && acc.every((i) => !earlier.has(i.json.requestId) && byRequestId.get(i.json.requestId)?.smsId === i.json.smsId), `${label}: the other 2,000 are accepted, each with its stored SMSID`, { accepted: acc.length });
			}
		},
	},
	{
		name: '6 Retry On Fail on a worker, an answer lost once',
		workflows: ['q6-retry-on-fail.json'],
		setup({ sim }) {
			sim.faults.add({ kind: 'accept-then-drop', path: BULK_PATH, times: 1 });
		},
		async run({ cluster, main, hook, sim, t }) {
			const wf = 'q6RetryOnFail';
			const known = await knownIds(main, wf);
			await callWebhook(hook, 'q6-campaign');
			const [done] = await waitForNewExecutions(main, wf, { known });
			const run = await execution(main, done.id);
			t.note(`execution ${run.id} on ${(workerOf(cluster, run.id) || {}).name}: ${run.status}; send node runs: ${((run.data.resultData.runData || {})[SEND_NODE] || []).length}`);
			t.equal(run.status, 'success', 'the execution succeeded', run.data && run.data.resultData.error);
			t.ok(workerOf(cluster, run.id), 'a worker ran it');
			const sends = bulkRequests(sim);
			t.equal(sends.filter((r) => (r.faults || []).includes('accept-then-drop')).length, 1, 'the fault dropped exactly one answer');
			const inputs = output(run, 'Customers') || [];
			const items = output(run, SEND_NODE, 0) || [];
			t.equal(items.length, 1100, 'one output item per recipient');
			checkPairing(t, 'pairing', inputs, items);
			const messages = checkNoDoubleSend(t, 'exactly once', sim);
			t.equal(messages.length, 1100, 'every recipient has exactly one stored message');
			const byRequestId = new Map(messages.map((m) => [m.requestId, m]));
			t.equal(items.filter((i) => byRequestId.has(i.json.requestId)).length, 1100, "every output item's Request ID is a stored message");
			const bad = items.filter((i) => !['accepted', 'duplicate'].includes(i.json.status));
			t.equal(bad.length, 0, 'no recipient who got a message is reported failed', bad.slice(0, 2).map((i) => i.json));
			t.note(`statuses: ${JSON.stringify(countBy(items, (i) => i.json.status))}; without SMSID: ${items.filter((i) => !i.json.smsId).length}`);
		},
	},
	{
		// (The credential is named after the scenario: Postgres keeps at most 128 characters.)
		name: '7 ZNS with SMS fallback by webhook, 2,000 customers (20 % without Zalo), then the webhook again',
		workflows: ['q7-fallback (built)'],
		setup({ sim }) {
			sim.settings.noZaloPercent = 20;
		},
		async run({ cluster, main, hook, sim, t }) {
			const wf = 'q7FallbackCampaign';
			const COUNT = 2000;
			const phones = customerPhones(COUNT, 30000000);
			const runs = [];
			for (const label of ['first', 'again']) {
				const known = await knownIds(main, wf);
				const started = Date.now();
				const requestsBefore = sim.requests.filter((r) => /multichannelmessage/i.test(r.path)).length;
				await callWebhook(hook, 'q7-fallback');
				const [done] = await waitForNewExecutions(main, wf, { known });
				const run = await execution(main, done.id);
				const worker = workerOf(cluster, run.id);
				t.note(`${label}: execution ${run.id} (${run.mode}) on ${worker && worker.name}: ${run.status} in ${secs(runDuration(run))}; webhook to stored ${secs(Date.now() - started)}`);
				t.equal(run.status, 'success', `${label}: the execution succeeded`, run.data && run.data.resultData.error);
				t.ok(worker, `${label}: a worker ran it`);
				const inputs = output(run, 'Customers') || [];
				const items = output(run, SEND_NODE, 0) || [];
				t.equal(items.length, COUNT, `${label}: one output item per customer`);
				checkPairing(t, label, inputs, items);
				const sent = sim.requests.filter((r) => /multichannelmessage/i.test(r.path)).length - requestsBefore;
				t.note(`${label}: ${sent} MultiChannelMessage requests; statuses ${JSON.stringify(countBy(items, (i) => i.json.status))}, with an SMSID ${items.filter((i) => i.json.smsId).length}`);
				runs.push({ run, items, stored: sim.messages().length });
				if (label === 'first') {
					const wrong = items.filter((i) => !(i.json.status === 'accepted' && i.json.channel === 'zns_sms_fallback' && i.json.smsId));
					t.equal(wrong.length, 0, "first: every customer accepted with channel 'zns_sms_fallback' and an SMSID", wrong.slice(0, 2).map((i) => i.json));
					const stats = checkReachedOnce(t, 'first', sim, phones);
					t.equal(stats.sms, stats.znsFailed, 'first: one SMS per failed ZNS');
				}
			}
			const [first, again] = runs;
			t.deepEqual(countBy(again.items, (i) => i.json.status), { duplicate: COUNT }, 'again: nobody sent twice (all duplicate)');
			t.ok(again.items.every((i, k) => i.json.requestId === first.items[k].json.requestId), "again: with the first execution's Request IDs");
			t.equal(again.stored, first.stored, `again: the simulator holds the same ${first.stored} messages (no new ZNS, no new SMS)`);
			checkReachedOnce(t, 'after both', sim, phones);
			// On the worker that ran the first, the node answers "duplicate" from what it remembers (with the
			// SMSID, no request); on the other, eSMS answers 124 to each request (no SMSID). Both send nobody twice.
			const workers = runs.map((r) => workerOf(cluster, r.run.id));
			t.note(`workers: first ${workers[0] && workers[0].name}, again ${workers[1] && workers[1].name}${workers[0] === workers[1] ? ' (the same worker: answered from its memory)' : ' (another worker: eSMS answered 124)'}`);
		},
	},
	{
		// Issue 22: eSMS's sent log as the record past eSMS's Request ID window and past the workers'
		// memory. The simulator's clock stands at 23:50 in Vietnam and refuses Request IDs within the
		// calendar day only; both workers are restarted overnight (nothing remembered).
		name: '8 campaign truth: a campaign over the quota on two days, a run failed at 23:50 retried at 00:10',
		workflows: ['q8-two-days (built)', 'q8-midnight (built)'],
		simulator: { now: () => LAST_TEN_TO_MIDNIGHT, settings: { requestIdWindow: 'calendarDay' } },
		setup({ sim }) {
			sim.oa(build.OA).dailyQuota = 350;
			for (const phone of [...customerPhones(600, 25000000), ...customerPhones(1200, 25100000)]) sim.setDeliveryOutcome(phone, { status: 'delivered' });
		},
		async run({ cluster, main, hook, sim, t }) {
			const twoDays = customerPhones(600, 25000000);
			const midnight = customerPhones(1200, 25100000);
			const inCampaign = (phones) => {
				const set = new Set(phones);
				return (m) => set.has(m.normalizedPhone);
			};
			const campaignRun = async (wf, path) => {
				const known = await knownIds(main, wf);
				await callWebhook(hook, path);
				const [done] = await waitForNewExecutions(main, wf, { known });
				return await execution(main, done.id);
			};
			// 23:50: the campaign of 600 with a quota of 350; the other campaign fails from batch 2 on (103).
			const day1 = await campaignRun('q8TwoDays', 'q8-two-days');
			const day1Items = output(day1, SEND_NODE, 0) || [];
			t.deepEqual(countBy(day1Items, (i) => i.json.status), { accepted: 350, skipped: 250 }, '23:50, campaign of 600: 350 accepted (the quota), 250 over it');
			sim.oa(build.OA).dailyQuota = 350 + 1200; // room for the other campaign today
			sim.faults.add({ kind: 'result-code', code: '103', path: BULK_PATH, after: 1 });
			const failed = await campaignRun('q8Midnight', 'q8-midnight');
			sim.faults.clear();
			const storedBefore = sim.messages().filter(inCampaign(midnight)).length;
			t.equal(failed.status, 'error', '23:50, campaign of 1,200: fails (code 103 from batch 2 on)');
			t.equal(storedBefore, 500, '23:50: its first 500 were stored');

			// Overnight: both workers restart; at 00:10 eSMS has forgotten the Request IDs and the quota is new.
			for (const worker of cluster.workers) {
				await worker.stop();
				await worker.start(cluster.workerArgs);
			}
			sim.advanceClock(20 * 60 * 1000);
			t.note(`workers restarted: ${cluster.workers.map((w) => w.name).join(', ')}; the simulator's clock now 00:10 in Vietnam`);

			const r = await retryExecution({ main, id: failed.id, loadWorkflow: false });
			t.equal(r.status, 200, '00:10: Retry of the failed execution is accepted', r);
			const retried = r.body && r.body.id ? await execution(main, r.body.id) : null;
			t.equal(retried && retried.status, 'success', '00:10: the retry succeeds on a worker', retried && retried.data && retried.data.resultData.error);
			const retryItems = (retried && output(retried, SEND_NODE, 0)) || [];
			t.deepEqual(countBy(retryItems, (i) => i.json.status), { duplicate: 500, accepted: 700 }, '00:10: the 500 sent before midnight are not sent again, the other 700 are');
			t.ok(retryItems.filter((i) => i.json.status === 'duplicate').every((i) => /eSMS's sent log shows campaign "q8-midnight"/.test(i.json.message) && i.json.smsId), "each of the 500 says the sent log showed it, with its SMS ID");

			sim.oa(build.OA).dailyQuota = 700 + 350; // today: the retry's 700, then 350 for the campaign of 600
			const day2 = await campaignRun('q8TwoDays', 'q8-two-days');
			const day2Items = output(day2, SEND_NODE, 0) || [];
			t.deepEqual(countBy(day2Items, (i) => i.json.status), { duplicate: 350, accepted: 250 }, "the next day, campaign of 600: yesterday's 350 are not sent again, the other 250 are");
			const smsIdOfDay1 = new Map(day1Items.filter((i) => i.json.status === 'accepted').map((i) => [i.json.phone, i.json.smsId]));
			t.ok(day2Items.filter((i) => i.json.status === 'duplicate').every((i) => i.json.smsId === smsIdOfDay1.get(i.json.phone)), "each skipped customer carries yesterday's SMS ID");
			t.note(`workers: day 1 ${(workerOf(cluster, day1.id) || {}).name}, failed ${(workerOf(cluster, failed.id) || {}).name}, retry ${(retried && (workerOf(cluster, retried.id) || {}).name)}, day 2 ${(workerOf(cluster, day2.id) || {}).name}`);
			for (const [label, phones] of [['two days', twoDays], ['across midnight', midnight]]) {
				const byPhone = countBy(sim.messages().filter(inCampaign(phones)), 'normalizedPhone');
				const perRecipient = countBy(phones.map((p) => byPhone[p] || 0), (n) => n);
				t.deepEqual(perRecipient, { 1: phones.length }, `${label}: each of the ${phones.length} customers has exactly one stored message`);
				t.note(`${label}: per recipient ${JSON.stringify(perRecipient)}`);
			}
		},
	},
	{
		name: '5 a worker killed mid-send (20,000)',
		workflows: ['q5-crash.json'],
		killsWorker: true,
		setup({ sim }) {
			// 40 batches at 2 in flight: about 5 s on the wire, so the kill lands in the middle.
			sim.faults.add({ kind: 'latency', ms: 250, path: BULK_PATH });
		},
		async run({ cluster, main, hook, sim, t }) {
			const wf = 'q5WorkerCrash';
			const TOTAL = 20000;
			const known = await knownIds(main, wf);
			const before = new Map(cluster.workers.map((w) => [w, new Set(w.startedExecutions())]));
			await callWebhook(hook, 'q5-campaign');
			// Which worker took it, and wait until part of the campaign is stored.
			let victim = null;
			let executionId = null;
			const started = Date.now();
			while (Date.now() - started < 120000) {
				for (const w of cluster.workers) {
					const fresh = w.startedExecutions().filter((id) => !before.get(w).has(id));
					if (fresh.length) [victim, executionId] = [w, fresh[0]];
				}
				if (victim && sim.messages().length >= 5000) break;
				await sleep(50);
			}
			if (!victim) throw new Error('no worker started the campaign');
			const atKill = sim.messages().length;
			await victim.kill();
			const killedAt = Date.now();
			t.note(`killed ${victim.name} (SIGKILL, with its task runner) while execution ${executionId} was sending; ${atKill} stored at that moment`);
			t.ok(atKill > 0 && atKill < TOTAL, 'the kill landed mid-send');

			// What n8n does with the crashed execution (Bull: lock expiry, then the stalled check).
			let crashed = null;
			while (Date.now() - killedAt < 240000) {
				const e = (await listExecutions(main, wf)).find((x) => String(x.id) === String(executionId));
				if (e && DONE(e)) {
					crashed = await execution(main, executionId);
					break;
				}
				await sleep(1000);
			}
			const storedBefore = sim.messages();
			t.ok(crashed && crashed.status !== 'success', 'n8n ends the crashed execution as failed (not success, not running forever)', crashed && crashed.status);
			if (crashed) {
				const err = crashed.data && crashed.data.resultData.error;
				t.note(`after ${secs(Date.now() - killedAt)}: status "${crashed.status}", error: ${err && err.message}; nodes with run data: ${Object.keys(crashed.data.resultData.runData || {}).join(', ') || 'none'}`);
			}
			t.note(`stored when n8n gave up: ${storedBefore.length} of ${TOTAL}`);

			// What the user does: Retry from the executions list; when n8n cannot, run the workflow again.
			let recovery = null;
			let how = '';
			if (crashed) {
				const r = await retryExecution({ main, id: executionId, loadWorkflow: false });
				t.note(`Retry of the crashed execution: HTTP ${r.status} ${JSON.stringify(r.body && (r.body.message || r.body.status || r.body)).slice(0, 200)}`);
				const id = r.status === 200 && r.body && r.body.id;
				const e = id ? await execution(main, id) : null;
				if (e && output(e, SEND_NODE, 0)) [recovery, how] = [e, `Retry → execution ${id}`];
				else if (e) {
					const err = e.data && e.data.resultData && e.data.resultData.error;
					t.note(`the retry (execution ${id}, ${e.status}) ran no node: ${err ? err.message : 'no error message'}`);
				}
			}
			if (!recovery) {
				const k = await knownIds(main, wf);
				await callWebhook(hook, 'q5-campaign');
				const [done] = await waitForNewExecutions(main, wf, { known: k, timeoutMs: 240000 });
				recovery = await execution(main, done.id);
				how = `the production webhook called again → execution ${done.id}`;
			}
			const survivor = workerOf(cluster, recovery.id);
			t.note(`recovery: ${how}, ${recovery.status} on ${survivor && survivor.name}`);
			t.equal(recovery.status, 'success', 'the recovery run succeeded', recovery.data && recovery.data.resultData.error);
			t.ok(survivor && survivor !== victim, 'on the surviving worker');

			const messages = checkNoDoubleSend(t, 'after recovery', sim);
			t.equal(messages.length, TOTAL, 'every recipient has exactly one stored message (20,000)');
			const items = output(recovery, SEND_NODE, 0) || [];
			t.equal(items.length, TOTAL, 'the recovery run has one output item per recipient');
			const earlier = new Set(storedBefore.map((m) => m.requestId));
			const dup = items.filter((i) => i.json.status === 'duplicate');
			const acc = items.filter((i) => i.json.status === 'accepted');
			t.note(`recovery statuses: ${JSON.stringify(countBy(items, (i) => i.json.status))}; duplicates with an SMSID: ${dup.filter((i) => i.json.smsId).length}`);
			t.ok(dup.length === earlier.size && dup.every((i) => earlier.has(i.json.requestId)), 'the recipients accepted before the crash are exactly those reported duplicate (the user sees who got it)', { duplicates: dup.length, storedBefore: earlier.size });
			t.ok(acc.length === TOTAL - earlier.size && acc.every((i) => !earlier.has(i.json.requestId) && i.json.smsId), 'only the others were sent, each with its SMSID', { accepted: acc.length, expected: TOTAL - earlier.size });
		},
	},
];

/** Loads a workflow file (or builds one of BUILT), replacing @@NAME@@ placeholders. */
function loadWorkflow(dir, file, placeholders = {}) {
	if (BUILT[file]) return BUILT[file]();
	const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/@@([A-Z0-9_]+)@@/g, (m, name) => (name in placeholders ? placeholders[name] : m));
	return JSON.parse(text);
}

module.exports = { scenarios, loadWorkflow, listExecutions, execution, waitForNewExecutions, workerOf, retryExecution };

'use strict';
/**
 * Benchmark workflows, generated per size and run (fresh node ids and RequestIds every run, so
 * nothing is answered 124 by the simulator).
 *   node    Customers → eSMS ZNS (this package; RequestIds auto; default Requests in Flight)
 *   burst   the same with Requests in Flight raised to the DIY workflow's burst
 *   overlap the same with On Error "Continue (regular output)", where batches leave while items are read
 *   lean    the same with both pre-flight checks (Daily Quota, Balance) set to "Don't Check"
 *   leanburst  lean with Requests in Flight at the burst
 *   diy     Customers → Build batches (Code, 500 rows) → HTTP Request (bulk endpoint) → Split replies (Code)
 *   n8nhttp the same with the eSMS API credential on the HTTP Request node; only that node is timed
 *   single  Customers → HTTP Request per item (SendZaloMessage_V4_post_json/)
 * The one-per-request (SMS, fallback) workflows are in smsWorkflows.js.
 * Every workflow starts with a node named Start: a Manual Trigger (for `n8n execute`), or with
 * `trigger: 'webhook'` a Webhook on POST /webhook/<workflow id> that answers at once (for a
 * long-running `n8n start`).
 */
const crypto = require('node:crypto');
const { webhookStart } = require('../../test/e2e/build');
const { customersCode } = require('./customers');

const OA_ID = '4097311281936189049';
const TEMPLATE_ID = '2056447';

const uuid = () => crypto.randomUUID();

function base(id, name, nodes, connections) {
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

function start(trigger, path) {
	if (trigger === 'webhook') return webhookStart(path, { name: 'Start', httpMethod: 'POST' });
	return { id: uuid(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

function customers(n) {
	return { id: uuid(), name: 'Customers', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: customersCode(n) } };
}

const link = (from, to) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });

function nodeWorkflow({ id, n, credential, requestsInFlight, onError, checksOff = false, trigger }) {
	const options = { batchSize: 500 };
	if (requestsInFlight) options.requestsInFlight = requestsInFlight;
	return base(
		id,
		`bench node ${n}`,
		[
			start(trigger, id),
			customers(n),
			{
				id: uuid(),
				name: 'eSMS ZNS',
				type: 'n8n-nodes-esms.esmsZns',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'znsMessage',
					operation: 'send',
					oaId: { __rl: true, mode: 'id', value: OA_ID },
					templateId: { __rl: true, mode: 'id', value: TEMPLATE_ID },
					phone: '={{ $json.phone }}',
					paramsMode: 'list',
					templateParams: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.service }}' }, { value: '={{ $json.date }}' }] },
					requestIdMode: 'auto',
					options,
					...(checksOff ? { preflight: { quota: 'off', balance: 'off' } } : {}),
				},
				credentials: { esmsApi: { id: credential.id, name: credential.name } },
				...(onError ? { onError } : {}),
			},
		],
		{ ...link('Start', 'Customers'), ...link('Customers', 'eSMS ZNS') },
	);
}

/**
 * With `credential`, the HTTP Request node signs each request with the eSMS API credential
 * (Predefined Credential Type), as the eSMS ZNS node does, and the bodies carry no keys.
 */
function diyWorkflow({ id, n, baseUrl, keys, runTag, trigger, credential }) {
	const keyFields = credential ? '' : `, ApiKey: ${JSON.stringify(keys.apiKey)}, SecretKey: ${JSON.stringify(keys.secretKey)}`;
	const build = `// Do it yourself: 500 recipients per request body.
const items = $input.all();
const size = 500;
const out = [];
for (let s = 0; s < items.length; s += size) {
  const Data = [];
  for (let i = s; i < Math.min(s + size, items.length); i++) {
    const c = items[i].json;
    Data.push({ Phone: c.phone, RequestId: ${JSON.stringify(runTag)} + '-' + i, Params: [c.name, c.service, c.date] });
  }
  out.push({ json: { body: { OAID: ${JSON.stringify(OA_ID)}, TempID: ${JSON.stringify(TEMPLATE_ID)}, Data${keyFields} } } });
}
return out;`;
	const split = `// One item per recipient again, matched by phone.
const batches = $('Build batches').all();
const replies = $input.all();
const out = [];
for (let b = 0; b < replies.length; b++) {
  const data = batches[b].json.body.Data;
  const byPhone = new Map();
  for (const row of replies[b].json.detail || []) byPhone.set(String(row.Phone), row);
  for (const d of data) {
    const row = byPhone.get(d.Phone);
    const code = row ? String(row.CodeResult) : null;
    out.push({ json: { phone: d.Phone, requestId: d.RequestId, status: code === '100' ? 'accepted' : row ? 'rejected' : 'unconfirmed', smsId: (row && row.SMSID) || null, codeResult: code } });
  }
}
return out;`;
	return base(
		id,
		`bench diy ${n}`,
		[
			start(trigger, id),
			customers(n),
			{ id: uuid(), name: 'Build batches', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 0], parameters: { jsCode: build } },
			{
				id: uuid(),
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [660, 0],
				parameters: {
					method: 'POST',
					url: `${baseUrl}/Send_zns_bulk_v4_post_json/`,
					...(credential ? { authentication: 'predefinedCredentialType', nodeCredentialType: 'esmsApi' } : {}),
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ $json.body }}',
					options: {},
				},
				...(credential ? { credentials: { esmsApi: { id: credential.id, name: credential.name } } } : {}),
			},
			{ id: uuid(), name: 'Split replies', type: 'n8n-nodes-base.code', typeVersion: 2, position: [880, 0], parameters: { jsCode: split } },
		],
		{ ...link('Start', 'Customers'), ...link('Customers', 'Build batches'), ...link('Build batches', 'HTTP Request'), ...link('HTTP Request', 'Split replies') },
	);
}

function singleWorkflow({ id, n, baseUrl, keys, runTag, trigger }) {
	const body =
		`={{ { ApiKey: ${JSON.stringify(keys.apiKey)}, SecretKey: ${JSON.stringify(keys.secretKey)}, OAID: ${JSON.stringify(OA_ID)}, ` +
		`TempID: ${JSON.stringify(TEMPLATE_ID)}, Phone: $json.phone, RequestId: ${JSON.stringify(runTag)} + '-' + $itemIndex, ` +
		'Params: [$json.name, $json.service, $json.date] } }}';
	return base(
		id,
		`bench single ${n}`,
		[
			start(trigger, id),
			customers(n),
			{
				id: uuid(),
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'POST',
					url: `${baseUrl}/SendZaloMessage_V4_post_json/`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: body,
					options: {},
				},
			},
		],
		{ ...link('Start', 'Customers'), ...link('Customers', 'HTTP Request') },
	);
}

/** The variants built by nodeWorkflow: the eSMS ZNS node sends and holds the result. */
const NODE_VARIANTS = ['node', 'burst', 'overlap', 'lean', 'leanburst'];

/** Node names whose executionTime makes up each variant's "send" time. */
const SEND_NODES = {
	...Object.fromEntries(NODE_VARIANTS.map((v) => [v, ['eSMS ZNS']])),
	diy: ['Build batches', 'HTTP Request', 'Split replies'],
	// n8n's request path alone: the HTTP Request node sending the node's bodies with its credential.
	n8nhttp: ['HTTP Request'],
	single: ['HTTP Request'],
};

/** The node whose output holds one item per recipient. */
const RESULT_NODE = { ...Object.fromEntries(NODE_VARIANTS.map((v) => [v, 'eSMS ZNS'])), diy: 'Split replies', n8nhttp: 'Split replies', single: 'HTTP Request' };

module.exports = { nodeWorkflow, diyWorkflow, singleWorkflow, SEND_NODES, RESULT_NODE, OA_ID, TEMPLATE_ID, base, start, customers, link, uuid };

'use strict';
/**
 * Builds end-to-end workflows in code, for scenarios that need several variants of one shape
 * (loops of several sizes, every Template Values × On Error mode). scripts/e2e.js imports them
 * like the files of test/e2e/workflows/. Ids contain a digit and stay ≤ 21 characters.
 */

const OA = '4097311281936189049';
const REMINDER = '2056447';
const CREDENTIAL = { id: 'e2eSimCredential', name: 'eSMS simulator' };

let uuidCounter = 0;
/** Deterministic node ids, unique across the workflows built in one run. */
function nodeId() {
	uuidCounter++;
	return `f0000000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`;
}

/**
 * A Code node making `count` deterministic customers with phones from `firstPhone` on; every
 * 101st (at 50, 151, …) has a phone eSMS cannot take when `withInvalid`.
 */
function customersNode({ count, firstPhone = 11000000, withInvalid = false, position = [220, 0] }) {
	const code = [
		`const N = ${count};`,
		"const first = ['An', 'Binh', 'Chi', 'Dung', 'Giang', 'Hoa', 'Khanh', 'Lan', 'Minh', 'Nam'];",
		"const services = ['Dental check-up', 'Eye exam', 'Haircut', 'Massage', 'Vaccination'];",
		"const badPhones = ['12345', '0912 34', 'not a phone', '0123456789'];",
		`const phoneOf = (i) => (${withInvalid} && i % 101 === 50 ? badPhones[Math.floor(i / 101) % 4] : '09' + String(${firstPhone} + i).padStart(8, '0'));`,
		'const out = [];',
		'for (let i = 0; i < N; i++) {',
		"  const day = String(1 + (i % 28)).padStart(2, '0');",
		"  out.push({ json: { customerId: i + 1, name: 'Nguyen ' + first[i % first.length], phone: phoneOf(i), service: services[i % services.length], date: day + '/01/2027' } });",
		'}',
		'return out;',
	].join('\n');
	return { id: nodeId(), name: 'Customers', type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode: code } };
}

const PARAMS_MODES = {
	list: {
		paramsMode: 'list',
		templateParams: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.service }}' }, { value: '={{ $json.date }}' }] },
	},
	json: { paramsMode: 'json', paramsJson: '={{ [$json.name, $json.service, $json.date] }}' },
	fields: {
		paramsMode: 'fields',
		templateFields: {
			mappingMode: 'defineBelow',
			value: { customer_name: '={{ $json.name }}', service: '={{ $json.service }}', appointment_date: '={{ $json.date }}' },
			matchingColumns: [],
			schema: ['customer_name', 'service', 'appointment_date'].map((id) => ({
				id,
				displayName: id,
				required: true,
				defaultMatch: false,
				display: true,
				type: 'string',
			})),
		},
	},
};

/** An eSMS ZNS Send node for the appointment reminder. */
function sendNode({ name = 'eSMS ZNS', paramsMode = 'list', parameters = {}, options = {}, settings = {}, position = [660, 0] } = {}) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-esms.esmsZns',
		typeVersion: 1,
		position,
		parameters: {
			resource: 'znsMessage',
			operation: 'send',
			oaId: { __rl: true, mode: 'list', value: OA, cachedResultName: 'eSMS Demo Shop' },
			templateId: { __rl: true, mode: 'list', value: REMINDER, cachedResultName: 'Appointment reminder' },
			phone: '={{ $json.phone }}',
			...PARAMS_MODES[paramsMode],
			requestIdMode: 'auto',
			...parameters,
			options,
		},
		credentials: { esmsApi: { ...CREDENTIAL } },
		...settings,
	};
}

function workflow(id, name, nodes, connections) {
	if (id.length > 21 || !/\d/.test(id)) throw new Error(`bad workflow id ${id}`);
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const link = (node, index = 0) => ({ node, type: 'main', index });

function manualStart() {
	return { id: nodeId(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

/** A Webhook on /webhook/<path> that answers at once and starts the workflow (also the bench's trigger). */
function webhookStart(path, { name = 'Webhook', httpMethod = 'GET' } = {}) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: nodeId(),
		parameters: { path, httpMethod, responseMode: 'onReceived', options: {} },
	};
}

/**
 * Customers → Loop Over Items (batch size `batchSize`) → eSMS ZNS → back to the loop; the loop's
 * "done" output goes to a No Op. The send node runs once per round in one execution.
 */
function loopWorkflow({ id, name, count, batchSize, withInvalid = true, sendParameters = {}, sendOptions = {}, sendSettings = {} }) {
	const nodes = [
		manualStart(),
		customersNode({ count, withInvalid }),
		{ id: nodeId(), name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [440, 0], parameters: { batchSize, options: {} } },
		sendNode({ parameters: sendParameters, options: sendOptions, settings: { onError: 'continueRegularOutput', ...sendSettings } }),
		{ id: nodeId(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [660, -200], parameters: {} },
	];
	return workflow(id, name, nodes, {
		Start: { main: [[link('Customers')]] },
		Customers: { main: [[link('Loop Over Items')]] },
		'Loop Over Items': { main: [[link('Done')], [link('eSMS ZNS')]] },
		'eSMS ZNS': { main: [[link('Loop Over Items')]] },
	});
}

/** Webhook → Customers → eSMS ZNS with default settings (a production campaign). */
function webhookCampaign({ id, name, path, count, firstPhone }) {
	return workflow(id, name, [webhookStart(path), customersNode({ count, firstPhone }), sendNode({ position: [440, 0] })], {
		Webhook: { main: [[link('Customers')]] },
		Customers: { main: [[link('eSMS ZNS')]] },
	});
}

/** Manual → Customers → eSMS ZNS, one send node with the given settings. */
function simpleSend({ id, name, count, firstPhone, withInvalid = false, paramsMode = 'list', sendParameters = {}, sendOptions = {}, sendSettings = {} }) {
	return workflow(
		id,
		name,
		[manualStart(), customersNode({ count, firstPhone, withInvalid }), sendNode({ paramsMode, parameters: sendParameters, options: sendOptions, settings: sendSettings, position: [440, 0] })],
		{ Start: { main: [[link('Customers')]] }, Customers: { main: [[link('eSMS ZNS')]] } },
	);
}

/**
 * One Customers node feeding a send node per Template Values mode and Continue mode, each with a
 * No Op on its success output ("Sent …") and, in error-output mode, one on its error output.
 */
function everyContinueMode({ id, name, count }) {
	const nodes = [manualStart(), customersNode({ count })];
	const connections = { Start: { main: [[link('Customers')]] }, Customers: { main: [[]] } };
	let row = 0;
	for (const paramsMode of ['fields', 'list', 'json']) {
		for (const onError of ['continueRegularOutput', 'continueErrorOutput']) {
			const sendName = `Send ${paramsMode} ${onError === 'continueErrorOutput' ? 'error output' : 'regular output'}`;
			const y = row++ * 180;
			nodes.push(sendNode({ name: sendName, paramsMode, settings: { onError }, position: [440, y] }));
			nodes.push({ id: nodeId(), name: `Sent (${sendName})`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [660, y], parameters: {} });
			const outputs = [[link(`Sent (${sendName})`)]];
			if (onError === 'continueErrorOutput') {
				nodes.push({ id: nodeId(), name: `Failed (${sendName})`, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [660, y + 80], parameters: {} });
				outputs.push([link(`Failed (${sendName})`)]);
			}
			connections.Customers.main[0].push(link(sendName));
			connections[sendName] = { main: outputs };
		}
	}
	return workflow(id, name, nodes, connections);
}

/**
 * The recommended two-step campaign: Customers → eSMS ZNS "Estimate" (Estimate Only, Send Up to the
 * Quota, input fields kept) → IF the estimate fits the balance → eSMS ZNS "Send" (Send Up to the Quota).
 */
function estimateThenSend({ id, name, count, firstPhone, customers }) {
	const estimate = sendNode({
		name: 'Estimate',
		options: { includeInputFields: true },
		settings: { onError: 'continueRegularOutput' },
		position: [440, 0],
	});
	estimate.parameters.preflight = { estimateOnly: true, quota: 'upToQuota' };
	const check = {
		id: nodeId(),
		name: 'Within balance?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [660, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: nodeId(),
						leftValue: '={{ $json.estimate.withinBalance }}',
						rightValue: '',
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	const send = sendNode({ name: 'Send', settings: { onError: 'continueRegularOutput' }, position: [880, -100] });
	send.parameters.preflight = { quota: 'upToQuota' };
	const tooExpensive = { id: nodeId(), name: 'Too expensive', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [880, 100], parameters: {} };
	const source = customers || customersNode({ count, firstPhone });
	return workflow(id, name, [manualStart(), source, estimate, check, send, tooExpensive], {
		Start: { main: [[link(source.name)]] },
		[source.name]: { main: [[link('Estimate')]] },
		Estimate: { main: [[link('Within balance?')]] },
		'Within balance?': { main: [[link('Send')], [link('Too expensive')]] },
	});
}

module.exports = {
	estimateThenSend, loopWorkflow, webhookCampaign, simpleSend, everyContinueMode, webhookStart, OA, REMINDER };

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
function webhookCampaign({ id, name, path, count, firstPhone, sendParameters = {}, sendOptions = {} }) {
	return workflow(id, name, [webhookStart(path), customersNode({ count, firstPhone }), sendNode({ parameters: sendParameters, options: sendOptions, position: [440, 0] })], {
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


// ------------------------------------------------------------------------------------------------
// Every customer reached: SMS where Zalo cannot

const BRANDNAME = 'SIMCLINIC';
const SMS_TEXT = '=Xin chao {{ $json.name }}, lich hen {{ $json.service }} ngay {{ $json.date }}.';
/** The same text for the second step of "ZNS then SMS": its input is a delivery report, so the customer comes from the Customers node. */
const SMS_TEXT_FROM_CUSTOMERS =
	"=Xin chao {{ $('Customers').item.json.name }}, lich hen {{ $('Customers').item.json.service }} ngay {{ $('Customers').item.json.date }}.";
const EXAMPLE_CREDENTIAL = { id: 'exampleEsmsCredential', name: 'eSMS account' };

/** Node ids of a workflow of its own (an example file must not depend on what else was built). */
function idMaker(prefix) {
	let n = 0;
	return () => `${prefix}-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

const brandnameValue = () => ({ __rl: true, mode: 'list', value: BRANDNAME, cachedResultName: BRANDNAME });

/** An eSMS SMS › Send node (customer-care SMS under the SIMCLINIC brandname). */
function smsSendNode({ name = 'eSMS SMS', id = nodeId(), smsText = SMS_TEXT, options = { removeDiacritics: true, requestsInFlight: 20 }, settings = {}, position = [440, 0], credential = CREDENTIAL } = {}) {
	return {
		id,
		name,
		type: 'n8n-nodes-esms.esmsZns',
		typeVersion: 1,
		position,
		parameters: {
			resource: 'sms',
			operation: 'send',
			brandname: brandnameValue(),
			phone: '={{ $json.phone }}',
			smsText,
			requestIdMode: 'auto',
			options,
		},
		credentials: { esmsApi: { ...credential } },
		...settings,
	};
}

/** ZNS Message › Send with SMS Fallback on: eSMS sends the SMS itself when the ZNS cannot be delivered. */
function fallbackSendNode({ name = 'eSMS ZNS', id = nodeId(), options = { removeDiacritics: true, requestsInFlight: 50 }, settings = {}, position = [440, 0], credential = CREDENTIAL } = {}) {
	const node = sendNode({ name, parameters: { smsFallback: true, brandname: brandnameValue(), smsText: SMS_TEXT }, options, settings, position });
	node.id = id;
	node.credentials = { esmsApi: { ...credential } };
	return node;
}

/** The Code node of an example: a few sample customers, to be replaced by the user's own source. */
function sampleCustomersNode(id) {
	const customers = [
		['0901888484', 'Nguyen An', 'Dental check-up', '15/01/2027'],
		['0918238965', 'Tran Binh', 'Eye exam', '16/01/2027'],
		['0974691880', 'Le Chi', 'Haircut', '17/01/2027'],
		['0983456712', 'Pham Dung', 'Massage', '18/01/2027'],
	];
	const rows = customers.map(([phone, name, service, date]) => `  { json: { phone: ${JSON.stringify(phone)}, name: ${JSON.stringify(name)}, service: ${JSON.stringify(service)}, date: ${JSON.stringify(date)} } },`);
	const jsCode = ['// Replace with your customers (e.g. a Google Sheets or database node): phone, name, service, date.', 'return [', ...rows, '];'].join('\n');
	return { id, name: 'Customers', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode } };
}

/** An example workflow: no id (n8n gives one on import), the placeholder credential. */
function exampleWorkflow(name, nodes, connections) {
	return { name, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/**
 * examples/zns-with-sms-fallback.json: Start → Customers → eSMS ZNS (ZNS Message › Send, SMS
 * Fallback on). One request per customer; eSMS itself sends the SMS when Zalo cannot deliver.
 */
function znsWithSmsFallbackExample() {
	const newId = idMaker('e5000000');
	const start = { ...manualStart(), id: newId() };
	const send = fallbackSendNode({ name: 'ZNS, SMS if Zalo cannot', id: newId(), credential: EXAMPLE_CREDENTIAL });
	return exampleWorkflow('eSMS: ZNS to every customer, SMS where Zalo cannot (SMS Fallback)', [start, sampleCustomersNode(newId()), send], {
		Start: { main: [[link('Customers')]] },
		Customers: { main: [[link(send.name)]] },
	});
}

/**
 * examples/zns-then-sms.json, the two-step way: Start → Customers → "Send ZNS" (bulk, 500 a
 * request) → "Delivery reports" (ZNS Message › Get Delivery Reports of each SMSID) → "Not delivered
 * by Zalo?" (IF status is failed or rejected) → "Send SMS" (SMS › Send, the customer read from the
 * Customers node); the IF's other output goes to a No Op.
 */
function znsThenSmsExample() {
	const newId = idMaker('e6000000');
	const start = { ...manualStart(), id: newId() };
	const customers = sampleCustomersNode(newId());
	const zns = sendNode({ name: 'Send ZNS', position: [440, 0] });
	zns.id = newId();
	zns.credentials = { esmsApi: { ...EXAMPLE_CREDENTIAL } };
	const reports = {
		id: newId(),
		name: 'Delivery reports',
		type: 'n8n-nodes-esms.esmsZns',
		typeVersion: 1,
		position: [660, 0],
		parameters: {
			resource: 'znsMessage',
			operation: 'getDeliveryReports',
			oaId: { __rl: true, mode: 'list', value: OA, cachedResultName: 'eSMS Demo Shop' },
			smsId: '={{ $json.smsId }}',
		},
		credentials: { esmsApi: { ...EXAMPLE_CREDENTIAL } },
	};
	const statusIs = (value) => ({
		id: newId(),
		leftValue: '={{ $json.status }}',
		rightValue: value,
		operator: { type: 'string', operation: 'equals' },
	});
	const notDelivered = {
		id: newId(),
		name: 'Not delivered by Zalo?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [880, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [statusIs('failed'), statusIs('rejected')],
				combinator: 'or',
			},
			options: {},
		},
	};
	const sms = smsSendNode({ name: 'Send SMS', id: newId(), smsText: SMS_TEXT_FROM_CUSTOMERS, position: [1100, -100], credential: EXAMPLE_CREDENTIAL });
	const reached = { id: newId(), name: 'Reached on Zalo', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [1100, 100], parameters: {} };
	return exampleWorkflow('eSMS: ZNS first, then SMS to those Zalo did not reach', [start, customers, zns, reports, notDelivered, sms, reached], {
		Start: { main: [[link('Customers')]] },
		Customers: { main: [[link('Send ZNS')]] },
		'Send ZNS': { main: [[link('Delivery reports')]] },
		'Delivery reports': { main: [[link('Not delivered by Zalo?')]] },
		'Not delivered by Zalo?': { main: [[link('Send SMS')], [link('Reached on Zalo')]] },
	});
}

/** The example files the builders above make, by file name in examples/. */
const EXAMPLES = {
	'zns-then-sms.json': znsThenSmsExample,
	'zns-with-sms-fallback.json': znsWithSmsFallbackExample,
};

/**
 * An example as the e2e suite runs it: the committed file of examples/, with a workflow id (and
 * name), and its sample Customers replaced by `count` generated ones from `firstPhone` on.
 */
function fromExample(file, { id, name, count, firstPhone, customize }) {
	const fs = require('node:fs');
	const path = require('node:path');
	const wf = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8'));
	const customers = wf.nodes.find((n) => n.name === 'Customers');
	customers.parameters.jsCode = customersNode({ count, firstPhone }).parameters.jsCode;
	const out = { ...wf, id, name };
	if (id.length > 21 || !/\d/.test(id)) throw new Error(`bad workflow id ${id}`);
	if (customize) customize(out);
	return out;
}

/** Manual → Customers → eSMS SMS (SMS › Send). */
function smsCampaign({ id, name, count, firstPhone, sendOptions, sendSettings = {} }) {
	return workflow(id, name, [manualStart(), customersNode({ count, firstPhone }), smsSendNode({ name: 'eSMS SMS', options: sendOptions, settings: sendSettings })], {
		Start: { main: [[link('Customers')]] },
		Customers: { main: [[link('eSMS SMS')]] },
	});
}

/** Webhook → Customers → eSMS ZNS with SMS Fallback (a production campaign; the queue suite's). */
function webhookFallbackCampaign({ id, name, path, count, firstPhone }) {
	return workflow(id, name, [webhookStart(path), customersNode({ count, firstPhone }), fallbackSendNode({ position: [440, 0] })], {
		Webhook: { main: [[link('Customers')]] },
		Customers: { main: [[link('eSMS ZNS')]] },
	});
}

module.exports = {
	EXAMPLES, fromExample, smsCampaign, webhookFallbackCampaign, fallbackSendNode, smsSendNode, BRANDNAME,
	estimateThenSend, loopWorkflow, webhookCampaign, simpleSend, everyContinueMode, webhookStart, OA, REMINDER };

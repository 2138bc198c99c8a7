'use strict';
/**
 * Benchmark workflows for one recipient per request (fresh node ids and RequestIds every run):
 *   sms       Customers → eSMS (SMS › Send, brandname SIMCLINIC, RequestIds auto, Requests in Flight k)
 *   fallback  Customers → eSMS (ZNS Message › Send with SMS Fallback: MultiChannelMessage/, k in flight)
 *   smsdiy    Customers → HTTP Request, one SendMultipleMessage_V4_post_json/ per item, with n8n's
 *             own batching as the DIY ZNS workflow uses it (the default: every item at once)
 *   smsn8nhttp   the same HTTP Request node signing each request with the eSMS API credential
 *             (Predefined Credential Type, as the node signs its requests): n8n's own cost of one
 *             signed request, with no node code
 * The same recipients and SMS text as scripts/bench/smsFloor.js.
 */
const { OA_ID, TEMPLATE_ID, base, start, customers, link, uuid } = require('./workflows');

const BRANDNAME = 'SIMCLINIC';
/** The SMS text, as the node's expression and as the DIY / floor build it (GSM-7, one part). */
const SMS_TEXT_EXPRESSION = '=Xin chao {{ $json.name }}, lich hen ngay {{ $json.date }}.';
const smsText = (c) => `Xin chao ${c.name}, lich hen ngay ${c.date}.`;
/** eSMS's SmsType of a customer-care SMS, as the node sends it. */
const CUSTOMER_CARE = '2';

const NODE_NAME = { sms: 'eSMS SMS', fallback: 'eSMS ZNS+SMS' };

function smsNodeWorkflow({ id, n, credential, trigger, kind, requestsInFlight }) {
	const brandname = { __rl: true, mode: 'id', value: BRANDNAME };
	const parameters =
		kind === 'sms'
			? { resource: 'sms', operation: 'send', brandname, phone: '={{ $json.phone }}', smsText: SMS_TEXT_EXPRESSION, requestIdMode: 'auto' }
			: {
					resource: 'znsMessage',
					operation: 'send',
					oaId: { __rl: true, mode: 'id', value: OA_ID },
					templateId: { __rl: true, mode: 'id', value: TEMPLATE_ID },
					phone: '={{ $json.phone }}',
					paramsMode: 'list',
					templateParams: { values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.service }}' }, { value: '={{ $json.date }}' }] },
					requestIdMode: 'auto',
					smsFallback: true,
					brandname,
					smsText: SMS_TEXT_EXPRESSION,
				};
	parameters.options = { requestsInFlight };
	const name = NODE_NAME[kind];
	return base(
		id,
		`bench ${kind} ${n}`,
		[
			start(trigger, id),
			customers(n),
			{ id: uuid(), name, type: 'n8n-nodes-esms.esmsZns', typeVersion: 1, position: [440, 0], parameters, credentials: { esmsApi: { id: credential.id, name: credential.name } } },
		],
		{ ...link('Start', 'Customers'), ...link('Customers', name) },
	);
}

/**
 * One HTTP Request per item with the keys in the body, as one would build it by hand; with
 * `credential`, signed by the eSMS API credential instead (no keys in the body).
 */
function smsDiyWorkflow({ id, n, baseUrl, keys, runTag, trigger, credential }) {
	const keyFields = credential ? '' : `ApiKey: ${JSON.stringify(keys.apiKey)}, SecretKey: ${JSON.stringify(keys.secretKey)}, `;
	const body =
		`={{ { ${keyFields}Phone: $json.phone, ` +
		`Content: 'Xin chao ' + $json.name + ', lich hen ngay ' + $json.date + '.', Brandname: ${JSON.stringify(BRANDNAME)}, ` +
		`SmsType: ${JSON.stringify(CUSTOMER_CARE)}, IsUnicode: '0', RequestId: ${JSON.stringify(runTag)} + '-' + $itemIndex } }}`;
	return base(
		id,
		`bench ${credential ? 'smsn8nhttp' : 'smsdiy'} ${n}`,
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
					url: `${baseUrl}/SendMultipleMessage_V4_post_json/`,
					...(credential ? { authentication: 'predefinedCredentialType', nodeCredentialType: 'esmsApi' } : {}),
					sendBody: true,
					specifyBody: 'json',
					jsonBody: body,
					options: {},
				},
				...(credential ? { credentials: { esmsApi: { id: credential.id, name: credential.name } } } : {}),
			},
		],
		{ ...link('Start', 'Customers'), ...link('Customers', 'HTTP Request') },
	);
}

/** Node names whose executionTime is each variant's time, and the node holding one item per recipient. */
const SMS_SEND_NODES = { sms: [NODE_NAME.sms], fallback: [NODE_NAME.fallback], smsdiy: ['HTTP Request'], smsn8nhttp: ['HTTP Request'] };
const SMS_RESULT_NODE = { sms: NODE_NAME.sms, fallback: NODE_NAME.fallback, smsdiy: 'HTTP Request', smsn8nhttp: 'HTTP Request' };

module.exports = { smsNodeWorkflow, smsDiyWorkflow, SMS_SEND_NODES, SMS_RESULT_NODE, BRANDNAME, CUSTOMER_CARE, smsText };

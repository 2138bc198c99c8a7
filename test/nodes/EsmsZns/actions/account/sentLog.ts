/**
 * Set-up for Account › Get Sent Messages tests: a simulator on a clock of its own, the node's
 * "now" following it, and runs of Get Sent Messages, SMS › Send and ZNS Message › Send.
 */
import { Settings } from 'luxon';
import type { INode, INodeParameters } from 'n8n-workflow';

import { forgetPrices } from '../../../../../nodes/EsmsZns/lookups/preflight';
import { forgetTemplates } from '../../../../../nodes/EsmsZns/lookups/templates';
import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { startSimulator, type EsmsSimulator } from '../../../../../simulator/index';
import type { Customer } from '../../../../helpers/customers';
import { runNode } from '../../../../helpers/engine';
import { credentialsFor, locator, runSend } from '../../../../helpers/send';
import { manualClock } from '../../../../simulator/helpers';

export const HOUR = 3_600_000;
export const START = Date.UTC(2026, 10, 27, 3, 0, 0, 250); // 10:00:00.250 Vietnam time
export const VIETNAM_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// The simulator runs on a clock of its own, and the node's "now" (luxon's clock, as n8n's $now)
// follows it, so that advanceClock moves both. Importing this module installs the hooks.
const clock = manualClock(START);
let sim: EsmsSimulator;
export const simulator = (): EsmsSimulator => sim;
beforeAll(async () => {
	sim = await startSimulator({ now: clock.now });
});
beforeEach(() => {
	clock.set(START);
	sim.reset();
	forgetAll();
	forgetPrices();
	forgetTemplates();
	Settings.now = () => sim.now();
});
afterAll(async () => {
	Settings.now = () => Date.now();
	await sim.stop();
});

interface RunExtra {
	items?: object[];
	node?: Partial<INode>;
	keys?: Partial<{ apiKey: string; secretKey: string }>;
	timezone?: string;
}

function withoutUndefined(parameters: INodeParameters): INodeParameters {
	return Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined)) as INodeParameters;
}

export async function getSent(parameters: INodeParameters = {}, extra: RunExtra = {}) {
	const sim = simulator();
	return await runNode({
		node: { ...extra.node, parameters: withoutUndefined({ resource: 'account', operation: 'getSentMessages', returnAll: true, ...parameters }) },
		items: (extra.items ?? [{}]) as never,
		credentials: credentialsFor(sim, extra.keys),
		timezone: extra.timezone,
	});
}

export const sentLogRequests = (sim: EsmsSimulator) =>
	sim.requests.filter((request) => request.path.endsWith('GetSmsSentData_V2')).map((request) => request.body as Record<string, unknown>);

export async function sendSms(customers: Customer[], campaign: string) {
	const sim = simulator();
	const parameters = {
		resource: 'sms',
		operation: 'send',
		brandname: locator('SIMCLINIC'),
		phone: '={{ $json.phone }}',
		smsText: '=Xin chào {{ $json.name }}, hẹn gặp lại!',
		requestIdMode: 'auto',
		options: { campaign },
	};
	const { outputs, error } = await runNode({ node: { parameters }, items: customers as never, credentials: credentialsFor(sim) });
	expect(error).toBeUndefined();
	return outputs[0].map((item) => item.json);
}

export async function sendZns(customers: Customer[], campaign: string) {
	// One batch at a time, so that eSMS's log is in the order of the items.
	const { outputs, error } = await runSend(simulator(), customers, { options: { campaign, requestsInFlight: 1 } });
	expect(error).toBeUndefined();
	return outputs[0].map((item) => item.json);
}

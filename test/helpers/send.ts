/** Shared set-up for tests that run the Send operation in the engine against the simulator. */
import type { INode, INodeParameters } from 'n8n-workflow';

import { forgetPrices } from '../../nodes/EsmsZns/lookups/preflight';
import { forgetTemplates } from '../../nodes/EsmsZns/lookups/templates';
import { forgetAll } from '../../nodes/EsmsZns/send/memory';
import { startSimulator, type EsmsSimulator } from '../../simulator/index';
import { runNode, type RunOptions } from './engine';

export const SHOP_OA = '4097311281936189049';
export const REMINDER_TEMPLATE = '2056447';
export const ORDER_TEMPLATE = '2056446';

export function locator(value: string) {
	return { __rl: true, mode: 'id', value };
}

/** Send parameters for the appointment reminder, values given by position. */
export function sendParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'znsMessage',
		operation: 'send',
		oaId: locator(SHOP_OA),
		templateId: locator(REMINDER_TEMPLATE),
		phone: '={{ $json.phone }}',
		paramsMode: 'list',
		templateParams: {
			values: [{ value: '={{ $json.name }}' }, { value: '={{ $json.service }}' }, { value: '={{ $json.date }}' }],
		},
		requestIdMode: 'auto',
		...overrides,
	};
}

export function credentialsFor(sim: EsmsSimulator, keys: Partial<{ apiKey: string; secretKey: string }> = {}) {
	return { esmsApi: { ...sim.defaultAccount, baseUrl: sim.baseUrl, ...keys } };
}

/** Starts one simulator for a test file and resets it between tests. */
export function useSimulator(): () => EsmsSimulator {
	let sim: EsmsSimulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	beforeEach(() => {
		sim.reset();
		forgetAll();
		forgetPrices();
		forgetTemplates();
	});
	afterAll(async () => await sim.stop());
	return () => sim;
}

export async function runSend(
	sim: EsmsSimulator,
	items: RunOptions['items'],
	parameters: INodeParameters = {},
	node: Partial<INode> = {},
	extra: Partial<RunOptions> = {},
) {
	return await runNode({
		node: { ...node, parameters: sendParameters(parameters) },
		items,
		credentials: credentialsFor(sim),
		...extra,
	});
}

/**
 * SMS › Send run again in every way n8n runs a node again: Loop Over Items rounds, n8n's Retry On
 * Fail, Retry of a failed execution (a new execution with the same input), another process.
 * Judged from the SMS the simulator stored: each customer at most once.
 */
import type { INodeParameters } from 'n8n-workflow';

import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { makeCustomers } from '../../../../helpers/customers';
import { runNode } from '../../../../helpers/engine';
import { credentialsFor, locator, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
type Sim = ReturnType<typeof simulator>;

const SMS: INodeParameters = {
	resource: 'sms',
	operation: 'send',
	brandname: locator('SIMCLINIC'),
	phone: '={{ $json.phone }}',
	smsText: '=Xin chao {{ $json.name }}',
	requestIdMode: 'auto',
	options: { removeDiacritics: true, requestsInFlight: 1 },
};

async function runSms(sim: Sim, items: Array<Record<string, unknown>>, run: { executionId?: string; previousRuns?: number } = {}, node: Record<string, unknown> = {}) {
	return await runNode({ node: { parameters: SMS, ...node }, items: items as never, credentials: credentialsFor(sim), ...run });
}

const smsPerPhone = (sim: Sim) => {
	const counts = new Map<string, number>();
	for (const message of sim.messages()) counts.set(message.normalizedPhone, (counts.get(message.normalizedPhone) ?? 0) + 1);
	return [...counts.values()];
};

describe('SMS › Send run again', () => {
	test('Loop Over Items: every round sends its own items; a round that meets a customer again does not resend', async () => {
		const sim = simulator();
		const customers = makeCustomers(6);
		const first = await runSms(sim, customers.slice(0, 3), { executionId: 'loop', previousRuns: 0 });
		const second = await runSms(sim, customers.slice(2, 6), { executionId: 'loop', previousRuns: 1 });
		expect(first.outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'accepted']);
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'accepted', 'accepted', 'accepted']);
		expect(second.outputs[0][0].json.smsId).toBe(first.outputs[0][2].json.smsId);
		expect(smsPerPhone(sim)).toEqual(Array(6).fill(1));
	});

	test("n8n's Retry On Fail after an answer lost on the way back: the retried try sends nobody again", async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: 'SendMultipleMessage_V4_post_json/', times: 1 });
		const { outputs, error } = await runSms(sim, makeCustomers(3), { executionId: 'rof' }, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0, parameters: { ...SMS, options: { ...(SMS.options as object), retries: 0 } } });
		expect(error).toBeUndefined();
		expect(smsPerPhone(sim)).toEqual([1, 1, 1]);
		// The answer lost is found in eSMS's sent log: accepted, with its SMS ID, so n8n need not retry.
		expect(outputs[0].map((item) => item.json.status).sort()).toEqual(['accepted', 'accepted', 'accepted']);
		expect(outputs[0].every((item) => typeof item.json.smsId === 'string')).toBe(true);
	});

	test('Retry of a failed execution (a new execution, the same input) in another worker: nobody twice', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		sim.account('sim-api-key')!.balance = 1000; // enough for one SMS: the second request fails with 103
		const failed = await runSms(sim, customers, { executionId: 'e1' }, { parameters: { ...SMS, preflight: { balance: 'off' } } });
		expect(failed.error?.message).toMatch(/eSMS code 103/);
		sim.account('sim-api-key')!.balance = 1_000_000;
		forgetAll();
		const retried = await runSms(sim, customers, { executionId: 'e2' });
		expect(retried.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'accepted', 'accepted', 'accepted']);
		expect(smsPerPhone(sim)).toEqual([1, 1, 1, 1]);
	});
});

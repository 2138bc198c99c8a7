/**
 * "Never twice, never lost": the node run again in every way n8n runs it (loop rounds, new
 * executions, another process), failures before sending, and answers it cannot read for sure.
 */
import { makeCustomers } from '../../../../helpers/customers';
import { runSend, useSimulator } from '../../../../helpers/send';
import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { runNode } from '../../../../helpers/engine';
import { credentialsFor, sendParameters } from '../../../../helpers/send';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';

/** Stored messages per phone, from the simulator's own record. */
function messagesPerPhone(sim: ReturnType<typeof simulator>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const message of sim.messages()) counts.set(message.phone, (counts.get(message.phone) ?? 0) + 1);
	return counts;
}

function smsIdOfPhone(sim: ReturnType<typeof simulator>): Map<string, string> {
	return new Map(sim.messages().map((message) => [message.phone, message.smsId]));
}

describe('Send: several runs in one execution (Loop Over Items, sub-workflows, agent tool calls)', () => {
	test.each([
		['from message content', {}],
		['custom Request IDs', { requestIdMode: 'custom', requestId: '=order-{{ $json.id }}' }],
	])('%s: every round sends its own items, each output carries its own SMSID', async (_name, parameters) => {
		const sim = simulator();
		const customers = makeCustomers(25);
		const outputs = [];
		for (let round = 0; round < 5; round++) {
			const items = customers.slice(round * 5, round * 5 + 5);
			const run = await runSend(sim, items, parameters, {}, { executionId: '42', previousRuns: round });
			expect(run.error).toBeUndefined();
			outputs.push(...run.outputs[0]);
		}
		expect([...messagesPerPhone(sim).values()]).toEqual(Array(25).fill(1));
		const smsIdOf = smsIdOfPhone(sim);
		expect(outputs.map((item) => item.json.status)).toEqual(Array(25).fill('accepted'));
		for (const item of outputs) expect(item.json.smsId).toBe(smsIdOf.get(item.json.phone as string));
	});

	test('a later round that repeats a recipient and message does not send it again', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		const first = await runSend(sim, customers.slice(0, 2), {}, {}, { executionId: '43', previousRuns: 0 });
		const second = await runSend(sim, customers.slice(1, 4), {}, {}, { executionId: '43', previousRuns: 1 });
		expect([...messagesPerPhone(sim).values()]).toEqual([1, 1, 1, 1]);
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'accepted', 'accepted']);
		expect(second.outputs[0][0].json.smsId).toBe(first.outputs[0][1].json.smsId);
	});

	test('a round that runs in another process (no memory) still sends nobody twice', async () => {
		const sim = simulator();
		const customers = makeCustomers(6);
		await runSend(sim, customers.slice(0, 3), {}, {}, { executionId: '44' });
		forgetAll();
		const again = await runSend(sim, customers, {}, {}, { executionId: '45' });
		expect([...messagesPerPhone(sim).values()]).toEqual(Array(6).fill(1));
		expect(again.outputs[0].map((item) => item.json.status)).toEqual([
			'duplicate', 'duplicate', 'duplicate', 'accepted', 'accepted', 'accepted',
		]);
		// eSMS refuses the repeats (124, no SMS ID); its sent log gives each its SMS ID back.
		expect(again.outputs[0][0].json).toMatchObject({ smsId: sim.messagesTo(customers[0].phone)[0].smsId });
		expect(again.outputs[0][0].json.message).toContain('This is not a new message');
		expect(again.outputs[0][0].json.message).toContain("from eSMS's sent log");
	});
});

describe('Send: the same message twice in one run', () => {
	test('is sent once; the repeat says so and carries the same SMSID', async () => {
		const sim = simulator();
		const [a, b] = makeCustomers(2);
		const { outputs } = await runSend(sim, [a, b, { ...a, phone: `+84 ${a.phone.slice(1)}` }]);
		expect(sim.messages()).toHaveLength(2);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'duplicate']);
		expect(outputs[0][2].json.smsId).toBe(outputs[0][0].json.smsId);
		expect(outputs[0][2].json.message).toContain('Same phone and message as item 0');
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('the same phone with other values is another message: both are sent', async () => {
		const sim = simulator();
		const [a] = makeCustomers(1);
		const { outputs } = await runSend(sim, [a, { ...a, service: 'Another service' }]);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		expect(sim.messages()).toHaveLength(2);
	});
});

describe('Send: a failure before sending never lets an unsent recipient out as sent', () => {
	const modes = [
		['Map Template Fields', { paramsMode: 'fields', templateFields: { mappingMode: 'autoMapInputData', value: null } }],
		['Positional List', {}],
		['JSON Array', { paramsMode: 'json', paramsJson: '={{ [$json.name, $json.service, $json.date] }}' }],
	] as const;

	test.each(modes)('%s, wrong API key, error output: every item on the error output, none on main', async (_mode, parameters) => {
		const sim = simulator();
		const run = await runNode({
			node: { parameters: sendParameters(parameters), onError: 'continueErrorOutput' },
			items: makeCustomers(3),
			credentials: credentialsFor(sim, { apiKey: 'wrong' }),
		});
		expect(sim.messages()).toHaveLength(0);
		expect(run.outputs[0]).toEqual([]);
		expect(run.outputs[1]).toHaveLength(3);
		for (const item of run.outputs[1]) {
			expect(item.json.error).toMatchObject({ status: 'failed' });
			expect(String(item.json.message)).toMatch(/^Not sent: |Wrong API Key/);
			expect(JSON.stringify(item.json)).not.toContain('wrong');
		}
	});

	test.each(modes)('%s, wrong API key, regular output: every item failed with an error', async (_mode, parameters) => {
		const sim = simulator();
		const run = await runNode({
			node: { parameters: sendParameters(parameters), onError: 'continueRegularOutput' },
			items: makeCustomers(3),
			credentials: credentialsFor(sim, { apiKey: 'wrong' }),
		});
		expect(run.outputs[0]).toHaveLength(3);
		for (const item of run.outputs[0]) {
			expect(item.json.status).toBe('failed');
			expect(item.json.error).toBeTruthy();
		}
	});

	test('a setting that is wrong (Batch Size not a number) fails every item, sends nothing', async () => {
		const sim = simulator();
		const run = await runSend(sim, makeCustomers(2), { options: { batchSize: '={{ "many" }}' } }, { onError: 'continueErrorOutput' });
		expect(sim.sendRequests()).toHaveLength(0);
		expect(run.outputs[0]).toEqual([]);
		expect(run.outputs[1].map((item) => item.json.message)).toEqual([
			'Not sent: Batch Size must be a whole number from 1 to 500 (got "many")',
			'Not sent: Batch Size must be a whole number from 1 to 500 (got "many")',
		]);
	});

	test('without Continue, a wrong setting stops the node with its message', async () => {
		const sim = simulator();
		const run = await runSend(sim, makeCustomers(2), { options: { batchSize: '={{ "many" }}' } });
		expect(run.error?.message).toBe('Batch Size must be a whole number from 1 to 500 (got "many")');
	});
});

describe('Send: answers the node cannot read for sure', () => {
	test('an HTTP 200 JSON answer without a result code is retried, not final', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'non-json', status: 200, body: '{"Message":"maintenance"}', path: PATH, times: 1 });
		const { outputs, error } = await runSend(sim, makeCustomers(2), { options: { retries: 2 } });
		expect(error).toBeUndefined();
		expect(sim.sendRequests()).toHaveLength(2);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
	});

	test('after the retries, an answer without a result code leaves the batch unconfirmed: eSMS may have taken it', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'non-json', status: 200, body: '{}', path: PATH, times: 5 });
		const { outputs } = await runSend(sim, makeCustomers(2), { options: { retries: 1 } }, { onError: 'continueRegularOutput' });
		expect(sim.sendRequests()).toHaveLength(2);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['unconfirmed', 'unconfirmed']);
		expect(String(outputs[0][0].json.message)).toContain('without a result code');
		expect(String(outputs[0][0].json.message)).toContain('Whether eSMS took this message is unknown');
	});
});

describe('Send: Template Fields mapped for another template', () => {
	test('are refused before anything is sent, naming the stray fields', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(2), {
			paramsMode: 'fields',
			templateFields: { mappingMode: 'defineBelow', value: { customer_name: '={{ $json.name }}', order_code: '={{ $json.id }}' } },
		});
		expect(sim.sendRequests()).toHaveLength(0);
		expect(error?.message).toBe('Template Fields were mapped for another template: order_code is not a variable of template 2056447');
	});
});

import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { makeCustomers } from '../../../../helpers/customers';
import { runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';

function everyRequestIdOnce(sim: ReturnType<typeof simulator>) {
	const ids = sim.messages().map((message) => message.requestId);
	expect(new Set(ids).size).toBe(ids.length);
	return ids.length;
}

describe('Send: transient failures are retried, and never send twice', () => {
	test.each([
		['HTTP 503', { kind: 'http-error', status: 503 }],
		['HTTP 429', { kind: 'http-error', status: 429 }],
		['a connection reset', { kind: 'reset' }],
		['a non-JSON answer', { kind: 'non-json' }],
	] as const)('%s once: retried, everyone accepted', async (_name, fault) => {
		const sim = simulator();
		sim.faults.add({ ...fault, path: PATH, times: 1 });
		const { outputs, error } = await runSend(sim, makeCustomers(5));
		expect(error).toBeUndefined();
		expect(sim.sendRequests()).toHaveLength(2);
		expect(outputs[0].map((item) => item.json.status)).toEqual(Array(5).fill('accepted'));
		expect(everyRequestIdOnce(sim)).toBe(5);
	});

	test('accepted, then the connection dropped: the retry yields duplicate, not a second message', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'accept-then-drop', path: PATH, times: 1 });
		const { outputs, error } = await runSend(sim, makeCustomers(4));
		expect(error).toBeUndefined();
		expect(sim.sendRequests()).toHaveLength(2);
		expect(everyRequestIdOnce(sim)).toBe(4);
		const smsIdOf = new Map(sim.messages().map((message) => [message.requestId, message.smsId]));
		for (const item of outputs[0]) {
			// eSMS's 124 carries no SMS ID; its sent log gives it back.
			expect(item.json).toMatchObject({ status: 'duplicate', codeResult: '124', smsId: smsIdOf.get(item.json.requestId as string) });
			expect(item.json.message).toContain('not a new message and not a delivery failure');
			expect(item.json.message).toContain("from eSMS's sent log");
		}
	});

	test('still failing after the retries: the batch fails with the transport reason', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'http-error', status: 502, path: PATH });
		const { error } = await runSend(sim, makeCustomers(2), { options: { retries: 1 } });
		expect(sim.sendRequests()).toHaveLength(2);
		expect(error?.message).toBe('Batch 1 of 1 failed: eSMS answered HTTP 502 (bad gateway), after 2 attempts');
	});

	test('a non-retryable HTTP status is not retried', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'http-error', status: 404, path: PATH });
		const { error } = await runSend(sim, makeCustomers(2));
		expect(sim.sendRequests()).toHaveLength(1);
		expect(error?.message).toBe('Batch 1 of 1 failed: eSMS answered HTTP 404 (not found)');
	});
});

describe("Send: n8n's Retry On Fail re-runs the node", () => {
	test('recipients accepted by the first try are not sent again and keep their SMSID', async () => {
		const sim = simulator();
		// Exactly one of the two batches fails on the first try, so the node throws and n8n re-runs it.
		sim.faults.add({ kind: 'result-code', code: '103', path: PATH, times: 1 });
		const { outputs, error } = await runSend(
			sim,
			makeCustomers(10),
			{ options: { batchSize: 5 } },
			{ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		);
		expect(error).toBeUndefined();
		// Try 1: two batches (one accepted, one 103). Try 2: only the batch that failed.
		expect(sim.sendRequests()).toHaveLength(3);
		expect(everyRequestIdOnce(sim)).toBe(10);
		const smsIdOf = new Map(sim.messages().map((message) => [message.requestId, message.smsId]));
		const earlier = outputs[0].filter((item) => String(item.json.message).includes('earlier try of this run'));
		expect(earlier).toHaveLength(5);
		for (const item of outputs[0]) {
			expect(item.json.status).toBe('accepted');
			expect(item.json.smsId).toBe(smsIdOf.get(item.json.requestId as string));
		}
	});

	test('a re-run caused by a failed first item sends nobody again, rejected ones included', async () => {
		const sim = simulator();
		const customers = makeCustomers(6);
		customers[0].phone = '0900000099'; // blocked: rejected with code 99, so item 0 carries json.error
		const { outputs, error } = await runSend(
			sim,
			customers,
			{},
			{ onError: 'continueRegularOutput', retryOnFail: true, maxTries: 3, waitBetweenTries: 0 },
		);
		expect(error).toBeUndefined();
		// n8n re-ran the node because item 0 has an error; every re-run found all recipients settled.
		expect(sim.sendRequests()).toHaveLength(1);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['rejected', ...Array(5).fill('accepted')]);
		expect(outputs[0][0].json.message).toContain('answered to an earlier try of this run; not sent again');
	});

	test('another n8n process sending the same messages sends none of them twice', async () => {
		// No memory in the second process, another execution id: eSMS still sees the same Request IDs.
		const sim = simulator();
		const customers = makeCustomers(6);
		const first = await runSend(sim, customers, {}, {}, { executionId: '1' });
		forgetAll();
		const second = await runSend(sim, customers, {}, {}, { executionId: '9' });
		expect(first.outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(Array(6).fill('duplicate'));
		expect(second.outputs[0].map((item) => item.json.requestId)).toEqual(first.outputs[0].map((item) => item.json.requestId));
		expect(second.outputs[0][0].json.message).toContain('already has Request ID');
		expect(everyRequestIdOnce(sim)).toBe(6);
	});

	test('the same process, a new execution (Retry of a failed one): accepted ones come out with their SMSID, not sent', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		const first = await runSend(sim, customers, {}, {}, { executionId: '1' });
		const second = await runSend(sim, customers, {}, {}, { executionId: '2' });
		expect(sim.sendRequests()).toHaveLength(1);
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(Array(4).fill('duplicate'));
		expect(second.outputs[0].map((item) => item.json.smsId)).toEqual(first.outputs[0].map((item) => item.json.smsId));
		expect(second.outputs[0][0].json.message).toContain('Not sent again: the same message went to this phone');
	});

	test('"Per Execution" Request IDs send identical content again in a new execution, once per execution', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		const first = await runSend(sim, customers, { requestIdMode: 'perExecution' }, {}, { executionId: '1' });
		const again = await runSend(sim, customers, { requestIdMode: 'perExecution' }, {}, { executionId: '1' });
		const second = await runSend(sim, customers, { requestIdMode: 'perExecution' }, {}, { executionId: '2' });
		expect(first.outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect(again.outputs[0].map((item) => item.json.status)).toEqual(Array(3).fill('accepted'));
		expect(second.outputs[0].every((item) => item.json.status === 'accepted')).toBe(true);
		expect(sim.messages()).toHaveLength(6);
	});

	test('a remembered answer is never reused for another message under the same custom Request ID', async () => {
		const sim = simulator();
		const customers = makeCustomers(1);
		await runSend(sim, customers, { requestIdMode: 'custom', requestId: 'order-1' });
		const other = await runSend(sim, [{ ...customers[0], name: 'Someone Else' }], { requestIdMode: 'custom', requestId: 'order-1' });
		// Sent (eSMS refuses it with 124), never answered from memory with the first message's SMSID.
		expect(sim.sendRequests()).toHaveLength(2);
		expect(other.outputs[0][0].json).toMatchObject({ status: 'duplicate', smsId: null });
	});

	test('in the same process, a 124 for a RequestId seen accepted carries its SMSID', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		const first = await runSend(sim, customers, { requestIdMode: 'custom', requestId: '=order-{{ $json.id }}' });
		const second = await runSend(sim, customers, { requestIdMode: 'custom', requestId: '=order-{{ $json.id }}' });
		expect(second.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'duplicate']);
		expect(second.outputs[0].map((item) => item.json.smsId)).toEqual(first.outputs[0].map((item) => item.json.smsId));
	});
});

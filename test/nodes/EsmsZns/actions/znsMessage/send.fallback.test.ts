/**
 * ZNS Message › Send with SMS Fallback (MultiChannelMessage): one request per customer; eSMS
 * sends the ZNS and, when Zalo cannot deliver it, the SMS itself. What eSMS does not document
 * (whether the two entries may share a RequestId, whether a retry is refused for both) is run
 * against every answer the simulator offers.
 */
import { forgetAll } from '../../../../../nodes/EsmsZns/send/memory';
import { makeCustomers } from '../../../../helpers/customers';
import { locator, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
type Sim = ReturnType<typeof simulator>;

const FALLBACK = {
	smsFallback: true,
	brandname: locator('SIMCLINIC'),
	smsText: '=Xin chao {{ $json.name }}, lich hen {{ $json.service }} ngay {{ $json.date }}.',
	options: { removeDiacritics: true },
};

const multiChannel = (sim: Sim) => sim.requests.filter((request) => request.path.includes('MultiChannelMessage'));

/** Per customer: the messages eSMS delivered (a ZNS that Zalo delivered, or an SMS). */
function deliveredPerPhone(sim: Sim, phones: string[]): number[] {
	return phones.map((phone) => sim.messagesTo(phone).filter((message) => message.outcome.status === 'delivered').length);
}

describe('ZNS with SMS fallback', () => {
	test('one request per customer; those without Zalo get the SMS; each customer exactly one delivered message', async () => {
		const sim = simulator();
		const customers = makeCustomers(5);
		sim.setHasZalo(customers[1].phone, false);
		sim.setHasZalo(customers[3].phone, false);
		const { outputs, error } = await runSend(sim, customers, FALLBACK);
		expect(error).toBeUndefined();
		expect(multiChannel(sim)).toHaveLength(5);
		expect(sim.sendRequests()).toHaveLength(0);
		expect(outputs[0].map((item) => item.json.status)).toEqual(Array(5).fill('accepted'));
		outputs[0].forEach((item) => expect(item.json).toMatchObject({ channel: 'zns_sms_fallback', charset: 'gsm7', smsParts: 1 }));
		expect(outputs[0].map((item) => item.json.requestId)).toEqual(outputs[0].map(() => expect.stringMatching(/^znf-[0-9a-f]{32}$/)));
		const phones = customers.map((customer) => customer.phone);
		expect(deliveredPerPhone(sim, phones)).toEqual([1, 1, 1, 1, 1]);
		// Items 1 and 3 have no Zalo; item 2's phone (…14) is one the simulator's Zalo refuses (-108).
		expect(phones.map((phone) => sim.messagesTo(phone, 'sms').length)).toEqual([0, 1, 1, 1, 0]);
		expect(phones.map((phone) => sim.hasZalo(phone))).toEqual([true, false, false, false, true]);
	});

	test('the two entries carry different RequestIds, made from the message (eSMS may refuse a shared one)', async () => {
		const sim = simulator();
		sim.settings.fallbackRequestIds = 'must-differ';
		const { outputs } = await runSend(sim, makeCustomers(2), FALLBACK);
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		const data = (multiChannel(sim)[0].body as { Data: Array<{ RequestId: string }> }).Data;
		expect(data[0].RequestId).toMatch(/^znf-/);
		expect(data[1].RequestId).toMatch(/^smf-[0-9a-f]{32}$/);
		expect(data[1].RequestId).not.toBe(data[0].RequestId);
	});

	test.each(['both', 'zns-only'] as const)(
		'eSMS refuses a repeat by %s RequestId(s): a run again in another process sends nobody twice',
		async (check) => {
			const sim = simulator();
			sim.settings.fallbackDuplicateCheck = check;
			const customers = makeCustomers(3);
			sim.setHasZalo(customers[0].phone, false);
			await runSend(sim, customers, FALLBACK);
			forgetAll();
			const again = await runSend(sim, customers, FALLBACK, {}, { executionId: 'again' });
			expect(again.outputs[0].map((item) => item.json.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
			expect(deliveredPerPhone(sim, customers.map((customer) => customer.phone))).toEqual([1, 1, 1]);
		},
	);

	test('when eSMS refuses no repeat (undocumented "none"), this process still sends nobody twice', async () => {
		const sim = simulator();
		sim.settings.fallbackDuplicateCheck = 'none';
		const customers = makeCustomers(3);
		const first = await runSend(sim, customers, FALLBACK);
		const again = await runSend(sim, customers, FALLBACK, {}, { executionId: 'again' });
		expect(again.outputs[0].map((item) => [item.json.status, item.json.smsId])).toEqual(first.outputs[0].map((item) => ['duplicate', item.json.smsId]));
		expect(multiChannel(sim)).toHaveLength(3);
	});

	test('Retry On Fail with a lost answer: the retried request is refused as a repeat, nobody twice', async () => {
		const sim = simulator();
		const customers = makeCustomers(2);
		sim.faults.add({ kind: 'accept-then-drop', path: 'MultiChannelMessage/', times: 1 });
		const { outputs } = await runSend(sim, customers, { ...FALLBACK, options: { ...FALLBACK.options, requestsInFlight: 1 } });
		expect(outputs[0].map((item) => item.json.status).sort()).toEqual(['accepted', 'duplicate']);
		expect(deliveredPerPhone(sim, customers.map((customer) => customer.phone))).toEqual([1, 1]);
	});

	test('the pre-flight counts the ZNS for the quota and prices both (the most a fallback can cost)', async () => {
		const sim = simulator();
		const { outputs } = await runSend(sim, makeCustomers(4), { ...FALLBACK, preflight: { estimateOnly: true } });
		expect(outputs[0][0].json.estimate).toMatchObject({ toSend: 4, batches: 4, pricePerMessage: 300, pricePerSmsPart: 850, smsParts: 4, estimatedCost: 4 * 300 + 4 * 850 });
		expect(multiChannel(sim)).toHaveLength(0);
	});
});

import { makeCustomers } from '../../../../helpers/customers';
import { ORDER_TEMPLATE, locator, runSend, useSimulator } from '../../../../helpers/send';

const simulator = useSimulator();
const PATH = 'Send_zns_bulk_v4_post_json/';

const requestLevel = [
	['101', 'Wrong API Key or Secret Key'],
	['103', 'Account balance too low'],
	['140', 'Caller IP address not whitelisted in eSMS'],
	['789', 'Template not configured for this Zalo OA'],
	['790', 'Wrong ZNS template'],
	['791', 'Zalo OA ID or Template ID missing'],
	['799', 'Zalo OA inactive, wrong, or not added to the eSMS account'],
	['110', 'Request data invalid'],
] as const;

describe('Send: request-level failures without Continue On Fail', () => {
	test.each(requestLevel)('code %s stops the node with a NodeApiError naming it', async (code, meaning) => {
		const sim = simulator();
		sim.faults.add({ kind: 'result-code', code, path: PATH, times: 1 });
		const { error, outputs } = await runSend(sim, makeCustomers(3));
		expect(outputs).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(`Batch 1 of 1 failed: ${meaning} (eSMS: Simulated error ${code}) (eSMS code ${code})`);
		expect(JSON.stringify(error)).not.toContain('sim-secret-key');
		expect(JSON.stringify(error)).not.toContain('sim-api-key');
	});

	test('the error says how many recipients earlier batches already sent', async () => {
		const sim = simulator();
		sim.account('sim-api-key')!.balance = 300 * 500 + 100;
		// Without the pre-flight balance check, eSMS itself refuses batch 2 (103).
		const { error } = await runSend(sim, makeCustomers(1200), { preflight: { balance: 'off' } });
		expect(error?.message).toMatch(/^Batch 2 of 3 failed: Account balance too low .*\(eSMS code 103\)$/);
		expect((error as unknown as { description: string }).description).toContain('500 recipients were accepted by eSMS before the node stopped');
		expect(sim.messages()).toHaveLength(500);
		// Two batches are in flight at a time: batch 3 may have started before batch 2's answer.
		expect(sim.sendRequests().length).toBeLessThanOrEqual(3);
	});

	test('real wrong keys: 101 from the simulator itself', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(2), {}, {}, {
			credentials: { esmsApi: { apiKey: 'wrong', secretKey: 'also-wrong', baseUrl: sim.baseUrl } },
		});
		expect(error?.message).toMatch(/Wrong API Key or Secret Key/);
		expect(JSON.stringify(error)).not.toContain('also-wrong');
	});

	test('a template that is not ENABLE stops before anything is sent', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(2), { templateId: locator('2056448'), paramsMode: 'list', templateParams: { values: [{ value: 'a' }, { value: 'b' }] } });
		expect(error?.message).toBe('Template 2056448 cannot be sent: it is waiting for approval by Zalo (eSMS status PENDING_REVIEW)');
		expect(sim.sendRequests()).toHaveLength(0);
	});
});

describe('Send: Continue On Fail', () => {
	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'%s: a fatal code fails its batch and skips the rest; every item is answered',
		async (onError) => {
			const sim = simulator();
			sim.faults.add({ kind: 'result-code', code: '101', path: PATH, times: 10, });
			const { outputs, error } = await runSend(sim, makeCustomers(7), { options: { batchSize: 3, requestsInFlight: 2 } }, { onError });
			expect(error).toBeUndefined();
			// Batches 1 and 2 are in flight together (Requests in Flight: 2); batch 3 is never started.
			expect(sim.sendRequests()).toHaveLength(2);
			const all = outputs.flat();
			expect(all).toHaveLength(7);
			if (onError === 'continueRegularOutput') {
				expect(outputs[0].map((item) => item.json.status)).toEqual([
					'failed', 'failed', 'failed', 'failed', 'failed', 'failed', 'skipped',
				]);
				expect(outputs[0][0].json.error).toContain('Wrong API Key or Secret Key');
				expect(outputs[0][6].json.message).toMatch(/^Not sent: batch [12] failed before it/);
			} else {
				expect(outputs[0]).toEqual([]);
				expect(outputs[1]).toHaveLength(7);
				expect(outputs[1][0].json).toMatchObject({
					message: expect.stringContaining('The whole batch failed: Wrong API Key'),
					error: { status: 'failed', codeResult: '101', batch: 1 },
				});
				expect(outputs[1][0].json.phone).toBe(makeCustomers(1)[0].phone);
			}
		},
	);

	test('a batch-level code fails only its batch; the next batches are sent', async () => {
		const sim = simulator();
		sim.faults.add({ kind: 'result-code', code: '110', path: PATH, times: 1 });
		const { outputs } = await runSend(sim, makeCustomers(7), { options: { batchSize: 3 } }, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual([
			'failed', 'failed', 'failed', 'accepted', 'accepted', 'accepted', 'accepted',
		]);
	});

	test('error output: invalid and rejected go to the error output with what to act on, accepted to main', async () => {
		const sim = simulator();
		const customers = makeCustomers(6);
		customers[1].phone = '12345';
		customers[3].phone = '0900000099';
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueErrorOutput' });
		const [main, errors] = outputs;
		expect(main.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }, { item: 5 }]);
		expect(main.every((item) => item.json.status === 'accepted')).toBe(true);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(errors[0].json).toMatchObject({
			name: customers[1].name,
			message: expect.stringContaining('Phone must be a Vietnamese mobile number'),
			error: { status: 'invalid', field: 'Phone', phone: '12345', requestId: null },
		});
		expect(errors[1].json).toMatchObject({
			error: { status: 'rejected', codeResult: '99', phone: '0900000099', requestId: expect.stringMatching(/^zns-/) },
		});
	});
});

describe('Send: invalid input', () => {
	const cases = [
		['a phone that is not Vietnamese mobile', { phone: '0241234567' }, 'Phone must be a Vietnamese mobile number'],
		['no phone', { phone: '' }, 'Phone is required but empty'],
		['an empty value', { name: '' }, 'Template Params › value 1 (customer_name) is required but empty'],
		['a value too long for the template', { name: 'N'.repeat(31) }, 'Template Params › value 1 (customer_name) must be at most 30 characters (has 31)'],
		['a date that is not a date', { date: 'someday' }, 'Template Params › value 3 (appointment_date) must be a date'],
	] as const;

	test.each(cases)('%s stops the node before anything is sent, naming the item', async (_name, change, message) => {
		const sim = simulator();
		const customers = makeCustomers(3);
		Object.assign(customers[2], change);
		const { error } = await runSend(sim, customers);
		expect(error?.name).toBe('NodeOperationError');
		// The message names the field and the rule; n8n shows the item itself ("[item 2]") from itemIndex.
		expect(error?.message).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(2);
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test.each(cases)('%s, with Continue On Fail: reported, the others sent', async (_name, change, message) => {
		const sim = simulator();
		const customers = makeCustomers(3);
		Object.assign(customers[2], change);
		const { outputs } = await runSend(sim, customers, {}, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'accepted', 'invalid']);
		expect(outputs[0][2].json.message).toContain(message);
		expect(outputs[0][2].json.error).toContain(message);
		expect(sim.messages()).toHaveLength(2);
	});

	test('a custom Request ID longer than 50 characters is refused', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { requestIdMode: 'custom', requestId: `={{ "x".repeat(51) }}` });
		expect(error?.message).toBe('Request ID must be at most 50 characters (has 51) (got "' + 'x'.repeat(51) + '")');
	});

	test.each([
		['a line break', '=order-{{ $json.id }}{{ "\\n" }}x', /^Request ID must not contain control characters such as line breaks or tabs \(found U\+000A at character 8\)/],
		['a zero-width space', '=order\u200b-{{ $json.id }}', /^Request ID must not contain invisible characters \(found U\+200B at character 6\)/],
	])('a custom Request ID with %s is refused, naming the character', async (_case, requestId, message) => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), { requestIdMode: 'custom', requestId });
		expect(error?.message).toMatch(message);
		expect(sim.sendRequests()).toHaveLength(0);
	});

	test('a Request ID used twice in one run is refused for the second item', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(2), { requestIdMode: 'custom', requestId: 'same' });
		expect(error?.message).toBe('Request ID must be unique, but item 0 already uses it for another message (got "same")');
	});

	test('too many positional values for the template', async () => {
		const sim = simulator();
		const { error } = await runSend(sim, makeCustomers(1), {
			templateParams: { values: [{ value: 'a' }, { value: 'b' }, { value: '01/01/2027' }, { value: 'd' }] },
		});
		expect(error?.message).toContain('Template Params has 4 values but the template has 3 variables');
	});

	test('a different template for a later item is reported, not sent with the first template', async () => {
		const sim = simulator();
		const customers = makeCustomers(2).map((customer, index) => ({ ...customer, template: index === 0 ? '2056447' : ORDER_TEMPLATE }));
		const { outputs } = await runSend(sim, customers, { templateId: locator('={{ $json.template }}') }, { onError: 'continueRegularOutput' });
		expect(outputs[0].map((item) => item.json.status)).toEqual(['accepted', 'invalid']);
		expect(outputs[0][1].json.message).toContain('Template must be the same for every item');
	});
});

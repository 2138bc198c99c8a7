import { EsmsZnsTrigger } from '../../../nodes/EsmsZnsTrigger/EsmsZnsTrigger.node';
import { MAX_BODY_DEPTH, MAX_RECORDS_PER_REQUEST, nestedDeeperThan, readCallback } from '../../../nodes/EsmsZnsTrigger/callback';
import { sendHttp, startWebhookHarness, type WebhookHarness } from '../../helpers/webhookHarness';

const NODE_ID = '6f0c8a52-3d1e-4b7a-9c2f-51e8d4a7b390';
const WEBHOOK_ID = 'c2d9e0f4-7a61-4e3b-8f25-0b4a6d19e7c8';

const report = (n: number) => ({ SMSID: `s-${n}`, SendStatus: 5, SendSuccess: 1, SendFailed: 0, TypeId: 24 });

function nested(depth: number, leaf: unknown = 1): unknown {
	let value: unknown = leaf;
	for (let level = 0; level < depth; level++) value = { a: value };
	return value;
}

/** A record whose field `deep` is `depth` objects deep, written as text (JSON.stringify would recurse). */
function deepRecordText(depth: number): string {
	return `${JSON.stringify(report(1)).slice(0, -1)},"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

describe('eSMS Trigger: bodies it refuses', () => {
	let harness: WebhookHarness;
	beforeEach(async () => {
		harness = await startWebhookHarness({ nodeType: new EsmsZnsTrigger(), nodeId: NODE_ID, webhookId: WEBHOOK_ID });
	});
	afterEach(async () => await harness.close());

	const post = async (body: string, type = 'application/json') =>
		await sendHttp(harness.shownUrl(), { method: 'POST', headers: { 'Content-Type': type }, body });

	test('the caps are the documented numbers', () => {
		expect(MAX_BODY_DEPTH).toBe(32);
		expect(MAX_RECORDS_PER_REQUEST).toBe(1000);
	});

	test.each([
		['a JSON body', 'application/json'],
		['a JSON text body', 'text/plain'],
	])('%s nested 10,000 deep is answered 400 with a clear message and starts nothing', async (_case, type) => {
		const response = await post(deepRecordText(10_000), type);
		expect(response.status).toBe(400);
		expect((response.json() as { message: string }).message).toMatch(/nested more than 32 levels/);
		expect(response.text).not.toContain(NODE_ID);
		expect(harness.items()).toEqual([]);
		expect(harness.exchanges[0].error).toBeNull();
	});

	test('a JSON array nested 10,000 deep is answered 400', async () => {
		const response = await post('['.repeat(10_000) + ']'.repeat(10_000));
		expect(response.status).toBe(400);
		expect(harness.items()).toEqual([]);
	});

	test('a body exactly 32 levels deep is still read', async () => {
		// The record itself is level 1; its field `deep` holds 31 more levels.
		const response = await post(JSON.stringify({ ...report(1), deep: nested(30, {}) }));
		expect(response.status).toBe(200);
		expect(harness.items()).toHaveLength(1);
	});

	test('one level more is refused', async () => {
		const response = await post(JSON.stringify({ ...report(1), deep: nested(31, {}) }));
		expect(response.status).toBe(400);
	});

	test('a JSON array of 20,000 records is answered 413 and starts nothing', async () => {
		const response = await post(JSON.stringify(Array.from({ length: 20_000 }, (_, n) => report(n))));
		expect(response.status).toBe(413);
		expect((response.json() as { message: string }).message).toBe(
			'The request carries 20000 records; the trigger accepts at most 1000 per request. Nothing was started.',
		);
		expect(response.text).not.toContain(NODE_ID);
		expect(harness.items()).toEqual([]);
	});

	test('1,000 records are accepted; 1,001 are not', async () => {
		const ok = await post(JSON.stringify(Array.from({ length: 1000 }, (_, n) => report(n))));
		expect(ok.status).toBe(200);
		expect(harness.items()).toHaveLength(1000);
		const over = await post(JSON.stringify(Array.from({ length: 1001 }, (_, n) => report(n))));
		expect(over.status).toBe(413);
		expect(harness.items()).toHaveLength(1000);
	});

	test('a wrong secret is still answered 403 before the body is looked at', async () => {
		const response = await sendHttp(harness.url(`${WEBHOOK_ID}/wrong-secret-wrong-secret`), {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(Array.from({ length: 2000 }, (_, n) => report(n))),
		});
		expect(response.status).toBe(403);
	});
});

describe('readCallback and nestedDeeperThan (no HTTP)', () => {
	test('a value 100,000 levels deep is measured without recursion', () => {
		expect(nestedDeeperThan(nested(100_000), MAX_BODY_DEPTH)).toBe(true);
		expect(nestedDeeperThan(nested(32), 32)).toBe(false);
		expect(nestedDeeperThan(nested(33), 32)).toBe(true);
		expect(nestedDeeperThan('text', 0)).toBe(false);
	});

	test('a query nested too deep is refused too', () => {
		expect(readCallback(nested(40), undefined)).toEqual({ refused: expect.objectContaining({ status: 400 }) });
	});

	test('a flat report reads as before', () => {
		expect(readCallback({ SMSID: 'q' }, '[{"SendStatus":"5"}]')).toEqual({ fieldSets: [{ SMSID: 'q', SendStatus: '5' }] });
	});
});

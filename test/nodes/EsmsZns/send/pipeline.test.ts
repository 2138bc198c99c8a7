/**
 * The one pipeline, given a channel that carries ONE recipient per request (as SMS and ZNS with
 * SMS fallback do): the same reading, checks, Request IDs, memory, concurrency, back-off of
 * batches and outcomes as bulk ZNS, without a line of them in the channel.
 */
import { forgetAll, type RunPlace } from '../../../../nodes/EsmsZns/send/memory';
import { outcomeOf } from '../../../../nodes/EsmsZns/send/outcome';
import { SendStopped, runPipeline, type RecipientSource } from '../../../../nodes/EsmsZns/send/pipeline';
import type { PreflightFacts, PreflightLookups, PreflightOptions } from '../../../../nodes/EsmsZns/send/preflight';
import type { Batch, BatchAnswer, InvalidItem, Recipient } from '../../../../nodes/EsmsZns/send/types';
import { recipientAt, testChannel } from '../../../helpers/recipients';

const place: RunPlace = { scope: 'account', executionId: '1', runIndex: 0, now: 1_000_000 };

function sourceOf(reads: Array<Recipient | InvalidItem>): RecipientSource {
	let next = 0;
	return {
		read(count) {
			const part = reads.slice(next, next + count);
			next += part.length;
			return part;
		},
		get done() {
			return next >= reads.length;
		},
		twins: [],
	};
}

function lookups(options: Partial<PreflightOptions> = {}, facts: Partial<PreflightFacts> = {}): PreflightLookups {
	const all: PreflightFacts = {
		remainingQuota: null,
		quotaProblem: null,
		balance: null,
		pricePerMessage: null,
		pricePerSmsPart: null,
		balanceProblem: null,
		alreadySentProblem: null,
		...facts,
	};
	return {
		options: { quota: 'stop', balance: true, onLookupFailure: 'stop', estimateOnly: false, alreadySent: 'campaign', lookBackDays: 7, ...options },
		checksBalance: all.balance !== null,
		firstRecipient: () => undefined,
		pending: () => false,
		facts: async () => ({ facts: all, notes: [] }),
		alreadySent: async () => null,
		withLoggedSmsIds: async (outcomes) => outcomes,
	};
}

/** One recipient per request; answers accepted with an SMSID; counts what it was given. */
function oneByOne(answer?: (batch: Batch) => BatchAnswer) {
	const requests: Batch[] = [];
	let inFlight = 0;
	let most = 0;
	const channel = testChannel(async (batch) => {
		requests.push(batch);
		inFlight++;
		most = Math.max(most, inFlight);
		await new Promise((resolve) => setImmediate(resolve));
		inFlight--;
		if (answer) return answer(batch);
		const [recipient] = batch.recipients;
		return { outcomes: [outcomeOf(recipient, 'accepted', 'Accepted', { smsId: `S-${recipient.requestId}`, codeResult: '100', batch: batch.number })] };
	}, 1);
	return { channel, requests, most: () => most };
}

const settings = { itemCount: 0, batchSize: 500, concurrency: 4, continueOnFail: false, place, acceptedNote: null };

beforeEach(() => forgetAll());

describe('the pipeline with a one-recipient channel', () => {
	test('one request per recipient, never more in flight than the ceiling, one outcome per item', async () => {
		const recipients = Array.from({ length: 25 }, (_, index) => recipientAt(index));
		const sms = oneByOne();
		const result = await runPipeline(sourceOf(recipients), sms.channel, lookups(), { ...settings, itemCount: 25 });
		expect(sms.requests).toHaveLength(25);
		expect(sms.requests.every((batch) => batch.recipients.length === 1)).toBe(true);
		expect(sms.most()).toBe(4);
		expect(result.outcomes.map((outcome) => outcome.itemIndex).sort((a, b) => a - b)).toEqual(recipients.map((r) => r.itemIndex));
		expect(result.outcomes.every((outcome) => outcome.smsId === `S-${outcome.requestId}`)).toBe(true);
	});

	test('the process memory: a run again sends nobody twice (duplicate with the SMSID)', async () => {
		const recipients = Array.from({ length: 3 }, (_, index) => recipientAt(index));
		await runPipeline(sourceOf(recipients), oneByOne().channel, lookups(), { ...settings, itemCount: 3 });
		const again = oneByOne();
		const result = await runPipeline(sourceOf(recipients), again.channel, lookups(), { ...settings, itemCount: 3, place: { ...place, executionId: '2' } });
		expect(again.requests).toHaveLength(0);
		expect(result.outcomes.map((outcome) => [outcome.status, outcome.smsId])).toEqual(recipients.map((r) => ['duplicate', `S-${r.requestId}`]));
	});

	test('the checks: over the quota with Send Up to the Quota, the rest is skipped before any request', async () => {
		const recipients = Array.from({ length: 5 }, (_, index) => recipientAt(index));
		const sms = oneByOne();
		const result = await runPipeline(sourceOf(recipients), sms.channel, lookups({ quota: 'upToQuota' }, { remainingQuota: 3 }), { ...settings, itemCount: 5 });
		expect(sms.requests.map((batch) => batch.recipients[0].itemIndex)).toEqual([0, 1, 2]);
		expect(result.outcomes.filter((outcome) => outcome.status === 'skipped').map((outcome) => outcome.itemIndex)).toEqual([3, 4]);
	});

	test('Estimate Only: no request; the estimate counts one batch per recipient', async () => {
		const recipients = Array.from({ length: 4 }, (_, index) => recipientAt(index));
		const sms = oneByOne();
		const result = await runPipeline(sourceOf(recipients), sms.channel, lookups({ estimateOnly: true }, { balance: 10_000, pricePerMessage: 850 }), { ...settings, itemCount: 4 });
		expect(sms.requests).toHaveLength(0);
		expect(result.estimate).toMatchObject({ toSend: 4, batches: 4, estimatedCost: 3400, withinBalance: true });
	});

	test('a lost answer: unconfirmed and remembered as perhaps sent; in Stop mode the node stops, naming it', async () => {
		const recipients = [recipientAt(0), recipientAt(1)];
		const lost = oneByOne(() => ({ failure: { code: null, message: 'eSMS did not answer within 60 s', scope: 'batch', mayHaveArrived: true } }));
		const continued = await runPipeline(sourceOf(recipients), lost.channel, lookups(), { ...settings, itemCount: 2, continueOnFail: true });
		expect(continued.outcomes.map((outcome) => outcome.status)).toEqual(['unconfirmed', 'unconfirmed']);
		forgetAll();
		const stopped = await runPipeline(sourceOf(recipients), lost.channel, lookups(), { ...settings, itemCount: 2 }).catch((error: unknown) => error);
		expect(stopped).toBeInstanceOf(SendStopped);
		expect((stopped as SendStopped).stop).toMatchObject({ kind: 'batch', failure: { mayHaveArrived: true } });
	});

	test('an invalid item stops the run before any request (Stop), or is reported with the others sent (Continue)', async () => {
		const invalid: InvalidItem = { itemIndex: 1, field: 'Phone', rule: 'is required but empty', value: '', phone: null, requestId: null };
		const reads = [recipientAt(0), invalid, recipientAt(2)];
		const sms = oneByOne();
		const stopped = await runPipeline(sourceOf(reads), sms.channel, lookups(), { ...settings, itemCount: 3 }).catch((error: unknown) => error);
		expect((stopped as SendStopped).stop).toMatchObject({ kind: 'invalid', count: 1 });
		expect(sms.requests).toHaveLength(0);
		const result = await runPipeline(sourceOf(reads), sms.channel, lookups(), { ...settings, itemCount: 3, continueOnFail: true });
		expect(result.outcomes.map((outcome) => [outcome.itemIndex, outcome.status]).sort()).toEqual([[0, 'accepted'], [1, 'invalid'], [2, 'accepted']]);
	});
});

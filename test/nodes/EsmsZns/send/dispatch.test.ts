import { AdaptiveConcurrency, dispatchBatches, type BatchAnswer } from '../../../../nodes/EsmsZns/send/dispatch';
import type { Batch } from '../../../../nodes/EsmsZns/send/types';

function batches(count: number, size = 2): Batch[] {
	return Array.from({ length: count }, (_, b) => ({
		number: b + 1,
		recipients: Array.from({ length: size }, (_, r) => {
			const itemIndex = b * size + r;
			const phone = `09010000${String(itemIndex).padStart(2, '0')}`;
			return { itemIndex, phone, phoneKey: phone, requestId: `r${itemIndex}`, params: [], fingerprint: `f${itemIndex}` };
		}),
	}));
}

const accepted = (batch: Batch): BatchAnswer => ({
	kind: 'reply',
	reply: {
		code: '100',
		errorMessage: null,
		rows: batch.recipients.map((r) => ({ code: '100', phoneKey: r.phoneKey, smsId: `S${r.itemIndex}`, errorMessage: null })),
	},
});
const failedWith = (code: string): BatchAnswer => ({ kind: 'reply', reply: { code, errorMessage: 'boom', rows: [] } });

describe('dispatchBatches', () => {
	test('one outcome per recipient when all goes well', async () => {
		const result = await dispatchBatches(batches(3), async (b) => accepted(b), { concurrency: 2, stopOnFailure: true });
		expect(result.outcomes).toHaveLength(6);
		expect(result.outcomes.every((o) => o.status === 'accepted')).toBe(true);
		expect(result.stoppedBy).toBeNull();
	});

	test('a fatal code stops later batches, which are skipped, not dropped', async () => {
		const sent: number[] = [];
		const result = await dispatchBatches(
			batches(4),
			async (b) => {
				sent.push(b.number);
				return b.number === 2 ? failedWith('101') : accepted(b);
			},
			{ concurrency: 1, stopOnFailure: false },
		);
		expect(sent).toEqual([1, 2]);
		const statusOf = (item: number) => result.outcomes.find((o) => o.itemIndex === item)?.status;
		expect([0, 1, 2, 3, 4, 5, 6, 7].map(statusOf)).toEqual([
			'accepted', 'accepted', 'failed', 'failed', 'skipped', 'skipped', 'skipped', 'skipped',
		]);
		expect(result.outcomes.find((o) => o.itemIndex === 2)?.message).toBe(
			'The whole batch failed: Wrong API Key or Secret Key (eSMS: boom)',
		);
		expect(result.stoppedBy).toMatchObject({ batch: 2, code: '101', scope: 'fatal' });
	});

	test('a batch-level failure does not stop the others when continuing', async () => {
		const result = await dispatchBatches(
			batches(3),
			async (b) => (b.number === 1 ? { kind: 'unreachable', message: 'no route', transient: true } : accepted(b)),
			{ concurrency: 1, stopOnFailure: false },
		);
		expect(result.outcomes.filter((o) => o.status === 'failed')).toHaveLength(2);
		expect(result.outcomes.filter((o) => o.status === 'accepted')).toHaveLength(4);
		expect(result.stoppedBy).toBeNull();
		expect(result.failures).toHaveLength(1);
	});

	test('stopOnFailure stops after any failure', async () => {
		const result = await dispatchBatches(batches(3), async (b) => (b.number === 1 ? failedWith('110') : accepted(b)), {
			concurrency: 1,
			stopOnFailure: true,
		});
		expect(result.outcomes.filter((o) => o.status === 'skipped')).toHaveLength(4);
	});

	test('never more batches in flight than the concurrency', async () => {
		let inFlight = 0;
		let most = 0;
		const release: Array<() => void> = [];
		const running = dispatchBatches(
			batches(6),
			async (b) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise<void>((resolve) => release.push(resolve));
				inFlight--;
				return accepted(b);
			},
			{ concurrency: 2, stopOnFailure: true },
		);
		while (release.length || inFlight) {
			await new Promise((resolve) => setImmediate(resolve));
			release.shift()?.();
		}
		expect((await running).outcomes).toHaveLength(12);
		expect(most).toBe(2);
	});
});

describe('AdaptiveConcurrency', () => {
	/** A fake clock whose waits advance it (no real time passes). */
	function fakeTime() {
		const clock = { now: 0, waits: [] as number[] };
		return {
			clock,
			options: {
				now: () => clock.now,
				wait: async (ms: number) => {
					clock.waits.push(ms);
					clock.now += ms;
				},
			},
		};
	}

	test('never more in flight than the ceiling', async () => {
		const gate = new AdaptiveConcurrency(3, fakeTime().options);
		const permits = await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
		let fourth = false;
		const waiting = gate.acquire().then((permit) => {
			fourth = true;
			return permit;
		});
		await Promise.resolve();
		expect(fourth).toBe(false);
		expect(gate.inFlight).toBe(3);
		permits[0].release('ok');
		(await waiting).release('ok');
		expect(fourth).toBe(true);
		expect(gate.maxInFlight).toBe(3);
		expect(gate.limit).toBe(3);
	});

	test('a throttled answer halves the limit once per overload and pauses every new request', async () => {
		const time = fakeTime();
		const gate = new AdaptiveConcurrency(8, { ...time.options, firstPauseMs: 100 });
		const permits = await Promise.all(Array.from({ length: 8 }, () => gate.acquire()));
		// All eight were started before the overload was noticed: one step down, not three.
		permits[0].release('throttled');
		permits[1].release('throttled');
		permits[2].release('throttled');
		expect(gate.limit).toBe(4);
		expect(gate.stats.decreases).toBe(1);
		// Good answers to requests started before the step down neither raise the limit nor end the back-off.
		for (const permit of permits.slice(3)) permit.release('ok');
		expect(gate.limit).toBe(4);
		// One pause for the one overload.
		const next = await gate.acquire();
		expect(time.clock.waits).toEqual([100]);
		// A request started after the step down that is throttled again: another step, a longer
		// pause (200 ms), or what Retry-After asks if that is longer.
		next.release('throttled', 2_000);
		expect(gate.limit).toBe(2);
		const third = await gate.acquire();
		third.release('throttled');
		expect(gate.limit).toBe(1);
		await (await gate.acquire()).release('ok');
		expect(time.clock.waits).toEqual([100, 2_000, 400]);
	});

	test('recovers one step per `limit` good answers, up to the ceiling and never above', async () => {
		const gate = new AdaptiveConcurrency(4, { ...fakeTime().options, firstPauseMs: 1 });
		(await gate.acquire()).release('throttled');
		expect(gate.limit).toBe(2);
		const limits: number[] = [];
		for (let i = 0; i < 20; i++) {
			(await gate.acquire()).release('ok');
			limits.push(gate.limit);
		}
		expect(limits.slice(0, 6)).toEqual([2, 3, 3, 3, 4, 4]);
		expect(Math.max(...limits)).toBe(4);
		expect(gate.stats.increases).toBe(2);
	});

	test('goes no lower than the minimum; neutral failures change nothing', async () => {
		const gate = new AdaptiveConcurrency(2, { ...fakeTime().options, firstPauseMs: 1 });
		for (let i = 0; i < 5; i++) (await gate.acquire()).release('throttled');
		expect(gate.limit).toBe(1);
		(await gate.acquire()).release('neutral');
		expect(gate.limit).toBe(1);
	});

	test('the workers of dispatchBatches never exceed the ceiling, whatever the gate does', async () => {
		let inFlight = 0;
		let most = 0;
		const result = await dispatchBatches(
			batches(30, 1),
			async (batch) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				return accepted(batch);
			},
			{ concurrency: 7, stopOnFailure: true },
		);
		expect(result.outcomes).toHaveLength(30);
		expect(most).toBe(7);
	});
});

import { AdaptiveConcurrency } from '../../../../nodes/EsmsZns/transport/gate';

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
});

import { dispatchBatches } from '../../../../nodes/EsmsZns/send/dispatch';
import type { Batch, BatchAnswer } from '../../../../nodes/EsmsZns/send/types';
import { batchOf, bulkAnswer, recipientAt, testChannel } from '../../../helpers/recipients';

function batches(count: number, size = 2): Batch[] {
	return Array.from({ length: count }, (_, b) =>
		batchOf(b + 1, Array.from({ length: size }, (_, r) => recipientAt(b * size + r))),
	);
}

const accepted = (batch: Batch): BatchAnswer =>
	bulkAnswer(batch, {
		code: '100',
		errorMessage: null,
		rows: batch.recipients.map((r) => ({ code: '100', phoneKey: r.phoneKey, smsId: `S${r.itemIndex}`, errorMessage: null })),
	});
const failedWith = (batch: Batch, code: string): BatchAnswer => bulkAnswer(batch, { code, errorMessage: 'boom', rows: [] });

describe('dispatchBatches', () => {
	test('one outcome per recipient when all goes well', async () => {
		const result = await dispatchBatches(batches(3), testChannel(async (b) => accepted(b)), { concurrency: 2, stopOnFailure: true });
		expect(result.outcomes).toHaveLength(6);
		expect(result.outcomes.every((o) => o.status === 'accepted')).toBe(true);
		expect(result.stoppedBy).toBeNull();
	});

	test('a fatal code stops later batches, which are skipped, not dropped', async () => {
		const sent: number[] = [];
		const result = await dispatchBatches(
			batches(4),
			testChannel(async (b) => {
				sent.push(b.number);
				return b.number === 2 ? failedWith(b, '101') : accepted(b);
			}),
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
			testChannel(async (b) => (b.number === 1 ? { failure: { code: null, message: 'no route', scope: 'batch', mayHaveArrived: false } } : accepted(b))),
			{ concurrency: 1, stopOnFailure: false },
		);
		expect(result.outcomes.filter((o) => o.status === 'failed')).toHaveLength(2);
		expect(result.outcomes.filter((o) => o.status === 'accepted')).toHaveLength(4);
		expect(result.stoppedBy).toBeNull();
		expect(result.failures).toHaveLength(1);
	});

	test('stopOnFailure stops after any failure', async () => {
		const result = await dispatchBatches(batches(3), testChannel(async (b) => (b.number === 1 ? failedWith(b, '110') : accepted(b))), {
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
			testChannel(async (b) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise<void>((resolve) => release.push(resolve));
				inFlight--;
				return accepted(b);
			}),
			{ concurrency: 2, stopOnFailure: true },
		);
		while (release.length || inFlight) {
			await new Promise((resolve) => setImmediate(resolve));
			release.shift()?.();
		}
		expect((await running).outcomes).toHaveLength(12);
		expect(most).toBe(2);
	});

	test('the workers of dispatchBatches never exceed the ceiling, whatever the gate does', async () => {
		let inFlight = 0;
		let most = 0;
		const result = await dispatchBatches(
			batches(30, 1),
			testChannel(async (batch) => {
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				return accepted(batch);
			}, 1),
			{ concurrency: 7, stopOnFailure: true },
		);
		expect(result.outcomes).toHaveLength(30);
		expect(most).toBe(7);
	});
});

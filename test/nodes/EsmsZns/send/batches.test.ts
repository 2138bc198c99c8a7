import { planBatches } from '../../../../nodes/EsmsZns/send/batches';
import type { Recipient } from '../../../../nodes/EsmsZns/send/types';
import { SEND_NOW } from '../../../helpers/recipients';

function recipients(count: number, phoneOf = (i: number) => `09${String(i).padStart(8, '0')}`): Recipient[] {
	return Array.from({ length: count }, (_, itemIndex) => ({
		itemIndex,
		phone: phoneOf(itemIndex),
		phoneKey: phoneOf(itemIndex),
		requestId: `r${itemIndex}`,
		params: [],
		fingerprint: `f${itemIndex}`,
		options: SEND_NOW,
	}));
}

function sizes(count: number, batchSize = 500) {
	return planBatches(recipients(count), batchSize).map((batch) => batch.recipients.length);
}

describe('planBatches', () => {
	test.each([
		[1, [1]],
		[499, [499]],
		[500, [500]],
		[501, [500, 1]],
		[1000, [500, 500]],
		[1234, [500, 500, 234]],
	])('%i recipients → %j', (count, expected) => {
		expect(sizes(count)).toEqual(expected);
	});

	test('keeps input order and numbers batches from 1', () => {
		const batches = planBatches(recipients(7), 3);
		expect(batches.map((batch) => batch.number)).toEqual([1, 2, 3]);
		expect(batches.flatMap((batch) => batch.recipients.map((r) => r.itemIndex))).toEqual([0, 1, 2, 3, 4, 5, 6]);
	});

	test('never puts one phone twice into a batch, and loses nobody', () => {
		const phones = ['0901000001', '0901000001', '0901000002', '0901000001', '0901000003'];
		const batches = planBatches(recipients(phones.length, (i) => phones[i]), 500);
		for (const batch of batches) {
			const keys = batch.recipients.map((r) => r.phoneKey);
			expect(new Set(keys).size).toBe(keys.length);
		}
		expect(batches.map((b) => b.recipients.map((r) => r.itemIndex))).toEqual([[0, 2, 4], [1], [3]]);
	});

	test('clamps the batch size to 1..500', () => {
		expect(sizes(1200, 9999)).toEqual([500, 500, 200]);
		expect(sizes(2, 0)).toEqual([1, 1]);
	});

	test('handles no recipients', () => {
		expect(planBatches([], 500)).toEqual([]);
	});
});

import type { Batch, Recipient } from './types';

export const MAX_BATCH_SIZE = 500;

/**
 * Packs recipients into batches of at most `batchSize`, in input order, never putting one
 * phone twice into a batch: eSMS's reply rows carry no RequestId, only the phone, so within
 * a batch the phone must identify the recipient. A repeated phone goes into the first batch
 * after its previous occurrence that still has room.
 */
export function planBatches(recipients: Recipient[], batchSize: number): Batch[] {
	const size = Math.min(Math.max(1, Math.floor(batchSize)), MAX_BATCH_SIZE);
	const batches: Batch[] = [];
	const lastBatchOfPhone = new Map<string, number>();
	let firstWithRoom = 0;

	for (const recipient of recipients) {
		const afterPrevious = (lastBatchOfPhone.get(recipient.phoneKey) ?? -1) + 1;
		let index = Math.max(firstWithRoom, afterPrevious);
		while (index < batches.length && batches[index].recipients.length >= size) index++;
		if (index === batches.length) batches.push({ number: index + 1, recipients: [] });
		batches[index].recipients.push(recipient);
		lastBatchOfPhone.set(recipient.phoneKey, index);
		while (firstWithRoom < batches.length && batches[firstWithRoom].recipients.length >= size) {
			firstWithRoom++;
		}
	}
	return batches;
}

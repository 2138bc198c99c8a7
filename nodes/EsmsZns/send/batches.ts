import type { Batch, Recipient } from './types';

export const MAX_BATCH_SIZE = 500;

/**
 * Packs recipients into batches of at most `batchSize`, in input order, never putting one
 * phone twice into a batch: eSMS's reply rows carry no RequestId, only the phone, so within
 * a batch the phone must identify the recipient. A repeated phone goes into the first batch
 * after its previous occurrence that still has room.
 *
 * A batch is never changed once it is full, and every batch before the first one with room is
 * full: those are final (`takeClosed`) and can be sent while later recipients are still read.
 */
export class BatchPlanner {
	private readonly size: number;
	private readonly batches: Batch[] = [];
	private readonly lastBatchOfPhone = new Map<string, number>();
	private firstWithRoom = 0;
	private released = 0;

	constructor(batchSize: number) {
		this.size = Math.min(Math.max(1, Math.floor(batchSize)), MAX_BATCH_SIZE);
	}

	add(recipient: Recipient): void {
		const { batches, size } = this;
		const afterPrevious = (this.lastBatchOfPhone.get(recipient.phoneKey) ?? -1) + 1;
		let index = Math.max(this.firstWithRoom, afterPrevious);
		while (index < batches.length && batches[index].recipients.length >= size) index++;
		if (index === batches.length) batches.push({ number: index + 1, recipients: [] });
		batches[index].recipients.push(recipient);
		this.lastBatchOfPhone.set(recipient.phoneKey, index);
		while (this.firstWithRoom < batches.length && batches[this.firstWithRoom].recipients.length >= size) {
			this.firstWithRoom++;
		}
	}

	/** The full batches not taken yet, in order: nothing will be added to them. */
	takeClosed(): Batch[] {
		const closed = this.batches.slice(this.released, this.firstWithRoom);
		this.released = Math.max(this.released, this.firstWithRoom);
		return closed;
	}

	/** When every recipient is added: the batches not taken yet. */
	takeRest(): Batch[] {
		const rest = this.batches.slice(this.released);
		this.released = this.batches.length;
		return rest;
	}

	get count(): number {
		return this.batches.length;
	}
}

export function planBatches(recipients: Recipient[], batchSize: number): Batch[] {
	const planner = new BatchPlanner(batchSize);
	for (const recipient of recipients) planner.add(recipient);
	return planner.takeRest();
}

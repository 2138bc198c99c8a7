import type { Batch, Recipient, RequestOptions } from './types';

export const MAX_BATCH_SIZE = 500;

/** One set of request options' batches, being filled. */
interface Group {
	options: RequestOptions;
	batches: Recipient[][];
	lastBatchOfPhone: Map<string, number>;
	firstWithRoom: number;
	released: number;
}

/**
 * Packs recipients into batches of at most `batchSize`, in input order: one request per set of
 * request options (Send At, Campaign…: a request carries one of each), and never one phone twice
 * in a batch: eSMS's reply rows carry no RequestId, only the phone, so within a batch the phone
 * must identify the recipient. A repeated phone goes into the first batch after its previous
 * occurrence that still has room.
 *
 * A batch is never changed once it is full, and every batch of a group before its first one with
 * room is full: those are final (`takeClosed`) and can be sent while later recipients are still
 * read. Batches are numbered as they are taken, from 1.
 */
export class BatchPlanner {
	private readonly size: number;
	private readonly groups = new Map<string, Group>();
	private taken = 0;
	private created = 0;

	constructor(batchSize: number) {
		this.size = Math.min(Math.max(1, Math.floor(batchSize)), MAX_BATCH_SIZE);
	}

	add(recipient: Recipient): void {
		const { size } = this;
		const group = this.groupOf(recipient.options);
		const { batches } = group;
		const afterPrevious = (group.lastBatchOfPhone.get(recipient.phoneKey) ?? -1) + 1;
		let index = Math.max(group.firstWithRoom, afterPrevious);
		while (index < batches.length && batches[index].length >= size) index++;
		if (index === batches.length) {
			batches.push([]);
			this.created++;
		}
		batches[index].push(recipient);
		group.lastBatchOfPhone.set(recipient.phoneKey, index);
		while (group.firstWithRoom < batches.length && batches[group.firstWithRoom].length >= size) group.firstWithRoom++;
	}

	/** The full batches not taken yet: nothing will be added to them. */
	takeClosed(): Batch[] {
		return this.take((group) => group.firstWithRoom);
	}

	/** When every recipient is added: the batches not taken yet. */
	takeRest(): Batch[] {
		return this.take((group) => group.batches.length);
	}

	/** How many batches there are, taken or not. */
	get count(): number {
		return this.created;
	}

	private groupOf(options: RequestOptions): Group {
		let group = this.groups.get(options.key);
		if (group === undefined) {
			group = { options, batches: [], lastBatchOfPhone: new Map(), firstWithRoom: 0, released: 0 };
			this.groups.set(options.key, group);
		}
		return group;
	}

	private take(upTo: (group: Group) => number): Batch[] {
		const taken: Batch[] = [];
		for (const group of this.groups.values()) {
			const end = upTo(group);
			for (; group.released < end; group.released++) {
				taken.push({ number: ++this.taken, recipients: group.batches[group.released], options: group.options });
			}
		}
		return taken;
	}
}

export function planBatches(recipients: Recipient[], batchSize: number): Batch[] {
	const planner = new BatchPlanner(batchSize);
	for (const recipient of recipients) planner.add(recipient);
	return planner.takeRest();
}

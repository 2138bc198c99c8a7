import { sleep } from 'n8n-workflow';

import { BatchPlanner } from './batches';
import { BatchQueue, dispatchBatches, type BatchFailure, type DispatchResult } from './dispatch';
import { explainDuplicates, recordOutcomes, reuseSettled, type RunPlace } from './memory';
import { invalidOutcome, outcomeOf, retold, twinOutcome, type Twin } from './outcome';
import { checkCampaign, estimateOf, passesForEveryItem, type Charged, type Estimate, type NotSent, type PreflightLookups } from './preflight';
import { isInvalid } from './recipients';
import { skipAlreadySent, type CampaignLog } from './sentLog';
import type { Channel, InvalidItem, Outcome, Recipient } from './types';

/**
 * The one Send pipeline, for every channel and every mode (Stop, both Continue modes, Estimate
 * Only): read → check → send → match → outcomes. The channel knows how a batch becomes a request
 * and its answer outcomes; everything else is here, once. Recipients sent before (this process's
 * memory, or eSMS's sent log for the campaign: Skip Already Sent) are set aside as they are read.
 *
 * When reading and sending overlap: in the Continue modes an invalid item does not stop the node,
 * so once the checks pass for every item at once (no later item can make them stop the campaign),
 * full batches leave while later items are still read. Otherwise every item is read and checked
 * first: an invalid last item must stop the node before anything is sent.
 */

/** The items, read a part at a time, in input order. */
export interface RecipientSource {
	/** The next `count` items (or fewer at the end): recipients and invalid items, twins set aside. */
	read(count: number): Array<Recipient | InvalidItem>;
	readonly done: boolean;
	/** Items that repeat an earlier item's message, sent once for both. */
	readonly twins: Twin[];
}

export interface PipelineSettings {
	itemCount: number;
	batchSize: number;
	/** Requests in flight at most. */
	concurrency: number;
	continueOnFail: boolean;
	/** Where and when this run happens, for the process's memory of eSMS's answers. */
	place: RunPlace;
	/** Said on every accepted recipient (Per Execution Request IDs say resends are deliberate). */
	acceptedNote: string | null;
}

export interface PipelineResult {
	/** One per item. */
	outcomes: Outcome[];
	/** Estimate Only, or checks that could not run: the campaign's totals. */
	estimate?: Estimate;
}

/** Why the node stops (without Continue): the operation turns it into n8n's error. */
export type Stop =
	| { kind: 'invalid'; first: InvalidItem; count: number }
	| { kind: 'notSent'; why: NotSent }
	| { kind: 'batch'; failure: BatchFailure; batches: number; sent: Outcome[] }
	| { kind: 'read'; cause: unknown; sent: Outcome[] };

export class SendStopped extends Error {
	constructor(readonly stop: Stop) {
		super(stop.kind);
	}
}

/** Small inputs (up to this many items) are read whole first in every mode. */
export const READ_CHUNK = 2000;
/** Without overlap: items read before the price look-up starts (with the first recipient among them). */
const FIRST_PART = 100;
/** Items read at a time; reading gives the event loop a turn every READ_SLICE_MS when asked to. */
const READ_STEP = 250;
const READ_SLICE_MS = 10;

/** eSMS's numbers for the checks, and the notes on what could not be checked. */
type Looked = Awaited<ReturnType<PreflightLookups['facts']>>;

function isRecipient(read: Recipient | InvalidItem): read is Recipient {
	return !isInvalid(read);
}

export async function runPipeline(
	source: RecipientSource,
	channel: Channel,
	lookups: PreflightLookups,
	settings: PipelineSettings,
): Promise<PipelineResult> {
	const { continueOnFail, place } = settings;
	const estimateOnly = lookups.options.estimateOnly;
	const outcomes: Outcome[] = [];
	const invalid: InvalidItem[] = [];
	/** Recipients this process has not settled before: to check, then send. */
	const unsettled: Recipient[] = [];
	const planner = new BatchPlanner(Math.min(settings.batchSize, channel.maxPerRequest));
	const queue = new BatchQueue();
	let dispatched: Promise<DispatchResult> | null = null;
	/** Skip Already Sent's look at eSMS's sent log (null: off, or it could not run and the checks say so). */
	let sentBefore: CampaignLog | null = null;

	const take = (reads: Array<Recipient | InvalidItem>) => {
		const valid: Recipient[] = [];
		for (const read of reads) {
			if (isRecipient(read)) valid.push(read);
			else invalid.push(read);
		}
		const { toSend: unsent, reused } = reuseSettled(valid, place);
		const { toSend, skipped } = skipAlreadySent(unsent, sentBefore);
		outcomes.push(...reused, ...skipped);
		for (const recipient of toSend) {
			unsettled.push(recipient);
			if (dispatched) planner.add(recipient);
		}
		if (dispatched) queue.push(planner.takeClosed());
	};

	// READ the first part; CHECK early when sending may overlap reading.
	const overlap = continueOnFail && !estimateOnly;
	const first = source.read(overlap ? READ_CHUNK : FIRST_PART);
	lookups.firstRecipient(first.find(isRecipient));
	// Before any recipient is taken: whom eSMS's sent log shows the campaign already reached.
	sentBefore = await lookups.alreadySent();
	let early: { facts: Looked } | null = null;
	if (overlap && !source.done) {
		const looked = await lookups.facts(first.filter(isRecipient).slice(0, 1));
		if (passesForEveryItem(lookups, looked.facts, looked.notes, settings.itemCount)) early = { facts: looked };
	}
	if (early) dispatched = dispatchBatches(queue, channel, { concurrency: settings.concurrency, stopOnFailure: false });

	const unread = await readAll(source, first, take, () => dispatched !== null || lookups.pending());
	if (unread !== null && dispatched) {
		// An item n8n could not read while sending: stop sending, keep (and remember) what eSMS accepted.
		queue.abandon();
		throw new SendStopped({ kind: 'read', cause: unread.cause, sent: await settle(await dispatched, unsettled, settings, lookups) });
	}
	if (unread !== null) throw unread.cause;
	outcomes.push(...invalid.map(invalidOutcome));

	let estimate: Estimate | undefined;
	if (early) {
		queue.push(planner.takeRest());
		queue.end();
		const { facts, notes } = early.facts;
		if (notes.length > 0) estimate = estimateFor({ facts, notes }, unsettled.length, 0);
	} else {
		if (invalid.length > 0 && !continueOnFail) throw new SendStopped({ kind: 'invalid', first: invalid[0], count: invalid.length });
		const looked = await lookups.facts(unsettled);
		const checked = checkCampaign(lookups.options, looked.facts, looked.notes, unsettled);
		if ('notSent' in checked) {
			if (!continueOnFail) throw new SendStopped({ kind: 'notSent', why: checked });
			outcomes.push(...unsettled.map((recipient) => outcomeOf(recipient, 'failed', `Not sent: ${checked.notSent}`)));
			return { outcomes: withTwins(outcomes, source.twins) };
		}
		outcomes.push(...checked.overQuota);
		for (const recipient of checked.toSend) planner.add(recipient);
		estimate = estimateFor(looked, checked.toSend.length, checked.overQuota.length, checked.charged);
		if (estimateOnly) {
			if (checked.toSend.length === 0) estimate.notes.push(NOTHING_TO_SEND);
			const wouldSend = 'Would be sent (Estimate Only: nothing was sent)';
			outcomes.push(...checked.toSend.map((recipient) => outcomeOf(recipient, 'would_send', wouldSend)));
			return { outcomes: withTwins(outcomes, source.twins), estimate };
		}
		if (estimate.notes.length === 0) estimate = undefined;
		dispatched = dispatchBatches(planner.takeRest(), channel, { concurrency: settings.concurrency, stopOnFailure: !continueOnFail });
	}

	// SEND, then MATCH what came back to what this process knows.
	// Started above: at the opening (overlap) or after the checks.
	const result = await (dispatched as Promise<DispatchResult>);
	const sent = await settle(result, unsettled, settings, lookups);
	// A failed batch stops the node, unless eSMS's sent log showed every one of it sent (an answer lost, nothing left out).
	const unsent = sent.some((outcome) => outcome.status === 'unconfirmed' || outcome.status === 'failed' || outcome.status === 'skipped');
	if (result.stoppedBy && !continueOnFail && unsent) throw new SendStopped({ kind: 'batch', failure: result.stoppedBy, batches: planner.count, sent });
	outcomes.push(...sent);
	return { outcomes: withTwins(outcomes, source.twins), estimate };

	function estimateFor(looked: Looked, toSend: number, overQuota: number, charged?: Charged): Estimate {
		// Not sent again: sent before (this process's memory, eSMS's sent log), or a repeat of another item read.
		// Nothing sent is among the outcomes yet, so every `duplicate` there is one of those.
		const alreadySent = source.twins.length + outcomes.filter((outcome) => outcome.status === 'duplicate').length;
		const counts = { recipients: settings.itemCount, invalid: invalid.length, alreadySent, toSend, overQuota };
		return estimateOf({ ...looked, ...counts, charged, batches: planner.count });
	}
}

/**
 * Takes the first part, then reads the rest a step at a time, giving the event loop a turn every
 * READ_SLICE_MS when `wantsTurns` (eSMS's answers come in, the next requests go out). What n8n
 * could not read (an expression error) is handed back, not thrown: the caller decides.
 */
async function readAll(
	source: RecipientSource,
	first: Array<Recipient | InvalidItem>,
	take: (reads: Array<Recipient | InvalidItem>) => void,
	wantsTurns: () => boolean,
): Promise<{ cause: unknown } | null> {
	try {
		take(first);
		let sliceStart = Date.now();
		while (!source.done) {
			if (Date.now() - sliceStart >= READ_SLICE_MS && wantsTurns()) {
				await sleep(0);
				sliceStart = Date.now();
			}
			take(source.read(READ_STEP));
		}
		return null;
	} catch (cause) {
		return { cause };
	}
}

const NOTHING_TO_SEND = "nothing to send: every recipient is invalid, over the quota or sent before (each item's message says which)";

/**
 * The sent recipients' outcomes, explained with what this process knows and, for those left
 * without an SMS ID, with eSMS's sent log; then remembered.
 */
async function settle(result: DispatchResult, sentTo: Recipient[], settings: PipelineSettings, lookups: PreflightLookups): Promise<Outcome[]> {
	const explained = await lookups.withLoggedSmsIds(explainDuplicates(result.outcomes, sentTo, settings.place), sentTo);
	const { acceptedNote } = settings;
	const sent = acceptedNote === null
		? explained
		: explained.map((outcome) =>
				outcome.status === 'accepted' ? retold(outcome, outcome, 'accepted', `${outcome.message}. ${acceptedNote}`) : outcome,
			);
	// Sandbox messages are neither stored nor charged by eSMS: nothing to remember.
	recordOutcomes(sent, sentTo.filter((recipient) => !recipient.options.sandbox), settings.place);
	return sent;
}

function withTwins(outcomes: Outcome[], twins: Twin[]): Outcome[] {
	if (twins.length === 0) return outcomes;
	const byItem = new Map(outcomes.map((outcome) => [outcome.itemIndex, outcome]));
	for (const twin of twins) outcomes.push(twinOutcome(twin, byItem.get(twin.firstItem)!));
	return outcomes;
}

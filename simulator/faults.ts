/**
 * Faults switchable at runtime. A fault may be limited to one endpoint (`path`) and to a number of
 * requests (`times`); it is used up in request-arrival order, so "once" is deterministic.
 *
 * When a request has fully arrived, the simulator plans its faults at once (see plan()): one
 * `latency`; the earliest-added of the answer-replacing faults (`reset`, `http-error`, `non-json`,
 * `result-code`) — if there is one, nothing else is used up; otherwise one each of
 * `duplicate-phones`, `accept-then-drop` and the reply rewrites (`phones-as-84`, `drop-detail`,
 * `reorder-detail`, `numeric-codes`, `merge-answer`, applied in that order) and `slow-body`. `error-info-encoding` is used up per
 * message whose callback is built while it is active.
 */
import type { DuplicatePhoneMode, ErrorInfoEncoding } from './types';

export interface FaultScope {
	/** Limit to one endpoint: 'Send_zns_bulk_v4_post_json/', '/ZaloCallback/GetCallback', a full URL… */
	path?: string;
	/** Apply to this many matching requests, then expire. Default: until cleared. */
	times?: number;
	/** Let this many matching requests through untouched first (e.g. "from the 3rd batch on": 2). */
	after?: number;
}

export type FaultEffect =
	/** Wait this long before handling the request. */
	| { kind: 'latency'; ms: number }
	/** Answer this HTTP status (5xx, 429…) with an HTML/text body; nothing is processed. */
	| { kind: 'http-error'; status: number; body?: string; retryAfterSeconds?: number }
	/** Destroy the socket (TCP RST) before processing; nothing is processed. */
	| { kind: 'reset' }
	/** Process the request fully (messages stored, RequestIds recorded), then destroy the socket unanswered. */
	| { kind: 'accept-then-drop' }
	/** Answer an HTML error page with this status (default 200); nothing is processed. */
	| { kind: 'non-json'; status?: number; body?: string }
	/** Answer this eSMS request-level code in the endpoint's own error shape; nothing is processed. */
	| { kind: 'result-code'; code: string; message?: string }
	/** Bulk send: reorder `detail` (shuffle is seeded, default seed 1). */
	| { kind: 'reorder-detail'; order: 'reverse' | 'shuffle'; seed?: number }
	/** Bulk send: leave rows out of `detail`: every Nth row (N, 2N… counted from 1) and/or the last N. */
	| { kind: 'drop-detail'; every?: number; last?: number }
	/** Bulk send: echo valid phones as 84xxxxxxxxx. */
	| { kind: 'phones-as-84' }
	/** Every CodeResult / CodeResponse (top level and rows) as a number instead of a string. */
	| { kind: 'numeric-codes' }
	/** Bulk send: how a phone repeated inside one request is judged (overrides the account's setting). */
	| { kind: 'duplicate-phones'; mode: DuplicatePhoneMode }
	/** Send the JSON answer slowly: `chunkBytes` (default 16) every `intervalMs` (default 100), so the socket is never idle. */
	| { kind: 'slow-body'; chunkBytes?: number; intervalMs?: number }
	/**
	 * Process the request fully (messages stored), then merge `fields` into the answer and `rowFields`
	 * into each `detail` row: odd side fields (`ErrorMessage: {}`), an undocumented request-level code
	 * with rows, a text that quotes the keys. Applied after the other rewrites.
	 */
	| { kind: 'merge-answer'; fields?: Record<string, unknown>; rowFields?: Record<string, unknown> }
	/** Callbacks: how error_info is encoded (overrides the account's setting). */
	| { kind: 'error-info-encoding'; encoding: ErrorInfoEncoding };

export type Fault = FaultScope & FaultEffect;
export type FaultKind = Fault['kind'];
export type FaultOf<K extends FaultKind> = Extract<Fault, { kind: K }>;

/** The faults one request will meet, chosen (and used up) when it arrives. */
export interface FaultPlan {
	latency?: FaultOf<'latency'>;
	replaceAnswer?: FaultOf<'reset' | 'http-error' | 'non-json' | 'result-code'>;
	duplicatePhones?: FaultOf<'duplicate-phones'>;
	acceptThenDrop?: FaultOf<'accept-then-drop'>;
	phonesAs84?: FaultOf<'phones-as-84'>;
	dropDetail?: FaultOf<'drop-detail'>;
	reorderDetail?: FaultOf<'reorder-detail'>;
	numericCodes?: FaultOf<'numeric-codes'>;
	mergeAnswer?: FaultOf<'merge-answer'>;
	slowBody?: FaultOf<'slow-body'>;
}

export interface ActiveFault {
	id: number;
	fault: Fault;
	/** Requests it may still apply to (Infinity when unlimited). */
	remaining: number;
	/** Requests it has applied to. */
	hits: number;
	/** Matching requests still to let through before it applies. */
	passes: number;
}

/** Faults that only mean something for the bulk send endpoint. */
const BULK_ONLY: ReadonlySet<FaultKind> = new Set(['reorder-detail', 'drop-detail', 'phones-as-84', 'duplicate-phones']);
export const BULK_SEND_KEY = 'send_zns_bulk_v4_post_json';

export class FaultController {
	private active: ActiveFault[] = [];
	private nextId = 1;

	/** Adds faults after the existing ones; returns their ids (for remove). */
	add(faults: Fault | Fault[]): number[] {
		return toList(faults).map((fault) => {
			const id = this.nextId++;
			this.active.push({ id, fault: { ...fault }, remaining: fault.times ?? Infinity, hits: 0, passes: fault.after ?? 0 });
			return id;
		});
	}

	/** Replaces every fault with these. */
	set(faults: Fault | Fault[]): number[] {
		this.clear();
		return this.add(faults);
	}

	remove(id: number): void {
		this.active = this.active.filter((entry) => entry.id !== id);
	}

	clear(): void {
		this.active = [];
	}

	/** Snapshot of the faults still active, in the order they were added. */
	list(): ActiveFault[] {
		return this.active.map((entry) => ({ ...entry, fault: { ...entry.fault } }));
	}

	/** Chooses and uses up the faults of one request to `endpoint`, in arrival order. */
	plan(endpoint: string): FaultPlan {
		const plan: FaultPlan = { latency: this.take('latency', endpoint) };
		const replaceAnswer = this.takeFirst(['reset', 'http-error', 'non-json', 'result-code'], endpoint);
		if (replaceAnswer) return { ...plan, replaceAnswer: replaceAnswer as FaultPlan['replaceAnswer'] };
		return {
			...plan,
			duplicatePhones: this.take('duplicate-phones', endpoint),
			acceptThenDrop: this.take('accept-then-drop', endpoint),
			phonesAs84: this.take('phones-as-84', endpoint),
			dropDetail: this.take('drop-detail', endpoint),
			reorderDetail: this.take('reorder-detail', endpoint),
			numericCodes: this.take('numeric-codes', endpoint),
			mergeAnswer: this.take('merge-answer', endpoint),
			slowBody: this.take('slow-body', endpoint),
		};
	}

	/** Uses up and returns the earliest-added active fault of `kind` that applies to `endpoint`. */
	take<K extends FaultKind>(kind: K, endpoint: string): FaultOf<K> | undefined {
		return this.takeFirst([kind], endpoint) as FaultOf<K> | undefined;
	}

	/** Uses up and returns the earliest-added active fault of any of `kinds` that applies to `endpoint`. */
	takeFirst(kinds: FaultKind[], endpoint: string): Fault | undefined {
		const matching = this.active.filter((candidate) => kinds.includes(candidate.fault.kind) && appliesTo(candidate.fault, endpoint));
		// A fault still letting requests through counts this one and does not apply to it.
		const ready = matching.filter((candidate) => candidate.passes === 0);
		for (const waiting of matching) if (waiting.passes > 0) waiting.passes--;
		const entry = ready[0];
		if (!entry) return undefined;
		entry.hits++;
		entry.remaining--;
		if (entry.remaining <= 0) this.remove(entry.id);
		return entry.fault;
	}
}

function appliesTo(fault: Fault, endpoint: string): boolean {
	if (fault.path !== undefined && endpointKey(fault.path) !== endpoint) return false;
	return !BULK_ONLY.has(fault.kind) || endpoint === BULK_SEND_KEY;
}

function toList(faults: Fault | Fault[]): Fault[] {
	return Array.isArray(faults) ? faults : [faults];
}

/**
 * One spelling per endpoint: no origin, no '/MainService.svc/json' prefix, no edge slashes, lower case
 * (the real service is IIS, which matches paths case-insensitively).
 */
export function endpointKey(pathOrUrl: string): string {
	let path = pathOrUrl;
	if (/^https?:\/\//i.test(path)) path = new URL(path).pathname;
	path = path.replace(/^\/+/, '').replace(/\/+$/, '').toLowerCase();
	const base = 'mainservice.svc/json';
	if (path === base) return '';
	if (path.startsWith(base + '/')) path = path.slice(base.length + 1);
	return path;
}

import { sleep } from 'n8n-workflow';

/**
 * Where every request to eSMS waits for its turn, and what it reports afterwards: the transport
 * (request.ts) acquires a permit per attempt and releases it with how the attempt went.
 */
export interface RequestGate {
	acquire(): Promise<GatePermit>;
}

export interface GatePermit {
	/**
	 * `ok`: a usable answer. `throttled`: too many requests, HTTP 5xx or a timeout — the gate lowers
	 * its limit and pauses (at least `retryAfterMs`). `neutral`: any other failure.
	 */
	release(signal: 'ok' | 'throttled' | 'neutral', retryAfterMs?: number): void;
}

export interface AdaptiveConcurrencyOptions {
	/** The lowest limit back-off goes down to (default 1). */
	minimum?: number;
	/** The first pause after a throttled answer; doubled for each further one in a row (default 250 ms). */
	firstPauseMs?: number;
	/** The longest pause (default 10 s); an answer's Retry-After may ask for more, up to 60 s. */
	maxPauseMs?: number;
	/** Clock for pauses (tests). */
	now?: () => number;
	/** Waits (tests); default `sleep` from n8n-workflow. */
	wait?: (ms: number) => Promise<void>;
}

/**
 * How many requests to eSMS are in flight at once, adapted to how eSMS answers: never more than
 * `ceiling`; on a throttled answer (HTTP 429, an answer the client judges "too many requests", HTTP 5xx, a timeout) the limit is
 * halved and no request starts for a pause (at least the answer's Retry-After) that doubles with
 * each further step down until a good answer comes; every `limit`
 * good answers in a row raise it by one again, up to the ceiling (additive increase,
 * multiplicative decrease). Throttled answers to requests started before the last decrease do
 * not lower it again: one overload is one step down.
 */
export class AdaptiveConcurrency implements RequestGate {
	readonly ceiling: number;
	private current: number;
	private running = 0;
	private most = 0;
	/** Bumped at every decrease; a permit remembers the epoch it was taken in. */
	private epoch = 0;
	private goodInARow = 0;
	private throttledInARow = 0;
	private pausedUntil = 0;
	private readonly waiting: Array<() => void> = [];
	private readonly minimum: number;
	private readonly firstPauseMs: number;
	private readonly maxPauseMs: number;
	private readonly now: () => number;
	private readonly wait: (ms: number) => Promise<void>;
	/** Counters for reports and tests. */
	readonly stats = { decreases: 0, increases: 0, pausedMs: 0 };

	constructor(ceiling: number, options: AdaptiveConcurrencyOptions = {}) {
		this.ceiling = Math.max(1, Math.floor(ceiling));
		this.minimum = Math.min(this.ceiling, Math.max(1, Math.floor(options.minimum ?? 1)));
		this.current = this.ceiling;
		this.firstPauseMs = options.firstPauseMs ?? 250;
		this.maxPauseMs = options.maxPauseMs ?? 10_000;
		this.now = options.now ?? Date.now;
		this.wait = options.wait ?? (async (ms) => await sleep(ms));
	}

	/** The limit now (between the minimum and the ceiling). */
	get limit(): number {
		return this.current;
	}

	get inFlight(): number {
		return this.running;
	}

	/** The most requests that were in flight at once. */
	get maxInFlight(): number {
		return this.most;
	}

	/** Waits until a request may start: under the limit and not paused. */
	async acquire(): Promise<GatePermit> {
		for (;;) {
			const pause = this.pausedUntil - this.now();
			if (pause > 0) {
				await this.wait(pause);
				continue;
			}
			if (this.running < this.current) break;
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.running++;
		if (this.running > this.most) this.most = this.running;
		const epoch = this.epoch;
		let released = false;
		return {
			release: (signal, retryAfterMs) => {
				if (released) return;
				released = true;
				this.running--;
				this.report(signal, epoch, retryAfterMs);
				this.wakeUp();
			},
		};
	}

	private report(signal: 'ok' | 'throttled' | 'neutral', epoch: number, retryAfterMs: number | undefined): void {
		if (signal === 'ok') {
			// A good answer to a request started before the last step down says nothing new.
			if (epoch !== this.epoch) return;
			this.throttledInARow = 0;
			if (this.current < this.ceiling && ++this.goodInARow >= this.current) {
				this.current++;
				this.goodInARow = 0;
				this.stats.increases++;
			}
			return;
		}
		if (signal !== 'throttled') return;
		this.goodInARow = 0;
		let pause = Math.min(retryAfterMs ?? 0, 60_000);
		// A request started before the last step down reports the same overload: no second step.
		if (epoch === this.epoch) {
			pause = Math.max(pause, Math.min(this.maxPauseMs, this.firstPauseMs * 2 ** this.throttledInARow));
			this.throttledInARow++;
			this.epoch++;
			if (this.current > this.minimum) {
				this.current = Math.max(this.minimum, Math.floor(this.current / 2));
				this.stats.decreases++;
			}
		}
		const until = this.now() + pause;
		if (until > this.pausedUntil) {
			this.stats.pausedMs += until - Math.max(this.pausedUntil, this.now());
			this.pausedUntil = until;
		}
	}

	private wakeUp(): void {
		const free = this.current - this.running;
		for (let woken = 0; woken < free && this.waiting.length > 0; woken++) this.waiting.shift()!();
	}
}

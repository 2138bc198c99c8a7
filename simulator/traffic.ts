/**
 * Traffic realism: how long eSMS takes to answer (fixed, jitter, per row) and a rate limit of the
 * simulator's own (requests per second and/or requests in flight), answered the way a gateway does
 * when it is exceeded. Also counts what arrives, so that concurrency can be measured, not guessed.
 */
import type { RateLimit, SimulatorSettings } from './types';

export type { RateLimit, RateLimitAnswer } from './types';

/** Counters since start or the last `resetTraffic()` / `reset()`. */
export interface TrafficStats {
	/** Requests being handled right now (from arrival until the answer is sent or the socket closes). */
	inFlight: number;
	/** The highest `inFlight` seen. */
	maxInFlight: number;
	/** Requests that reached an endpoint. */
	requests: number;
	/** Of those, answered with the rate limit's 429 or 160. */
	rateLimited: number;
}

const WINDOW_MS = 1000;

export class TrafficMeter {
	private stats: TrafficStats = { inFlight: 0, maxInFlight: 0, requests: 0, rateLimited: 0 };
	/** Admitted requests still being handled (what `maxInFlight` of the rate limit counts). */
	private admittedInFlight = 0;
	/** Arrival times (ms, monotonic) of admitted requests in the last second. */
	private admittedAt: number[] = [];

	constructor(private readonly clock: () => number = () => performance.now()) {}

	snapshot(): TrafficStats {
		return { ...this.stats };
	}

	reset(): void {
		this.stats = { inFlight: this.stats.inFlight, maxInFlight: this.stats.inFlight, requests: 0, rateLimited: 0 };
		this.admittedAt = [];
	}

	/** A request arrived; call the returned function exactly once when it is over. */
	arrive(): () => void {
		this.stats.requests++;
		this.stats.inFlight++;
		if (this.stats.inFlight > this.stats.maxInFlight) this.stats.maxInFlight = this.stats.inFlight;
		let done = false;
		return () => {
			if (done) return;
			done = true;
			this.stats.inFlight--;
		};
	}

	/**
	 * Whether the rate limit lets this request through. An admitted request holds an in-flight
	 * place until the returned release is called; a refused one holds nothing.
	 */
	admit(limit: RateLimit | null | undefined): { admitted: true; release: () => void } | { admitted: false } {
		const now = this.clock();
		while (this.admittedAt.length > 0 && now - this.admittedAt[0] >= WINDOW_MS) this.admittedAt.shift();
		if (limit) {
			const overRate = limit.requestsPerSecond !== undefined && this.admittedAt.length >= limit.requestsPerSecond;
			const overFlight = limit.maxInFlight !== undefined && this.admittedInFlight >= limit.maxInFlight;
			if (overRate || overFlight) {
				this.stats.rateLimited++;
				return { admitted: false };
			}
		}
		this.admittedAt.push(now);
		this.admittedInFlight++;
		let released = false;
		return {
			admitted: true,
			release: () => {
				if (released) return;
				released = true;
				this.admittedInFlight--;
			},
		};
	}
}

/** How long to wait before answering: fixed + uniform jitter in [0, jitter) + per row of `Data`. */
export function latencyOf(settings: SimulatorSettings, body: unknown, random: () => number = Math.random): number {
	let ms = settings.latencyMs;
	if (settings.latencyJitterMs > 0) ms += random() * settings.latencyJitterMs;
	if (settings.latencyPerRowMs > 0) ms += settings.latencyPerRowMs * rowsOf(body);
	return Math.max(0, ms);
}

function rowsOf(body: unknown): number {
	if (typeof body !== 'object' || body === null) return 0;
	const data = (body as { Data?: unknown }).Data;
	return Array.isArray(data) ? data.length : 0;
}

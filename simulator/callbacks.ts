/**
 * Delivery callbacks: eSMS calls the sender's CallbackUrl with GET, every value in the query string.
 * Dispatch is asynchronous, bounded in concurrency, and retried when the receiver does not answer
 * 2xx in time. `idle()` resolves once every scheduled callback has succeeded or given up.
 */
import http from 'node:http';
import https from 'node:https';
import { formatVietnamTime } from './dates';
import type { StoredMessage } from './store';
import type { CallbackAttempt, ErrorInfoEncoding, SimulatorSettings } from './types';

interface CallbackJob {
	smsId: string;
	url: string;
	attempt: number;
}

/**
 * Builds the full callback URL: the receiver's own query is kept, eSMS's fields are appended.
 * An SMS's callback has no Zalo fields (partnerids, oaid, tempid).
 */
export function callbackUrlFor(message: StoredMessage, encoding: ErrorInfoEncoding, now: number): string {
	const delivered = message.outcome.status === 'delivered';
	const zaloFields: Array<[string, string]> =
		message.channel === 'zns'
			? [
					['partnerids', message.zaloMsgId ?? ''],
					['error_info', errorInfoFor(message, encoding, now)],
					['oaid', message.oaId],
					['tempid', message.tempId],
				]
			: [['error_info', errorInfoFor(message, encoding, now)]];
	const fields: Array<[string, string]> = [
		['SMSID', message.smsId],
		['SendFailed', delivered ? '0' : '1'],
		['SendStatus', '5'],
		['SendSuccess', delivered ? '1' : '0'],
		['TotalPrice', message.price.toFixed(4)],
		['TotalReceiver', '1'],
		['TotalSent', delivered ? '1' : '0'],
		['RequestId', message.requestId ?? ''],
		['TypeId', String(message.typeId)],
		['telcoid', String(message.telcoId)],
		['phonenumber', message.normalizedPhone],
		...zaloFields,
	];
	const query = fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
	const base = message.callbackUrl ?? '';
	const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
	return base + separator + query;
}

/** The error_info value before the query string's own encoding; empty for a delivered message. */
export function errorInfoFor(message: StoredMessage, encoding: ErrorInfoEncoding, now: number): string {
	if (message.outcome.status === 'delivered') return '';
	const json = JSON.stringify({ error: message.outcome.errorCode, message: message.outcome.errorMessage });
	switch (encoding) {
		case 'quoted':
			return JSON.stringify(json);
		case 'double-encoded':
			return encodeURIComponent(json) + '____' + formatVietnamTime(now);
		case 'dotnet':
			return (
				json +
				'System.Net.WebException: The remote server returned an error: (400) Bad Request.\r\n' +
				'   at System.Net.HttpWebRequest.GetResponse()\r\n' +
				'   at ESMS.ZNS.ZaloClient.SendTemplateMessage(String payload)'
			);
		case 'plain':
			return json;
	}
}

export class CallbackDispatcher {
	private readonly queue: CallbackJob[] = [];
	private queueHead = 0;
	private inFlight = 0;
	/** Callbacks scheduled and not yet finished (succeeded, gave up or cancelled). */
	private outstanding = 0;
	private idleWaiters: Array<() => void> = [];
	/** Bumped by cancelAll, so answers to cancelled requests are ignored. */
	private generation = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly requests = new Set<http.ClientRequest>();
	private readonly httpAgent = new http.Agent({ keepAlive: true });
	private readonly httpsAgent = new https.Agent({ keepAlive: true });

	constructor(
		private readonly settings: SimulatorSettings,
		private readonly attempts: () => CallbackAttempt[],
	) {}

	/** The first attempt goes out settings.callbackDelayMs + extraDelayMs (wall clock) from now. */
	schedule(smsId: string, url: string, extraDelayMs = 0): void {
		this.outstanding++;
		this.later(this.settings.callbackDelayMs + extraDelayMs, () => this.enqueue({ smsId, url, attempt: 1 }));
	}

	idle(): Promise<void> {
		if (this.outstanding === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Forgets every pending callback and aborts the ones in flight. */
	cancelAll(): void {
		this.generation++;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.queue.length = 0;
		this.queueHead = 0;
		for (const request of this.requests) request.destroy();
		this.requests.clear();
		this.inFlight = 0;
		this.outstanding = 0;
		this.notifyIdle();
	}

	destroy(): void {
		this.cancelAll();
		this.httpAgent.destroy();
		this.httpsAgent.destroy();
	}

	private later(ms: number, action: () => void): void {
		if (ms <= 0) return action();
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			action();
		}, ms);
		this.timers.add(timer);
	}

	private enqueue(job: CallbackJob): void {
		this.queue.push(job);
		this.pump();
	}

	private pump(): void {
		while (this.inFlight < Math.max(1, this.settings.callbackConcurrency) && this.queueHead < this.queue.length) {
			const job = this.queue[this.queueHead++];
			this.compactQueue();
			this.inFlight++;
			void this.run(job);
		}
	}

	/** Keeps the queue O(1) per job without Array.shift on a long array. */
	private compactQueue(): void {
		if (this.queueHead === this.queue.length) {
			this.queue.length = 0;
			this.queueHead = 0;
		} else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
			this.queue.splice(0, this.queueHead);
			this.queueHead = 0;
		}
	}

	private async run(job: CallbackJob): Promise<void> {
		const generation = this.generation;
		const startedAt = Date.now();
		const answer = await this.get(job.url);
		if (generation !== this.generation) return;
		this.inFlight--;
		const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
		const retry = !ok && answer.retryable && job.attempt <= this.settings.callbackRetries;
		const attempt: CallbackAttempt = {
			smsId: job.smsId,
			url: job.url,
			attempt: job.attempt,
			result: ok ? 'ok' : retry ? 'retry' : 'gave-up',
			startedAt,
		};
		if (answer.status !== undefined) attempt.status = answer.status;
		if (answer.error !== undefined) attempt.error = answer.error;
		this.attempts().push(attempt);
		if (retry) {
			this.later(this.settings.callbackRetryDelayMs, () => this.enqueue({ ...job, attempt: job.attempt + 1 }));
		} else {
			this.finishOne();
		}
		this.pump();
	}

	private finishOne(): void {
		this.outstanding--;
		if (this.outstanding === 0) this.notifyIdle();
	}

	private notifyIdle(): void {
		const waiters = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of waiters) resolve();
	}

	private get(url: string): Promise<GetAnswer> {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return Promise.resolve({ error: 'invalid callback URL', retryable: false });
		}
		const isHttps = target.protocol === 'https:';
		if (!isHttps && target.protocol !== 'http:') return Promise.resolve({ error: 'invalid callback URL', retryable: false });
		return new Promise((resolve) => {
			let settled = false;
			const client = isHttps ? https : http;
			const request = client.get(target, { agent: isHttps ? this.httpsAgent : this.httpAgent }, (response) => {
				response.resume();
				response.on('end', () => settle({ status: response.statusCode, retryable: true }));
				response.on('error', (error) => settle({ error: error.message, retryable: true }));
			});
			const settle = (answer: GetAnswer) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				this.requests.delete(request);
				resolve(answer);
			};
			this.requests.add(request);
			// settle() runs only from later events, after this line has run.
			const timer = setTimeout(() => {
				settle({ error: `timeout after ${this.settings.callbackTimeoutMs} ms`, retryable: true });
				request.destroy();
			}, this.settings.callbackTimeoutMs);
			request.on('error', (error) => settle({ error: error.message, retryable: true }));
		});
	}
}

interface GetAnswer {
	status?: number;
	error?: string;
	retryable: boolean;
}

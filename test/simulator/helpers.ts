/** Shared helpers for the simulator tests: HTTP calls over a real socket, and a callback receiver. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EsmsSimulator } from '../../simulator/index';

export const SHOP = '4097311281936189049';
export const CLINIC = '1397492183140006179';
export const ORDER_TEMPLATE = '2056446';
export const APPOINTMENT_TEMPLATE = '2056447';
export const APPOINTMENT_PARAMS = ['Nguyen Van An', 'Dental check-up', '01/12/2026'];
export const ORDER_PARAMS = ['Nguyen Van An', 'ORD-1001', '450000', '27/11/2026', 'https://shop.example/track/ORD-1001'];
export const HOUR = 60 * 60 * 1000;

export type Json = Record<string, any>;

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: Json;
}

export function keys(sim: EsmsSimulator): { ApiKey: string; SecretKey: string } {
	return { ApiKey: sim.defaultAccount.apiKey, SecretKey: sim.defaultAccount.secretKey };
}

async function reply(response: Response): Promise<Reply> {
	const text = await response.text();
	let json: Json = {};
	try {
		json = JSON.parse(text);
	} catch {
		// non-JSON answers are asserted through `text`
	}
	return { status: response.status, headers: response.headers, text, json };
}

/** POST a JSON body to a path under the base URL (or to a full URL). */
export async function post(sim: EsmsSimulator, path: string, body: unknown): Promise<Reply> {
	const url = path.startsWith('http') ? path : `${sim.baseUrl}/${path}`;
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return reply(response);
}

export async function get(sim: EsmsSimulator, path: string, query: Record<string, string>): Promise<Reply> {
	const response = await fetch(`${sim.baseUrl}/${path}?${new URLSearchParams(query)}`);
	return reply(response);
}

export interface RowInput {
	Phone: unknown;
	RequestId?: unknown;
	Params?: unknown;
}

export function row(phone: unknown, requestId: unknown, params: unknown = APPOINTMENT_PARAMS): RowInput {
	return { Phone: phone, RequestId: requestId, Params: params };
}

/** Send_zns_bulk_v4_post_json/ with the default account, the Shop OA and the appointment template. */
export function sendBulk(sim: EsmsSimulator, data: unknown, extra: Json = {}): Promise<Reply> {
	return post(sim, 'Send_zns_bulk_v4_post_json/', {
		...keys(sim),
		OAID: SHOP,
		TempID: APPOINTMENT_TEMPLATE,
		Data: data,
		...extra,
	});
}

let uniqueCounter = 0;
/** A RequestId no other test uses. */
export function uniqueId(prefix = 'req'): string {
	uniqueCounter++;
	return `${prefix}-${process.pid}-${uniqueCounter}`;
}

export interface Receiver {
	url: string;
	hits: URL[];
	rawUrls: string[];
	maxConcurrent: number;
	close(): Promise<void>;
	/** Resolves when `count` requests have arrived in total. */
	waitForHits(count: number): Promise<void>;
}

/**
 * A tiny callback receiver. `answer` decides each reply: a status code, or 'hold' to never answer
 * (until close), or a function that receives a `respond` to call later.
 */
export async function startReceiver(
	answer: number | 'hold' | ((respond: (status: number) => void, url: URL) => void) = 200,
): Promise<Receiver> {
	const hits: URL[] = [];
	const rawUrls: string[] = [];
	const waiters: Array<{ count: number; resolve: () => void }> = [];
	let concurrent = 0;
	const state = { maxConcurrent: 0 };
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://receiver');
		hits.push(url);
		rawUrls.push(request.url ?? '');
		concurrent++;
		state.maxConcurrent = Math.max(state.maxConcurrent, concurrent);
		for (const waiter of waiters.filter((candidate) => hits.length >= candidate.count)) {
			waiters.splice(waiters.indexOf(waiter), 1);
			waiter.resolve();
		}
		const respond = (status: number) => {
			concurrent--;
			response.writeHead(status, { 'Content-Type': 'text/plain' });
			response.end('ok');
		};
		if (answer === 'hold') return;
		if (typeof answer === 'number') return respond(answer);
		answer(respond, url);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/esms-callback`,
		hits,
		rawUrls,
		get maxConcurrent() {
			return state.maxConcurrent;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		waitForHits: (count) =>
			hits.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
	};
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 27, 3, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
	let current = start;
	return {
		now: () => current,
		advance: (ms) => {
			current += ms;
		},
		set: (ms) => {
			current = ms;
		},
	};
}

/** The HTTP side: routing, body parsing, recording, and where each fault takes effect. */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { CallbackDispatcher } from './callbacks';
import { BULK_SEND_KEY, endpointKey, type Fault, type FaultController, type FaultPlan } from './faults';
import { codeResultFailure, type EndpointContext, type Failure, failure, type Fields } from './endpoints/common';
import { codeResponseFailure, errorFailure, getBalance, getListZoa, getQuota, getTemplates, getZnsTemplateInfo } from './endpoints/lookup';
import { summarizeZns, sendZnsBulk, sendZnsSingle } from './endpoints/send';
import { getListBrandname, sendMultiChannel, sendSms, summarizeSms } from './endpoints/sms';
import { getSmsSentData } from './endpoints/report';
import { getCallbacks, getSendStatus, numericCodeFailure, queryZnsStatus } from './endpoints/status';
import { dropDetailRows, echoPhonesAs84, mergeAnswer, numericCodes, reorderDetailRows } from './rewrites';
import type { Store } from './store';
import { latencyOf, type RateLimit, type TrafficMeter } from './traffic';
import type { RecordedRequest, SimulatorSettings } from './types';

export const BASE_PATH = '/MainService.svc/json';
export const CALLBACK_API_PATH = '/ZaloCallback/GetCallback';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

interface Route {
	key: string;
	method: 'GET' | 'POST';
	handle: (ctx: EndpointContext, fields: Fields) => object;
	/** The endpoint's own shape for a request-level error (used by the result-code fault). */
	refuse: (failure: Failure) => object;
	/** For endpoints that take fields in the path: the decoded segments after the endpoint's name → fields. */
	pathFields?: (segments: string[]) => Fields;
}

const BASE_ROUTES = new Map<string, Route>(
	[
		{ key: BULK_SEND_KEY, method: 'POST', handle: sendZnsBulk, refuse: codeResultFailure },
		{ key: 'sendzalomessage_v4_post_json', method: 'POST', handle: sendZnsSingle, refuse: codeResultFailure },
		{ key: 'getbalance_json', method: 'POST', handle: getBalance, refuse: codeResponseFailure },
		{ key: 'zns/getlistzoa', method: 'POST', handle: getListZoa, refuse: codeResultFailure },
		{ key: 'gettemplate', method: 'POST', handle: getTemplates, refuse: codeResultFailure },
		{ key: 'getznstemplateinfo', method: 'GET', handle: getZnsTemplateInfo, refuse: errorFailure },
		{ key: 'zns/getquota', method: 'POST', handle: getQuota, refuse: codeResultFailure },
		{ key: 'summaryzalomessage_v4_post_json', method: 'POST', handle: summarizeZns, refuse: codeResultFailure },
		{ key: 'getsendstatus', method: 'GET', handle: getSendStatus, refuse: codeResponseFailure },
		{ key: 'queryznsstatus', method: 'POST', handle: queryZnsStatus, refuse: codeResultFailure },
		{ key: 'sendmultiplemessage_v4_post_json', method: 'POST', handle: sendSms, refuse: codeResultFailure },
		{ key: 'multichannelmessage', method: 'POST', handle: sendMultiChannel, refuse: codeResultFailure },
		{ key: 'summarymultiplemessage_v4_get', method: 'GET', handle: summarizeSms, refuse: codeResultFailure },
		{ key: 'getsmssentdata_v2', method: 'POST', handle: getSmsSentData, refuse: codeResultFailure },
	].map((route) => [route.key, route as Route]),
);

/** GetListBrandname/{ApiKey}/{SecretKey}: the keys are path segments (never recorded or logged as such). */
export const LIST_BRANDNAME_KEY = 'getlistbrandname';
const LIST_BRANDNAME_ROUTE: Route = {
	key: LIST_BRANDNAME_KEY,
	method: 'GET',
	handle: getListBrandname,
	refuse: codeResponseFailure,
	pathFields: (segments) => ({ ApiKey: segments[0], SecretKey: segments[1] }),
};

const CALLBACK_API_ROUTE: Route = {
	key: 'zalocallback/getcallback',
	method: 'POST',
	handle: getCallbacks,
	refuse: numericCodeFailure,
};

/** What the server needs from the simulator; `store()` is a getter because reset() replaces the store. */
export interface ServerEnvironment {
	store: () => Store;
	now: () => number;
	faults: FaultController;
	settings: SimulatorSettings;
	callbacks: CallbackDispatcher;
	traffic: TrafficMeter;
	record: (request: RecordedRequest) => void;
	log: ((line: string) => void) | undefined;
}

export class SimulatorServer {
	readonly http: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly sleeps = new Set<NodeJS.Timeout>();

	constructor(private readonly env: ServerEnvironment) {
		this.http = http.createServer((request, response) => {
			this.serve(request, response).catch((error: unknown) => answerInternalError(response, error));
		});
		this.http.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen(port: number, host: string): Promise<number> {
		return new Promise((resolve, reject) => {
			this.http.once('error', reject);
			this.http.listen(port, host, () => {
				this.http.off('error', reject);
				const address = this.http.address();
				resolve(typeof address === 'object' && address ? address.port : port);
			});
		});
	}

	close(): Promise<void> {
		for (const timer of this.sleeps) clearTimeout(timer);
		this.sleeps.clear();
		const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		this.http.closeAllConnections();
		return closed;
	}

	private async serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
		const over = this.env.traffic.arrive();
		response.once('close', over);
		response.once('finish', over);
		let rawBody: string;
		try {
			rawBody = await readBody(request);
		} catch {
			return answerText(response, 413, 'Request Entity Too Large');
		}
		const url = new URL(request.url ?? '/', 'http://simulator');
		const recorded = this.record(request, url, rawBody);
		const route = findRoute(url.pathname);
		const pathFields = route?.pathFields?.(pathSegmentsAfter(url.pathname, route.key));
		if (!route) return this.answerPlain(recorded, response, 404, 'Not Found');
		if (route.method !== request.method) return this.answerPlain(recorded, response, 405, 'Method Not Allowed');
		const limit = limitFor(this.env.settings.rateLimit, route.key);
		const admission = this.env.traffic.admit(limit);
		if (!admission.admitted) return this.answerRateLimited(limit!, route, recorded, response);
		response.once('close', admission.release);
		response.once('finish', admission.release);
		// Per-row latency counts recipients: only the bulk send's Data are recipients (MultiChannelMessage's are channels).
		const latency = latencyOf(this.env.settings, route.key === BULK_SEND_KEY ? recorded.body : undefined);
		if (latency > 0) await this.wait(latency);
		if (response.destroyed) return;
		const plan = this.env.faults.plan(route.key);
		if (plan.latency) await this.delay(plan.latency.ms, recorded);
		if (response.destroyed) return;
		if (plan.replaceAnswer) return this.answerInstead(plan.replaceAnswer, route, recorded, request, response);
		const fields = { ...(route.method === 'GET' ? queryOf(url) : fieldsOf(recorded.body)), ...pathFields };
		if (plan.duplicatePhones) recorded.faults.push('duplicate-phones');
		const answer = route.handle(this.context(route, plan), fields);
		if (plan.acceptThenDrop) {
			recorded.faults.push('accept-then-drop');
			this.log(recorded, 'dropped after processing');
			return void request.socket.destroy();
		}
		const rewritten = rewrite(answer as Record<string, unknown>, plan, recorded);
		if (plan.slowBody) {
			recorded.faults.push('slow-body');
			await this.answerSlowly(response, rewritten, plan.slowBody.chunkBytes ?? 16, plan.slowBody.intervalMs ?? 100);
		} else {
			answerJson(response, 200, rewritten);
		}
		this.log(recorded, `200 ${codeOf(rewritten)}`);
	}

	/** Headers at once, then the JSON body a few bytes at a time: a reply that drips in. */
	private async answerSlowly(response: http.ServerResponse, body: unknown, chunkBytes: number, intervalMs: number): Promise<void> {
		const bytes = Buffer.from(JSON.stringify(body));
		response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': bytes.length });
		response.flushHeaders();
		for (let offset = 0; offset < bytes.length; offset += Math.max(1, chunkBytes)) {
			if (offset > 0) await this.wait(intervalMs);
			if (response.destroyed) return;
			response.write(bytes.subarray(offset, offset + Math.max(1, chunkBytes)));
		}
		response.end();
	}

	/** Over the simulator's own rate limit: 429 (with Retry-After) or eSMS's 160, at once, nothing processed. */
	private answerRateLimited(limit: RateLimit, route: Route, recorded: RecordedRequest, response: http.ServerResponse): void {
		recorded.faults.push('rate-limit');
		if (limit.answer === 'code-160') {
			answerJson(response, 200, route.refuse(failure('160', 'TPS limit exceeded')));
			this.log(recorded, '200 160 (rate limit)');
			return;
		}
		if (limit.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(limit.retryAfterSeconds));
		answerText(response, 429, errorPage(429), 'text/html; charset=utf-8');
		this.log(recorded, '429 (rate limit)');
	}

	private context(route: Route, plan: FaultPlan): EndpointContext {
		const { faults, now, settings, callbacks } = this.env;
		return {
			store: this.env.store(),
			faults,
			now,
			settings,
			callbacks,
			endpoint: route.key,
			duplicatePhones: plan.duplicatePhones?.mode,
		};
	}

	private record(request: http.IncomingMessage, url: URL, rawBody: string): RecordedRequest {
		const recorded: RecordedRequest = {
			method: request.method ?? '',
			path: redactPath(url.pathname),
			query: queryOf(url),
			headers: { ...request.headers },
			rawBody,
			body: parseBody(rawBody, request.headers['content-type']),
			receivedAt: this.env.now(),
			faults: [],
		};
		this.env.record(recorded);
		return recorded;
	}

	private async delay(ms: number, recorded: RecordedRequest): Promise<void> {
		recorded.faults.push('latency');
		await this.wait(ms);
	}

	private async wait(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				this.sleeps.delete(timer);
				resolve();
			}, ms);
			this.sleeps.add(timer);
		});
	}

	private answerInstead(
		fault: Fault,
		route: Route,
		recorded: RecordedRequest,
		request: http.IncomingMessage,
		response: http.ServerResponse,
	): void {
		recorded.faults.push(fault.kind);
		if (fault.kind === 'reset') {
			this.log(recorded, 'connection reset');
			request.socket.resetAndDestroy();
		} else if (fault.kind === 'http-error') {
			if (fault.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(fault.retryAfterSeconds));
			answerText(response, fault.status, fault.body ?? errorPage(fault.status), 'text/html; charset=utf-8');
			this.log(recorded, `${fault.status} (fault)`);
		} else if (fault.kind === 'non-json') {
			const status = fault.status ?? 200;
			answerText(response, status, fault.body ?? runtimeErrorPage(), 'text/html; charset=utf-8');
			this.log(recorded, `${status} HTML (fault)`);
		} else if (fault.kind === 'result-code') {
			answerJson(response, 200, route.refuse(failure(fault.code, fault.message ?? `Simulated error ${fault.code}`)));
			this.log(recorded, `200 ${fault.code} (fault)`);
		}
	}

	private answerPlain(recorded: RecordedRequest, response: http.ServerResponse, status: number, text: string): void {
		answerText(response, status, text);
		this.log(recorded, String(status));
	}

	private log(recorded: RecordedRequest, outcome: string): void {
		this.env.log?.(`${recorded.method} ${recorded.path} → ${outcome}`);
	}
}

/** Reply rewrites, in a fixed order: 84-form phones, dropped rows, reordered rows, numeric codes, merged fields. */
function rewrite(answer: Record<string, unknown>, plan: FaultPlan, recorded: RecordedRequest): unknown {
	let result = answer;
	if (plan.phonesAs84) {
		recorded.faults.push('phones-as-84');
		result = echoPhonesAs84(result);
	}
	if (plan.dropDetail) {
		recorded.faults.push('drop-detail');
		result = dropDetailRows(result, plan.dropDetail);
	}
	if (plan.reorderDetail) {
		recorded.faults.push('reorder-detail');
		result = reorderDetailRows(result, plan.reorderDetail);
	}
	if (plan.numericCodes) {
		recorded.faults.push('numeric-codes');
		result = numericCodes(result) as Record<string, unknown>;
	}
	if (plan.mergeAnswer) {
		recorded.faults.push('merge-answer');
		result = mergeAnswer(result, plan.mergeAnswer);
	}
	return result;
}

function limitFor(limit: RateLimit | null, endpoint: string): RateLimit | null {
	if (!limit) return null;
	if (limit.path === undefined) return limit;
	const paths = Array.isArray(limit.path) ? limit.path : [limit.path];
	return paths.some((path) => endpointKey(path) === endpoint) ? limit : null;
}

function findRoute(pathname: string): Route | undefined {
	const path = pathname.toLowerCase().replace(/\/+$/, '');
	if (path === CALLBACK_API_PATH.toLowerCase()) return CALLBACK_API_ROUTE;
	const base = BASE_PATH.toLowerCase() + '/';
	if (!path.startsWith(base)) return undefined;
	const endpoint = path.slice(base.length);
	if (endpoint.startsWith(LIST_BRANDNAME_KEY + '/')) return LIST_BRANDNAME_ROUTE;
	return BASE_ROUTES.get(endpoint);
}

/** The decoded path segments after `<base>/<key>/` (a segment that is not valid %-encoding is kept as is). */
function pathSegmentsAfter(pathname: string, key: string): string[] {
	const prefixLength = (BASE_PATH + '/' + key + '/').length;
	return pathname
		.slice(prefixLength)
		.split('/')
		.filter((segment) => segment !== '')
		.map((segment) => {
			try {
				return decodeURIComponent(segment);
			} catch {
				return segment;
			}
		});
}

const SECRET_PATH = new RegExp(`^(${escapeRegExp(BASE_PATH)}/+GetListBrandname)(.*)$`, 'i');

/**
 * The path as recorded and logged. GetListBrandname carries ApiKey and SecretKey as path segments,
 * so every character run between slashes after it is replaced by three asterisks
 * (GetListBrandname/KEY/SECRET is recorded as GetListBrandname/ + '***' + '/' + '***').
 */
export function redactPath(pathname: string): string {
	const match = SECRET_PATH.exec(pathname);
	if (!match || match[2] === '') return pathname;
	return match[1] + match[2].replace(/[^/]+/g, '***');
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readBody(request: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

/** JSON (whatever the Content-Type says, so `curl -d` works), else a URL-encoded form; else undefined. */
function parseBody(rawBody: string, contentType: string | undefined): unknown {
	if (rawBody === '') return undefined;
	try {
		return JSON.parse(rawBody);
	} catch {
		if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(rawBody));
		return undefined;
	}
}

/** A body that is not a JSON object counts as one without fields (so its keys are missing: 101). */
function fieldsOf(body: unknown): Fields {
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

function queryOf(url: URL): Record<string, string> {
	const query: Record<string, string> = {};
	for (const [name, value] of url.searchParams) if (!(name in query)) query[name] = value;
	return query;
}

function codeOf(answer: unknown): string {
	if (typeof answer !== 'object' || answer === null) return '';
	const fields = answer as Record<string, unknown>;
	return String(fields.CodeResult ?? fields.CodeResponse ?? fields.Code ?? fields.Error ?? '');
}

function answerJson(response: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

function answerText(response: http.ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
	response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
	response.end(text);
}

/** A bug in the simulator: say so loudly rather than crash the process or hang the client. */
function answerInternalError(response: http.ServerResponse, error: unknown): void {
	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.stderr.write(`[esms-sim] internal error: ${message}\n`);
	if (!response.headersSent && !response.destroyed) answerText(response, 500, `eSMS simulator internal error: ${message}`);
}

function errorPage(status: number): string {
	const title = `${status} ${http.STATUS_CODES[status] ?? 'Error'}`;
	return `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
}

function runtimeErrorPage(): string {
	return (
		'<!DOCTYPE html><html><head><title>Runtime Error</title></head><body>' +
		"<h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2></body></html>"
	);
}

/**
 * A small stand-in for n8n's webhook server, for driving a trigger node over real HTTP.
 *
 * It listens on 127.0.0.1 (free port) and does, for one node, what n8n 2.40.7 does between the
 * socket and the node's `webhook()` (read from its compiled source: webhook.service, live-webhooks,
 * test-webhooks, webhook-helpers, body-parser):
 * - registers the node's webhook descriptions like `WebhookService.getNodeWebhooks` (paths
 *   evaluated by n8n's own expression engine, `NodeHelpers.getNodeWebhookPath`) and stores them
 *   like `createWebhook` (slashes trimmed; a dynamic `:param` path keeps the node's webhook id
 *   aside with its segment count);
 * - runs the node's `webhookMethods` at activation through n8n-core's real `HookContext`;
 * - routes like `LiveWebhooks` (static path first, then dynamic by webhook id + segment count +
 *   static segments; fills `params`; then looks the registration up again by path, and fails like
 *   n8n when that lookup misses) or, for test URLs, like `TestWebhooks`;
 * - parses the query like n8n's Express app (`qs`, "extended") and the body like n8n's
 *   `parseBody` (JSON, form, text/plain);
 * - calls `webhook()` with n8n-core's real `WebhookContext` and answers like the webhook helpers
 *   (`noWebhookResponse`, `webhookResponse`, responseMode `onReceived` with n8n's defaults).
 * Items a run would start are recorded instead of executed.
 *
 * Not emulated: multipart and XML bodies, response modes other than onReceived (answered 200
 * "Workflow was started", no downstream node runs), binary data, CORS, pin data.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseFormBody } from 'node:querystring';

import { Container } from '@n8n/di';
import { HookContext, InstanceSettings, WebhookContext } from 'n8n-core';
import {
	NodeHelpers,
	resolveWebhookDescriptionField,
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

// n8n's Express app parses query strings with `qs` ("query parser: extended"); qs ships with
// n8n-core's dependencies and has no type declarations here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const qs = require('qs') as { parse(text: string): Record<string, unknown> };

export interface WebhookHarnessOptions {
	nodeType: INodeType;
	/** Node parameters as stored in a workflow; missing ones get their defaults, as in n8n. */
	parameters?: INodeParameters;
	/** Defaults to `n8n-nodes-esms.<description.name>`. */
	typeName?: string;
	nodeName?: string;
	nodeId?: string;
	webhookId?: string;
	workflowId?: string;
	/** Serve the test URLs (`/webhook-test/…`, mode manual) instead of the production ones. */
	test?: boolean;
}

/** One request as the harness saw it and answered it. */
export interface HarnessExchange {
	method: string;
	url: string;
	status: number;
	/** The registered webhook path that served the request (`<webhookId>/:token`, …), or null. */
	webhookPath: string | null;
	/** Route parameters n8n would have filled for a dynamic path. */
	params: Record<string, string>;
	/** Items the request would have started an execution with (first output), or null. */
	items: INodeExecutionData[] | null;
	/** Set when the node's webhook() threw. */
	error: Error | null;
}

export interface WebhookHarness {
	/** `http://127.0.0.1:<port>` */
	readonly baseUrl: string;
	readonly node: INode;
	readonly webhookId: string;
	readonly exchanges: readonly HarnessExchange[];
	/** The URL the n8n editor shows under "Webhook URLs" (first webhook not hidden there). */
	shownUrl(): string;
	/** `<baseUrl>/webhook[-test]/<path>`, for hand-made URLs. */
	url(path: string): string;
	/** The json of every item the node emitted, in arrival order. */
	items(): IDataObject[];
	/** Resolves once at least `count` items were emitted in total (no polling). */
	waitForItems(count: number, timeoutMs?: number): Promise<IDataObject[]>;
	clear(): void;
	/** Runs the node's `delete` webhook method, then closes the server and its sockets. */
	close(): Promise<void>;
}

interface Registration {
	httpMethod: string;
	/** The path as n8n's getNodeWebhooks returns it (`IWebhookData.path`), not normalised. */
	path: string;
	/** The path as n8n stores it (`WebhookEntity.webhookPath`): slashes trimmed. */
	storedPath: string;
	/** Only on dynamic registrations, as n8n stores them: the node's webhook id. */
	webhookId?: string;
	description: IWebhookDescription;
}

/** n8n-workflow already adds `rawBody`, `encoding`, `contentType` and `readRawBody` to IncomingMessage. */
interface HarnessRequest extends IncomingMessage {
	query: Record<string, unknown>;
	params: Record<string, string>;
	body?: unknown;
	originalUrl: string;
	path: string;
}

interface Route {
	registration: Registration;
	params: Record<string, string>;
}

class WebhookRouteNotFound extends Error {}

/** n8n-core reads InstanceSettings from its DI container; the real one writes ~/.n8n/config. */
function useStubInstanceSettings(): void {
	const n8nFolder = mkdtempSync(join(tmpdir(), 'webhook-harness-'));
	const stub = { instanceId: 'webhook-harness', hmacSignatureSecret: 'webhook-harness', n8nFolder };
	Container.set(InstanceSettings, stub as unknown as InstanceSettings);
}

function singleNodeTypes(nodeType: INodeType): INodeTypes {
	return {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
}

function describeValue<T>(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	field: string,
	defaultValue?: T,
): T {
	const native = resolveWebhookDescriptionField(node, description, field);
	if (native.resolved) return native.value as T;
	const value = workflow.expression.getSimpleParameterValue(
		node,
		description[field] as string,
		'internal',
		{},
		undefined,
		defaultValue as never,
	);
	return value as T;
}

function trimSlashes(path: string): string {
	return path.trim().replace(/^\/+/, '').replace(/\/+$/, '');
}

/** n8n's WebhookService.isDynamicPath, applied to getNodeWebhooks' path. */
function isDynamicPath(rawPath: string): boolean {
	const firstSlash = rawPath.indexOf('/');
	const path = firstSlash !== -1 ? rawPath.substring(firstSlash + 1) : rawPath;
	if (path === '' || path === ':' || path === '/:') return false;
	return path.startsWith(':') || path.includes('/:');
}

/** n8n's WebhookService.isDynamicWebhookPath, applied to the stored path. */
function isDynamicWebhookPath(path: string): boolean {
	return path.startsWith(':') || path.includes('/:');
}

function registrationsOf(workflow: Workflow, node: INode, nodeType: INodeType): Registration[] {
	const registrations: Registration[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		const restartWebhook = describeValue<boolean>(workflow, node, description, 'restartWebhook', false);
		if (restartWebhook === true) continue;
		const rawPath = describeValue<unknown>(workflow, node, description, 'path');
		if (rawPath === undefined || rawPath === null) continue;
		const isFullPath = describeValue<boolean>(workflow, node, description, 'isFullPath', false);
		const relativePath = trimSlashes(String(rawPath));
		const path = NodeHelpers.getNodeWebhookPath(workflow.id, node, relativePath, isFullPath, restartWebhook);
		const storedPath = trimSlashes(path);
		const dynamic = isDynamicPath(path) && isDynamicWebhookPath(storedPath) && node.webhookId !== undefined;
		const methods = describeValue<unknown>(workflow, node, description, 'httpMethod', 'GET');
		for (const httpMethod of String(methods).split(',')) {
			if (httpMethod.trim() === '') continue;
			registrations.push({
				httpMethod: httpMethod.trim(),
				path,
				storedPath,
				webhookId: dynamic ? node.webhookId : undefined,
				description,
			});
		}
	}
	return registrations;
}

function staticSegments(path: string): string[] {
	return path.split('/').filter((segment) => !segment.startsWith(':'));
}

function notFound(httpMethod: string, path: string): WebhookRouteNotFound {
	return new WebhookRouteNotFound(`The requested webhook "${httpMethod} ${path}" is not registered.`);
}

/** n8n's WebhookService.pickMatchingTemplate. */
function pickMatchingTemplate(
	candidates: Registration[],
	segments: Set<string>,
	pathOf: (registration: Registration) => string,
): Registration | undefined {
	let picked: Registration | undefined;
	let maxMatches = 0;
	for (const candidate of candidates) {
		const fixed = staticSegments(pathOf(candidate));
		if (fixed.every((segment) => segments.has(segment)) && fixed.length > maxMatches) {
			maxMatches = fixed.length;
			picked = candidate;
		} else if (fixed.length === 0 && !picked) {
			picked = candidate;
		}
	}
	return picked;
}

/** LiveWebhooks.executeWebhook + WebhookService.findCached (production URLs). */
function findLiveRoute(registrations: Registration[], httpMethod: string, requestPath: string): Route {
	const path = requestPath.endsWith('/') ? requestPath.slice(0, -1) : requestPath;
	let stored = registrations.find((entry) => entry.storedPath === path && entry.httpMethod === httpMethod);
	if (!stored) {
		const [webhookId, ...others] = path.split('/');
		const candidates = registrations.filter(
			(entry) =>
				entry.webhookId === webhookId &&
				entry.httpMethod === httpMethod &&
				entry.storedPath.split('/').length === others.length,
		);
		stored = pickMatchingTemplate(candidates, new Set(others), (entry) => entry.storedPath);
	}
	if (!stored) throw notFound(httpMethod, path);

	const params: Record<string, string> = {};
	if (stored.storedPath.split('/').some((segment) => segment.startsWith(':'))) {
		const pathElements = path.split('/').slice(1);
		stored.storedPath.split('/').forEach((element, index) => {
			if (element.startsWith(':')) params[element.slice(1)] = pathElements[index];
		});
	}
	// n8n then finds the node's webhook whose (unnormalised) path equals the stored one, and
	// crashes with a TypeError (answered 500) when there is none.
	const { storedPath } = stored;
	const registration = registrations.find(
		(entry) => entry.httpMethod === httpMethod && entry.path === storedPath,
	);
	if (!registration) throw new Error("Cannot read properties of undefined (reading 'node')");
	return { registration, params };
}

/** TestWebhookRegistrationsService.toKey's segment count of a dynamic registration. */
function dynamicKeyLength(registration: Registration): number {
	let path = registration.path;
	if (registration.webhookId !== undefined && path.startsWith(registration.webhookId)) {
		path = path.slice(path.indexOf('/') + 1);
	}
	return path.split('/').length;
}

/** TestWebhooks.executeWebhook + getActiveWebhookFromRegistration (test URLs). */
function findTestRoute(registrations: Registration[], httpMethod: string, requestPath: string): Route {
	const path = requestPath.endsWith('/') ? requestPath.slice(0, -1) : requestPath;
	const registration = registrations.find(
		(entry) => entry.webhookId === undefined && entry.httpMethod === httpMethod && entry.path === path,
	);
	if (registration) return { registration, params: {} };

	const [webhookId, ...segments] = path.split('/');
	const rest = segments.join('/');
	const dynamic = registrations.find(
		(entry) =>
			entry.webhookId === webhookId &&
			entry.httpMethod === httpMethod &&
			dynamicKeyLength(entry) === rest.split('/').length,
	);
	const fixed = dynamic ? staticSegments(dynamic.path) : [];
	const present = new Set(rest.split('/'));
	if (!dynamic || (fixed.length > 0 && !fixed.every((segment) => present.has(segment)))) {
		throw notFound(httpMethod, path);
	}

	const params: Record<string, string> = {};
	dynamic.path.split('/').forEach((segment, index) => {
		if (segment.startsWith(':')) params[segment.slice(1)] = segments[index];
	});
	return { registration: dynamic, params };
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

async function readRawBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

class UnprocessableBody extends Error {}

/** Mirrors n8n's parseBody (node typeVersion 1: every content type but multipart is parsed). */
function parseBody(request: HarnessRequest): void {
	const rawBody = request.rawBody;
	if (rawBody.length === 0) return;
	const text = rawBody.toString(request.encoding).replace(/^\uFEFF/, '');
	const type = request.contentType;
	try {
		if (type === 'application/json') request.body = JSON.parse(text) as unknown;
		else if (type === 'application/x-www-form-urlencoded') request.body = parseFormBody(text);
		else if (type === 'text/plain') request.body = text;
	} catch (error) {
		throw new UnprocessableBody((error as Error).message);
	}
}

function setContentType(request: HarnessRequest): void {
	const header = request.headers['content-type'];
	if (!header) return;
	const [type, ...parameters] = header.split(';');
	request.contentType = type.trim().toLowerCase();
	const charset = parameters
		.map((parameter) => parameter.trim().split('='))
		.find(([name]) => name.toLowerCase() === 'charset')?.[1];
	request.encoding = (charset?.replace(/"/g, '').toLowerCase() ?? 'utf-8') as BufferEncoding;
}

function sendData(response: ServerResponse, statusCode: number, data: unknown): void {
	if (response.writableEnded) return;
	if (data === undefined) {
		response.writeHead(statusCode);
		response.end();
	} else if (typeof data === 'string') {
		response.writeHead(statusCode, { 'Content-Type': 'text/html; charset=utf-8' });
		response.end(data);
	} else {
		response.writeHead(statusCode, { 'Content-Type': 'application/json; charset=utf-8' });
		response.end(JSON.stringify(data));
	}
}

/** n8n's extractWebhookOnReceivedResponse. */
function onReceivedBody(responseData: unknown, result: IWebhookResponseData): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (result.webhookResponse !== undefined) return result.webhookResponse;
	return { message: 'Workflow was started' };
}

function nodeOf(options: WebhookHarnessOptions): INode {
	const { description } = options.nodeType;
	return {
		id: options.nodeId ?? randomUUID(),
		name: options.nodeName ?? description.defaults.name ?? description.displayName,
		type: options.typeName ?? `n8n-nodes-esms.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: options.webhookId ?? randomUUID(),
		parameters: { ...(options.parameters ?? {}) },
	};
}

class HarnessServer implements WebhookHarness {
	readonly node: INode;
	readonly webhookId: string;
	readonly exchanges: HarnessExchange[] = [];
	baseUrl = '';

	private readonly nodeType: INodeType;
	private readonly isTest: boolean;
	private readonly mode: WorkflowExecuteMode;
	private readonly prefix: string;
	private readonly workflow: Workflow;
	private readonly registrations: Registration[];
	private readonly emitted: IDataObject[] = [];
	private readonly waiters: Array<() => void> = [];
	private readonly server = createServer((request, response) => {
		void this.handle(request, response);
	});

	constructor(options: WebhookHarnessOptions) {
		this.nodeType = options.nodeType;
		this.isTest = options.test === true;
		this.mode = this.isTest ? 'manual' : 'webhook';
		this.prefix = this.isTest ? 'webhook-test' : 'webhook';
		this.node = nodeOf(options);
		this.webhookId = this.node.webhookId as string;
		this.workflow = new Workflow({
			id: options.workflowId ?? 'harnessWorkflow',
			name: 'Webhook harness',
			nodes: [this.node],
			connections: {},
			active: !this.isTest,
			nodeTypes: singleNodeTypes(this.nodeType),
		});
		this.registrations = registrationsOf(this.workflow, this.node, this.nodeType);
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** What n8n does when it activates the workflow (or starts listening for a test event). */
	async activate(): Promise<void> {
		for (const registration of this.registrations) {
			const exists = await this.runWebhookMethod(registration, 'checkExists');
			if (exists === false) await this.runWebhookMethod(registration, 'create');
		}
	}

	/** The editor's useWorkflowHelpers.getWebhookUrl: NodeHelpers.getNodeWebhookUrl on the evaluated path. */
	shownUrl(): string {
		const shown =
			this.registrations.find((registration) => registration.description.ndvHideUrl !== true) ??
			this.registrations[0];
		const path = this.describe<unknown>(shown.description, 'path');
		const isFullPath = this.describe<boolean>(shown.description, 'isFullPath', false);
		const baseUrl = `${this.baseUrl}/${this.prefix}`;
		return NodeHelpers.getNodeWebhookUrl(baseUrl, this.workflow.id, this.node, String(path), isFullPath);
	}

	url(path: string): string {
		return `${this.baseUrl}/${this.prefix}/${trimSlashes(path)}`;
	}

	items(): IDataObject[] {
		return [...this.emitted];
	}

	async waitForItems(count: number, timeoutMs = 5000): Promise<IDataObject[]> {
		return await new Promise<IDataObject[]>((resolve, reject) => {
			const fail = () => reject(new Error(`Expected ${count} items, got ${this.emitted.length}`));
			const timer = setTimeout(fail, timeoutMs);
			const check = (): void => {
				if (this.emitted.length < count) {
					this.waiters.push(check);
					return;
				}
				clearTimeout(timer);
				resolve(this.items());
			};
			check();
		});
	}

	clear(): void {
		this.exchanges.length = 0;
		this.emitted.length = 0;
	}

	async close(): Promise<void> {
		try {
			for (const registration of this.registrations) await this.runWebhookMethod(registration, 'delete');
		} finally {
			await this.stop();
		}
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private describe<T>(description: IWebhookDescription, field: string, defaultValue?: T): T {
		return describeValue(this.workflow, this.node, description, field, defaultValue);
	}

	private additionalData(
		request?: HarnessRequest,
		response?: ServerResponse,
	): IWorkflowExecuteAdditionalData {
		const { baseUrl } = this;
		return {
			httpRequest: request,
			httpResponse: response,
			executionId: undefined,
			variables: {},
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			instanceBaseUrl: baseUrl,
			restApiUrl: `${baseUrl}/rest`,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	private webhookData(
		registration: Registration,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData {
		return {
			httpMethod: registration.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: registration.path,
			webhookDescription: registration.description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: registration.webhookId,
			isTest: this.isTest,
		};
	}

	private async runWebhookMethod(
		registration: Registration,
		method: 'checkExists' | 'create' | 'delete',
	): Promise<boolean | undefined> {
		const fn = this.nodeType.webhookMethods?.[registration.description.name]?.[method];
		if (!fn) return undefined;
		const activation: WorkflowActivateMode = this.isTest ? 'manual' : 'activate';
		const data = this.additionalData();
		const webhookData = this.webhookData(registration, data);
		const context = new HookContext(this.workflow, this.node, data, this.mode, activation, webhookData);
		return await fn.call(context);
	}

	private async prepareRequest(request: IncomingMessage): Promise<{ req: HarnessRequest; route: Route }> {
		const url = request.url ?? '/';
		const [pathname, search = ''] = url.split(/\?(.*)/s);
		const webhookPrefix = `/${this.prefix}/`;
		if (!pathname.startsWith(webhookPrefix)) {
			throw new WebhookRouteNotFound(`No webhook server at ${pathname}`);
		}
		const requestPath = pathname.slice(webhookPrefix.length).split('/').map(decodeSegment).join('/');
		const findRoute = this.isTest ? findTestRoute : findLiveRoute;
		const route = findRoute(this.registrations, request.method ?? 'GET', requestPath);
		const req = Object.assign(request, {
			query: qs.parse(search),
			params: route.params,
			originalUrl: url,
			path: pathname,
			encoding: 'utf-8' as BufferEncoding,
		}) as HarnessRequest;
		setContentType(req);
		req.rawBody = await readRawBody(request);
		req.readRawBody = async () => {};
		parseBody(req);
		return { req, route };
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const exchange: HarnessExchange = {
			method: request.method ?? 'GET',
			url: request.url ?? '/',
			status: 0,
			webhookPath: null,
			params: {},
			items: null,
			error: null,
		};
		try {
			const { req, route } = await this.prepareRequest(request);
			exchange.webhookPath = route.registration.path;
			exchange.params = route.params;
			const data = this.additionalData(req, response);
			const webhookData = this.webhookData(route.registration, data);
			const context = new WebhookContext(this.workflow, this.node, data, this.mode, webhookData, [], null);
			const result = await this.nodeType.webhook!.call(context);
			this.respond(route.registration, result, response, exchange);
		} catch (error) {
			this.respondToFailure(error as Error, response, exchange);
		}
		exchange.status = response.statusCode;
		this.record(exchange);
	}

	/** n8n's webhook helpers after `webhook()` returned (responseMode onReceived). */
	private respond(
		registration: Registration,
		result: IWebhookResponseData,
		response: ServerResponse,
		exchange: HarnessExchange,
	): void {
		const { description } = registration;
		const responseCode = this.describe(description, 'responseCode', 200);
		if (result.noWebhookResponse === true) {
			// n8n would leave the request open until the node ends it; fail loudly instead of hanging.
			sendData(response, 500, { message: 'The node claimed to answer but did not' });
		}
		if (result.workflowData === undefined) {
			const body = result.webhookResponse;
			sendData(response, responseCode, body !== undefined ? body : { message: 'Webhook call received' });
			return;
		}
		exchange.items = result.workflowData[0] ?? [];
		if (this.describe(description, 'responseMode', 'onReceived') !== 'onReceived') {
			sendData(response, responseCode, { message: 'Workflow was started' });
			return;
		}
		const responseData = this.describe<unknown>(description, 'responseData', 'firstEntryJson');
		sendData(response, responseCode, onReceivedBody(responseData, result));
	}

	private respondToFailure(error: Error, response: ServerResponse, exchange: HarnessExchange): void {
		if (error instanceof WebhookRouteNotFound) {
			sendData(response, 404, { code: 404, message: error.message });
		} else if (error instanceof UnprocessableBody) {
			sendData(response, 422, { message: 'Failed to parse request body', hint: error.message });
		} else {
			exchange.error = error;
			sendData(response, 500, { message: 'Workflow Webhook Error: Workflow could not be started!' });
		}
	}

	private record(exchange: HarnessExchange): void {
		this.exchanges.push(exchange);
		for (const item of exchange.items ?? []) this.emitted.push(item.json);
		if (exchange.items?.length) for (const wake of this.waiters.splice(0)) wake();
	}
}

/**
 * Starts the server on a free port of 127.0.0.1 and activates the node (runs its
 * `webhookMethods`); rejects, with the server closed, when activation throws.
 */
export async function startWebhookHarness(options: WebhookHarnessOptions): Promise<WebhookHarness> {
	useStubInstanceSettings();
	const harness = new HarnessServer(options);
	await harness.listen();
	try {
		await harness.activate();
	} catch (error) {
		await harness.stop();
		throw error;
	}
	return harness;
}

export interface HttpResult {
	status: number;
	headers: IncomingMessage['headers'];
	text: string;
	json(): unknown;
}

/** One HTTP request on a fresh connection (no keep-alive, so closing the harness never waits). */
export async function sendHttp(
	url: string,
	options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
	return await new Promise<HttpResult>((resolve, reject) => {
		const request = httpRequest(
			url,
			{ method: options.method ?? 'GET', headers: { Connection: 'close', ...options.headers }, agent: false },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						text,
						json: () => JSON.parse(text) as unknown,
					});
				});
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end(options.body);
	});
}

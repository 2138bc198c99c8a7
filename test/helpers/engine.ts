/**
 * Runs workflows through n8n-core's own execution engine (WorkflowExecute) with the real
 * node and credential classes of this package, the way n8n's node test harness does: the
 * engine resolves expressions, pairs items, handles Continue On Fail, the error output and
 * Retry On Fail exactly as n8n does. Only the credential store is ours (in memory).
 */
import { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	setSafeRegexEngine,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { EsmsApi } from '../../credentials/EsmsApi.credentials';
import { EsmsZns } from '../../nodes/EsmsZns/EsmsZns.node';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lodashGet = require('lodash/get') as (object: unknown, path: string) => unknown;

/**
 * n8n-workflow checks parameters (a resource locator's regex) through its "safe regex" engine,
 * which by default runs each regex in a vm with a 250 ms wall-clock budget: on a loaded 2-core
 * machine (the suites, n8n installs in the background) a first, cold run can pass the budget and
 * fail a test that has nothing to do with time. The regexes are this package's own, fixed ones:
 * they run natively here.
 */
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) => input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) => Array.from(input.matchAll(new RegExp(pattern, flags?.includes('g') ? flags : `${flags ?? ''}g`))),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});

const PACKAGE = 'n8n-nodes-esms';

/** Stands for whatever node feeds the node under test: passes its items on, paired. */
class TestSource implements INodeType {
	description = {
		displayName: 'Test Source',
		name: 'testSource',
		group: ['input'],
		version: 1,
		description: 'Feeds the test items',
		defaults: { name: 'Test Source' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}

const nodeClasses: Record<string, INodeType> = { esmsZns: new EsmsZns(), testSource: new TestSource() };
const credentialClasses: Record<string, ICredentialType> = { esmsApi: new EsmsApi() };

export function registerNodeType(name: string, nodeType: INodeType): void {
	nodeClasses[name] = nodeType;
}

export const nodeTypes: INodeTypes = {
	getByName(type: string) {
		return nodeClasses[type.replace(`${PACKAGE}.`, '')];
	},
	getByNameAndVersion(type: string) {
		const nodeType = nodeClasses[type.replace(`${PACKAGE}.`, '')];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	},
	getKnownTypes() {
		return {};
	},
};

/** Holds decrypted credentials in memory and applies each credential type's `authenticate`. */
class InMemoryCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialClasses[typeName]?.authenticate;
		if (typeof authenticate !== 'function') throw new Error(`No authenticate function for ${typeName}`);
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(_data: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const credentials = this.store[type];
		if (!credentials) throw new Error(`No credentials of type ${type} in this test`);
		return { ...credentials };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return credentialClasses.esmsApi.properties;
	}
}

export interface RunOptions {
	/** The node under test; its type may omit the package prefix. */
	node: Partial<INode> & { parameters: INode['parameters'] };
	/** The items that reach the node. */
	items: IDataObject[] | INodeExecutionData[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	executionId?: string;
	timezone?: string;
	mode?: WorkflowExecuteMode;
	/** How many times the node already ran in this execution (a loop round): sets its run index. */
	previousRuns?: number;
}

export interface RunResult {
	run: IRun;
	/** Items of each output of the node under test, from its last run. */
	outputs: INodeExecutionData[][];
	error: Error | undefined;
}

const NODE_NAME = 'eSMS ZNS';

const SOURCE: INode = {
	id: 'a0000000-0000-4000-8000-000000000001',
	name: 'Customers',
	type: `${PACKAGE}.testSource`,
	typeVersion: 1,
	position: [-200, 0],
	parameters: {},
};

/** Each run is its own execution unless a test says otherwise, as in n8n. */
let nextExecutionId = 1000;

function toItems(items: RunOptions['items']): INodeExecutionData[] {
	return (items as Array<IDataObject | INodeExecutionData>).map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
}

function additionalDataFor(
	hooks: ExecutionLifecycleHooks | undefined,
	executionId: string,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	currentNodeParameters?: INode['parameters'],
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new InMemoryCredentialsHelper(credentials),
		executionId,
		currentNodeParameters,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		userId: 'user-1',
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives an editor look-up (list search, resource mapping) while the user
 * edits a node with these parameters.
 */
export function loadOptionsContext(
	parameters: INode['parameters'],
	credentials: Record<string, ICredentialDataDecryptedObject>,
	path = 'parameters.templateId',
): LoadOptionsContext {
	const node = {
		id: 'c0000000-0000-4000-8000-000000000002',
		name: NODE_NAME,
		type: `${PACKAGE}.esmsZns`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { esmsApi: { id: 'cred-1', name: 'eSMS account' } },
	} as INode;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return new LoadOptionsContext(workflow, node, additionalDataFor(undefined, '', credentials, parameters), path);
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const node: INode = {
		id: 'b6a3f0d2-0c4e-4f57-9b1e-7b1d2c3e4f50',
		name: NODE_NAME,
		type: `${PACKAGE}.esmsZns`,
		typeVersion: 1,
		position: [0, 0],
		credentials: { esmsApi: { id: 'cred-1', name: 'eSMS account' } },
		...options.node,
	} as INode;
	if (!node.type.includes('.')) node.type = `${PACKAGE}.${node.type}`;

	const workflowData: IWorkflowBase = {
		id: 'wf-test',
		name: 'test',
		active: false,
		nodes: [SOURCE, node],
		connections: { [SOURCE.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { timezone: options.timezone ?? 'Asia/Ho_Chi_Minh' },
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});

	const executionId = options.executionId ?? String(nextExecutionId++);
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);

	const additionalData = additionalDataFor(hooks, executionId, options.credentials ?? {});

	const runExecutionData: IRunExecutionData = {
		startData: {},
		resultData: {
			runData: options.previousRuns
				? { [node.name]: Array.from({ length: options.previousRuns }, () => ({ startTime: 0, executionTime: 0, source: [], data: { main: [[]] } })) }
				: {},
		},
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: SOURCE, data: { main: [toItems(options.items)] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[node.name]?.at(-1);
	return {
		run,
		outputs: (taskData?.data?.main ?? []).map((items) => items ?? []),
		error: (run.data.resultData.error ?? taskData?.error) as Error | undefined,
	};
}

/**
 * Tests a credential the way n8n's CredentialsTester does for a declarative `test` request:
 * the request runs through n8n-core's RoutingNode (with the credential's authenticate), then
 * the `responseSuccessBody` rules fail the test when the body value equals the rule's value.
 */
export async function testCredential(
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = credentialClasses.esmsApi;
	const testRequest = credentialType.test!;
	const probe: INodeType = {
		description: {
			...new TestSource().description,
			name: 'credentialProbe',
			credentials: [{ name: 'esmsApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	registerNodeType('credentialProbe', probe);
	const node = {
		id: 'temp',
		name: 'Temp-Node',
		type: `${PACKAGE}.credentialProbe`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { esmsApi: { id: 'cred-test', name: 'eSMS account' } },
	} as INode;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = additionalDataFor(undefined, '', { esmsApi: data });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, probe, { id: 'cred-test', name: 'eSMS account', type: 'esmsApi', data }).runNode();
	} catch (error) {
		const cause = (error as { cause?: { code?: string; response?: { status: number } } }).cause;
		return { status: 'Error', message: cause?.response ? `Received HTTP status code: ${cause.response.status}` : (cause?.code ?? (error as Error).message) };
	}
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		// n8n's credentials tester reads the key with lodash's `get`, so paths like `a.b` and `a[0]` work.
		const body = response?.[0]?.[0]?.json ?? {};
		if (lodashGet(body, rule.properties.key) === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { MAX_BATCH_SIZE } from '../../send/batches';
import { AdaptiveConcurrency, DEFAULT_REQUESTS_IN_FLIGHT, MAX_REQUESTS_IN_FLIGHT } from '../../send/dispatch';
import type { QuotaMode } from '../../send/preflight';
import type { IdScope, MessageScope, RequestIdMode } from '../../send/requestId';
import type { RunPlace } from '../../send/sendMemory';
import { isHttpUrl } from '../../esms/params';
import type { PhoneFormat } from '../../esms/phone';
import { toEsmsSendDate } from '../../esms/schedule';
import type { TemplateInfo } from '../../esms/templateSpec';
import { loadTemplateForSending, unsendableState } from '../../esms/templates';
import { EsmsClient } from '../../client';
import { DEFAULT_RETRY, MIN_TIMEOUT_MS, type RetryPolicy } from '../../transport';
import { locatorValue } from '../commonFields';
import { firstItemSample } from './sendInput';
import { startEarlyLookups, type EarlyLookups } from './sendPreflight';

/** Everything about a send that is the same for every item: read once per execution. */
export interface SendSettings {
	/** The eSMS client for this run, with the send's timeout and retries. */
	client: EsmsClient;
	oaId: string;
	templateId: string;
	template: TemplateInfo | null;
	paramsMode: 'fields' | 'list' | 'json';
	requestIdMode: RequestIdMode;
	/** OA, template and schedule: what, with phone and values, makes a message this message. */
	message: MessageScope;
	/** Where default Request IDs are unique (null with custom Request IDs). */
	idScope: IdScope | null;
	batchSize: number;
	phoneFormat: PhoneFormat;
	includeInputFields: boolean;
	sandbox: boolean;
	campaign: string | null;
	retry: RetryPolicy;
	/** Requests to eSMS in flight at most (the ceiling of retry.gate's adaptive concurrency). */
	requestsInFlight: number;
	/** The request fields besides `Data`, exactly as eSMS gets them. */
	requestFields: IDataObject;
	timezone: string;
	/** Where and when this run happens, for the outcome memory. */
	place: RunPlace;
	preflight: PreflightSettings;
	/** The pre-flight look-ups that need no item, started together with the template's. */
	earlyLookups: EarlyLookups;
}

export interface PreflightSettings {
	quota: QuotaMode;
	balance: boolean;
	/** When a look-up fails: stop before sending, or send without that check (and say so). */
	onLookupFailure: 'stop' | 'continue';
	/** Read, validate, plan and check everything; send nothing. */
	estimateOnly: boolean;
}

function readPreflight(context: IExecuteFunctions): PreflightSettings {
	const raw = context.getNodeParameter('preflight', 0, {}) as Partial<Record<keyof PreflightSettings, unknown>>;
	const quota = raw.quota === 'upToQuota' || raw.quota === 'off' ? raw.quota : 'stop';
	return {
		quota,
		balance: raw.balance !== 'off' && raw.balance !== false,
		onLookupFailure: raw.onLookupFailure === 'continue' ? 'continue' : 'stop',
		estimateOnly: raw.estimateOnly === true,
	};
}

/** The Request ID option as saved ("auto" is the default: from the message content). */
function requestIdModeOf(context: IExecuteFunctions): RequestIdMode {
	const saved = context.getNodeParameter('requestIdMode', 0, 'auto') as string;
	if (saved === 'custom' || saved === 'perExecution') return saved;
	return 'content';
}

const MAX_CAMPAIGN_LENGTH = 254;

interface SendOptions {
	batchSize?: unknown;
	callbackUrl?: string;
	campaign?: string;
	includeInputFields?: boolean;
	phoneFormat?: PhoneFormat;
	requestsInFlight?: number;
	retries?: number;
	sandbox?: boolean;
	sendAt?: unknown;
	sendingMode?: string;
	timeoutSeconds?: number;
}

function settingError(context: IExecuteFunctions, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex: 0 });
}

function requestFieldsOf(context: IExecuteFunctions, oaId: string, templateId: string, options: SendOptions): IDataObject {
	const fields: IDataObject = { OAID: oaId, TempID: templateId };
	const campaign = (options.campaign ?? '').trim();
	if (campaign.length > MAX_CAMPAIGN_LENGTH) {
		throw settingError(context, `Campaign must be at most ${MAX_CAMPAIGN_LENGTH} characters (has ${campaign.length})`);
	}
	if (campaign) fields.campaignid = campaign;
	if (options.sandbox) fields.Sandbox = '1';
	if (options.sendAt !== undefined && options.sendAt !== '' && options.sendAt !== null) {
		const sendDate = toEsmsSendDate(options.sendAt, context.getTimezone());
		if (sendDate === null) {
			throw settingError(context, `Send At is not a date-time: ${JSON.stringify(options.sendAt)}`);
		}
		fields.SendDate = sendDate;
	}
	const callbackUrl = (options.callbackUrl ?? '').trim();
	if (callbackUrl && !isHttpUrl(callbackUrl)) {
		throw settingError(context, `Callback URL must be an http(s) URL: "${callbackUrl}"`);
	}
	if (callbackUrl) fields.CallbackUrl = callbackUrl;
	if (options.sendingMode === '3') {
		if (fields.SendDate) {
			throw settingError(
				context,
				'Sending Mode "Over Daily Quota" cannot be scheduled',
				'eSMS refuses it with code 801. Remove Send At or use the normal mode.',
			);
		}
		fields.SendingMode = '3';
	}
	return fields;
}

async function templateFor(
	context: IExecuteFunctions,
	client: EsmsClient,
	place: RunPlace,
	message: MessageScope,
	paramsMode: SendSettings['paramsMode'],
): Promise<TemplateInfo | null> {
	const { oaId, templateId } = message;
	const lookup = await loadTemplateForSending(client, place.scope, oaId, templateId, place.now);
	if ('template' in lookup) {
		const { status } = lookup.template;
		const state = unsendableState(status);
		if (state !== null) {
			throw settingError(
				context,
				`Template ${templateId} cannot be sent: it is ${state} (eSMS status ${status})`,
				'Only templates with status ENABLE can be sent. Wait for Zalo\'s approval or choose another template.',
			);
		}
		if (paramsMode === 'fields') checkMappedFields(context, lookup.template);
		return lookup.template;
	}
	// Positional values can still be sent without the template's details; mapping by name cannot.
	if (paramsMode !== 'fields') return null;
	throw settingError(context, `Could not load template ${templateId}: ${lookup.error}`);
}

/**
 * Template Fields mapped for another template (the editor does not always reload them when the
 * template changes) would send values under the wrong names: refuse before anything is sent.
 */
function checkMappedFields(context: IExecuteFunctions, template: TemplateInfo): void {
	const mapping = (context.getNode().parameters.templateFields ?? {}) as IDataObject;
	if (mapping.mappingMode === 'autoMapInputData') return;
	const mapped = Object.keys((mapping.value ?? {}) as IDataObject);
	const names = new Set(template.params.map((spec) => spec.name));
	const foreign = mapped.filter((name) => !names.has(name));
	if (foreign.length === 0) return;
	throw settingError(
		context,
		`Template Fields were mapped for another template: ${foreign.join(', ')} ${foreign.length === 1 ? 'is not a variable' : 'are not variables'} of template ${template.templateId}`,
		`Open the node and refresh Template Fields. The template's variables are: ${[...names].join(', ') || 'none'}.`,
	);
}

function batchSizeOf(context: IExecuteFunctions, raw: unknown): number {
	if (raw === undefined || raw === null || raw === '') return MAX_BATCH_SIZE;
	const size = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
		throw settingError(context, `Batch Size must be a whole number from 1 to ${MAX_BATCH_SIZE} (got ${JSON.stringify(raw)})`);
	}
	return size;
}

function required(context: IExecuteFunctions, value: string, name: string): string {
	if (!value) throw settingError(context, `${name} is required`);
	return value;
}

export async function readSendSettings(context: IExecuteFunctions): Promise<SendSettings> {
	const oaId = required(context, locatorValue(context, 'oaId', 0), 'Zalo OA');
	const templateId = required(context, locatorValue(context, 'templateId', 0), 'Template');
	const paramsMode = context.getNodeParameter('paramsMode', 0) as SendSettings['paramsMode'];
	const options = context.getNodeParameter('options', 0, {}) as SendOptions;
	const requestFields = requestFieldsOf(context, oaId, templateId, options);
	const node = context.getNode();
	const executionId = String(context.getExecutionId() ?? '') || `run${Date.now()}`;
	const requestIdMode = requestIdModeOf(context);
	const message: MessageScope = {
		oaId,
		templateId,
		sendDate: typeof requestFields.SendDate === 'string' ? requestFields.SendDate : '',
	};
	const workflowId = String(context.getWorkflow().id ?? '');
	const nodeId = node.id ?? node.name;
	const retry = retryPolicyOf(options);
	const client = await EsmsClient.of(context, retry);
	const preflight = readPreflight(context);
	const sandbox = options.sandbox ?? false;
	const place: RunPlace = {
		scope: `${node.credentials?.esmsApi?.id ?? node.credentials?.esmsApi?.name ?? ''}|${client.baseUrl}`,
		executionId,
		runIndex: Number(context.getWorkflowDataProxy(0).$runIndex ?? 0),
		now: Date.now(),
	};
	const earlyLookups = startEarlyLookups({
		client,
		scope: place.scope,
		oaId,
		templateId,
		now: place.now,
		sample: preflight.balance && !sandbox ? firstItemSample(context, paramsMode) : null,
		sandbox,
		overQuotaMode: requestFields.SendingMode === '3',
		preflight,
	});
	return {
		client,
		oaId,
		templateId,
		template: await templateFor(context, client, place, message, paramsMode),
		paramsMode,
		requestIdMode,
		message,
		idScope:
			requestIdMode === 'custom'
				? null
				: { mode: requestIdMode, workflowId, nodeId, instanceId: context.getInstanceId(), executionId },
		batchSize: batchSizeOf(context, options.batchSize),
		phoneFormat: options.phoneFormat ?? 'domestic',
		includeInputFields: options.includeInputFields ?? false,
		sandbox,
		campaign: typeof requestFields.campaignid === 'string' ? requestFields.campaignid : null,
		retry,
		requestsInFlight: requestsInFlightOf(options),
		requestFields,
		timezone: context.getTimezone(),
		preflight,
		earlyLookups,
		place,
	};
}

// Throughput: Requests in Flight, and the whole-request deadline.

function requestsInFlightOf(options: SendOptions): number {
	const wanted = Math.floor(Number(options.requestsInFlight ?? DEFAULT_REQUESTS_IN_FLIGHT));
	return Number.isFinite(wanted) ? Math.min(Math.max(1, wanted), MAX_REQUESTS_IN_FLIGHT) : DEFAULT_REQUESTS_IN_FLIGHT;
}

/** One adaptive gate per execution; a deadline of at least MIN_TIMEOUT_MS (0 or less means the minimum). */
function retryPolicyOf(options: SendOptions): RetryPolicy {
	const seconds = Number(options.timeoutSeconds ?? DEFAULT_RETRY.timeoutMs / 1000);
	return {
		...DEFAULT_RETRY,
		retries: options.retries ?? DEFAULT_RETRY.retries,
		timeoutMs: Math.max(MIN_TIMEOUT_MS, Number.isFinite(seconds) ? seconds * 1000 : DEFAULT_RETRY.timeoutMs),
		gate: new AdaptiveConcurrency(requestsInFlightOf(options)),
	};
}

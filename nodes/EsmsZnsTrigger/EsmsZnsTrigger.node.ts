import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { APP_DESCRIPTION } from '../shared/appDescription';
import {
	normaliseDeliveryReport,
	type DeliveryReport,
	type DeliveryStatus,
} from '../shared/delivery';
import {
	OTHER_MESSAGE_TYPE,
	passesFilters,
	readCallback,
	type CallbackFields,
	type CallbackFilters,
} from './callback';
import { MIN_SECRET_LENGTH, presentedSecret, secretProblem, secretsMatch } from './secret';

/** Body of every 200 answer. eSMS only looks at the status, so it is kept tiny. */
const RECEIVED_BODY = 'OK';
const FORBIDDEN_BODY = JSON.stringify({ message: 'Forbidden' });

/** The part of Express's request and response this node uses (n8n passes Express objects). */
interface RequestLike {
	originalUrl?: unknown;
	url?: unknown;
}
interface ResponseLike {
	writeHead(statusCode: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/** The parameter that holds the last part of the URL (not named "secret": it is shown in the URL, not masked). */
const PATH_PARAMETER = 'callbackPath';

/**
 * Three routes per method, all under this node's webhook id:
 * - `<webhookId>/<secret>`, the only one the editor shows under "Webhook URLs", so the user
 *   copies a URL that already holds the secret;
 * - `<webhookId>/:token` and `<webhookId>` alone, so that a request with a wrong secret or none
 *   still reaches this node and is answered 403 (n8n alone would answer 404). n8n tries static
 *   paths before dynamic ones for the Production URL. The first route is the one the editor shows
 *   as the Test URL, so it must stay first. Both need `isFullPath`: n8n stores and matches a dynamic path
 *   without the webhook id (which it then takes from the URL's first segment), and turns an empty
 *   full path into the bare webhook id.
 */
function callbackRoutes(): IWebhookDescription[] {
	const paths = [
		{ path: `={{$parameter["${PATH_PARAMETER}"]}}`, isFullPath: false, shownInEditor: true },
		{ path: '', isFullPath: true, shownInEditor: false },
		// Last: while the editor listens for a test event, n8n keeps one route per method and number of
		// path segments, the last one registered; `:token` then answers both the right and wrong secrets.
		{ path: ':token', isFullPath: true, shownInEditor: false },
	];
	return paths.flatMap(({ path, isFullPath, shownInEditor }) =>
		['GET', 'POST'].map(
			(httpMethod): IWebhookDescription => ({
				name: 'default',
				httpMethod,
				path,
				isFullPath,
				responseMode: 'onReceived',
				// n8n answers an accepted callback with this text; unset, it would send "firstEntryJson".
				responseData: RECEIVED_BODY,
				// GET and POST of the secret route are both shown: eSMS may use either.
				ndvHideUrl: !shownInEditor,
			}),
		),
	);
}

function readFilters(options: IDataObject): CallbackFilters {
	return {
		statuses: (options.statuses as DeliveryStatus[] | undefined) ?? [],
		messageTypes: (options.messageTypes as string[] | undefined) ?? [],
	};
}

function requestUrl(request: RequestLike): unknown {
	return request.originalUrl ?? request.url;
}

function answerJson(response: ResponseLike, status: number, body: string): IWebhookResponseData {
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(body);
	return { noWebhookResponse: true };
}

function answerForbidden(response: ResponseLike): IWebhookResponseData {
	return answerJson(response, 403, FORBIDDEN_BODY);
}

interface DeliveryCallback {
	report: DeliveryReport;
	fields: CallbackFields;
}

function toItem({ report, fields }: DeliveryCallback, receivedAt: string): INodeExecutionData {
	return { json: { ...report, receivedAt, raw: fields } as unknown as IDataObject };
}

function assertUsableSecret(context: IHookFunctions): void {
	const problem = secretProblem(context.getNodeParameter(PATH_PARAMETER));
	if (problem === null) return;
	throw new NodeOperationError(context.getNode(), problem, {
		description:
			'The Secret Path is the last part of the callback URL. Use the default (this node\'s ID) or a random string of letters, digits, "-", "_", "." or "~".',
	});
}

export class EsmsZnsTrigger implements INodeType {
	description: INodeTypeDescription = {
		// `<action node name>Trigger`: n8n lists it under the eSMS ZNS node in the node creator.
		displayName: 'eSMS ZNS Trigger',
		name: 'esmsZnsTrigger',
		icon: { light: 'file:../../icons/esms.svg', dark: 'file:../../icons/esms.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Delivery reports from eSMS',
		// Not the trigger's own: n8n shows this for the node creator's one "eSMS ZNS" entry (see appDescription.ts).
		description: APP_DESCRIPTION,
		defaults: {
			name: 'eSMS ZNS Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: callbackRoutes(),
		// Shown under the node on the canvas while it listens (n8n's NDV itself says "Go to eSMS ZNS and create an event").
		eventTriggerDescription: 'Waiting for a delivery report: send a message with the Test URL as its Callback URL',
		activationMessage: 'Delivery reports that eSMS sends to the Production URL now start this workflow.',
		triggerPanel: {
			header: 'Listen for a delivery report from eSMS',
			executionsHelp: {
				inactive:
					'<b>While building:</b> click <b>Execute step</b> (or <b>Test this trigger</b>), then send a ZNS or SMS with the eSMS ZNS node, its <b>Callback URL</b> option set to this trigger\'s <b>Test URL</b>, or call the Test URL yourself (GET or POST). The first delivery report starts the workflow once, in this editor.<br /><br /><b>In production:</b> set the Callback URL to the <b>Production URL</b> and publish the workflow: every delivery report then starts it.',
				active:
					'The workflow is published: every delivery report eSMS sends to the <b>Production URL</b> starts it. To test changes, click <b>Execute step</b> and use the <b>Test URL</b> as the Callback URL.',
			},
			activationHint:
				'Click Execute step, then send a message whose Callback URL is this trigger\'s Test URL (under Webhook URLs in Parameters). For production, use the Production URL and publish the workflow.',
		},
		properties: [
			{
				displayName:
					'eSMS calls the <b>Callback URL</b> given when a message is sent. Copy a URL from <b>Webhook URLs</b> above into that option of the eSMS ZNS node: the <b>Test URL</b> while this trigger listens (after <b>Execute step</b>), the <b>Production URL</b> for the published workflow. eSMS may call it with GET or POST; both work. Both URLs end with the Secret Path below; requests without it are refused (403) and start nothing.',
				name: 'callbackUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret Path',
				name: PATH_PARAMETER,
				type: 'string',
				required: true,
				default: '={{ $nodeId }}',
				description: `The last part of this trigger's URLs. eSMS signs nothing, so this keeps strangers out: a request whose URL does not end with it is answered 403 and starts nothing. It is part of the URL, so treat the whole URL as a secret. The default is this node's ID, a random value n8n gave the node when it was added. You may use your own random string instead (at least ${MIN_SECRET_LENGTH} letters, digits, "-", "_", "." or "~"); the URLs change with it.`,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Message Types',
						name: 'messageTypes',
						type: 'multiOptions',
						default: [],
						description:
							'Start the workflow only for callbacks about these message types. Other callbacks are still answered 200. Leave empty for all.',
						options: [
							{ name: 'Other or Missing', value: OTHER_MESSAGE_TYPE },
							{ name: 'SMS Advertising', value: 'sms_advertising' },
							{ name: 'SMS Customer Care', value: 'sms_customer_care' },
							{ name: 'Viber', value: 'viber' },
							{ name: 'ZNS Normal', value: 'zns_normal' },
							{ name: 'ZNS Priority', value: 'zns_priority' },
						],
					},
					{
						displayName: 'Statuses',
						name: 'statuses',
						type: 'multiOptions',
						default: [],
						description:
							'Start the workflow only for callbacks with these delivery statuses. Other callbacks are still answered 200. Leave empty for all.',
						options: [
							{
								name: 'Awaiting Carrier Report',
								value: 'awaiting_carrier',
								description: 'Sent, the carrier has not reported yet (SendStatus 7)',
							},
							{
								name: 'Delivered',
								value: 'delivered',
								description: 'Finished and delivered (SendStatus 5, SendSuccess above 0)',
							},
							{
								name: 'Failed',
								value: 'failed',
								description: 'Finished and not delivered (SendStatus 5, SendFailed above 0)',
							},
							{
								name: 'Pending Approval',
								value: 'pending_approval',
								description: 'Waiting for approval (SendStatus 1)',
							},
							{ name: 'Rejected', value: 'rejected', description: 'Rejected (SendStatus 4)' },
							{
								name: 'Unknown',
								value: 'unknown',
								description: 'Any other SendStatus, or a finished message without counts',
							},
							{ name: 'Waiting', value: 'waiting', description: 'Waiting to be sent (SendStatus 2)' },
						],
					},
				],
			},
		],
	};

	/** Nothing is registered at eSMS (the URL travels with each send); activation only checks the Secret. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				assertUsableSecret(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				assertUsableSecret(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as RequestLike;
		const presented = presentedSecret(this.getParamsData(), requestUrl(request));
		if (!secretsMatch(presented, this.getNodeParameter(PATH_PARAMETER))) {
			return answerForbidden(this.getResponseObject() as ResponseLike);
		}

		const filters = readFilters(this.getNodeParameter('options', {}) as IDataObject);
		const receivedAt = new Date().toISOString();
		const read = readCallback(this.getQueryData(), this.getBodyData());
		if ('refused' in read) {
			const { status, message } = read.refused;
			return answerJson(this.getResponseObject() as ResponseLike, status, JSON.stringify({ message }));
		}
		const items = read.fieldSets
			.map((fields) => ({ report: normaliseDeliveryReport(fields), fields }))
			.filter(({ report }) => passesFilters(report, filters))
			.map((callback) => toItem(callback, receivedAt));

		if (items.length === 0) return { webhookResponse: RECEIVED_BODY };
		return { webhookResponse: RECEIVED_BODY, workflowData: [items] };
	}
}

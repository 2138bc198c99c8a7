import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { normaliseDeliveryReport, type DeliveryReport } from '../../../shared/delivery';
import { isPlainObject } from '../../../shared/values';
import { settle } from '../../client/callErrors';
import { EsmsClient } from '../../client/client';
import { renderReport } from '../../report/render';
import { summarize, type ReportRow } from '../../report/summary';
import { smsIdOf } from '../znsMessage/deliveryItem';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['campaignReport'], operation: ['build'] } }, [
	{
		displayName:
			'Connect the output of a Send (ZNS, SMS or ZNS with SMS Fallback; its main and error outputs may be merged), or items with an smsId field: one report item comes out, with the numbers and an HTML page to attach to an email or a Slack message',
		name: 'buildReportNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Report Title',
		name: 'title',
		type: 'string',
		default: 'Campaign report',
		description: 'The heading of the HTML page',
	},
	{
		displayName: 'Look Up Delivery',
		name: 'lookUpDelivery',
		type: 'boolean',
		default: true,
		description: "Whether to ask eSMS how each sent message ended (one look-up per SMS ID, last 7 days); off: sent messages count as unknown",
	},
	{
		displayName: 'Put Report in Field',
		name: 'binaryProperty',
		type: 'string',
		default: 'report',
		description: 'The binary field the HTML page goes into (an Email node attaches it by this name)',
	},
]);

/** Delivery look-ups in flight at once: far below eSMS's look-up limits, and the report is not urgent. */
const LOOKUPS_IN_FLIGHT = 5;

/** The Send's fields of an item: on its main output the item itself, on its error output `json.error`. */
function sendFieldsOf(json: IDataObject): IDataObject {
	return isPlainObject(json.error) ? (json.error as IDataObject) : json;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

function deliveryOf(report: DeliveryReport): NonNullable<ReportRow['delivery']> {
	const price = report.price;
	switch (report.status) {
		case 'delivered':
			return { status: 'delivered', reason: null, price };
		case 'failed':
			return { status: 'failed', reason: report.deliveryError?.message ?? (report.deliveryError?.code != null ? `Zalo error ${report.deliveryError.code}` : null), price };
		case 'rejected':
			return { status: 'failed', reason: 'rejected by eSMS before sending', price };
		case 'unknown':
			return { status: 'unknown', reason: null, price };
		default:
			return { status: 'pending', reason: null, price };
	}
}

/**
 * One report for all the items: the Send's statuses counted, each sent message's delivery looked
 * up (GetSendStatus, a few at a time), an HTML page made of it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const title = String(this.getNodeParameter('title', 0, 'Campaign report') || 'Campaign report');
	const lookUp = this.getNodeParameter('lookUpDelivery', 0, true) as boolean;
	const binaryProperty = String(this.getNodeParameter('binaryProperty', 0, 'report')).trim();
	if (binaryProperty === '') throw new NodeOperationError(this.getNode(), 'Put Report in Field must not be empty', { itemIndex: 0 });

	const rows: ReportRow[] = items.map((item) => {
		const fields = sendFieldsOf(item.json);
		return { sendStatus: text(fields.status), smsId: smsIdOf(fields.smsId) || null, campaign: text(fields.campaign), channel: text(fields.channel), delivery: null };
	});
	// Sent messages with an SMS ID; an item that carries only an SMS ID (no Send status) is one too.
	const toLook = rows.filter((row) => row.smsId !== null && (row.sendStatus === null || row.sendStatus === 'accepted' || row.sendStatus === 'duplicate'));
	if (lookUp && toLook.length > 0) {
		const client = await EsmsClient.of(this);
		let next = 0;
		const worker = async () => {
			while (next < toLook.length) {
				const row = toLook[next++];
				const answer = await settle(async () => await client.getSendStatus(row.smsId!));
				row.delivery = answer.ok ? deliveryOf(normaliseDeliveryReport({ SMSID: row.smsId, ...answer.value })) : { status: 'unknown', reason: null, price: null };
			}
		};
		await Promise.all(Array.from({ length: Math.min(LOOKUPS_IN_FLIGHT, toLook.length) }, worker));
	}

	const summary = summarize(rows, title, new Date());
	const html = renderReport(summary);
	const binary = await this.helpers.prepareBinaryData(Buffer.from(html, 'utf8'), 'campaign-report.html', 'text/html');
	return [{ json: summary as unknown as IDataObject, binary: { [binaryProperty]: binary }, pairedItem: items.map((_item, item) => ({ item })) }];
}

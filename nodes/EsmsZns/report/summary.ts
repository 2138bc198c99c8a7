/**
 * A campaign's numbers, from the Send's output items and the delivery status of their messages:
 * what a campaign manager asks first (how many reached, how many failed and why, what it cost).
 * Pure: the operation (actions/campaignReport/build.operation.ts) looks the statuses up.
 */

/** One recipient as the Send output it: its send status, and its delivery once looked up. */
export interface ReportRow {
	/** The Send's status: accepted, duplicate, rejected, invalid, unconfirmed, failed, skipped, would_send; null for an item that carries only an SMS ID. */
	sendStatus: string | null;
	smsId: string | null;
	campaign: string | null;
	channel: string | null;
	/** The delivery, for a message with an SMS ID: delivered, failed, pending (any other eSMS state), or unknown (not looked up, or no answer). */
	delivery: { status: 'delivered' | 'failed' | 'pending' | 'unknown'; reason: string | null; price: number | null } | null;
}

export interface CampaignSummary {
	title: string;
	generatedAt: string;
	recipients: number;
	/** Messages eSMS took: accepted by this run, or sent before (duplicate). */
	sent: number;
	accepted: number;
	alreadySent: number;
	delivered: number;
	failed: { total: number; byReason: Record<string, number> };
	pending: number;
	/** Messages whose delivery could not be told (no SMS ID, or eSMS did not answer). */
	unknown: number;
	/** Not sent, by the Send's status. */
	notSent: Record<string, number>;
	/** eSMS's price of the messages whose price is known (VND); null when none is. */
	cost: number | null;
	currency: 'VND';
	campaigns: string[];
	channels: Record<string, number>;
}

/** Statuses of a message eSMS took; `sent`: an item with an SMS ID and no Send status (a list of SMS IDs). */
const SENT = new Set(['accepted', 'duplicate', 'sent']);

function add(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

export function summarize(rows: ReportRow[], title: string, now: Date): CampaignSummary {
	const summary: CampaignSummary = {
		title,
		generatedAt: now.toISOString(),
		recipients: rows.length,
		sent: 0,
		accepted: 0,
		alreadySent: 0,
		delivered: 0,
		failed: { total: 0, byReason: {} },
		pending: 0,
		unknown: 0,
		notSent: {},
		cost: null,
		currency: 'VND',
		campaigns: [],
		channels: {},
	};
	const campaigns = new Set<string>();
	for (const row of rows) {
		if (row.campaign) campaigns.add(row.campaign);
		const status = row.sendStatus ?? (row.smsId ? 'sent' : 'unknown');
		if (!SENT.has(status)) {
			add(summary.notSent, status);
			continue;
		}
		summary.sent++;
		if (status === 'accepted') summary.accepted++;
		else if (status === 'duplicate') summary.alreadySent++;
		if (row.channel) add(summary.channels, row.channel);
		const delivery = row.delivery ?? { status: 'unknown', reason: null, price: null };
		if (delivery.price !== null) summary.cost = Math.round(((summary.cost ?? 0) + delivery.price) * 100) / 100;
		if (delivery.status === 'delivered') summary.delivered++;
		else if (delivery.status === 'pending') summary.pending++;
		else if (delivery.status === 'unknown') summary.unknown++;
		else {
			summary.failed.total++;
			add(summary.failed.byReason, delivery.reason ?? 'no reason given');
		}
	}
	summary.campaigns = [...campaigns].sort();
	return summary;
}

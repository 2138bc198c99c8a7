import { settle } from '../client/callErrors';
import { MAX_SENT_PAGE_SIZE, type EsmsClient, type SentLogType } from '../client/client';
import { parseSentTime, vietnamDateTime, type SentMessage } from '../client/sentMessages';
import { phoneKey } from '../esms/phone';
import { CampaignLog, DAY_MS, fillFromLog, lacksSmsId, windowOf, type LoggedMessage } from '../send/sentLog';
import type { Outcome, Recipient } from '../send/types';

/**
 * Reading eSMS's sent log (`GetSmsSentData_V2`) whole, page by page: for Account › Get Sent
 * Messages, and for the Send: Skip Already Sent (a pre-flight check) and the SMS IDs that lost
 * answers left empty. eSMS filters only by message type and time; everything else is filtered
 * here, and matched in send/sentLog.ts.
 */

/** Pages read at once after the first (which tells how many there are). */
const PAGES_IN_FLIGHT = 3;

export interface SentLogQuery {
	types: readonly SentLogType[];
	/** `yyyy-MM-dd HH:mm:ss`, Vietnam time, both included. */
	from: string;
	to: string;
	/** Only these messages are kept (all when absent). */
	keep?: (message: SentMessage) => boolean;
	/** Stop once this many are kept (one type after the other, a page at a time). */
	limit?: number;
	/** Per type: more pages than this and the log is not read (SentLogTooLong). */
	maxPages?: number;
}

/** The log holds more than the reader may read (SentLogQuery.maxPages). */
export class SentLogTooLong extends Error {}

/** A row seen on an earlier page (a page that shifted while paging): the portal id, else the row itself. */
function rowKey(message: SentMessage): string {
	return message.portalId ?? JSON.stringify(message);
}

/** The query's messages of every type, each type in eSMS's order, types in the order asked. */
export async function readSentLog(client: EsmsClient, query: SentLogQuery): Promise<SentMessage[]> {
	const kept: SentMessage[] = [];
	for (const smsType of query.types) {
		const wanted = query.limit === undefined ? undefined : query.limit - kept.length;
		if (wanted !== undefined && wanted <= 0) break;
		kept.push(...(await readType(client, query, smsType, wanted)));
	}
	return kept;
}

async function readType(client: EsmsClient, query: SentLogQuery, smsType: SentLogType, limit: number | undefined): Promise<SentMessage[]> {
	const kept: SentMessage[] = [];
	const seen = new Set<string>();
	const ask = async (page: number) => await client.getSentMessages({ smsType, from: query.from, to: query.to, page, pageSize: MAX_SENT_PAGE_SIZE });
	/** Takes a page's new rows; false when the page held nothing new (the end, or enough). */
	const take = (rows: SentMessage[]): boolean => {
		let fresh = 0;
		for (const message of rows) {
			const key = rowKey(message);
			if (seen.has(key)) continue;
			seen.add(key);
			fresh++;
			if (query.keep && !query.keep(message)) continue;
			kept.push(message);
			if (limit !== undefined && kept.length >= limit) return false;
		}
		return fresh > 0;
	};
	const first = await ask(1);
	if (!take(first.rows) || first.rows.length === 0) return kept;
	const pages = first.total === null ? null : Math.ceil(first.total / MAX_SENT_PAGE_SIZE);
	if (pages !== null && query.maxPages !== undefined && pages > query.maxPages) {
		throw new SentLogTooLong(`eSMS's sent log holds ${first.total} type-${smsType} messages in that time, more than the ${query.maxPages * MAX_SENT_PAGE_SIZE} the node reads`);
	}
	if (pages !== null && limit === undefined) {
		// Every page is known: a few at a time, in page order.
		for (let next = 2; next <= pages; next += PAGES_IN_FLIGHT) {
			const batch = [];
			for (let page = next; page < next + PAGES_IN_FLIGHT && page <= pages; page++) batch.push(ask(page));
			for (const { rows } of await Promise.all(batch)) take(rows);
		}
		return kept;
	}
	// Without eSMS's total (or with a limit): one page at a time, a short page is the last.
	for (let page = 2; ; page++) {
		if (query.maxPages !== undefined && page > query.maxPages) {
			throw new SentLogTooLong(`eSMS's sent log holds more than ${query.maxPages * MAX_SENT_PAGE_SIZE} type-${smsType} messages in that time`);
		}
		const { total, rows } = await ask(page);
		if (!take(rows)) return kept;
		const lastPage = total !== null ? seen.size >= total : rows.length < MAX_SENT_PAGE_SIZE;
		if (lastPage) return kept;
	}
}


/**
 * Pages of the sent log the Send reads at most per message type (500 messages a page): past that
 * the log is not read, and the check counts as one that could not run.
 */
export const MAX_SENT_LOG_PAGES = 200;

/** Whose log the Send reads: the account (client), the message types of its channel, and when this attempt started. */
export interface SentLogWhere {
	client: EsmsClient;
	types: readonly SentLogType[];
	attemptStart: number;
}

function loggedOf(message: SentMessage): LoggedMessage {
	return {
		phoneKey: phoneKey(message.phone),
		campaign: message.campaign,
		smsId: message.smsId,
		sentAtMs: message.sentAtMs,
		sentAt: message.sentAt,
		failed: message.result === 'failed',
		content: message.content,
	};
}

async function readLogged(where: SentLogWhere, fromMs: number, toMs: number, keep: (message: SentMessage) => boolean): Promise<LoggedMessage[]> {
	const query = { types: where.types, from: vietnamDateTime(fromMs), to: vietnamDateTime(toMs), keep, maxPages: MAX_SENT_LOG_PAGES };
	return (await readSentLog(where.client, query)).map(loggedOf);
}

/** Skip Already Sent: every campaign's messages of the last `days` (failed ones are dropped by CampaignLog). */
export async function campaignLog(where: SentLogWhere, days: number): Promise<CampaignLog> {
	const messages = await readLogged(where, where.attemptStart - days * DAY_MS, where.attemptStart, (message) => message.campaign !== null);
	return new CampaignLog(messages, days);
}

/**
 * After sending: the outcomes that lack an SMS ID (duplicate, unconfirmed) looked up in the sent
 * log, read once over the time all their messages can have been sent in (fillFromLog decides).
 */
export async function withLoggedSmsIds(where: SentLogWhere, outcomes: Outcome[], sentTo: Recipient[]): Promise<Outcome[]> {
	const lacking = outcomes.filter(lacksSmsId);
	if (lacking.length === 0) return outcomes;
	const now = Date.now();
	const byItem = new Map(sentTo.map((recipient) => [recipient.itemIndex, recipient]));
	const windows = (outcome: Outcome, recipient: Recipient) => {
		const sendAt = recipient.options.sendAt === null ? null : parseSentTime(recipient.options.sendAt);
		return windowOf(outcome, where.attemptStart, now, sendAt);
	};
	let from = Infinity;
	let to = -Infinity;
	for (const outcome of lacking) {
		const recipient = byItem.get(outcome.itemIndex);
		if (recipient === undefined) continue;
		const window = windows(outcome, recipient);
		from = Math.min(from, window.from);
		to = Math.max(to, window.to);
	}
	if (from === Infinity) return outcomes;
	const phones = new Set(lacking.map((outcome) => byItem.get(outcome.itemIndex)?.phoneKey));
	const read = await settle(async () => await readLogged(where, from, to, (message) => phones.has(phoneKey(message.phone))));
	const logged = read.ok ? read : { ok: false as const, why: read.why.reason };
	return fillFromLog(outcomes, sentTo, logged, windows);
}

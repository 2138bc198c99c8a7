import { outcomeOf, retold } from './outcome';
import type { Outcome, Recipient } from './types';

/**
 * eSMS's own log of what the account sent (`GetSmsSentData_V2`), as the pipeline uses it: the
 * record that outlives eSMS's Request ID window and this process's memory. Two uses:
 * - Skip Already Sent (pre-flight): a recipient the log shows already reached by this campaign
 *   within the look-back is not sent again;
 * - lost SMS IDs: a recipient that comes out `duplicate` or `unconfirmed` without an SMS ID gets
 *   it from the log when exactly one logged message can be its message.
 * Pure: lookups/ reads the log. The log names no Request ID and no template, so a message is
 * matched by phone, campaign, time and, where eSMS gives it, its text (docs/esms-api.md).
 */

/** One logged message, as the matching needs it. */
export interface LoggedMessage {
	phoneKey: string;
	campaign: string | null;
	smsId: string | null;
	sentAtMs: number | null;
	/** ISO 8601 with Vietnam's offset. */
	sentAt: string | null;
	/** eSMS says it failed (SendResult 0): the customer did not get it. */
	failed: boolean;
	/** The text eSMS logged (an SMS's text; a ZNS's rendered text, or nothing). */
	content: string | null;
}

/** What the pipeline asks of the log (lookups/preflight.ts answers). */
export interface SentLogLookups {
	/** Skip Already Sent: the campaigns' logged messages, or null when the check is off (or could not run: the facts say why). */
	alreadySent(): Promise<CampaignLog | null>;
	/** The outcomes, those without an SMS ID given one from the log where it can tell (fillFromLog). */
	withLoggedSmsIds(outcomes: Outcome[], sentTo: Recipient[]): Promise<Outcome[]>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks differ: eSMS's time of a message may be a little before the node's attempt started. */
const CLOCK_SLACK_MS = 5 * 60 * 1000;

function sameCampaign(logged: string | null, campaign: string | null): boolean {
	return (logged ?? '') === (campaign ?? '');
}

/** The logged text can be this recipient's message (or there is none to compare). */
function textFits(message: LoggedMessage, recipient: Recipient): boolean {
	const content = message.content?.trim();
	if (!content) return true;
	if (recipient.sms && content === recipient.sms.text.trim()) return true;
	// A ZNS's rendered text holds every value (eSMS may also log the template's text, or its SMS's).
	return recipient.params.length > 0 && recipient.params.every((value) => value.trim() === '' || content.includes(value.trim()));
}

function when(message: LoggedMessage): string {
	return message.sentAt === null ? 'at an unknown time' : `on ${message.sentAt.slice(0, 16).replace('T', ' ')} (Vietnam time)`;
}

/** A campaign's messages in the log, by phone and campaign: what Skip Already Sent compares with. */
export class CampaignLog {
	private readonly byKey = new Map<string, LoggedMessage[]>();

	constructor(
		messages: LoggedMessage[],
		readonly lookBackDays: number,
	) {
		for (const message of messages) {
			// A failed message did not reach the customer: it does not count as sent.
			if (message.failed || message.campaign === null) continue;
			const key = `${message.phoneKey}|${message.campaign}`;
			const list = this.byKey.get(key);
			if (list) list.push(message);
			else this.byKey.set(key, [message]);
		}
	}

	/** The logged messages that reached this recipient's phone in its campaign, newest first. */
	sentTo(recipient: Recipient): LoggedMessage[] {
		const { campaign, sandbox } = recipient.options;
		if (campaign === null || sandbox) return [];
		const found = this.byKey.get(`${recipient.phoneKey}|${campaign}`) ?? [];
		return [...found].sort((a, b) => (b.sentAtMs ?? 0) - (a.sentAtMs ?? 0));
	}
}

/** Recipients the log shows already reached by their campaign come out `duplicate`, with the SMS ID and the date. */
export function skipAlreadySent(recipients: Recipient[], log: CampaignLog | null): { toSend: Recipient[]; skipped: Outcome[] } {
	if (log === null) return { toSend: recipients, skipped: [] };
	const toSend: Recipient[] = [];
	const skipped: Outcome[] = [];
	for (const recipient of recipients) {
		const earlier = log.sentTo(recipient);
		if (earlier.length === 0) {
			toSend.push(recipient);
			continue;
		}
		const [latest] = earlier;
		const more = earlier.length > 1 ? ` (${earlier.length} messages of it in the last ${log.lookBackDays} days)` : '';
		const message =
			`Not sent again: eSMS's sent log shows campaign "${recipient.options.campaign}" reached this phone ${when(latest)} ` +
			`as SMS ID ${latest.smsId ?? 'unknown'}${more}. Pre-Flight Checks › Skip Already Sent.`;
		skipped.push(outcomeOf(recipient, 'duplicate', message, { smsId: latest.smsId }));
	}
	return { toSend, skipped };
}

/** A `duplicate` or `unconfirmed` outcome without an SMS ID: the log may hold its message. */
export function lacksSmsId(outcome: Outcome): boolean {
	return (outcome.status === 'duplicate' || outcome.status === 'unconfirmed') && !outcome.smsId;
}

/**
 * The time in which a recipient's message can have been sent: a `duplicate` (eSMS refused the
 * Request ID as seen) in eSMS's window, at most 24 hours back; an `unconfirmed` one since this
 * attempt started. Ends now, or at its Send At when that is later.
 */
export function windowOf(outcome: Outcome, attemptStart: number, now: number, sendAtMs: number | null): { from: number; to: number } {
	const from = (outcome.status === 'duplicate' ? now - DAY_MS : attemptStart) - CLOCK_SLACK_MS;
	return { from, to: Math.max(now, sendAtMs ?? 0) + CLOCK_SLACK_MS };
}

/**
 * The outcomes that lack an SMS ID, given it from the log when exactly one logged message can be
 * theirs (one SMS ID: a ZNS and its fallback SMS may share it); each says where it came from, or
 * why it stays without one. An `unconfirmed` one found in the log was sent: it becomes `accepted`.
 */
export function fillFromLog(
	outcomes: Outcome[],
	recipients: Recipient[],
	logged: { ok: true; value: LoggedMessage[] } | { ok: false; why: string },
	windows: (outcome: Outcome, recipient: Recipient) => { from: number; to: number },
): Outcome[] {
	const byItem = new Map(recipients.map((recipient) => [recipient.itemIndex, recipient]));
	const byPhone = new Map<string, LoggedMessage[]>();
	if (logged.ok) {
		for (const message of logged.value) {
			const list = byPhone.get(message.phoneKey);
			if (list) list.push(message);
			else byPhone.set(message.phoneKey, [message]);
		}
	}
	return outcomes.map((outcome) => {
		const recipient = byItem.get(outcome.itemIndex);
		if (!lacksSmsId(outcome) || recipient === undefined) return outcome;
		if (!logged.ok) return retold(outcome, recipient, outcome.status, `${outcome.message} Its SMS ID could not be looked up in eSMS's sent log: ${logged.why}.`);
		const { from, to } = windows(outcome, recipient);
		const candidates = (byPhone.get(recipient.phoneKey) ?? []).filter(
			(message) =>
				sameCampaign(message.campaign, recipient.options.campaign) &&
				message.sentAtMs !== null &&
				message.sentAtMs >= from &&
				message.sentAtMs <= to &&
				textFits(message, recipient),
		);
		const smsIds = new Set(candidates.map((message) => message.smsId).filter((smsId) => smsId !== null));
		if (smsIds.size === 1) {
			const [smsId] = smsIds;
			const found = candidates.find((message) => message.smsId === smsId)!;
			if (outcome.status === 'unconfirmed') {
				const message = `Sent: eSMS's answer was lost, but eSMS's sent log shows this message as SMS ID ${smsId}, sent ${when(found)}`;
				return retold(outcome, recipient, 'accepted', message, smsId);
			}
			return retold(outcome, recipient, outcome.status, `${outcome.message} SMS ID ${smsId} from eSMS's sent log (sent ${when(found)}).`, smsId);
		}
		const campaign = recipient.options.campaign === null ? 'without a campaign' : `in campaign "${recipient.options.campaign}"`;
		const why =
			smsIds.size === 0
				? `eSMS's sent log shows no message to this phone ${campaign} in that time (yet: the log may lag; look later with Account › Get Sent Messages)`
				: `eSMS's sent log shows ${smsIds.size} messages to this phone ${campaign} in that time that could be it, so none is chosen`;
		return retold(outcome, recipient, outcome.status, `${outcome.message} No SMS ID: ${why}.`);
	});
}

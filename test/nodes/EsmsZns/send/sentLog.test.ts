/** Matching eSMS's sent log to recipients: pure, for every answer the log may give (docs/esms-api.md). */
import { outcomeOf } from '../../../../nodes/EsmsZns/send/outcome';
import { CampaignLog, fillFromLog, skipAlreadySent, windowOf, type LoggedMessage } from '../../../../nodes/EsmsZns/send/sentLog';
import type { Outcome } from '../../../../nodes/EsmsZns/send/types';
import { SEND_NOW, recipientAt } from '../../../helpers/recipients';

const NOW = Date.UTC(2026, 11, 3, 3, 0, 0);
const HOUR = 3_600_000;

function logged(phoneKey: string, more: Partial<LoggedMessage> = {}): LoggedMessage {
	return { phoneKey, campaign: null, smsId: `S-${phoneKey}`, sentAtMs: NOW - HOUR, sentAt: '2026-12-03T09:00:00+07:00', failed: false, content: null, ...more };
}

const inCampaign = (itemIndex: number, campaign = 'c') => recipientAt(itemIndex, { options: { ...SEND_NOW, campaign, key: campaign }, params: [`Name ${itemIndex}`] });
const wide = () => ({ from: NOW - 30 * HOUR, to: NOW });

describe('Skip Already Sent', () => {
	test('a recipient its campaign reached is skipped (duplicate, the newest SMS ID, the date); others are sent', () => {
		const [a, b] = [inCampaign(0), inCampaign(1)];
		const log = new CampaignLog(
			[logged(a.phoneKey, { campaign: 'c', smsId: 'old', sentAtMs: NOW - 50 * HOUR }), logged(a.phoneKey, { campaign: 'c', smsId: 'new' })],
			7,
		);
		const { toSend, skipped } = skipAlreadySent([a, b], log);
		expect(toSend).toEqual([b]);
		expect(skipped).toHaveLength(1);
		expect(skipped[0]).toMatchObject({ itemIndex: 0, status: 'duplicate', smsId: 'new' });
		expect(skipped[0].message).toContain('on 2026-12-03 09:00 (Vietnam time) as SMS ID new (2 messages of it in the last 7 days)');
	});

	test('another campaign, a failed message, no campaign or a Sandbox recipient: sent', () => {
		const a = inCampaign(0);
		const sandbox = recipientAt(1, { options: { ...SEND_NOW, campaign: 'c', sandbox: true, key: 's' } });
		const none = recipientAt(2);
		const log = new CampaignLog(
			[logged(a.phoneKey, { campaign: 'other' }), logged(a.phoneKey, { campaign: 'c', failed: true }), logged(sandbox.phoneKey, { campaign: 'c' }), logged(none.phoneKey)],
			7,
		);
		expect(skipAlreadySent([a, sandbox, none], log).skipped).toEqual([]);
	});

	test('no log (check off or failed): everyone is sent', () => {
		expect(skipAlreadySent([inCampaign(0)], null).toSend).toHaveLength(1);
	});
});

describe('lost SMS IDs from the log', () => {
	const duplicate = (itemIndex: number): Outcome => outcomeOf(recipientAt(itemIndex), 'duplicate', 'Refused as a repeat (124).', { codeResult: '124' });

	test('exactly one message: the SMS ID, and where it came from', () => {
		const r = recipientAt(0);
		const [out] = fillFromLog([duplicate(0)], [r], { ok: true, value: [logged(r.phoneKey, { smsId: 'X' })] }, wide);
		expect(out).toMatchObject({ status: 'duplicate', smsId: 'X' });
		expect(out.message).toBe("Refused as a repeat (124). SMS ID X from eSMS's sent log (sent on 2026-12-03 09:00 (Vietnam time)).");
	});

	test('an unconfirmed one found in the log was sent: accepted', () => {
		const r = recipientAt(0);
		const lost = outcomeOf(r, 'unconfirmed', 'Whether eSMS took this message is unknown.');
		const [out] = fillFromLog([lost], [r], { ok: true, value: [logged(r.phoneKey, { smsId: 'Y' })] }, wide);
		expect(out).toMatchObject({ status: 'accepted', smsId: 'Y' });
		expect(out.message).toMatch(/^Sent: eSMS's answer was lost, but eSMS's sent log shows this message as SMS ID Y/);
	});

	test('none, or several that could be it: no SMS ID, and why', () => {
		const r = recipientAt(0);
		const [none] = fillFromLog([duplicate(0)], [r], { ok: true, value: [] }, wide);
		expect(none.smsId).toBeNull();
		expect(none.message).toContain("No SMS ID: eSMS's sent log shows no message to this phone without a campaign in that time");
		const two = [logged(r.phoneKey, { smsId: 'A' }), logged(r.phoneKey, { smsId: 'B' })];
		const [several] = fillFromLog([duplicate(0)], [r], { ok: true, value: two }, wide);
		expect(several.smsId).toBeNull();
		expect(several.message).toContain('shows 2 messages to this phone without a campaign in that time that could be it');
	});

	test('a ZNS and its fallback SMS logged with one SMS ID count as one', () => {
		const r = recipientAt(0);
		const both = [logged(r.phoneKey, { smsId: 'F' }), logged(r.phoneKey, { smsId: 'F', content: 'the SMS text' })];
		expect(fillFromLog([duplicate(0)], [r], { ok: true, value: both }, wide)[0].smsId).toBe('F');
	});

	test('the logged text tells messages apart when eSMS gives it (rendered ZNS text, SMS text); without it, it cannot', () => {
		const r = recipientAt(0, { params: ['Lan', '10:00'] });
		const rows = [logged(r.phoneKey, { smsId: 'A', content: 'Chào Lan, hẹn 10:00' }), logged(r.phoneKey, { smsId: 'B', content: 'Chào Minh, hẹn 11:00' })];
		expect(fillFromLog([duplicate(0)], [r], { ok: true, value: rows }, wide)[0].smsId).toBe('A');
		const sms = recipientAt(0, { sms: { text: 'Ma OTP 1234', charset: 'gsm7', parts: 1 } });
		const smsRows = [logged(r.phoneKey, { smsId: 'C', content: 'Ma OTP 1234' }), logged(r.phoneKey, { smsId: 'D', content: 'Ma OTP 9999' })];
		expect(fillFromLog([duplicate(0)], [sms], { ok: true, value: smsRows }, wide)[0].smsId).toBe('C');
	});

	test('the campaign and the time window must fit', () => {
		const r = recipientAt(0, { options: { ...SEND_NOW, campaign: 'c', key: 'c' } });
		const rows = [logged(r.phoneKey, { smsId: 'A', campaign: 'other' }), logged(r.phoneKey, { smsId: 'B', campaign: 'c', sentAtMs: NOW - 40 * HOUR })];
		expect(fillFromLog([duplicate(0)], [r], { ok: true, value: rows }, wide)[0].smsId).toBeNull();
	});

	test('the log unreadable: says so; outcomes with an SMS ID or another status are left alone', () => {
		const r = recipientAt(0);
		const accepted = outcomeOf(recipientAt(1), 'accepted', 'Accepted', { smsId: 'Z' });
		const out = fillFromLog([duplicate(0), accepted], [r, recipientAt(1)], { ok: false, why: 'eSMS answered HTTP 500' }, wide);
		expect(out[0].message).toContain("Its SMS ID could not be looked up in eSMS's sent log: eSMS answered HTTP 500.");
		expect(out[1]).toBe(accepted);
	});

	test('windows: a duplicate looks back 24 hours, an unconfirmed one to the attempt; both to a later Send At', () => {
		const start = NOW - 10 * 60_000;
		expect(windowOf(duplicate(0), start, NOW, null)).toEqual({ from: NOW - 24 * HOUR - 300_000, to: NOW + 300_000 });
		expect(windowOf(outcomeOf(recipientAt(0), 'unconfirmed', ''), start, NOW, NOW + 2 * HOUR)).toEqual({ from: start - 300_000, to: NOW + 2 * HOUR + 300_000 });
	});
});

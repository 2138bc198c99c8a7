/** The campaign report's numbers and its HTML page: pure. */
import { escapeHtml, renderReport } from '../../../../nodes/EsmsZns/report/render';
import { summarize, type ReportRow } from '../../../../nodes/EsmsZns/report/summary';

const row = (sendStatus: string, delivery: ReportRow['delivery'] = null, more: Partial<ReportRow> = {}): ReportRow => ({
	sendStatus,
	smsId: delivery ? 'S' : null,
	campaign: 'Tết 2027',
	channel: 'zns',
	delivery,
	...more,
});

describe('summarize', () => {
	test('counts every recipient once: delivered, failed by reason, pending, unknown, not sent by status; the cost of known prices', () => {
		const summary = summarize(
			[
				row('accepted', { status: 'delivered', reason: null, price: 300 }),
				row('accepted', { status: 'delivered', reason: null, price: 300 }),
				row('duplicate', { status: 'failed', reason: 'User is inactive', price: 0 }),
				row('accepted', { status: 'failed', reason: 'User is inactive', price: null }),
				row('accepted', { status: 'pending', reason: null, price: 300 }),
				row('duplicate'),
				row('invalid'),
				row('skipped'),
				row('skipped', null, { campaign: 'Other' }),
			],
			'Tết reminders',
			new Date('2026-12-03T05:00:00Z'),
		);
		expect(summary).toEqual({
			title: 'Tết reminders',
			generatedAt: '2026-12-03T05:00:00.000Z',
			recipients: 9,
			sent: 6,
			accepted: 4,
			alreadySent: 2,
			delivered: 2,
			failed: { total: 2, byReason: { 'User is inactive': 2 } },
			pending: 1,
			unknown: 1,
			notSent: { invalid: 1, skipped: 2 },
			cost: 900,
			currency: 'VND',
			campaigns: ['Other', 'Tết 2027'],
			channels: { zns: 6 },
		});
	});

	test('no price known: cost null; nothing in: zeros', () => {
		expect(summarize([row('accepted')], 't', new Date(0)).cost).toBeNull();
		expect(summarize([], 't', new Date(0))).toMatchObject({ recipients: 0, sent: 0, delivered: 0 });
	});
});

describe('renderReport', () => {
	test('a self-contained page: the numbers, an SVG bar, the reasons; no script, nothing fetched', () => {
		const summary = summarize([row('accepted', { status: 'delivered', reason: null, price: 300 }), row('accepted', { status: 'failed', reason: 'User is inactive', price: 0 }), row('invalid')], 'Report', new Date(0));
		const html = renderReport(summary);
		expect(html).toMatch(/^<!DOCTYPE html>/);
		expect(html).toContain('<svg');
		expect(html).toContain('User is inactive');
		expect(html).toContain('Delivered 1 (33%)');
		expect(html).not.toMatch(/<script|src=|href=|url\(/i);
	});

	test('every value from the data is escaped', () => {
		const summary = summarize([row('accepted', { status: 'failed', reason: '<img src=x onerror=alert(1)>', price: null }, { campaign: '"><script>x</script>' })], '<b>title</b>', new Date(0));
		const html = renderReport(summary);
		expect(html).not.toContain('<img');
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<b>title</b>');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(escapeHtml(`a&b<"'>`)).toBe('a&amp;b&lt;&quot;&#39;&gt;');
	});
});

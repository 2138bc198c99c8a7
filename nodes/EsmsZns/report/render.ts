import type { CampaignSummary } from './summary';

/**
 * The campaign report as one self-contained HTML page: the numbers, a bar of where every recipient
 * ended, and the failure reasons. Inline CSS and SVG only, no script and nothing fetched, so an
 * email client shows it as a browser does. Every value from the data is escaped.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const number = (value: number) => value.toLocaleString('en-US');

interface Segment {
	label: string;
	count: number;
	color: string;
}

function segmentsOf(summary: CampaignSummary): Segment[] {
	const notSent = Object.values(summary.notSent).reduce((sum, count) => sum + count, 0);
	return [
		{ label: 'Delivered', count: summary.delivered, color: '#2e9e5b' },
		{ label: 'Pending', count: summary.pending, color: '#e0a526' },
		{ label: 'Failed', count: summary.failed.total, color: '#d64545' },
		{ label: 'Unknown', count: summary.unknown, color: '#9aa5b1' },
		{ label: 'Not sent', count: notSent, color: '#5b6b7b' },
	];
}

/** One horizontal bar, each segment as wide as its share of the recipients, with a legend below. */
function chart(summary: CampaignSummary): string {
	const width = 640;
	const total = Math.max(1, summary.recipients);
	let x = 0;
	const bars: string[] = [];
	const legend: string[] = [];
	segmentsOf(summary).forEach((segment, index) => {
		const w = (segment.count / total) * width;
		if (w > 0) bars.push(`<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="36" fill="${segment.color}"><title>${segment.label}: ${number(segment.count)}</title></rect>`);
		x += w;
		const lx = (index % 3) * 215;
		const ly = 62 + Math.floor(index / 3) * 24;
		const share = Math.round((segment.count / total) * 100);
		legend.push(
			`<rect x="${lx}" y="${ly - 11}" width="12" height="12" rx="2" fill="${segment.color}"/>` +
				`<text x="${lx + 18}" y="${ly}" font-size="13" fill="#1f2933">${segment.label} ${number(segment.count)} (${share}%)</text>`,
		);
	});
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Where the recipients ended" width="${width}" height="110" viewBox="0 0 ${width} 110" font-family="Arial, sans-serif">` +
		`<rect x="0" y="0" width="${width}" height="36" rx="4" fill="#eef1f4"/>${bars.join('')}${legend.join('')}</svg>`
	);
}

function tile(label: string, value: string, note = ''): string {
	return (
		'<td style="padding:12px 16px;border:1px solid #e4e7eb;border-radius:6px;background:#ffffff;">' +
		`<div style="font-size:12px;color:#616e7c;text-transform:uppercase;letter-spacing:0.04em;">${label}</div>` +
		`<div style="font-size:26px;font-weight:bold;color:#1f2933;margin-top:4px;">${value}</div>` +
		(note ? `<div style="font-size:12px;color:#7b8794;margin-top:2px;">${note}</div>` : '') +
		'</td>'
	);
}

/** The Send's statuses of recipients not sent, in words. */
const NOT_SENT_WORDS: Record<string, string> = {
	invalid: 'invalid data (phone or values)',
	rejected: 'refused by eSMS',
	failed: 'failed before sending',
	skipped: 'skipped (over the quota, or after a failed batch)',
	unconfirmed: 'unconfirmed (eSMS\'s answer lost)',
	would_send: 'estimate only, not sent',
	unknown: 'no status',
};

function rowsOf(counts: Record<string, number>, words: Record<string, string> = {}): string {
	const sorted = Object.entries(counts)
		.map(([label, count]): [string, number] => [words[label] ?? label, count])
		.sort((a, b) => b[1] - a[1]);
	if (sorted.length === 0) return '<tr><td style="padding:6px 0;color:#7b8794;">None</td><td></td></tr>';
	return sorted
		.map(([label, count]) => `<tr><td style="padding:6px 12px 6px 0;">${escapeHtml(label)}</td><td style="padding:6px 0;text-align:right;font-weight:bold;">${number(count)}</td></tr>`)
		.join('');
}

export function renderReport(summary: CampaignSummary): string {
	const title = escapeHtml(summary.title);
	const campaigns = summary.campaigns.length > 0 ? escapeHtml(summary.campaigns.join(', ')) : 'no campaign name';
	const cost = summary.cost === null ? 'not known' : `${number(summary.cost)} ${summary.currency}`;
	const reached = summary.sent === 0 ? 0 : Math.round((summary.delivered / summary.sent) * 100);
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Arial, Helvetica, sans-serif;color:#1f2933;">
<div style="max-width:720px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;border:1px solid #e4e7eb;">
<h1 style="font-size:22px;margin:0 0 4px 0;">${title}</h1>
<div style="font-size:13px;color:#616e7c;margin-bottom:20px;">Campaign: ${campaigns} · ${number(summary.recipients)} recipients · generated ${escapeHtml(summary.generatedAt)}</div>
<table role="presentation" style="border-collapse:separate;border-spacing:8px;width:100%;margin:0 -8px 12px -8px;"><tr>
${tile('Delivered', number(summary.delivered), `${reached}% of the messages sent`)}${tile('Failed', number(summary.failed.total))}${tile('Pending', number(summary.pending))}${tile('Cost', cost)}
</tr></table>
${chart(summary)}
<div style="display:flex;gap:32px;flex-wrap:wrap;margin-top:16px;font-size:14px;">
<div><h2 style="font-size:15px;margin:8px 0;">Why delivery failed</h2><table style="border-collapse:collapse;">${rowsOf(summary.failed.byReason)}</table></div>
<div><h2 style="font-size:15px;margin:8px 0;">Not sent</h2><table style="border-collapse:collapse;">${rowsOf(summary.notSent, NOT_SENT_WORDS)}</table></div>
<div><h2 style="font-size:15px;margin:8px 0;">Sent</h2><table style="border-collapse:collapse;">${rowsOf({ 'accepted now': summary.accepted, 'sent before (duplicate)': summary.alreadySent })}</table></div>
</div>
<div style="font-size:12px;color:#7b8794;margin-top:20px;">Made by the eSMS ZNS node for n8n from the Send's output and eSMS's delivery status.</div>
</div></body></html>
`;
}

import { shortValue } from '../../shared/redact';

/**
 * The Campaign option (eSMS's `campaignid`): text of at most 254 characters, counted as users
 * see them (code points). A finite number is accepted as its text (a campaign named `2027` mapped
 * from a number field is what the user meant); lists, objects, booleans, NaN and Infinity are
 * refused. Nothing (undefined, null, '') means no campaign. The text sent is campaignText's.
 */

export const MAX_CAMPAIGN_LENGTH = 254;

function asCampaignText(value: unknown): string | null {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** Why the value cannot be the Campaign (a sentence naming what it got), or null when it can. */
export function campaignProblem(value: unknown): string | null {
	const text = asCampaignText(value);
	if (text === null) return `Campaign must be text (got ${shortValue(value, 60)})`;
	const length = [...text].length;
	if (length > MAX_CAMPAIGN_LENGTH) return `Campaign must be at most ${MAX_CAMPAIGN_LENGTH} characters (has ${length})`;
	return null;
}

/** The Campaign as sent (trimmed; a number as its text); '' for none. Call after campaignProblem returned null. */
export function campaignText(value: unknown): string {
	return asCampaignText(value) ?? '';
}

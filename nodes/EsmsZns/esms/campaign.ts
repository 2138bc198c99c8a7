/**
 * The Campaign option (eSMS's `campaignid`): text of at most 254 characters as eSMS counts them
 * (UTF-16 units: an emoji is two, and eSMS refuses the whole request beyond the limit), said in
 * characters as people count them. A finite number is accepted as its text (a campaign named `2027` mapped
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

/** The rule the value breaks as the Campaign (in the node's "field rule" style), or null when it can be one. */
export function campaignProblem(value: unknown): string | null {
	const text = asCampaignText(value);
	if (text === null) return 'must be text';
	if (text.length <= MAX_CAMPAIGN_LENGTH) return null;
	// eSMS (a .NET service) counts UTF-16 units, an emoji as two; people count characters.
	const characters = [...text].length;
	if (characters === text.length) return `must be at most ${MAX_CAMPAIGN_LENGTH} characters (has ${characters})`;
	return (
		`must be at most ${MAX_CAMPAIGN_LENGTH} characters, an emoji or other symbol counting as two as eSMS counts them ` +
		`(has ${characters} characters, ${text.length} as eSMS counts them)`
	);
}

/** The Campaign as sent (trimmed; a number as its text); '' for none. Call after campaignProblem returned null. */
export function campaignText(value: unknown): string {
	return asCampaignText(value) ?? '';
}

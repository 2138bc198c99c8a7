import { KeptAnswers, templateKey } from '../../shared/keptAnswers';
import { notOk, ok, type Result } from '../../shared/result';
import { templateFromDetails, templateFromList, unsendableState, type TemplateInfo } from '../esms/templateSpec';
import { settle } from '../client/callErrors';
import { ZNS_TYPES, type EsmsClient } from '../client/client';

/** A template, or why it could not be loaded. */
export type TemplateLookup = Result<TemplateInfo>;

/**
 * A template's state and variables: from its details (types, required flags and lengths), else
 * from the OA's template lists. Fetched once per execution.
 */
export async function loadTemplate(client: EsmsClient, oaId: string, templateId: string): Promise<TemplateLookup> {
	const details = await settle(async () => await client.getTemplateInfo(oaId, templateId));
	if (details.ok) {
		const template = templateFromDetails(templateId, details.value);
		if (template) return ok(template);
	}
	for (const znsType of ZNS_TYPES) {
		const listed = await settle(async () => await client.listTemplates(oaId, znsType));
		if (!listed.ok) return notOk(listed.why.message);
		const template = templateFromList(templateId, { ZNSTemplates: listed.value });
		if (template) return ok(template);
	}
	if (!details.ok) return notOk(details.why.message);
	return notOk(`Template ${templateId} was not found for Zalo OA ${oaId}`);
}

/**
 * Sendable templates this process looked up for sending, kept for a few minutes per account, OA
 * and template: a Loop Over Items or a campaign run again does not wait for the same look-up in
 * every round. Only ENABLE templates are kept (anything else is asked again), and eSMS still
 * judges every send, so a template disabled meanwhile is refused by eSMS, not sent.
 */
export const TEMPLATE_TTL_MS = 5 * 60 * 1000;
const sendable = new KeptAnswers<TemplateInfo>(TEMPLATE_TTL_MS);

/** loadTemplate, answered from the process's recent look-ups when the template was sendable. */
export async function loadTemplateForSending(
	client: EsmsClient,
	scope: string,
	oaId: string,
	templateId: string,
	now: number,
): Promise<TemplateLookup> {
	const key = templateKey(scope, oaId, templateId);
	const known = sendable.get(key, now);
	if (known) return ok(known);
	const lookup = await loadTemplate(client, oaId, templateId);
	if (lookup.ok && unsendableState(lookup.value.status) === null) sendable.set(key, lookup.value, now);
	else sendable.forget(key);
	return lookup;
}

/** For tests: forget the templates looked up, as a new n8n process would. */
export function forgetTemplates(): void {
	sendable.clear();
}

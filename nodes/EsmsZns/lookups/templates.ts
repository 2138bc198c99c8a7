import { KeptAnswers, templateKey } from '../../shared/keptAnswers';
import { templateFromDetails, templateFromList, unsendableState, type TemplateInfo } from '../esms/templateSpec';
import { settle } from '../transport/callErrors';
import { ZNS_TYPES, type EsmsClient } from '../transport/client';

export type TemplateLookup = { template: TemplateInfo } | { error: string };

/**
 * A template's state and variables: from its details (types, required flags and lengths), else
 * from the OA's template lists. Fetched once per execution.
 */
export async function loadTemplate(client: EsmsClient, oaId: string, templateId: string): Promise<TemplateLookup> {
	const details = await settle(async () => await client.getTemplateInfo(oaId, templateId));
	if ('value' in details) {
		const template = templateFromDetails(templateId, details.value);
		if (template) return { template };
	}
	for (const znsType of ZNS_TYPES) {
		const listed = await settle(async () => await client.listTemplates(oaId, znsType));
		if ('error' in listed) return { error: listed.error.message };
		const template = templateFromList(templateId, { ZNSTemplates: listed.value });
		if (template) return { template };
	}
	if ('error' in details) return { error: details.error.message };
	return { error: `Template ${templateId} was not found for Zalo OA ${oaId}` };
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
	if (known) return { template: known };
	const lookup = await loadTemplate(client, oaId, templateId);
	if ('template' in lookup && unsendableState(lookup.template.status) === null) sendable.set(key, lookup.template, now);
	else sendable.forget(key);
	return lookup;
}

/** For tests: forget the templates looked up, as a new n8n process would. */
export function forgetTemplates(): void {
	sendable.clear();
}

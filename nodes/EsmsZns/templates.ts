import { ZNS_TYPES, settle, type EsmsClient } from './client';
import { templateFromDetails, templateFromList, type TemplateInfo } from './send/templateSpec';

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

import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { codeMeaning, normaliseCode } from './codes';
import { templateFromDetails, templateFromList, type TemplateInfo } from './send/templateSpec';
import { callEsms } from './transport';

export type TemplateLookup = { template: TemplateInfo } | { error: string };

function describeDetailsError(templateId: string, body: Record<string, unknown>): string {
	const message = typeof body.Message === 'string' && body.Message ? body.Message : 'no reason given';
	return `eSMS could not load template ${templateId}: ${message} (Error ${String(body.Error)})`;
}

/**
 * A template's state and variables: from `GetZnsTemplateInfo` (types, required flags and
 * lengths), else from the OA's template list (`GetTemplate/`). Fetched once per execution.
 */
export async function loadTemplate(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	baseUrl: string,
	oaId: string,
	templateId: string,
): Promise<TemplateLookup> {
	const details = await callEsms(context, baseUrl, {
		method: 'GET',
		path: 'GetZnsTemplateInfo',
		qs: { TemplateId: templateId, OAId: oaId },
	});
	if (details.ok) {
		const template = templateFromDetails(templateId, details.body);
		if (template) return { template };
	}
	for (const smsType of ['24', '25']) {
		const list = await callEsms(context, baseUrl, {
			method: 'POST',
			path: 'GetTemplate/',
			body: { OAId: oaId, SmsType: smsType },
		});
		if (!list.ok) return { error: list.message };
		const code = normaliseCode(list.body.CodeResult);
		if (code !== null && code !== '100') {
			return { error: `eSMS could not list the OA's templates: ${codeMeaning(code)} (eSMS code ${code})` };
		}
		const template = templateFromList(templateId, list.body);
		if (template) return { template };
	}
	if (details.ok) return { error: describeDetailsError(templateId, details.body) };
	return { error: `Template ${templateId} was not found for Zalo OA ${oaId}` };
}

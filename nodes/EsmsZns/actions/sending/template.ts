import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { unsendableState, type TemplateInfo } from '../../esms/templateSpec';
import { loadTemplateForSending } from '../../lookups/templates';
import type { EsmsClient } from '../../client/client';
import { settingError, type SendSettings } from './settings';

/**
 * The template to send, from eSMS: only an ENABLE template is sent, and Template Fields must be
 * mapped for it. Null when it cannot be described but its values are given by position.
 */
export async function templateForSending(
	context: IExecuteFunctions,
	client: EsmsClient,
	settings: SendSettings,
): Promise<TemplateInfo | null> {
	const { oaId, templateId, paramsMode, place } = settings;
	const lookup = await loadTemplateForSending(client, place.scope, oaId, templateId, place.now);
	if (lookup.ok) {
		const { status } = lookup.value;
		const state = unsendableState(status);
		if (state !== null) {
			throw settingError(
				context,
				`Template ${templateId} cannot be sent: it is ${state} (eSMS status ${status})`,
				'Only templates with status ENABLE can be sent. Wait for Zalo\'s approval or choose another template.',
			);
		}
		if (paramsMode === 'fields') checkMappedFields(context, lookup.value);
		return lookup.value;
	}
	// Positional values can still be sent without the template's details; mapping by name cannot.
	if (paramsMode !== 'fields') return null;
	throw settingError(context, `Could not load template ${templateId}: ${lookup.why}`);
}

/**
 * Template Fields mapped for another template (the editor does not always reload them when the
 * template changes) would send values under the wrong names: refuse before anything is sent.
 */
function checkMappedFields(context: IExecuteFunctions, template: TemplateInfo): void {
	const mapping = (context.getNode().parameters.templateFields ?? {}) as IDataObject;
	if (mapping.mappingMode === 'autoMapInputData') return;
	const mapped = Object.keys((mapping.value ?? {}) as IDataObject);
	const names = new Set(template.params.map((spec) => spec.name));
	const foreign = mapped.filter((name) => !names.has(name));
	if (foreign.length === 0) return;
	throw settingError(
		context,
		`Template Fields were mapped for another template: ${foreign.join(', ')} ${foreign.length === 1 ? 'is not a variable' : 'are not variables'} of template ${template.templateId}`,
		`Open the node and refresh Template Fields. The template's variables are: ${[...names].join(', ') || 'none'}.`,
	);
}

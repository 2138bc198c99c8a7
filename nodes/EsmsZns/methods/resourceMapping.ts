import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type ResourceMapperField,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { currentLocatorValue } from '../actions/commonFields';
import type { ParamSpec } from '../esms/params';
import { EsmsClient } from '../client/client';
import { unsendableState } from '../esms/templateSpec';
import { loadTemplate } from '../lookups/templates';

/**
 * The editor shows only a field's label (no description), cut off after about 22 characters at
 * the default panel width: the variable's name, then what eSMS checks in a word or two. Dates may
 * be given in any form n8n knows (the node writes them as dd/MM/yyyy).
 */
function labelOf(spec: ParamSpec): string {
	switch (spec.type) {
		case 'number':
			return `${spec.name} (digits)`;
		case 'date':
			return `${spec.name} (date)`;
		case 'url':
			return `${spec.name} (URL)`;
		default:
			return spec.maxLength ? `${spec.name} (≤${spec.maxLength})` : spec.name;
	}
}

function fieldOf(spec: ParamSpec): ResourceMapperField {
	return {
		id: spec.name,
		displayName: labelOf(spec),
		required: spec.required,
		defaultMatch: false,
		display: true,
		type: 'string',
		canBeUsedToMatch: false,
	};
}

/** The chosen template's variables, so the user maps them by name instead of by position. */
export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const oaId = currentLocatorValue(this, 'oaId');
	const templateId = currentLocatorValue(this, 'templateId');
	if (!oaId || !templateId) {
		// A notice in place of the fields, not an error: a fresh node is not a failure.
		return { fields: [], emptyFieldsNotice: 'Choose a Zalo OA and a template first: the template\'s variables appear here.' };
	}
	const lookup = await loadTemplate(await EsmsClient.of(this), oaId, templateId);
	if (!lookup.ok) throw new NodeOperationError(this.getNode(), lookup.why);
	const { status, params, name } = lookup.value;
	const state = unsendableState(status);
	if (state !== null) {
		// Shown by the editor in place of the fields: a warning the user cannot miss.
		return {
			fields: [],
			emptyFieldsNotice: `<b>Template ${name ? `"${name}" ` : ''}(${templateId}) cannot be sent: it is ${state}</b> (eSMS status ${status}). Only approved templates (status ENABLE) can be sent. Choose another template, or wait until Zalo approves this one.`,
		};
	}
	if (params.length === 0) {
		return { fields: [], emptyFieldsNotice: 'This template has no variables: every recipient gets the same text.' };
	}
	return { fields: params.map(fieldOf) };
}

import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type ResourceMapperField,
	type ResourceMapperFields,
} from 'n8n-workflow';

import { currentLocatorValue } from '../actions/commonFields';
import type { ParamSpec } from '../send/params';
import { loadTemplate } from '../templates';
import { EsmsClient } from '../client';

const TYPE_LABELS: Record<ParamSpec['type'], string> = {
	text: 'text',
	number: 'number, digits only',
	date: 'date, dd/MM/yyyy',
	url: 'URL',
};

function fieldOf(spec: ParamSpec): ResourceMapperField {
	const limit = spec.maxLength && spec.type !== 'date' ? `, max ${spec.maxLength} characters` : '';
	return {
		id: spec.name,
		displayName: `${spec.name} (${TYPE_LABELS[spec.type]}${limit})`,
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
		throw new NodeOperationError(this.getNode(), 'Choose a Zalo OA and a template first');
	}
	const lookup = await loadTemplate(await EsmsClient.of(this), oaId, templateId);
	if ('error' in lookup) throw new NodeOperationError(this.getNode(), lookup.error);
	const { status, params } = lookup.template;
	if (status !== null && status.toUpperCase() !== 'ENABLE') {
		throw new NodeOperationError(
			this.getNode(),
			`Template ${templateId} is ${status} in eSMS: only ENABLE templates can be sent`,
		);
	}
	return { fields: params.map(fieldOf) };
}

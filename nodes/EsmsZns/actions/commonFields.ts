import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';

/** Parameters shared by several operations: the Zalo OA and template pickers, the phone. */

export const oaLocator: INodeProperties = {
	displayName: 'Zalo OA',
	name: 'oaId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Zalo Official Account registered with your eSMS account',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchZaloOas', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 4097311281936189049',
			validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'An OA ID is digits only' } }],
		},
	],
};

export const templateLocator: INodeProperties = {
	displayName: 'Template',
	name: 'templateId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'A ZNS template approved for the chosen Zalo OA',
	typeOptions: { loadOptionsDependsOn: ['oaId.value'] },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 2056447',
			validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A template ID is digits only' } }],
		},
	],
};

export const phoneField: INodeProperties = {
	displayName: 'Phone',
	name: 'phone',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.phone }}',
	description:
		'The recipient\'s Vietnamese mobile number, usually an expression. 0901888484, 84901888484, +84 90 188 8484 and 901888484 are all understood.',
};

/** n8n's Return All / Limit pair, for look-ups that page. */
export function returnAllAndLimit(returnAllByDefault: boolean): INodeProperties[] {
	const returnAll: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	};
	returnAll.default = returnAllByDefault;
	const limit: INodeProperties = {
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	};
	return [returnAll, limit];
}

/** The value of a picker (an ID) at an item, whichever mode the user chose. */
export function locatorValue(context: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(context.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
}

/** The same, for editor look-ups that depend on a picker. */
export function currentLocatorValue(context: ILoadOptionsFunctions, name: string): string {
	return String(context.getCurrentNodeParameter(name, { extractValue: true }) ?? '').trim();
}

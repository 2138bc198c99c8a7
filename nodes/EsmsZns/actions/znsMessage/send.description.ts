import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { oaLocator, phoneField, templateLocator } from '../commonFields';
import { brandnameLocator, preflightField, preflightNotice, requestIdFields, smsTextField } from '../sending/fields';
import { sendOptionsField } from '../sending/optionsField';

const properties: INodeProperties[] = [
	oaLocator,
	templateLocator,
	phoneField,
	{
		displayName: 'Template Values',
		name: 'paramsMode',
		type: 'options',
		default: 'fields',
		options: [
			{
				name: 'Map Template Fields',
				value: 'fields',
				description: 'Map each variable of the template by name; the node puts them in the template\'s order',
			},
			{
				name: 'Positional List',
				value: 'list',
				description: 'Give the values in the template\'s variable order, one per line',
			},
			{
				name: 'JSON Array',
				value: 'json',
				description: 'One expression that returns the list of values in the template\'s variable order',
			},
		],
		description: 'How the values of the template\'s variables are given',
	},
	{
		displayName: 'Template Fields',
		name: 'templateFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['oaId.value', 'templateId.value'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'template field', plural: 'template fields' },
				// Replaces n8n's "Values to Send" above the fields (n8n's "Mapping Column Mode" cannot be renamed).
				valuesLabel: 'Template Variables',
				// The notice below the mode says why there are no fields; n8n's red "No template fields found" would not.
				hideNoDataError: true,
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				// n8n 2.40's editor re-reads the fields after a template change only when it can evaluate
				// every expression of the node (not before the previous node has run). These make it
				// refresh silently whenever the panel is opened again instead of showing a warning.
				refreshStaleSchemaOnOpen: true,
				refreshIncompleteSchemaOnOpen: true,
			},
		},
		displayOptions: { show: { paramsMode: ['fields'] } },
	},
	{
		displayName: 'Template Params',
		name: 'templateParams',
		type: 'fixedCollection',
		placeholder: 'Add value',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		description: 'The template\'s values, in the order of its variables (a variable used twice is given once)',
		displayOptions: { show: { paramsMode: ['list'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						// n8n gives every row the same label; it cannot number them.
						displayName: 'Next Variable\'s Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.name }} (1st variable), then the 2nd…',
						description: 'The value of the template\'s next variable: the first row fills the first variable, the second row the second, and so on',
					},
				],
			},
		],
	},
	{
		displayName: 'Params (JSON Array)',
		name: 'paramsJson',
		type: 'json',
		default: '[]',
		required: true,
		placeholder: 'e.g. {{ [$json.name, $json.service, $json.date] }}',
		description: 'An array of values in the template\'s variable order',
		displayOptions: { show: { paramsMode: ['json'] } },
	},
	{
		displayName: 'SMS Fallback',
		name: 'smsFallback',
		type: 'boolean',
		default: false,
		description:
			'Whether eSMS should send an SMS to each customer Zalo cannot reach (no Zalo, OA blocked, inactive): one request per customer, the SMS sent by eSMS itself when the ZNS fails',
	},
	{ ...brandnameLocator, displayOptions: { show: { smsFallback: [true] } } },
	{ ...smsTextField, displayOptions: { show: { smsFallback: [true] } } },
	...requestIdFields,
	preflightNotice(true),
	preflightField(true),
	sendOptionsField('zns'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['znsMessage'], operation: ['send'] } },
	properties,
);

import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { phoneField } from '../commonFields';
import { brandnameLocator, preflightField, preflightNotice, requestIdFields, smsTextField } from '../sending/fields';
import { sendOptionsField } from '../sending/optionsField';

const properties: INodeProperties[] = [
	brandnameLocator,
	phoneField,
	smsTextField,
	...requestIdFields,
	preflightNotice(false),
	preflightField(false),
	sendOptionsField('sms'),
];

export const description = updateDisplayOptions({ show: { resource: ['sms'], operation: ['send'] } }, properties);

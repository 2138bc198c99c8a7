import type {
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ACCEPTED, codeMeaning, knownCodes } from '../nodes/EsmsZns/esms/codes';
import { DEFAULT_BASE_URL, DEFAULT_REPORTS_URL } from '../nodes/EsmsZns/transport/urls';

type TestRule = IAuthenticateRuleResponseSuccessBody;

const failWhen = (key: string, value: unknown, message: string): TestRule => ({
	type: 'responseSuccessBody',
	properties: { key, value, message },
});

const NO_ANSWER =
	'eSMS did not answer: no result code came back. Check the Base URL (the default is ' + DEFAULT_BASE_URL + ').';
const NOT_ACCEPTED = 'eSMS did not accept the keys: it answered with a result code other than 100.';

/**
 * n8n passes a credential test unless one of its rules matches, and a rule can only say "fail
 * when this field equals that value". So "pass only when CodeResponse is eSMS's success code
 * 100" is spelled out: fail on every known code (with its meaning), when there is no code (an
 * HTML page, `{}`), and on every text code that is not exactly "100", character by character.
 */
function onlySuccessRules(): TestRule[] {
	const known = knownCodes()
		.filter((code) => code !== ACCEPTED)
		.flatMap((code) => {
			const message = `${codeMeaning(code)} (eSMS code ${code})`;
			return [failWhen('CodeResponse', code, message), failWhen('CodeResponse', Number(code), message)];
		});
	const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
	const lengths = Array.from({ length: 21 }, (_, length) => length)
		.filter((length) => length !== ACCEPTED.length)
		.map((length) => failWhen('CodeResponse.length', length, NOT_ACCEPTED));
	const characters = [...ACCEPTED].flatMap((wanted, position) =>
		printable
			.filter((character) => character !== wanted)
			.map((character) => failWhen(`CodeResponse[${position}]`, character, NOT_ACCEPTED)),
	);
	return [...known, failWhen('CodeResponse', undefined, NO_ANSWER), failWhen('CodeResponse', null, NO_ANSWER), ...lengths, ...characters];
}

export class EsmsApi implements ICredentialType {
	name = 'esmsApi';

	displayName = 'eSMS API';

	icon: Icon = { light: 'file:../icons/esms.svg', dark: 'file:../icons/esms.dark.svg' };

	documentationUrl = 'https://developers.esms.vn/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The ApiKey from your eSMS account (Account › API Key)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The SecretKey shown next to the API Key in your eSMS account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change only to go through a proxy or to use the eSMS simulator',
		},
		{
			displayName: 'Delivery Reports URL',
			name: 'reportsUrl',
			type: 'string',
			default: DEFAULT_REPORTS_URL,
			description: 'Where eSMS keeps stored delivery reports (used by Get Delivery Reports). Change only with the Base URL.',
		},
	];

	/**
	 * eSMS takes the keys inside the request, never in a header: in the JSON body of POST
	 * calls and in the query string of GET calls.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const keys = { ApiKey: String(credentials.apiKey ?? ''), SecretKey: String(credentials.secretKey ?? '') };
		const method = (requestOptions.method ?? 'GET').toUpperCase();
		if (method === 'GET') return { ...requestOptions, qs: { ...requestOptions.qs, ...keys } };
		const body = (requestOptions.body ?? {}) as object;
		return { ...requestOptions, body: { ...body, ...keys } };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			url: '/GetBalance_json',
			method: 'POST',
			body: {},
			json: true,
		},
		rules: onlySuccessRules(),
	};
}

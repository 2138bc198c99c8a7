import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://rest.esms.vn/MainService.svc/json';
export const DEFAULT_REPORTS_URL = 'https://status-sms.esms.vn';

/**
 * Tested by the eSMS ZNS node (`testedBy: 'esmsApiTest'`, nodes/EsmsZns/methods/credentialTest.ts),
 * not by a declarative `test` here: n8n's declarative rules can only fail on values they list,
 * so they passed on any code they did not (555, 1000, true, "１００"); and a `test` on the
 * credential would win over the node's function (n8n reads the credential's first).
 */
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
}

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://rest.esms.vn/MainService.svc/json';
export const DEFAULT_REPORTS_URL = 'https://status-sms.esms.vn';

/** Codes that mean the keys cannot be used; eSMS answers them with HTTP 200. */
const REJECTED_KEY_CODES: Array<{ code: string; message: string }> = [
	{ code: '101', message: 'eSMS rejected the API Key or Secret Key (code 101)' },
	{ code: '140', message: 'eSMS refused this IP address: add it to the whitelist in your eSMS account (code 140)' },
	{ code: '143', message: 'The eSMS account is not activated or is locked (code 143)' },
];

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
		rules: REJECTED_KEY_CODES.flatMap(({ code, message }) => [
			{ type: 'responseSuccessBody' as const, properties: { key: 'CodeResponse', value: code, message } },
			{ type: 'responseSuccessBody' as const, properties: { key: 'CodeResponse', value: Number(code), message } },
		]),
	};
}

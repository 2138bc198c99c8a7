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
const NO_CODE = 'eSMS answered without a usable result code: the keys are not confirmed (only code 100 does).';

/** Characters that look like the digits of "100", or like nothing, but are not: they fail at any position. */
function lookalikes(): string[] {
	const found: string[] = [];
	for (let code = 0x80; code < 0x10000; code++) {
		const character = String.fromCharCode(code);
		if (/[\p{Nd}\s\p{Cf}]/u.test(character)) found.push(character);
	}
	return found;
}

/** The integers eSMS could plausibly send as a numeric code (it documents 99–854, and -1, 0 are seen). */
const NUMERIC_RANGE: [number, number] = [-1000, 1000];

/**
 * n8n passes a credential test unless one of its rules matches, and a rule can only say "fail
 * when this field equals that value" (a node-side test function would need the deprecated
 * `helpers.request`, which n8n's package scanner refuses). So "pass only when CodeResponse is
 * eSMS's success code 100, read as the node reads it" is spelled out: fail on every known code
 * (with its meaning), when there is no code, when it is a list, an object or true/false, on every
 * other integer eSMS could send as a number, and on every text that is not "100" — by length and
 * character by character, ASCII and the Unicode digits and spaces that look like "100".
 */
function onlySuccessRules(): TestRule[] {
	const known = knownCodes()
		.filter((code) => code !== ACCEPTED)
		.flatMap((code) => {
			const message = `${codeMeaning(code)} (eSMS code ${code})`;
			return [failWhen('CodeResponse', code, message), failWhen('CodeResponse', Number(code), message)];
		});
	const types = ['Boolean', 'Object', 'Array'].map((type) => failWhen('CodeResponse.constructor.name', type, NO_CODE));
	const numbers: TestRule[] = [];
	const named = new Set(knownCodes());
	for (let code = NUMERIC_RANGE[0]; code <= NUMERIC_RANGE[1]; code++) {
		if (code !== Number(ACCEPTED) && !named.has(String(code))) numbers.push(failWhen('CodeResponse', code, NOT_ACCEPTED));
	}
	const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
	const unlike = [...printable, ...lookalikes()];
	const lengths = Array.from({ length: 129 }, (_, length) => length)
		.filter((length) => length !== ACCEPTED.length)
		.map((length) => failWhen('CodeResponse.length', length, NOT_ACCEPTED));
	const characters = [...ACCEPTED].flatMap((wanted, position) =>
		unlike.filter((character) => character !== wanted).map((character) => failWhen(`CodeResponse[${position}]`, character, NOT_ACCEPTED)),
	);
	const rules = [
		...known,
		failWhen('CodeResponse', undefined, NO_ANSWER),
		failWhen('CodeResponse', null, NO_ANSWER),
		failWhen('CodeResponse', '', NO_CODE),
		...types,
		...numbers,
		...lengths,
		...characters,
	];
	// n8n sends every credential type to the editor as JSON, which needs only to know that a test
	// exists; the 3,500 rules (600 kB) stay in the n8n process that runs the test.
	const shown = rules.slice(0, known.length);
	return Object.assign(rules, { toJSON: () => shown });
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
			// As the node reads it: trimmed, without trailing slashes, eSMS's own URL when empty.
			baseURL: `={{ String($credentials.baseUrl ?? "").trim().replace(/\\/+$/, "") || "${DEFAULT_BASE_URL}" }}`,
			url: '/GetBalance_json',
			method: 'POST',
			body: {},
			json: true,
		},
		rules: onlySuccessRules(),
	};
}

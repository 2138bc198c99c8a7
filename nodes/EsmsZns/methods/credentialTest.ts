import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../../../credentials/EsmsApi.credentials';
import { checkedBaseUrl } from '../../shared/baseUrl';
import { scrubSecrets, shortValue, urlForDisplay } from '../../shared/redact';
import { ACCEPTED, codeMeaning, isKnownCode, normaliseCode } from '../esms/codes';

/**
 * The credential test, run by n8n through `testedBy: 'esmsApiTest'` in the node's description.
 * A function, not the credential's declarative `test`: n8n's rules can only fail on a value they
 * list, so they let every code they do not list pass (555, 1000, true, "１００", …). This passes
 * only on eSMS's success code, read the way the node reads codes (normaliseCode: a finite number
 * as text, a string trimmed of white space of any kind, so `"100 "` passes and `"10\u00a0"` is
 * code 10), against the Base URL the node uses (checkedBaseUrl).
 *
 * n8n uses it only while the credential type has no `test` of its own: a credential's `test`
 * wins over a node's `testedBy` (CredentialsTester.getCredentialTestFunction, n8n 1.123 and 2.40).
 */

const SUCCESS: INodeCredentialTestResult = { status: 'OK', message: 'Connection successful!' };

const fail = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

const noAnswer = (url: string) =>
	fail(`eSMS did not answer at ${urlForDisplay(url)}: no result code came back. Check the Base URL (the default is ${DEFAULT_BASE_URL}).`);

function parsed(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * The verdict on GetBalance_json's answer: OK only for result code 100. Failures name the code's
 * meaning; text eSMS sent back is cut short and never shows the keys.
 */
export function credentialTestVerdict(body: unknown, url: string, keys: string[] = []): INodeCredentialTestResult {
	const answer = parsed(body);
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return noAnswer(url);
	const raw = (answer as IDataObject).CodeResponse;
	if (raw === undefined || raw === null) return noAnswer(url);
	const code = normaliseCode(raw);
	if (code === ACCEPTED) return SUCCESS;
	if (code === null) {
		return fail(scrubSecrets(`eSMS answered without a usable result code (CodeResponse was ${shortValue(raw, 40)}): the keys are not confirmed.`, keys));
	}
	const shown = shortValue(code, 20).replace(/^"|"$/g, '');
	if (isKnownCode(code)) return fail(`${codeMeaning(code)} (eSMS code ${code})`);
	return fail(scrubSecrets(`${codeMeaning(shown)}: the keys are not confirmed (only code ${ACCEPTED} does).`, keys));
}

/** Words for a request that got no answer; no network error code (n8n rewrites messages that hold one). */
function failureText(error: unknown): string {
	const failure = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown }; cause?: { code?: unknown }; code?: unknown };
	const status = failure?.statusCode ?? failure?.response?.status ?? failure?.status;
	if (typeof status === 'number') return `it answered with HTTP status ${status}`;
	const code = failure?.code ?? failure?.cause?.code;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name was not found';
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT') return 'the connection timed out';
	return 'no answer came back';
}

export async function esmsApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const base = checkedBaseUrl(typeof data.baseUrl === 'string' ? data.baseUrl : '', DEFAULT_BASE_URL);
	if ('error' in base) return fail(base.error);
	const keys = [String(data.apiKey ?? ''), String(data.secretKey ?? '')];
	let body: unknown;
	try {
		// A credential test function gets no other HTTP helper (ICredentialTestFunctions.helpers has
		// only `request`). n8n's package scanner lints with inline disables ignored: see the report.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		body = await this.helpers.request({
			method: 'POST',
			uri: `${base.url}/GetBalance_json`,
			body: { ApiKey: keys[0], SecretKey: keys[1] },
			json: true,
			timeout: 30_000,
		});
	} catch (error) {
		return fail(`eSMS could not be reached at ${urlForDisplay(base.url)}: ${failureText(error)}. Check the Base URL.`);
	}
	return credentialTestVerdict(body, base.url, keys);
}

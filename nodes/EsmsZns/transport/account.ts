import { NodeOperationError, type IExecuteFunctions, type ILoadOptionsFunctions } from 'n8n-workflow';

import { checkedBaseUrl } from '../../shared/baseUrl';
import { DEFAULT_BASE_URL, DEFAULT_REPORTS_URL } from './urls';

export const CREDENTIAL_NAME = 'esmsApi';

type EsmsContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What the credential says about where eSMS is, and the keys that must never be shown. */
export interface Account {
	/** The Base URL, checked, without a trailing slash. */
	baseUrl: string;
	/** Where stored delivery reports are asked (Get Delivery Reports). */
	reportsUrl: string;
	/** The ApiKey and SecretKey, to scrub from any text eSMS sends back. */
	secrets: string[];
	/** The keys themselves, for the one endpoint that wants them in its URL path (GetListBrandname). */
	keys: { apiKey: string; secretKey: string };
}

function checkedUrl(context: EsmsContext, raw: unknown, fallback: string, label: string): string {
	const checked = checkedBaseUrl(typeof raw === 'string' ? raw : '', fallback, label);
	if (!checked.ok) {
		throw new NodeOperationError(context.getNode(), checked.why, { description: 'Open the eSMS API credential and correct it.' });
	}
	return checked.value;
}

/** The credential's URLs (checked: trimmed, eSMS's own when empty, http(s) only) and its keys. */
export async function accountOf(context: EsmsContext): Promise<Account> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	return {
		baseUrl: checkedUrl(context, credentials.baseUrl, DEFAULT_BASE_URL, 'Base URL'),
		reportsUrl: checkedUrl(context, credentials.reportsUrl, DEFAULT_REPORTS_URL, 'Delivery Reports URL'),
		secrets: [credentials.apiKey, credentials.secretKey].filter((key): key is string => typeof key === 'string' && key !== ''),
		keys: { apiKey: String(credentials.apiKey ?? ''), secretKey: String(credentials.secretKey ?? '') },
	};
}


/** What every endpoint shares: its context, reading fields, and the account checks (101, 143, 140). */
import type { CallbackDispatcher } from '../callbacks';
import type { FaultController } from '../faults';
import type { Store } from '../store';
import type { AccountSpec, DuplicatePhoneMode, OaSpec, SimulatorSettings } from '../types';

export interface EndpointContext {
	store: Store;
	now: () => number;
	faults: FaultController;
	settings: SimulatorSettings;
	callbacks: CallbackDispatcher;
	/** Canonical endpoint key of the current request (see endpointKey). */
	endpoint: string;
	/** Set by a duplicate-phones fault planned for this request. */
	duplicatePhones: DuplicatePhoneMode | undefined;
}

/** Request fields: the JSON body of a POST, the query string of a GET. */
export type Fields = Record<string, unknown>;

/** A request-level refusal: an eSMS code and its message. */
export class Failure {
	constructor(
		readonly code: string,
		readonly message: string,
	) {}
}

export function failure(code: string, message: string): Failure {
	return new Failure(code, message);
}

/** `{"CodeResult":"101","CountRegenerate":0,"ErrorMessage":"Authorize Failed"}`, as eSMS answers. */
export function codeResultFailure({ code, message }: Failure): object {
	return { CodeResult: code, CountRegenerate: 0, ErrorMessage: message };
}

/** A scalar field as text; numbers are accepted and written out, anything else counts as missing. */
export function text(fields: Fields, name: string): string | undefined {
	const value = fields[name];
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Present and not blank. */
export function given(value: string | undefined): value is string {
	return value !== undefined && value.trim() !== '';
}

export const AUTHORIZE_FAILED = failure('101', 'Authorize Failed');

export function authenticate(store: Store, fields: Fields): AccountSpec | Failure {
	const apiKey = text(fields, 'ApiKey');
	const secretKey = text(fields, 'SecretKey');
	const account = apiKey === undefined ? undefined : store.accounts.get(apiKey);
	if (!account || account.secretKey !== secretKey) return AUTHORIZE_FAILED;
	if (!account.active) return failure('143', 'Account is not activated or has been locked');
	if (!account.ipAllowed) return failure('140', 'Your IP is not in the whitelist of this account');
	return account;
}

/** 791 when missing, 204 when the OA exists nowhere, 799 when it is not (active) in this account. */
export function accountOa(store: Store, account: AccountSpec, oaId: string | undefined): OaSpec | Failure {
	if (!given(oaId)) return failure('791', 'OAID or TempID is empty');
	const oa = store.oas.get(oaId);
	if (!oa) return failure('204', 'OAID does not exist');
	if (!account.oaIds.includes(oaId) || !oa.active) return failure('799', 'OA is inactive, wrong, or not added to your account');
	return oa;
}

/**
 * Network error codes in words. n8n's NodeApiError replaces any message that contains one of
 * these codes (ECONNREFUSED, ECONNRESET, ECONNABORTED, ETIMEDOUT, …) with a generic sentence and
 * so drops the batch, attempt and count this node adds: the codes never appear in our messages.
 */
const NETWORK_ERRORS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed unexpectedly',
	ECONNABORTED: 'the connection timed out',
	ETIMEDOUT: 'the connection timed out',
	ESOCKETTIMEDOUT: 'the connection timed out',
	EPIPE: 'the connection was closed while sending',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EADDRNOTAVAIL: 'the address is not available',
	ERR_CANCELED: 'the request was cancelled',
	UND_ERR_SOCKET: 'the connection was closed unexpectedly',
	EPROTO: 'the secure connection failed',
};

/** Network errors after which the request cannot have reached eSMS. */
export const NEVER_ARRIVED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EPROTO']);

export function networkErrorText(code: unknown): string {
	if (typeof code !== 'string' || code === '') return 'no answer';
	return NETWORK_ERRORS[code.toUpperCase()] ?? 'a network error';
}


/**
 * eSMS's template states (GetZnsTemplateInfo `Status`) in the words the editor shows. Only ENABLE
 * templates can be sent; the others are named so that nobody picks them by mistake.
 */
const NOT_SENDABLE: Record<string, string> = {
	PENDING_REVIEW: 'waiting for approval by Zalo',
	REJECT: 'rejected by Zalo',
	DISABLE: 'disabled',
	DELETE: 'deleted',
};

/** null when the template can be sent (ENABLE) or its state is unknown; else what it is, in words. */
export function unsendableState(status: string | null | undefined): string | null {
	if (!status) return null;
	const code = status.trim().toUpperCase();
	if (code === '' || code === 'ENABLE') return null;
	return NOT_SENDABLE[code] ?? `in state "${status.trim()}"`;
}

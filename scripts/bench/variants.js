'use strict';
/**
 * The benchmark's vocabulary: the batch size, the variants and modes it compares, and which
 * variants each mode runs by default. Required by bench.js and by its modules in bench/.
 *
 * One-per-request variants (SMS and ZNS with SMS fallback, one recipient a request) take their
 * Requests in Flight from a suffix, `sms:50`, or else from --sms-in-flight: the ceiling is what
 * their time depends on (ceil(N / in-flight) rounds), so each ceiling is a cell of its own.
 */
const BATCH = 500;
/** Bulk ZNS variants (500 recipients a request), in report order. */
const BULK_VARIANTS = ['node', 'lean', 'burst', 'leanburst', 'overlap', 'floor', 'diy', 'n8nhttp', 'single'];
/** One recipient a request: the node's SMS › Send and ZNS › Send with SMS fallback, a bare script, DIY, n8n's signed request path. */
const SMS_VARIANTS = ['sms', 'fallback', 'smsfloor', 'smsdiy', 'smsn8nhttp'];
const VARIANTS = [...BULK_VARIANTS, ...SMS_VARIANTS];
/** Variants that run no n8n (a bare Node script). */
const SCRIPT_VARIANTS = ['floor', 'smsfloor'];
/** One-per-request variants whose requests the bench keeps to a ceiling (smsdiy sends as n8n does: all at once). */
const CEILINGED = ['sms', 'fallback', 'smsfloor'];
const MODES = ['cold', 'warm'];
const DEFAULT_VARIANTS = { cold: ['node', 'burst', 'overlap', 'floor', 'diy', 'single'], warm: ['node', 'lean', 'burst', 'leanburst', 'diy', 'n8nhttp'] };

/** `sms:50` → { base: 'sms', inFlight: 50 }; `node` → { base: 'node', inFlight: null }. */
function parseVariant(token) {
	const [base, suffix] = String(token).split(':');
	const inFlight = suffix === undefined ? null : Number(suffix);
	if (suffix !== undefined && !(Number.isInteger(inFlight) && inFlight >= 1 && inFlight <= 100)) throw new Error(`variant ${token}: Requests in Flight 1–100 after the colon`);
	if (suffix !== undefined && !CEILINGED.includes(base)) throw new Error(`variant ${token}: only ${CEILINGED.join(', ')} take a Requests in Flight suffix`);
	return { base, inFlight };
}

const baseOf = (token) => parseVariant(token).base;
const isSms = (token) => SMS_VARIANTS.includes(baseOf(token));

/** Variant tokens with their ceilings written out (`sms` → `sms:50` for --sms-in-flight=50). */
function withCeilings(tokens, smsInFlight) {
	return tokens.map((t) => {
		const { base, inFlight } = parseVariant(t);
		return CEILINGED.includes(base) && inFlight === null ? `${base}:${smsInFlight}` : t;
	});
}

module.exports = { BATCH, BULK_VARIANTS, SMS_VARIANTS, VARIANTS, SCRIPT_VARIANTS, CEILINGED, MODES, DEFAULT_VARIANTS, parseVariant, baseOf, isSms, withCeilings };

/**
 * Which phones have a Zalo account: a deterministic share, decided by a hash of the phone, so a
 * test can predict (or pick) phones with and without Zalo. Per-phone overrides go through
 * sim.setDeliveryOutcome, which wins over this rule.
 */
import { normalizePhone } from './phone';
import type { SimulatorSettings } from './types';

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash;
}

/** 0 ≤ bucket < 10,000 for a normalised phone. */
export function zaloBucket(normalizedPhone: string): number {
	return fnv1a(`zalo:${normalizedPhone}`) % 10_000;
}

/**
 * Whether the phone (any form eSMS accepts) has Zalo under these settings: false for the
 * `noZaloPercent` share of phones, by hash. A phone eSMS would reject (108) has no Zalo.
 * Ignores per-phone overrides (sim.setDeliveryOutcome); sim.hasZalo(phone) takes them into account.
 */
export function hasZalo(phone: string, settings: Pick<SimulatorSettings, 'noZaloPercent'>): boolean {
	const normalized = normalizePhone(phone);
	if (!normalized) return false;
	return zaloBucket(normalized) >= Math.round(Math.max(0, Math.min(100, settings.noZaloPercent)) * 100);
}

/**
 * `count` valid phones, in increasing order from `start` (default '0901000000'), that have
 * (`zalo: true`) or lack (`zalo: false`) Zalo under these settings. Throws when it cannot find enough.
 */
export function pickPhones(
	count: number,
	zalo: boolean,
	settings: Pick<SimulatorSettings, 'noZaloPercent'>,
	start = '0901000000',
): string[] {
	if (!normalizePhone(start) || !start.startsWith('0')) throw new Error(`pickPhones: invalid start phone ${start}`);
	const found: string[] = [];
	const prefix = start.slice(0, 3);
	for (let number = Number(start.slice(3)); found.length < count && number <= 9_999_999; number++) {
		const phone = prefix + String(number).padStart(7, '0');
		if (hasZalo(phone, settings) === zalo) found.push(phone);
	}
	if (found.length < count) throw new Error(`pickPhones: only ${found.length} of ${count} phones found after ${start}`);
	return found;
}

/** Reply rewrites used by faults: reorder or drop `detail` rows, echo 84-form phones, numeric codes. */
import type { FaultOf } from './faults';
import { normalizePhone, toInternational } from './phone';

type Answer = Record<string, unknown>;

function detailOf(answer: Answer): unknown[] | undefined {
	return Array.isArray(answer.detail) ? answer.detail : undefined;
}

export function echoPhonesAs84(answer: Answer): Answer {
	const detail = detailOf(answer);
	if (!detail) return answer;
	return { ...answer, detail: detail.map(rowWith84Phone) };
}

function rowWith84Phone(row: unknown): unknown {
	if (typeof row !== 'object' || row === null) return row;
	const normalized = normalizePhone((row as Answer).Phone);
	return normalized ? { ...row, Phone: toInternational(normalized) } : row;
}

export function dropDetailRows(answer: Answer, fault: FaultOf<'drop-detail'>): Answer {
	const detail = detailOf(answer);
	if (!detail) return answer;
	const every = fault.every ?? 0;
	const keepUpTo = detail.length - (fault.last ?? 0);
	const kept = detail.filter((_row, index) => index < keepUpTo && !(every > 0 && (index + 1) % every === 0));
	return { ...answer, detail: kept };
}

export function reorderDetailRows(answer: Answer, fault: FaultOf<'reorder-detail'>): Answer {
	const detail = detailOf(answer);
	if (!detail) return answer;
	const reordered = fault.order === 'reverse' ? [...detail].reverse() : seededShuffle(detail, fault.seed ?? 1);
	return { ...answer, detail: reordered };
}

/** Fisher–Yates driven by mulberry32, so the same seed always gives the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
	const result = [...items];
	let state = seed >>> 0;
	const random = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	for (let index = result.length - 1; index > 0; index--) {
		const other = Math.floor(random() * (index + 1));
		[result[index], result[other]] = [result[other], result[index]];
	}
	return result;
}

const CODE_FIELDS = new Set(['CodeResult', 'CodeResponse']);

/** Every CodeResult / CodeResponse, at any depth, as a number. */
export function numericCodes(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(numericCodes);
	if (typeof value !== 'object' || value === null) return value;
	const result: Answer = {};
	for (const [key, field] of Object.entries(value)) {
		result[key] = CODE_FIELDS.has(key) && typeof field === 'string' && field !== '' ? Number(field) : numericCodes(field);
	}
	return result;
}

/** The answer with `fields` merged in, and `rowFields` into every `detail` row. */
export function mergeAnswer(answer: Answer, fault: FaultOf<'merge-answer'>): Answer {
	const merged: Answer = { ...answer, ...(fault.fields ?? {}) };
	const detail = detailOf(answer);
	if (detail && fault.rowFields) merged.detail = detail.map((row) => (typeof row === 'object' && row !== null ? { ...row, ...fault.rowFields } : row));
	return merged;
}

import { isInvalid, readRecipient, separateTwins } from '../../../../nodes/EsmsZns/send/recipients';
import { messageFingerprint } from '../../../../nodes/EsmsZns/send/requestId';
import type { ParamSpec } from '../../../../nodes/EsmsZns/esms/params';
import { SEND_NOW } from '../../../helpers/recipients';

const message = { oaId: 'oa', templateId: 't', sendDate: '' };
const rules = { phoneFormat: 'domestic' as const, timezone: 'Asia/Ho_Chi_Minh', oaId: 'oa', templateId: 't', zns: true };
const byContent = { ...rules, defaultRequestId: (fingerprint: string) => `id-${fingerprint.slice(0, 8)}` };
const raw = (overrides: Record<string, unknown> = {}) => ({
	itemIndex: 3,
	phone: '+84 901 888 484',
	requestId: 'order-1',
	params: ['An', 12],
	options: { ok: true as const, value: SEND_NOW },
	...overrides,
});

describe('readRecipient', () => {
	test('normalises the phone and converts params', () => {
		expect(readRecipient(raw(), rules)).toEqual({
			itemIndex: 3,
			phone: '0901888484',
			phoneKey: '0901888484',
			requestId: 'order-1',
			params: ['An', '12'],
			fingerprint: messageFingerprint(message, '0901888484', ['An', '12']),
			options: SEND_NOW,
		});
	});

	test('default Request IDs are made from the message, and any form of the phone gives the same one', () => {
		const a = readRecipient(raw({ requestId: null }), byContent);
		const b = readRecipient(raw({ requestId: null, phone: '0901888484' }), byContent);
		const c = readRecipient(raw({ requestId: null, params: ['Anh', 12] }), byContent);
		expect(a).toMatchObject({ requestId: `id-${messageFingerprint(message, '0901888484', ['An', '12']).slice(0, 8)}` });
		expect((b as { requestId: string }).requestId).toBe((a as { requestId: string }).requestId);
		expect((c as { requestId: string }).requestId).not.toBe((a as { requestId: string }).requestId);
	});

	test('with default Request IDs an invalid item has no Request ID', () => {
		expect(readRecipient(raw({ requestId: null, phone: '123' }), byContent)).toMatchObject({ field: 'Phone', requestId: null });
	});

	test('"as given" sends the phone untouched but still matches by its normal form', () => {
		const read = readRecipient(raw({ phone: '84901888484' }), { ...rules, phoneFormat: 'asGiven' });
		expect(read).toMatchObject({ phone: '84901888484', phoneKey: '0901888484' });
	});

	test.each([
		[{ phone: '12345' }, 'Phone', 'must be a Vietnamese mobile number'],
		[{ phone: '' }, 'Phone', 'is required but empty'],
		[{ phone: undefined }, 'Phone', 'is required but empty'],
		[{ phone: { n: 1 } }, 'Phone', 'must be text, not object'],
		[{ requestId: 'x'.repeat(51) }, 'Request ID', 'must be at most 50 characters'],
		[{ requestId: '' }, 'Request ID', 'is required but empty'],
		[{ params: ['An', null] }, 'Template Params › value 2', 'is required but empty'],
	])('%j → invalid %s', (overrides, field, rule) => {
		const read = readRecipient(raw(overrides), rules);
		expect(isInvalid(read)).toBe(true);
		expect(read).toMatchObject({ itemIndex: 3, field });
		expect((read as { rule: string }).rule).toContain(rule);
	});

	test('with the template known, values follow its types and count', () => {
		const specs: ParamSpec[] = [
			{ name: 'customer_name', type: 'text', required: true, maxLength: 5 },
			{ name: 'amount', type: 'number', required: true },
		];
		expect(readRecipient(raw({ params: ['An', '1,000'] }), { ...rules, paramSpecs: specs })).toMatchObject({ params: ['An', '1000'] });
		expect(readRecipient(raw({ params: ['Nguyen Van An', 1] }), { ...rules, paramSpecs: specs })).toMatchObject({
			field: 'Template Params › value 1 (customer_name)',
			rule: 'must be at most 5 characters (has 13)',
		});
		expect(readRecipient(raw({ params: ['An', 1, 'extra'] }), { ...rules, paramSpecs: specs })).toMatchObject({
			field: 'Template Params',
			rule: 'has 3 values but the template has 2 variables (customer_name, amount)',
		});
	});
});

describe('separateTwins', () => {
	const read = (itemIndex: number, phone: string, requestId: string, params: unknown[] = []) =>
		readRecipient({ itemIndex, phone, requestId, params, options: { ok: true, value: SEND_NOW } }, rules);

	test('the same custom Request ID for another message is invalid and names the first item', () => {
		const { reads, twins } = separateTwins([read(0, '0901888480', 'a'), read(1, '0901888481', 'b'), read(2, '0901888482', 'a')]);
		expect(reads.map((one) => isInvalid(one))).toEqual([false, false, true]);
		expect(reads[2]).toMatchObject({ field: 'Request ID', rule: 'must be unique, but item 0 already uses it for another message' });
		expect(twins).toEqual([]);
	});

	test('an item that repeats an earlier message is a twin: sent once', () => {
		const { reads, twins } = separateTwins([
			readRecipient({ itemIndex: 0, phone: '0901888480', requestId: null, params: ['An'], options: { ok: true, value: SEND_NOW } }, byContent),
			readRecipient({ itemIndex: 1, phone: '+84 901 888 480', requestId: null, params: ['An'], options: { ok: true, value: SEND_NOW } }, byContent),
			readRecipient({ itemIndex: 2, phone: '0901888480', requestId: null, params: ['Binh'], options: { ok: true, value: SEND_NOW } }, byContent),
		]);
		expect(reads.map((one) => one.itemIndex)).toEqual([0, 2]);
		expect(twins).toEqual([{ itemIndex: 1, phone: '0901888480', firstItem: 0 }]);
	});
});

import { isInvalid, readRecipient, rejectRepeatedRequestIds } from '../../nodes/EsmsZns/send/recipients';
import type { ParamSpec } from '../../nodes/EsmsZns/send/params';

const rules = { phoneFormat: 'domestic' as const, timezone: 'Asia/Ho_Chi_Minh' };
const raw = (overrides: Record<string, unknown> = {}) => ({
	itemIndex: 3,
	phone: '+84 901 888 484',
	requestId: 'order-1',
	params: ['An', 12],
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
		});
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

describe('rejectRepeatedRequestIds', () => {
	test('a repeated Request ID is invalid and names the first item', () => {
		const reads = [0, 1, 2].map((itemIndex) =>
			readRecipient({ itemIndex, phone: `090188848${itemIndex}`, requestId: itemIndex === 1 ? 'b' : 'a', params: [] }, rules),
		);
		const checked = rejectRepeatedRequestIds(reads);
		expect(checked.map((read) => isInvalid(read))).toEqual([false, false, true]);
		expect(checked[2]).toMatchObject({ field: 'Request ID', rule: 'must be unique, but item 0 already uses it' });
	});
});

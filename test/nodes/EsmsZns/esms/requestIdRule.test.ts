import { checkCustomRequestId } from '../../../../nodes/EsmsZns/esms/requestIdRule';

describe('checkCustomRequestId', () => {
	test.each([['order-7'], ['a'.repeat(50)], ['đơn hàng 7'], ['😀'.repeat(25)], ['A B']])('accepts %s', (id) => {
		expect(checkCustomRequestId(id)).toBeNull();
	});

	test.each([
		['empty', '', 'is required but empty'],
		['51 characters', 'a'.repeat(51), 'must be at most 50 characters (has 51)'],
		['26 emoji (52 as eSMS counts them)', '😀'.repeat(26), 'must be at most 50 characters (has 26, 52 as eSMS counts them)'],
		['a line break', 'order\n7', 'must not contain control characters such as line breaks or tabs (found U+000A at character 6)'],
		['a tab', '\torder', 'must not contain control characters such as line breaks or tabs (found U+0009 at character 1)'],
		['a carriage return', 'order7\r', 'must not contain control characters such as line breaks or tabs (found U+000D at character 7)'],
		['DEL', 'a\u007f', 'must not contain control characters such as line breaks or tabs (found U+007F at character 2)'],
		['a zero-width space', 'order\u200b7', 'must not contain invisible characters (found U+200B at character 6)'],
		['a BOM', '\ufefforder', 'must not contain invisible characters (found U+FEFF at character 1)'],
		['a word joiner', 'a\u2060b', 'must not contain invisible characters (found U+2060 at character 2)'],
		['a no-break space', 'a\u00a0b', 'must not contain invisible characters (found U+00A0 at character 2)'],
		['a soft hyphen', 'a\u00adb', 'must not contain invisible characters (found U+00AD at character 2)'],
		['a bidi override', 'a\u202eb', 'must not contain invisible characters (found U+202E at character 2)'],
		['only a zero-width joiner', '\u200d', 'must not contain invisible characters (found U+200D at character 1)'],
	])('refuses %s', (_case, id, rule) => {
		expect(checkCustomRequestId(id)).toBe(rule);
	});

	test('counts positions as characters users see (after an emoji)', () => {
		expect(checkCustomRequestId('😀\n')).toBe('must not contain control characters such as line breaks or tabs (found U+000A at character 2)');
	});
});

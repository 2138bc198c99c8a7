import { campaignProblem, campaignText } from '../../../../nodes/EsmsZns/esms/campaign';

describe('campaignProblem', () => {
	test.each([
		['nothing', undefined],
		['null', null],
		['empty', ''],
		['text', 'Tet 2027'],
		['254 characters', 'x'.repeat(254)],
		['254 emoji', '😀'.repeat(254)],
		['a number (sent as its text)', 2027],
	])('accepts %s', (_case, value) => {
		expect(campaignProblem(value)).toBeNull();
	});

	test.each([
		['255 characters', 'x'.repeat(255), 'Campaign must be at most 254 characters (has 255)'],
		['255 emoji', '😀'.repeat(255), 'Campaign must be at most 254 characters (has 255)'],
		['a list', ['a', 'b'], 'Campaign must be text (got ["a","b"])'],
		['an object', { name: 'x' }, 'Campaign must be text (got {"name":"x"})'],
		['true', true, 'Campaign must be text (got true)'],
		['NaN', Number.NaN, 'Campaign must be text (got NaN)'],
	])('refuses %s', (_case, value, problem) => {
		expect(campaignProblem(value)).toBe(problem);
	});

	test('the text sent: trimmed, a number as its text', () => {
		expect(campaignText('  Tet  ')).toBe('Tet');
		expect(campaignText(2027)).toBe('2027');
		expect(campaignText(undefined)).toBe('');
	});
});

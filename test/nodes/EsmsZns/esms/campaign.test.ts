import { campaignProblem, campaignText } from '../../../../nodes/EsmsZns/esms/campaign';

describe('campaignProblem', () => {
	test.each([
		['nothing', undefined],
		['null', null],
		['empty', ''],
		['text', 'Tet 2027'],
		['254 characters', 'x'.repeat(254)],
		['127 emoji (254 as eSMS counts them)', '😀'.repeat(127)],
		['a number (sent as its text)', 2027],
	])('accepts %s', (_case, value) => {
		expect(campaignProblem(value)).toBeNull();
	});

	test.each([
		['255 characters', 'x'.repeat(255), 'must be at most 254 characters (has 255)'],
		['128 emoji', '😀'.repeat(128), 'must be at most 254 characters, an emoji or other symbol counting as two as eSMS counts them (has 128 characters, 256 as eSMS counts them)'],
		['a list', ['a', 'b'], 'must be text'],
		['an object', { name: 'x' }, 'must be text'],
		['true', true, 'must be text'],
		['NaN', Number.NaN, 'must be text'],
	])('refuses %s', (_case, value, problem) => {
		expect(campaignProblem(value)).toBe(problem);
	});

	test('the text sent: trimmed, a number as its text', () => {
		expect(campaignText('  Tet  ')).toBe('Tet');
		expect(campaignText(2027)).toBe('2027');
		expect(campaignText(undefined)).toBe('');
	});
});

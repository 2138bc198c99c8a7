import { normaliseDeliveryReport } from '../../../nodes/shared/delivery';
import { callbackFieldSets, passesFilters } from '../../../nodes/EsmsZnsTrigger/callback';
import { presentedSecret, secretProblem, secretsMatch } from '../../../nodes/EsmsZnsTrigger/secret';

describe('callbackFieldSets', () => {
	it('takes the query string of a GET as one report', () => {
		expect(callbackFieldSets({ SMSID: 'a', SendStatus: '5' }, undefined)).toEqual([{ SMSID: 'a', SendStatus: '5' }]);
	});

	it('yields nothing for a request without fields', () => {
		expect(callbackFieldSets({}, undefined)).toEqual([]);
		expect(callbackFieldSets({}, {})).toEqual([]);
		expect(callbackFieldSets(undefined, '  ')).toEqual([]);
	});

	it('merges a parsed body over the query', () => {
		expect(callbackFieldSets({ SMSID: 'q', extra: '1' }, { SMSID: 'b', SendStatus: '2' })).toEqual([
			{ SMSID: 'b', extra: '1', SendStatus: '2' },
		]);
	});

	it('reads bodies n8n left as text: JSON, JSON arrays and forms', () => {
		expect(callbackFieldSets({}, '{"SMSID":"j"}')).toEqual([{ SMSID: 'j' }]);
		expect(callbackFieldSets({}, '[{"SMSID":"1"},{"SMSID":"2"},3]')).toEqual([{ SMSID: '1' }, { SMSID: '2' }]);
		expect(callbackFieldSets({}, 'SMSID=f&error_info=%7B%22error%22%3A-1%7D')).toEqual([
			{ SMSID: 'f', error_info: '{"error":-1}' },
		]);
	});

	it('restores a callback field swallowed by a second "?"', () => {
		const query = { source: 'zns?SMSID=abc', SendStatus: '5', SendSuccess: '1' };
		expect(callbackFieldSets(query, undefined)).toEqual([
			{ source: 'zns', SMSID: 'abc', SendStatus: '5', SendSuccess: '1' },
		]);
	});

	it('leaves a "?" alone when what follows is not a callback field', () => {
		const query = { error_info: '{"message":"Why? Because=yes"}', SMSID: 'a' };
		expect(callbackFieldSets(query, undefined)).toEqual([query]);
	});
});

describe('passesFilters', () => {
	const delivered = normaliseDeliveryReport({ SendStatus: '5', SendSuccess: '1', TypeId: '24' });
	const unknownType = normaliseDeliveryReport({ SendStatus: '2', TypeId: '27' });

	it('passes everything when no filter is set', () => {
		expect(passesFilters(delivered, { statuses: [], messageTypes: [] })).toBe(true);
	});

	it('keeps only the chosen statuses and message types', () => {
		expect(passesFilters(delivered, { statuses: ['delivered'], messageTypes: [] })).toBe(true);
		expect(passesFilters(delivered, { statuses: ['failed'], messageTypes: [] })).toBe(false);
		expect(passesFilters(delivered, { statuses: [], messageTypes: ['zns_priority'] })).toBe(true);
		expect(passesFilters(delivered, { statuses: [], messageTypes: ['zns_normal'] })).toBe(false);
		expect(passesFilters(delivered, { statuses: ['delivered'], messageTypes: ['zns_normal'] })).toBe(false);
	});

	it('files messages of unknown type under "other"', () => {
		expect(passesFilters(unknownType, { statuses: [], messageTypes: ['other'] })).toBe(true);
		expect(passesFilters(unknownType, { statuses: [], messageTypes: ['zns_normal'] })).toBe(false);
	});
});

describe('secret', () => {
	const secret = '3f1c2a9e-5b7d-4c1e-9a2b-8d6f0e4c7b21';

	it('accepts long URL-safe secrets and explains what is wrong with others', () => {
		expect(secretProblem(secret)).toBeNull();
		expect(secretProblem('abcdefghijklmnop')).toBeNull();
		expect(secretProblem('')).toMatch(/empty/);
		expect(secretProblem(undefined)).toMatch(/empty/);
		expect(secretProblem('short')).toMatch(/at least 16/);
		expect(secretProblem('has space in it, long enough')).toMatch(/only contain/);
		expect(secretProblem('a/b/c/d/e/f/g/h/i/j')).toMatch(/only contain/);
		expect(secretProblem(':token-but-long-enough')).toMatch(/only contain/);
		expect(secretProblem('x'.repeat(201))).toMatch(/at most/);
	});

	it('matches only the exact secret, and never an unusable one', () => {
		expect(secretsMatch(secret, secret)).toBe(true);
		expect(secretsMatch(secret.toUpperCase(), secret)).toBe(false);
		expect(secretsMatch(secret.slice(1), secret)).toBe(false);
		expect(secretsMatch(null, secret)).toBe(false);
		expect(secretsMatch('', '')).toBe(false);
		expect(secretsMatch('short', 'short')).toBe(false);
	});

	it('reads the presented secret from the :token parameter, else from the last path segment', () => {
		expect(presentedSecret({ token: 'from-param' }, '/webhook/id/other')).toBe('from-param');
		expect(presentedSecret({}, '/webhook/id/from-path?SMSID=1')).toBe('from-path');
		expect(presentedSecret({}, '/webhook/id/from-path/')).toBe('from-path');
		expect(presentedSecret({}, '/webhook/id/a%2Db')).toBe('a-b');
		expect(presentedSecret({}, '/')).toBeNull();
		expect(presentedSecret(undefined, undefined)).toBeNull();
	});
});

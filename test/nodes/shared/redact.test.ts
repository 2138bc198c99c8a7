import { scrubSecrets, shortValue, urlForDisplay } from '../../../nodes/shared/redact';

const API_KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
const SECRET_KEY = 'F00DBABE12345678DEADBEEF87654321';

describe('urlForDisplay', () => {
	test.each([
		['the default Base URL, shown whole', 'https://rest.esms.vn/MainService.svc/json', 'https://rest.esms.vn/MainService.svc/json'],
		['a trailing slash kept off', 'https://rest.esms.vn/MainService.svc/json/', 'https://rest.esms.vn/MainService.svc/json'],
		['a port kept', 'http://127.0.0.1:8080/MainService.svc/json', 'http://127.0.0.1:8080/MainService.svc/json'],
		['user:password@ dropped', 'https://user:p4ss@proxy.example.com/esms', 'https://proxy.example.com/esms'],
		['a user alone dropped', 'https://someone@proxy.example.com/esms', 'https://proxy.example.com/esms'],
		['query values hidden', 'https://proxy.example.com/esms?token=abc&x=1', 'https://proxy.example.com/esms?…'],
		['a fragment hidden', 'https://proxy.example.com/esms#secret', 'https://proxy.example.com/esms#…'],
		[
			"GetListBrandname's key path cut",
			`https://rest.esms.vn/MainService.svc/json/GetListBrandname/${API_KEY}/${SECRET_KEY}`,
			'https://rest.esms.vn/MainService.svc/json/…',
		],
		[
			"the trigger's production URL: webhook id and secret cut",
			'https://n8n.example.com/webhook/c2d9e0f4-7a61-4e3b-8f25-0b4a6d19e7c8/6f0c8a52-3d1e-4b7a-9c2f-51e8d4a7b390',
			'https://n8n.example.com/webhook/…',
		],
		['a test URL', 'https://n8n.example.com/webhook-test/c2d9e0f4-7a61/secret', 'https://n8n.example.com/webhook-test/…'],
		['a word-like secret of 16 characters cut', 'https://example.com/hooks/callbacksecretpath', 'https://example.com/hooks/…'],
		['a secret with dashes cut', 'https://example.com/my-long-secret-path', 'https://example.com/…'],
		['a hex word cut', 'https://example.com/deadbeefcafe', 'https://example.com/…'],
		['later plain words after a secret cut too', 'https://example.com/x9f8a7/json', 'https://example.com/…'],
		['no scheme', 'rest.esms.vn/MainService.svc/json?ApiKey=1', 'rest.esms.vn/MainService.svc/json?…'],
		['ftp with credentials', 'ftp://user:pw@files.example.com/pub', 'ftp://files.example.com/pub'],
		['an IPv6 host', 'http://[::1]:3000/api', 'http://[::1]:3000/api'],
		['empty', '', ''],
		['padded', '  https://rest.esms.vn/json  ', 'https://rest.esms.vn/json'],
	])('%s', (_case, url, shown) => {
		expect(urlForDisplay(url)).toBe(shown);
	});

	test('never contains a key or the password', () => {
		const shown = urlForDisplay(`https://u:${SECRET_KEY}@h.example/GetListBrandname/${API_KEY}/${SECRET_KEY}?ApiKey=${API_KEY}`);
		expect(shown).not.toContain(API_KEY);
		expect(shown).not.toContain(SECRET_KEY);
	});

	test('a very long host is cut', () => {
		expect(urlForDisplay(`https://${'a'.repeat(500)}.example.com/`).length).toBeLessThanOrEqual(201);
	});
});

describe('scrubSecrets', () => {
	test('replaces every occurrence of each key', () => {
		expect(scrubSecrets(`Wrong key ${API_KEY} / ${SECRET_KEY}; again ${API_KEY}`, [API_KEY, SECRET_KEY])).toBe(
			'Wrong key *** / ***; again ***',
		);
	});

	test('also the URL-encoded and JSON-escaped forms', () => {
		const secret = 'a/b+c d"e?';
		const text = [
			encodeURIComponent(secret),
			encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
			new URLSearchParams({ k: secret }).toString().slice(2),
			JSON.stringify(secret).slice(1, -1),
			secret,
		].join(' | ');
		expect(scrubSecrets(text, [secret])).toBe('*** | *** | *** | *** | ***');
	});

	test('ignores empty secrets and non-strings, and leaves other text alone', () => {
		expect(scrubSecrets('nothing here', ['', API_KEY])).toBe('nothing here');
		expect(scrubSecrets('abc', [undefined as unknown as string, null as unknown as string])).toBe('abc');
	});

	test('a key inside another key is still scrubbed whole', () => {
		expect(scrubSecrets('XYZ123 and XYZ', ['XYZ', 'XYZ123'])).toBe('*** and ***');
	});
});

describe('shortValue', () => {
	test.each([
		['text', 'abc', '"abc"'],
		['a number', 42, '42'],
		['NaN', Number.NaN, 'NaN'],
		['Infinity', -Infinity, '-Infinity'],
		['a list', ['a', 1], '["a",1]'],
		['an object', { a: 1 }, '{"a":1}'],
		['null', null, 'null'],
		['undefined', undefined, 'undefined'],
		['a BigInt', BigInt(12), '12n'],
		['a BigInt inside', { n: BigInt(3) }, '{"n":"3n"}'],
		['a function', () => 1, 'a function'],
		['a symbol', Symbol('s'), 'Symbol(s)'],
	])('%s', (_case, value, text) => {
		expect(shortValue(value)).toBe(text);
	});

	test('cuts long text, counting characters as users see them', () => {
		expect(shortValue('x'.repeat(300), 10)).toBe('"xxxxxxxxx… (302 characters)');
		const emoji = '😀'.repeat(300);
		expect(shortValue(emoji, 5)).toBe('"😀😀😀😀… (302 characters)');
	});

	test('never throws: cycles, deep nesting, objects without a prototype', () => {
		const cycle: Record<string, unknown> = { a: 1 };
		cycle.self = cycle;
		expect(shortValue(cycle)).toBe('an object that cannot be shown as JSON');
		let deep: unknown = 1;
		for (let level = 0; level < 100_000; level++) deep = [deep];
		expect(() => shortValue(deep)).not.toThrow();
		const bare = Object.create(null) as object;
		expect(shortValue(bare)).toBe('{}');
		const hostile = { toJSON: () => { throw new Error('no'); } };
		expect(shortValue(hostile)).toBe('an object that cannot be shown as JSON');
	});
});

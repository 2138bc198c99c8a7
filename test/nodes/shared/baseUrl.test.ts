import { checkedBaseUrl } from '../../../nodes/shared/baseUrl';

const FALLBACK = 'https://rest.esms.vn/MainService.svc/json';

describe('checkedBaseUrl', () => {
	test.each([
		['the default', FALLBACK, FALLBACK],
		['trimmed, trailing slashes stripped', '  http://127.0.0.1:9/MainService.svc/json//  ', 'http://127.0.0.1:9/MainService.svc/json'],
		['empty: the fallback', '', FALLBACK],
		['blanks: the fallback', ' \t ', FALLBACK],
		['upper-case scheme', 'HTTPS://rest.esms.vn/json', 'HTTPS://rest.esms.vn/json'],
		['a host alone', 'https://proxy.example.com', 'https://proxy.example.com'],
	])('%s', (_case, raw, url) => {
		expect(checkedBaseUrl(raw, FALLBACK)).toEqual({ ok: true, value: url });
	});

	test('not text: the fallback', () => {
		expect(checkedBaseUrl(undefined as unknown as string, FALLBACK)).toEqual({ ok: true, value: FALLBACK });
	});

	test.each([
		['ftp', 'ftp://files.example.com/esms', /must start with http:\/\/ or https:\/\/ \(got ftp:\/\/files\.example\.com\/esms\)/],
		['file', 'file:///etc/passwd', /must start with http:\/\/ or https:\/\//],
		['no scheme', 'rest.esms.vn/MainService.svc/json', /must start with http:\/\/ or https:\/\/ \(got rest\.esms\.vn\/MainService\.svc\/json\)/],
		['javascript', 'javascript:alert(1)', /must start with http/],
		['a query', 'https://rest.esms.vn/json?ApiKey=SECRETVALUE', /must not have a query string \(got https:\/\/rest\.esms\.vn\/json\?…\)/],
		['a hash', 'https://rest.esms.vn/json#x', /must not have a "#" part/],
		['credentials', 'https://user:SECRETVALUE@proxy.example.com/json', /must not hold a user name or password \(got https:\/\/proxy\.example\.com\/json\)/],
		['no host', 'https:///json', /has no host/],
		['spaces inside', 'https://rest.esms.vn/Main Service', /not a valid URL/],
	])('refuses %s, naming the URL without secrets', (_case, raw, message) => {
		const result = checkedBaseUrl(raw, FALLBACK);
		expect(result).toEqual({ ok: false, why: expect.stringMatching(message) });
		expect(JSON.stringify(result)).not.toContain('SECRETVALUE');
	});

	test('errors name the field given', () => {
		expect(checkedBaseUrl('ftp://x.example', 'https://status-sms.esms.vn', 'Delivery Reports URL')).toEqual({
			ok: false,
			why: 'The Delivery Reports URL must start with http:// or https:// (got ftp://x.example)',
		});
	});
});

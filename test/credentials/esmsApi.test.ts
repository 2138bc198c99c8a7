import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { EsmsApi } from '../../credentials/EsmsApi.credentials';
import { startSimulator, type EsmsSimulator } from '../../simulator/index';
import { ACCEPTED, normaliseCode } from '../../nodes/EsmsZns/esms/codes';
import { esmsApiTest } from '../../nodes/EsmsZns/methods/credentialTest';
import { testCredential } from '../helpers/engine';

let sim: EsmsSimulator;
beforeAll(async () => {
	sim = await startSimulator();
});
beforeEach(() => sim.reset());
afterAll(async () => await sim.stop());

const credentials = () => ({ ...sim.defaultAccount, baseUrl: sim.baseUrl });

describe('eSMS API credential test (GetBalance_json)', () => {
	test('passes with good keys, keys in the JSON body only', async () => {
		expect(await testCredential(credentials())).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = sim.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/MainService.svc/json/GetBalance_json');
		expect(request.body).toEqual({ ApiKey: 'sim-api-key', SecretKey: 'sim-secret-key' });
		expect(request.query).toEqual({});
		expect(JSON.stringify(request.headers)).not.toContain('sim-secret-key');
	});

	test('a trailing slash on the Base URL is fine', async () => {
		expect((await testCredential({ ...credentials(), baseUrl: `${sim.baseUrl}/` })).status).toBe('OK');
	});

	test('fails with a clear message with wrong keys (HTTP 200, CodeResponse 101)', async () => {
		expect(await testCredential({ ...credentials(), secretKey: 'wrong' })).toEqual({
			status: 'Error',
			message: 'Wrong API Key or Secret Key (eSMS code 101)',
		});
	});

	test('fails with a clear message when codes come as numbers', async () => {
		sim.faults.add({ kind: 'numeric-codes' });
		expect((await testCredential({ ...credentials(), apiKey: 'nope' })).message).toBe('Wrong API Key or Secret Key (eSMS code 101)');
	});

	test('says so when the IP is not whitelisted or the account is locked', async () => {
		sim.account('sim-api-key')!.ipAllowed = false;
		expect((await testCredential(credentials())).message).toMatch(/whitelisted.*eSMS code 140/);
		sim.account('sim-api-key')!.ipAllowed = true;
		sim.account('sim-api-key')!.active = false;
		expect((await testCredential(credentials())).message).toMatch(/locked \(eSMS code 143\)/);
	});

	describe('passes only on eSMS\'s success code', () => {
		let server: http.Server;
		let answer: { type: string; body: string } = { type: 'application/json', body: '{}' };
		let url = '';
		beforeAll(async () => {
			server = http.createServer((_request, response) => {
				response.writeHead(200, { 'Content-Type': answer.type });
				response.end(answer.body);
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/MainService.svc/json`;
		});
		afterAll(async () => await new Promise((resolve) => server.close(resolve)));
		const testWith = async (type: string, body: string) => {
			answer = { type, body };
			return await testCredential({ ...credentials(), baseUrl: url });
		};

		test.each([
			['an HTML page (a wrong Base URL)', 'text/html', '<!doctype html><html><body>Welcome</body></html>', /did not answer.*Base URL/],
			['an empty object', 'application/json', '{}', /did not answer/],
			['a list', 'application/json', '["1","0","0"]', /did not answer/],
			['true', 'application/json', 'true', /did not answer/],
			['code 102', 'application/json', '{"CodeResponse":"102"}', /^No price list for the account \(eSMS code 102\)$/],
			['code 102 as a number', 'application/json', '{"CodeResponse":102}', /eSMS code 102/],
			['an unknown code', 'application/json', '{"CodeResponse":"555","Balance":1}', /^Unknown eSMS result code 555: the keys are not confirmed \(only code 100 does\)\.$/],
			['an unknown numeric code', 'application/json', '{"CodeResponse":555}', /Unknown eSMS result code 555/],
			['an unknown long code', 'application/json', '{"CodeResponse":"1000"}', /Unknown eSMS result code 1000/],
			['1000 as a number', 'application/json', '{"CodeResponse":1000}', /Unknown eSMS result code 1000/],
			['-1', 'application/json', '{"CodeResponse":-1}', /Unknown eSMS result code -1/],
			['0', 'application/json', '{"CodeResponse":0}', /Unknown eSMS result code 0/],
			['100.5', 'application/json', '{"CodeResponse":100.5}', /Unknown eSMS result code 100.5/],
			['CodeResponse true', 'application/json', '{"CodeResponse":true}', /without a usable result code \(CodeResponse was true\)/],
			['CodeResponse {}', 'application/json', '{"CodeResponse":{}}', /without a usable result code/],
			['CodeResponse ["1","0","0"]', 'application/json', '{"CodeResponse":["1","0","0"]}', /without a usable result code \(CodeResponse was \["1","0","0"\]\)/],
			['full-width "１００"', 'application/json', '{"CodeResponse":"１００"}', /Unknown eSMS result code １００/],
			['Arabic-Indic "١٠٠"', 'application/json', '{"CodeResponse":"١٠٠"}', /Unknown eSMS result code ١٠٠/],
			['"10" and a no-break space', 'application/json', '{"CodeResponse":"10\\u00a0"}', /Unknown eSMS result code 10:/],
			['"1 00"', 'application/json', '{"CodeResponse":"1 00"}', /Unknown eSMS result code 1 00/],
			['an empty code', 'application/json', '{"CodeResponse":""}', /without a usable result code/],
			['null', 'application/json', '{"CodeResponse":null}', /did not answer/],
		])('fails for %s', async (_case, type, body, message) => {
			const result = await testWith(type, body);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
		});

		test('a code that quotes the keys back never shows them', async () => {
			const result = await testWith('application/json', `{"CodeResponse":"${sim.defaultAccount.secretKey}"}`);
			expect(result.status).toBe('Error');
			expect(result.message).not.toContain(sim.defaultAccount.secretKey);
		});

		test.each([
			['"100"', '{"CodeResponse":"100","Balance":5,"UserID":1}'],
			['100 as a number', '{"CodeResponse":100,"Balance":5}'],
			['100.0 as a number', '{"CodeResponse":100.0}'],
			['"100 " (padded, as the node reads it)', '{"CodeResponse":"100 "}'],
			['" 100\\t" (padded, as the node reads it)', '{"CodeResponse":" 100\\t"}'],
		])('passes for %s', async (_case, body) => {
			expect(await testWith('application/json', body)).toEqual({ status: 'OK', message: 'Connection successful!' });
		});

		test('agrees with the node on every code above', () => {
			expect(normaliseCode('100 ')).toBe(ACCEPTED);
			expect(normaliseCode(' 100\t')).toBe(ACCEPTED);
			expect(normaliseCode('10\u00a0')).not.toBe(ACCEPTED);
			expect(normaliseCode('１００')).not.toBe(ACCEPTED);
			expect(normaliseCode(1000)).not.toBe(ACCEPTED);
		});

		test('the Base URL is trimmed, its trailing slashes stripped', async () => {
			answer = { type: 'application/json', body: '{"CodeResponse":"100"}' };
			expect((await testCredential({ ...credentials(), baseUrl: `  ${url}//  ` })).status).toBe('OK');
		});
	});

	describe('the Base URL, as the node reads it', () => {
		test.each([
			['empty', ''],
			['blank', '   '],
			['missing', undefined],
		])('%s: eSMS\'s default URL (no request leaves the machine)', async (_case, baseUrl) => {
			const asked: unknown[] = [];
			const context = { helpers: { request: async (options: unknown) => (asked.push(options), { CodeResponse: '100' }) } };
			const data = { ...credentials(), baseUrl } as Record<string, unknown>;
			const result = await esmsApiTest.call(context as never, { id: 'c', name: 'eSMS', type: 'esmsApi', data } as never);
			expect(result.status).toBe('OK');
			expect(asked).toEqual([
				expect.objectContaining({ method: 'POST', uri: 'https://rest.esms.vn/MainService.svc/json/GetBalance_json', json: true }),
			]);
		});

		test.each([
			['ftp', 'ftp://127.0.0.1/MainService.svc/json', /must start with http:\/\/ or https:\/\//],
			['no scheme', '127.0.0.1/MainService.svc/json', /must start with http:\/\/ or https:\/\//],
			['a query', 'http://127.0.0.1:1/json?x=1', /must not have a query string/],
			['credentials', 'http://user:pw-secret@127.0.0.1:1/json', /must not hold a user name or password/],
		])('refuses %s without sending the keys', async (_case, baseUrl, message) => {
			const result = await testCredential({ ...credentials(), baseUrl });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			expect(result.message).not.toContain('pw-secret');
		});
	});

	test('an unreachable Base URL fails, naming it', async () => {
		const result = await testCredential({ ...credentials(), baseUrl: 'http://127.0.0.1:1/MainService.svc/json' });
		expect(result).toEqual({
			status: 'Error',
			message: 'eSMS could not be reached at http://127.0.0.1:1/MainService.svc/json: the connection was refused. Check the Base URL.',
		});
	});
});

describe('authenticate', () => {
	const authenticate = new EsmsApi().authenticate;
	const keys = { apiKey: 'k', secretKey: 's' };

	test('POST: into the JSON body, keeping what is there', async () => {
		const options = await authenticate(keys, { method: 'POST', url: '/x', body: { A: 1 } });
		expect(options.body).toEqual({ A: 1, ApiKey: 'k', SecretKey: 's' });
		expect(options.qs).toBeUndefined();
		expect(options.headers).toBeUndefined();
	});

	test('GET: into the query string', async () => {
		const options = await authenticate(keys, { method: 'GET', url: '/x', qs: { RefId: '1' } });
		expect(options.qs).toEqual({ RefId: '1', ApiKey: 'k', SecretKey: 's' });
		expect(options.body).toBeUndefined();
	});
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { EsmsApi } from '../../credentials/EsmsApi.credentials';
import { startSimulator, type EsmsSimulator } from '../../simulator/index';
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

		// Each of these the node reads as "not 100" (normaliseCode), and so must the test.
		test.each([
			['an HTML page (a wrong Base URL)', 'text/html', '<!doctype html><html><body>Welcome</body></html>', /did not answer.*Base URL/],
			['an empty object', 'application/json', '{}', /did not answer/],
			['null', 'application/json', '{"CodeResponse":null}', /did not answer/],
			['code 102', 'application/json', '{"CodeResponse":"102"}', /No price list.*eSMS code 102/],
			['code 102 as a number', 'application/json', '{"CodeResponse":102}', /eSMS code 102/],
			['an unknown code', 'application/json', '{"CodeResponse":"555","Balance":1}', /other than 100/],
			['an unknown numeric code', 'application/json', '{"CodeResponse":555}', /other than 100/],
			['an unknown long code', 'application/json', '{"CodeResponse":"1000"}', /other than 100/],
			['1000 as a number', 'application/json', '{"CodeResponse":1000}', /other than 100/],
			['-1', 'application/json', '{"CodeResponse":-1}', /other than 100/],
			['0', 'application/json', '{"CodeResponse":0}', /other than 100/],
			['"0"', 'application/json', '{"CodeResponse":"0"}', /other than 100/],
			['true', 'application/json', '{"CodeResponse":true}', /without a usable result code/],
			['false', 'application/json', '{"CodeResponse":false}', /without a usable result code/],
			['{}', 'application/json', '{"CodeResponse":{}}', /without a usable result code/],
			['["1","0","0"]', 'application/json', '{"CodeResponse":["1","0","0"]}', /without a usable result code/],
			['full-width "１００"', 'application/json', '{"CodeResponse":"１００"}', /other than 100/],
			['Arabic-Indic "١٠٠"', 'application/json', '{"CodeResponse":"١٠٠"}', /other than 100/],
			['"10" and a no-break space', 'application/json', '{"CodeResponse":"10\\u00a0"}', /other than 100/],
			['"1 00"', 'application/json', '{"CodeResponse":"1 00"}', /other than 100/],
			['an empty code', 'application/json', '{"CodeResponse":""}', /without a usable result code/],
		])('fails for %s', async (_case, type, body, message) => {
			const result = await testWith(type, body);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
		});

		test.each([
			['"100"', '{"CodeResponse":"100","Balance":5,"UserID":1}'],
			['100 as a number', '{"CodeResponse":100,"Balance":5}'],
		])('passes for %s', async (_case, body) => {
			expect(await testWith('application/json', body)).toEqual({ status: 'OK', message: 'Connection successful!' });
		});
	});

	test('the Base URL is read as the node reads it: trimmed, trailing slashes stripped', async () => {
		expect((await testCredential({ ...credentials(), baseUrl: `  ${sim.baseUrl}//  ` })).status).toBe('OK');
	});

	test('an empty Base URL means eSMS\'s own URL', () => {
		const { baseURL } = new EsmsApi().test.request;
		expect(baseURL).toContain('|| "https://rest.esms.vn/MainService.svc/json"');
	});

	test('an unreachable Base URL fails', async () => {
		const result = await testCredential({ ...credentials(), baseUrl: 'http://127.0.0.1:1/MainService.svc/json' });
		expect(result.status).toBe('Error');
	});

	test('the editor gets a small description; the rules stay in the process', () => {
		const credential = new EsmsApi();
		expect(credential.test.rules!.length).toBeGreaterThan(3000);
		expect(JSON.stringify(credential).length).toBeLessThan(20_000);
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

/** Reading eSMS's sent log whole: every page once, a few at a time, and a bound on how many. */
import { EsmsClient } from '../../../../nodes/EsmsZns/client/client';
import { readSentLog, SentLogTooLong } from '../../../../nodes/EsmsZns/lookups/sentLog';
import { vietnamDateTime } from '../../../../nodes/EsmsZns/client/sentMessages';
import { makeCustomers } from '../../../helpers/customers';
import { credentialsFor, runSend, useSimulator } from '../../../helpers/send';
import { loadOptionsContext } from '../../../helpers/engine';

const simulator = useSimulator();

async function clientFor(sim: ReturnType<typeof simulator>): Promise<EsmsClient> {
	return await EsmsClient.of(loadOptionsContext({}, credentialsFor(sim)));
}

const range = () => ({ from: vietnamDateTime(Date.now() - 3_600_000), to: vietnamDateTime(Date.now() + 60_000) });

describe('readSentLog', () => {
	test('1,200 messages: three pages, each read once, every message once', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(1200), { preflight: { balance: 'off' } });
		sim.clearRequests();
		const messages = await readSentLog(await clientFor(sim), { types: ['24', '25'], ...range() });
		expect(messages).toHaveLength(1200);
		expect(new Set(messages.map((message) => message.smsId)).size).toBe(1200);
		const pages = sim.requests.filter((request) => request.path.includes('GetSmsSentData_V2')).map((request) => `${(request.body as { SmsType: string; Page: number }).SmsType}:${(request.body as { Page: number }).Page}`);
		expect(pages.sort()).toEqual(['24:1', '24:2', '24:3', '25:1']);
	});

	test('more pages than allowed: SentLogTooLong, after one page', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(600), { preflight: { balance: 'off' } });
		sim.clearRequests();
		await expect(readSentLog(await clientFor(sim), { types: ['24'], ...range(), maxPages: 1 })).rejects.toThrow(SentLogTooLong);
		expect(sim.requests.filter((request) => request.path.includes('GetSmsSentData_V2'))).toHaveLength(1);
	});

	test('keep and limit: only what passes, and no more pages once enough', async () => {
		const sim = simulator();
		await runSend(sim, makeCustomers(1200), { preflight: { balance: 'off' } });
		sim.clearRequests();
		const some = await readSentLog(await clientFor(sim), { types: ['24'], ...range(), limit: 10 });
		expect(some).toHaveLength(10);
		expect(sim.requests.filter((request) => request.path.includes('GetSmsSentData_V2'))).toHaveLength(1);
	});
});

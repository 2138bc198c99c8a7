/**
 * Account › Get Sent Messages, in n8n-core's engine against the simulator: eSMS's own log of what
 * was sent (GetSmsSentData_V2), read once per execution, page by page, filtered and converted.
 */
import { makeCustomers } from '../../../../helpers/customers';
import { locator, runSend } from '../../../../helpers/send';
import { getSent, HOUR, sendSms, sendZns, sentLogRequests, simulator, START, VIETNAM_TIME } from './sentLog';

describe('Account › Get Sent Messages', () => {
	test('finds the ZNS and SMS the node sent, with their fields; once per execution, paired to item 0', async () => {
		const sim = simulator();
		const customers = makeCustomers(3);
		const zns = await sendZns(customers.slice(0, 2), 'reminders');
		const sms = await sendSms(customers.slice(2), 'follow-up');
		sim.clearRequests();

		const { outputs, error } = await getSent({ messageType: 'all' }, { items: [{}, {}, {}] });
		expect(error).toBeUndefined();
		const items = outputs[0];
		// Three input items, yet each type's log is asked once: 24, 25, then 2.
		expect(sentLogRequests(sim).map((body) => body.SmsType)).toEqual(['24', '25', '2']);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);

		const stored = sim.messages();
		const expected = [...zns, ...sms].map((sent) => {
			const message = stored.find((m) => m.smsId === sent.smsId)!;
			return {
				status: 'sent',
				phone: message.normalizedPhone,
				smsId: sent.smsId,
				sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/),
				campaign: message.channel === 'zns' ? 'reminders' : 'follow-up',
				type: message.typeId === 2 ? 'sms_customer_care' : message.typeId === 24 ? 'zns_priority' : 'zns_normal',
				channel: message.channel,
				price: message.price,
				content: message.channel === 'sms' ? message.content : expect.stringContaining(customers[zns.indexOf(sent)].name),
				sendStatus: 'finished',
				portalId: String(message.portalId),
			};
		});
		expect(items.map((item) => item.json)).toEqual(expected);
		// What a person reads first first, as in every other output.
		expect(Object.keys(items[0].json).slice(0, 3)).toEqual(['status', 'phone', 'smsId']);
		expect(items.map((item) => Date.parse(item.json.sentAt as string))).toEqual(expected.map((e) => stored.find((m) => m.smsId === e.smsId)!.acceptedAt));
		// "/Date(ms+0700)/" read as the instant it names, shown in Vietnam time.
		expect(items[0].json.sentAt).toBe('2026-11-27T10:00:00.250+07:00');
		expect(typeof items[0].json.price).toBe('number');
		expect(items[2].json.content).toBe(`Xin chào ${customers[2].name}, hẹn gặp lại!`);
	});

	test('status in words: sent, failed, not_acknowledged (eSMS SendResult 1, 0, 2), and SendStatus in words', async () => {
		const sim = simulator();
		const [delivered, refused, pending] = makeCustomers(3);
		sim.setSmsDeliveryOutcome(refused.phone, { status: 'failed', errorCode: 1, errorMessage: 'x' });
		await sendSms([delivered, refused], 'c');
		sim.settings.pendingMs = HOUR;
		await sendSms([pending], 'c');
		const { outputs } = await getSent({ messageType: 'sms' });
		expect(outputs[0].map((item) => [item.json.phone, item.json.status, item.json.sendStatus, item.json.price])).toEqual([
			[delivered.phone, 'sent', 'finished', expect.any(Number)],
			[refused.phone, 'failed', 'finished', 0],
			[pending.phone, 'not_acknowledged', 'waiting', expect.any(Number)],
		]);
		expect(outputs[0].every((item) => !('sendResult' in item.json))).toBe(true);
		sim.advanceClock(HOUR);
		const later = await getSent({ messageType: 'sms' });
		expect(later.outputs[0].map((item) => item.json.status)).toEqual(['sent', 'failed', 'sent']);
	});

	test('the default range is the last 24 hours, in Vietnam time; the simulator clock moves rows out of it', async () => {
		const sim = simulator();
		await sendSms(makeCustomers(1), 'old');
		sim.advanceClock(2 * HOUR);
		await sendSms(makeCustomers(1, 1), 'new');
		sim.clearRequests();

		const now = await getSent({ messageType: 'sms' });
		expect(now.outputs[0].map((item) => item.json.campaign)).toEqual(['old', 'new']);
		const [asked] = sentLogRequests(sim);
		expect(asked).toMatchObject({ SmsType: '2', Page: 1, PageSize: 500 });
		expect(asked.From).toMatch(VIETNAM_TIME);
		const vietnam = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 19).replace('T', ' ');
		expect(asked.To).toBe(vietnam(START + 2 * HOUR - 250));
		expect(asked.To).toBe('2026-11-27 12:00:00');
		expect(asked.From).toBe('2026-11-26 12:00:00');
		expect(Date.parse(`${(asked.To as string).replace(' ', 'T')}+07:00`) - Date.parse(`${(asked.From as string).replace(' ', 'T')}+07:00`)).toBe(24 * HOUR);

		sim.advanceClock(23 * HOUR); // the first is now 25 hours old, the second 23
		expect((await getSent({ messageType: 'sms' })).outputs[0].map((item) => item.json.campaign)).toEqual(['new']);
		sim.advanceClock(2 * HOUR);
		expect((await getSent({ messageType: 'sms' })).outputs[0]).toEqual([]);
		// An empty From is 24 hours before To, whatever To is.
		// (the first was sent 27 hours ago, the second 25)
		const dayBefore = await getSent({ messageType: 'sms', to: new Date(sim.now() - 24 * HOUR).toISOString() });
		expect(dayBefore.outputs[0].map((item) => item.json.campaign)).toEqual(['old', 'new']);
		const earlier = await getSent({ messageType: 'sms', to: new Date(sim.now() - 26 * HOUR).toISOString() });
		expect(earlier.outputs[0].map((item) => item.json.campaign)).toEqual(['old']);
	});

	test("From and To: a value without an offset is read in the workflow's timezone, sent in Vietnam time", async () => {
		const sim = simulator();
		await getSent({ messageType: '24', from: '2026-11-27T04:00:00', to: '2026-11-27T16:30:15' }, { timezone: 'Europe/Berlin' });
		await getSent({ messageType: '25', from: '2026-11-27T03:00:00Z', to: '2026-11-27T12:00:00+09:00' });
		await getSent({ messageType: '24', from: '2026-11-27T10:00:00', to: '2026-11-27T10:00:01' });
		expect(sentLogRequests(sim).map((body) => [body.SmsType, body.From, body.To])).toEqual([
			['24', '2026-11-27 10:00:00', '2026-11-27 22:30:15'],
			['25', '2026-11-27 10:00:00', '2026-11-27 10:00:00'],
			['24', '2026-11-27 10:00:00', '2026-11-27 10:00:01'],
		]);
	});

	test('an explicit range finds what was sent in it and nothing else', async () => {
		const sim = simulator();
		await sendZns(makeCustomers(2), 'in range');
		const sentAt = sim.messages()[0].acceptedAt;
		const iso = (ms: number) => new Date(ms).toISOString();
		const inside = await getSent({ from: iso(sentAt - HOUR), to: iso(sentAt + HOUR) });
		expect(inside.outputs[0]).toHaveLength(2);
		const after = await getSent({ from: iso(sentAt + 2000), to: iso(sentAt + HOUR) });
		expect(after.outputs[0]).toEqual([]);
	});

	test('Return All reads every page, 500 at a time, one after another; Limit stops early', async () => {
		const sim = simulator();
		const customers = makeCustomers(1203);
		const zns = await sendZns(customers, 'big');
		sim.clearRequests();
		sim.resetTraffic();

		const all = await getSent({ messageType: '24' });
		expect(all.outputs[0]).toHaveLength(1203);
		expect(all.outputs[0].map((item) => item.json.smsId)).toEqual(zns.map((item) => item.smsId));
		expect(sentLogRequests(sim).map((body) => [body.Page, body.PageSize])).toEqual([[1, 500], [2, 500], [3, 500]]);
		expect(sim.trafficStats().maxInFlight).toBe(1);

		sim.clearRequests();
		const limited = await getSent({ messageType: '24', returnAll: false, limit: 50 });
		expect(limited.outputs[0].map((item) => item.json.smsId)).toEqual(zns.slice(0, 50).map((item) => item.smsId));
		expect(sentLogRequests(sim)).toHaveLength(1);

		sim.clearRequests();
		const overAPage = await getSent({ messageType: '24', returnAll: false, limit: 600 });
		expect(overAPage.outputs[0]).toHaveLength(600);
		expect(sentLogRequests(sim)).toHaveLength(2);

		const byDefault = await getSent({ messageType: '24', returnAll: undefined });
		expect(byDefault.outputs[0]).toHaveLength(50);

		// Without CountTotal, a short page is the last one.
		sim.faults.add({ kind: 'merge-answer', path: 'GetSmsSentData_V2', fields: { CountTotal: null } });
		sim.clearRequests();
		expect((await getSent({ messageType: '24' })).outputs[0]).toHaveLength(1203);
		expect(sentLogRequests(sim).map((body) => body.Page)).toEqual([1, 2, 3]);
		expect(sim.requests.map((request) => request.faults)).toEqual([['merge-answer'], ['merge-answer'], ['merge-answer']]);
	});

	test('filters: campaign (exact) and phone (any form of the number)', async () => {
		const sim = simulator();
		const customers = makeCustomers(4);
		await sendZns(customers.slice(0, 2), 'reminders');
		await sendZns(customers.slice(2), 'promo');
		await sendSms(customers.slice(0, 1), 'reminders');
		const phone = customers[0].phone; // 0901000000 style
		const international = `+84 ${phone.slice(1, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;

		const byCampaign = await getSent({ messageType: 'all', filters: { campaign: 'reminders' } });
		expect(byCampaign.outputs[0].map((item) => [item.json.phone, item.json.channel])).toEqual([
			[customers[0].phone, 'zns'],
			[customers[1].phone, 'zns'],
			[customers[0].phone, 'sms'],
		]);
		const byPhone = await getSent({ messageType: 'all', filters: { phone: international } });
		expect(byPhone.outputs[0].map((item) => item.json.channel)).toEqual(['zns', 'sms']);
		const both = await getSent({ messageType: 'zns', filters: { phone: `84${phone.slice(1)}`, campaign: ' reminders ' } });
		expect(both.outputs[0]).toHaveLength(1);
		expect((await getSent({ messageType: 'all', filters: { campaign: 'Reminders' } })).outputs[0]).toEqual([]);
		expect(sim.messages()).toHaveLength(5);

		const bad = await getSent({ filters: { phone: '12345' } });
		expect(bad.error?.message).toBe('Phone must be a Vietnamese mobile number (10 digits 03x/05x/07x/08x/09x, or 84…) (got "12345")');
	});

	test('a ZNS with SMS Fallback shows as both: the failed ZNS and its SMS, one SMSID; every type oldest first', async () => {
		const sim = simulator();
		const [earlier, noZalo] = makeCustomers(2);
		await sendSms([earlier], 'earlier');
		sim.advanceClock(1000);
		sim.setHasZalo(noZalo.phone, false);
		const fallback = {
			smsFallback: true,
			brandname: locator('SIMCLINIC'),
			smsText: '=Xin chao {{ $json.name }}',
			options: { removeDiacritics: true, campaign: 'fallback' },
		};
		const sent = await runSend(sim, [noZalo], fallback);
		const smsId = sent.outputs[0][0].json.smsId;
		const { outputs } = await getSent({ messageType: 'all' });
		expect(outputs[0].map((item) => [item.json.campaign, item.json.channel, item.json.status, item.json.smsId === smsId])).toEqual([
			['earlier', 'sms', 'sent', false],
			['fallback', 'zns', 'failed', true],
			['fallback', 'sms', 'sent', true],
		]);
		expect(outputs[0][2].json.content).toMatch(/^Xin chao /);
	});

	test('a filter with Limit pages on until enough messages match', async () => {
		const sim = simulator();
		const customers = makeCustomers(520);
		await sendZns(customers.slice(0, 510), 'bulk');
		await sendZns(customers.slice(510), 'wanted');
		sim.clearRequests();
		const { outputs } = await getSent({ messageType: '24', returnAll: false, limit: 5, filters: { campaign: 'wanted' } });
		expect(outputs[0].map((item) => item.json.phone)).toEqual(customers.slice(510, 515).map((c) => c.phone));
		expect(sentLogRequests(sim).map((body) => body.Page)).toEqual([1, 2]);
	});

	test("eSMS's error codes name their meaning; Continue On Fail gives one error item", async () => {
		const sim = simulator();
		const failed = await getSent({}, { keys: { secretKey: 'nope' } });
		expect(failed.error?.message).toBe('Get sent messages failed: Wrong API Key or Secret Key (eSMS: Authorize Failed) (eSMS code 101)');
		const continued = await getSent({}, { keys: { secretKey: 'nope' }, items: [{}, {}], node: { onError: 'continueErrorOutput' } });
		expect(continued.outputs[1].map((item) => [item.json.error, item.pairedItem])).toEqual([[expect.stringContaining('Wrong API Key or Secret Key'), { item: 0 }]]);
		expect(JSON.stringify([failed.run, continued.run])).not.toContain('nope');

		sim.faults.add({ kind: 'result-code', code: '118', path: 'GetSmsSentData_V2' });
		const unsupported = await getSent({ messageType: 'sms' });
		expect(unsupported.error?.message).toMatch(/^Get sent messages failed: Message type not supported .*\(eSMS code 118\)$/);
	});

	test('too many requests (HTTP 429, code 160) are resent by the transport; paging goes on', async () => {
		const sim = simulator();
		await sendZns(makeCustomers(3), 'c');
		sim.faults.add({ kind: 'result-code', code: '160', path: 'GetSmsSentData_V2', times: 1 });
		sim.faults.add({ kind: 'http-error', status: 429, path: 'GetSmsSentData_V2', times: 1 });
		sim.clearRequests();
		const { outputs, error } = await getSent({ messageType: '24' });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		expect(sentLogRequests(sim)).toHaveLength(3);
	});

	test('bad ranges are refused before eSMS is asked', async () => {
		const sim = simulator();
		const backwards = await getSent({ from: '2026-11-27T10:00:00', to: '2026-11-27T09:59:59' });
		expect(backwards.error?.message).toBe('To (2026-11-27 09:59:59) is before From (2026-11-27 10:00:00), Vietnam time');
		const notADate = await getSent({ from: 'yesterday' });
		expect(notADate.error?.message).toBe('From is not a date-time (got "yesterday")');
		expect(sentLogRequests(sim)).toEqual([]);
	});
});

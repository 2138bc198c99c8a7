import { EsmsZns } from '../../../nodes/EsmsZns/EsmsZns.node';
import { loadOptionsContext } from '../../helpers/engine';
import { ORDER_TEMPLATE, REMINDER_TEMPLATE, SHOP_OA, credentialsFor, locator, useSimulator } from '../../helpers/send';

const simulator = useSimulator();
const { listSearch, resourceMapping } = new EsmsZns().methods;

function context(parameters: Record<string, unknown> = {}, keys = {}) {
	return loadOptionsContext(parameters as never, credentialsFor(simulator(), keys));
}

describe('Zalo OA picker', () => {
	test('lists every OA by its name alone (short enough to read once chosen)', async () => {
		const { results } = await listSearch.searchZaloOas.call(context());
		expect(results).toEqual([
			{ name: 'eSMS Demo Clinic', value: '1397492183140006179' },
			{ name: 'eSMS Demo Shop', value: SHOP_OA },
		]);
	});

	test('two OAs of one name: the ID tells them apart', async () => {
		const sim = simulator();
		sim.addOa(sim.defaultAccount.apiKey, { oaId: '777', name: 'eSMS Demo Shop' } as never);
		const { results } = await listSearch.searchZaloOas.call(context());
		expect(results.map((r) => r.name)).toEqual(['eSMS Demo Clinic', 'eSMS Demo Shop (4097311281936189049)', 'eSMS Demo Shop (777)']);
	});

	test('filters by name or id', async () => {
		expect((await listSearch.searchZaloOas.call(context(), 'shop')).results.map((r) => r.value)).toEqual([SHOP_OA]);
		expect((await listSearch.searchZaloOas.call(context(), '139749')).results.map((r) => r.value)).toEqual(['1397492183140006179']);
	});

	test("bad keys show eSMS's reason, not an empty list", async () => {
		await expect(listSearch.searchZaloOas.call(context({}, { secretKey: 'wrong' }))).rejects.toThrow(
			/Get Zalo OAs failed: Wrong API Key or Secret Key.*code 101/,
		);
	});
});

describe('Template picker', () => {
	test("lists the OA's templates by name; those that cannot be sent last, saying why in words", async () => {
		const { results } = await listSearch.searchTemplates.call(context({ oaId: locator(SHOP_OA) }));
		expect(results.map((result) => result.name)).toEqual([
			'Appointment reminder',
			'Order confirmation',
			'Promotion announcement – waiting for approval by Zalo, cannot be sent',
			'Shipping update – rejected by Zalo, cannot be sent',
		]);
		expect(results.map((result) => result.value)).toEqual([REMINDER_TEMPLATE, ORDER_TEMPLATE, '2056448', '2056449']);
		expect(results.some((result) => /ENABLE|PENDING_REVIEW|REJECT/.test(result.name))).toBe(false);
	});

	test('filters by name or id', async () => {
		const byName = await listSearch.searchTemplates.call(context({ oaId: locator(SHOP_OA) }), 'order');
		expect(byName.results.map((r) => r.value)).toEqual([ORDER_TEMPLATE]);
		const byId = await listSearch.searchTemplates.call(context({ oaId: locator(SHOP_OA) }), '2056447');
		expect(byId.results.map((r) => r.value)).toEqual([REMINDER_TEMPLATE]);
	});

	test('asks for an OA first', async () => {
		await expect(listSearch.searchTemplates.call(context({ oaId: locator('') }))).rejects.toThrow('Choose a Zalo OA first');
	});

	test('an OA without templates says so', async () => {
		const sim = simulator();
		sim.addOa(sim.defaultAccount.apiKey, { oaId: '555', name: 'Empty OA' } as never);
		await expect(listSearch.searchTemplates.call(context({ oaId: locator('555') }))).rejects.toThrow(
			'Zalo OA 555 has no ZNS templates in eSMS yet',
		);
	});
});

describe('Template fields (resource mapper)', () => {
	test("the template's variables, in order, each once, with types and limits", async () => {
		const { fields } = await resourceMapping.getTemplateFields.call(
			context({ oaId: locator(SHOP_OA), templateId: locator(ORDER_TEMPLATE) }),
		);
		expect(fields.map((field) => [field.id, field.displayName, field.required])).toEqual([
			['customer_name', 'customer_name (≤30)', true],
			['order_code', 'order_code (≤30)', true],
			['amount', 'amount (digits)', true],
			['order_date', 'order_date (date)', true],
			['tracking_url', 'tracking_url (URL)', true],
		]);
	});

	test.each([
		['2056448', 'waiting for approval by Zalo', 'PENDING_REVIEW'],
		['2056449', 'rejected by Zalo', 'REJECT'],
	])('template %s cannot be mapped: a warning says why, instead of fields', async (templateId, words, status) => {
		const result = await resourceMapping.getTemplateFields.call(context({ oaId: locator(SHOP_OA), templateId: locator(templateId) }));
		expect(result.fields).toEqual([]);
		expect(result.emptyFieldsNotice).toContain(`(${templateId}) cannot be sent: it is ${words}`);
		expect(result.emptyFieldsNotice).toContain(`eSMS status ${status}`);
		expect(result.emptyFieldsNotice).toContain('Choose another template');
	});

	test('an unknown template is reported', async () => {
		await expect(
			resourceMapping.getTemplateFields.call(context({ oaId: locator(SHOP_OA), templateId: locator('999') })),
		).rejects.toThrow(/999/);
	});
});

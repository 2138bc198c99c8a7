import { templateFromDetails, templateFromList } from '../../../../nodes/EsmsZns/esms/templateSpec';

describe('templateFromDetails (GetZnsTemplateInfo)', () => {
	test('keeps ListParams order, types, flags and lengths; a repeated variable once', () => {
		const template = templateFromDetails('7', {
			Error: 0,
			Message: 'Success',
			Data: {
				TemplateId: 7,
				TemplateName: 'Order',
				Status: 'ENABLE',
				ListParams: [
					{ Name: 'customer_name', Require: true, Type: 'STRING', MaxLength: 30, MinLength: 0, AcceptNull: false },
					{ Name: 'amount', Require: true, Type: 'NUMBER', MaxLength: 12 },
					{ Name: 'note', Require: true, Type: 'STRING', MaxLength: 50, AcceptNull: true },
					{ Name: 'customer_name', Require: true, Type: 'STRING', MaxLength: 30 },
				],
			},
		});
		expect(template).toEqual({
			templateId: '7',
			name: 'Order',
			status: 'ENABLE',
			params: [
				{ name: 'customer_name', type: 'text', required: true, minLength: undefined, maxLength: 30 },
				{ name: 'amount', type: 'number', required: true, minLength: undefined, maxLength: 12 },
				{ name: 'note', type: 'text', required: false, minLength: undefined, maxLength: 50 },
			],
		});
	});

	test('an error answer is not a template', () => {
		expect(templateFromDetails('7', { Error: 1, Message: 'Template not found' })).toBeNull();
	});
});

describe('templateFromList (GetTemplate)', () => {
	test('orders by ParamLevel and maps RequireType', () => {
		const template = templateFromList('2056446', {
			CodeResult: '100',
			ZNSTemplates: [
				{
					TempId: 2056446,
					TempName: 'Order',
					ZNSTempDetail: [
						{ Param: 'order_date', ParamLevel: 3, Limit: 20, RequireType: 'type_date' },
						{ Param: 'name', ParamLevel: 1, Limit: 30, RequireType: 'type_text' },
						{ Param: 'link', ParamLevel: 4, Limit: 200, RequireType: 'type_cta_url' },
						{ Param: 'amount', ParamLevel: 2, Limit: 12, RequireType: 'type_number' },
					],
				},
			],
		});
		expect(template?.params.map((p) => [p.name, p.type])).toEqual([
			['name', 'text'],
			['amount', 'number'],
			['order_date', 'date'],
			['link', 'url'],
		]);
	});

	test('another template id is not found', () => {
		expect(templateFromList('1', { ZNSTemplates: [{ TempId: 2 }] })).toBeNull();
	});
});

/** The 'default' fixture world: one account, two OAs, five templates, five brandnames, one blocked phone. */
import type { AccountInput, BrandnameInput, DeliveryOutcome, OaInput, TemplateInput, ZaloError } from './types';

export const DEFAULT_API_KEY = 'sim-api-key';
export const DEFAULT_SECRET_KEY = 'sim-secret-key';
export const SHOP_OA_ID = '4097311281936189049';
export const CLINIC_OA_ID = '1397492183140006179';
export const BLOCKED_PHONE = '0900000099';

export const DEFAULT_ACCOUNT: AccountInput = {
	apiKey: DEFAULT_API_KEY,
	secretKey: DEFAULT_SECRET_KEY,
	userId: 9999,
	balance: 1_000_000_000,
	pricePerZns: 300,
	pricePerSmsPart: 850,
};

/** Customer care, with registered templates (146 for other content); every carrier but Reddi (7). */
export const SHOP_BRANDNAME = 'SIMSHOP';
/** Customer care, no registered templates (any content); Viettel, Mobifone and Vinaphone only. */
export const CLINIC_BRANDNAME = 'SIMCLINIC';
/** Advertising (Type 1): 104 for a customer-care send. */
export const ADS_BRANDNAME = 'SIMADS';
/** Viber (Type 23): 104 for a customer-care send. */
export const VIBER_BRANDNAME = 'SIMVIBER';
/** Customer care but inactive: 104, and not listed by GetListBrandname. */
export const INACTIVE_BRANDNAME = 'SIMOLD';

export const SHOP_SMS_TEMPLATES = [
	'Xin chao {name}, don hang {code} tri gia {amount} VND da duoc xac nhan. Cam on quy khach!',
	'Kinh gui {name}, lich hen {service} cua quy khach vao ngay {date}. Lien he 19001234 neu can doi lich.',
	'Ma xac thuc cua quy khach la {otp}. Ma co hieu luc trong 5 phut.',
];

export const DEFAULT_BRANDNAMES: BrandnameInput[] = [
	{ brandname: SHOP_BRANDNAME, type: 2, telcos: [1, 2, 3, 4, 5, 6], templates: SHOP_SMS_TEMPLATES },
	{ brandname: CLINIC_BRANDNAME, type: 2, telcos: [1, 2, 3], templates: [] },
	{ brandname: ADS_BRANDNAME, type: 1 },
	{ brandname: VIBER_BRANDNAME, type: 23 },
	{ brandname: INACTIVE_BRANDNAME, type: 2, active: false },
];

export const DEFAULT_OAS: OaInput[] = [
	{ oaId: SHOP_OA_ID, name: 'eSMS Demo Shop', allowSendingMode3: true, dailyQuota: 1_000_000, dailyPromotionQuota: 5_000 },
	{ oaId: CLINIC_OA_ID, name: 'eSMS Demo Clinic', allowSendingMode3: false, dailyQuota: 1_000, dailyPromotionQuota: 0 },
];

export const DEFAULT_TEMPLATES: Array<{ oaId: string; template: TemplateInput }> = [
	{
		oaId: SHOP_OA_ID,
		template: {
			tempId: '2056446',
			name: 'Order confirmation',
			status: 'ENABLE',
			tag: 'TRANSACTION',
			content:
				'Hello <customer_name>, your order <order_code> of <amount> VND placed on <order_date> is confirmed. ' +
				'Thank you for shopping with us, <customer_name>!',
			params: [
				{ name: 'customer_name', type: 'type_text', limit: 30 },
				{ name: 'order_code', type: 'type_text', limit: 30 },
				{ name: 'amount', type: 'type_number', limit: 12 },
				{ name: 'order_date', type: 'type_date', limit: 20 },
				{ name: 'tracking_url', type: 'type_cta_url', limit: 200 },
			],
			buttons: [{ type: 1, title: 'Track order', content: '<tracking_url>' }],
		},
	},
	{
		oaId: SHOP_OA_ID,
		template: {
			tempId: '2056447',
			name: 'Appointment reminder',
			status: 'ENABLE',
			tag: 'CUSTOMER_CARE',
			content: 'Dear <customer_name>, this is a reminder of your <service> appointment on <appointment_date>.',
			params: [
				{ name: 'customer_name', type: 'type_text', limit: 30 },
				{ name: 'service', type: 'type_text', limit: 50 },
				{ name: 'appointment_date', type: 'type_date', limit: 20 },
			],
		},
	},
	{
		oaId: SHOP_OA_ID,
		template: {
			tempId: '2056448',
			name: 'Promotion announcement',
			status: 'PENDING_REVIEW',
			tag: 'PROMOTION',
			content: 'Hi <customer_name>, use voucher <voucher_code> for 20% off your next order.',
			params: [
				{ name: 'customer_name', type: 'type_text', limit: 30 },
				{ name: 'voucher_code', type: 'type_text', limit: 20 },
			],
		},
	},
	{
		oaId: SHOP_OA_ID,
		template: {
			tempId: '2056449',
			name: 'Shipping update',
			status: 'REJECT',
			tag: 'TRANSACTION',
			content: 'Hello <customer_name>, order <order_code> has shipped.',
			params: [
				{ name: 'customer_name', type: 'type_text', limit: 30 },
				{ name: 'order_code', type: 'type_text', limit: 30 },
			],
		},
	},
	{
		oaId: CLINIC_OA_ID,
		template: {
			tempId: '2056450',
			name: 'Clinic visit reminder',
			status: 'ENABLE',
			tag: 'CUSTOMER_CARE',
			content: 'Dear <patient_name>, your visit with <doctor> is on <visit_date>.',
			params: [
				{ name: 'patient_name', type: 'type_text', limit: 30 },
				{ name: 'doctor', type: 'type_text', limit: 50 },
				{ name: 'visit_date', type: 'type_date', limit: 20 },
			],
		},
	},
];

export const DELIVERED: DeliveryOutcome = { status: 'delivered' };
export const USER_INACTIVE: DeliveryOutcome = { status: 'failed', errorCode: -114, errorMessage: 'User is inactive' };
export const INVALID_PHONE: DeliveryOutcome = { status: 'failed', errorCode: -108, errorMessage: 'Phone number is invalid' };
/** What a ZNS to a phone without Zalo fails with by default (settings.noZaloError; a guess). */
export const NO_ZALO_ERROR: Readonly<ZaloError> = Object.freeze({
	errorCode: -118,
	errorMessage: 'Zalo account does not exist or has been disabled',
});
export const OVER_DAILY_QUOTA: DeliveryOutcome = {
	status: 'failed',
	errorCode: -144,
	errorMessage: 'OA has exceeded the daily quota',
};

/** Fixture rule: phones ending in 13 fail with -114, in 14 with -108; every other phone is delivered. */
export function fixtureDeliveryOutcome(normalizedPhone: string): DeliveryOutcome {
	if (normalizedPhone.endsWith('13')) return USER_INACTIVE;
	if (normalizedPhone.endsWith('14')) return INVALID_PHONE;
	return DELIVERED;
}

/** Where eSMS lives by default; the credential offers these and the transport falls back to them. */
export const DEFAULT_BASE_URL = 'https://rest.esms.vn/MainService.svc/json';
/** The stored-callback API (Get Delivery Reports) lives on its own host. */
export const DEFAULT_REPORTS_URL = 'https://status-sms.esms.vn';

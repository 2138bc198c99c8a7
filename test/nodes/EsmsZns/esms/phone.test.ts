import { phoneKey, toDomesticMobile } from '../../../../nodes/EsmsZns/esms/phone';

describe('toDomesticMobile', () => {
	test.each([
		['0901888484', '0901888484'],
		['84901888484', '0901888484'],
		['+84 901 888 484', '0901888484'],
		['(+84) 90-188-8484', '0901888484'],
		['0084901888484', '0901888484'],
		['901888484', '0901888484'],
		['0901.888.484', '0901888484'],
		[' 0321234567 ', '0321234567'],
		['0561234567', '0561234567'],
		['0781234567', '0781234567'],
		['0861234567', '0861234567'],
	])('%s → %s', (raw, expected) => {
		expect(toDomesticMobile(raw)).toBe(expected);
	});

	test.each([
		['09746918'],
		['0241234567'],
		['02412345678'],
		['090188848'],
		['09018884841'],
		['84241234567'],
		['abc'],
		[''],
		['0901888484x'],
		['1901888484'],
	])('%s is not a Vietnamese mobile number', (raw) => {
		expect(toDomesticMobile(raw)).toBeNull();
	});
});

describe('phoneKey', () => {
	test('matches the forms eSMS may echo', () => {
		expect(phoneKey('84901888484')).toBe(phoneKey('0901888484'));
		expect(phoneKey(901888484)).toBe('0901888484');
	});

	test('keeps the digits of what is not a mobile number, so it never matches a real one', () => {
		expect(phoneKey('097469188')).toBe('097469188');
		expect(phoneKey(undefined)).toBe('');
	});
});

import { codeMeaning, failureScope, isKnownCode, knownCodes, normaliseCode } from '../../../../nodes/EsmsZns/esms/codes';

describe('eSMS result codes', () => {
	const prototypeNames = [
		'constructor',
		'toString',
		'__proto__',
		'valueOf',
		'hasOwnProperty',
		'isPrototypeOf',
		'propertyIsEnumerable',
		'toLocaleString',
		'__defineGetter__',
		'__lookupGetter__',
	];

	test.each(prototypeNames)('"%s" is not a known code, and reads as unknown', (name) => {
		expect(isKnownCode(name)).toBe(false);
		expect(codeMeaning(name)).toBe(`Unknown eSMS result code ${name}`);
		expect(failureScope(name)).toBe('batch');
	});

	test('documented codes are known, with their meaning and scope', () => {
		expect(isKnownCode('100')).toBe(true);
		expect(isKnownCode('101')).toBe(true);
		expect(codeMeaning('101')).toBe('Wrong API Key or Secret Key');
		expect(failureScope('101')).toBe('fatal');
		expect(failureScope('124')).toBe('batch');
		expect(knownCodes()).toContain('100');
		expect(knownCodes()).not.toContain('constructor');
	});

	test('normaliseCode: finite numbers as text, strings trimmed, nothing else', () => {
		expect(normaliseCode(100)).toBe('100');
		expect(normaliseCode(' 100 ')).toBe('100');
		expect(normaliseCode('10\u00a0')).toBe('10');
		expect(normaliseCode(Number.NaN)).toBeNull();
		expect(normaliseCode(Infinity)).toBeNull();
		expect(normaliseCode(true)).toBeNull();
		expect(normaliseCode({})).toBeNull();
		expect(normaliseCode(['1', '0', '0'])).toBeNull();
		expect(normaliseCode('  ')).toBeNull();
	});
});

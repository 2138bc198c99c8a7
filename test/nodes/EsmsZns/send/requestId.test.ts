import { MAX_CUSTOM_REQUEST_ID_LENGTH } from '../../../../nodes/EsmsZns/esms/requestIdRule';
import {
	defaultRequestId,
	messageFingerprint,
	type IdScope,
	type MessageScope,
} from '../../../../nodes/EsmsZns/send/requestId';

const message: MessageScope = { oaId: '4097311281936189049', templateId: '2056447', sendDate: '' };
const content: IdScope = { mode: 'content', workflowId: 'wf1', nodeId: 'node-a', instanceId: 'inst-a', executionId: '17' };
const fingerprint = messageFingerprint(message, '0901888484', ['An', 'Haircut', '01/12/2026']);

describe('messageFingerprint', () => {
	test('is the same for the same message and differs when anything sent differs', () => {
		expect(messageFingerprint(message, '0901888484', ['An', 'Haircut', '01/12/2026'])).toBe(fingerprint);
		const others = [
			messageFingerprint(message, '0901888485', ['An', 'Haircut', '01/12/2026']),
			messageFingerprint(message, '0901888484', ['Anh', 'Haircut', '01/12/2026']),
			messageFingerprint(message, '0901888484', ['An', 'Haircut']),
			messageFingerprint({ ...message, templateId: '2056446' }, '0901888484', ['An', 'Haircut', '01/12/2026']),
			messageFingerprint({ ...message, oaId: '1' }, '0901888484', ['An', 'Haircut', '01/12/2026']),
			messageFingerprint({ ...message, sendDate: '2026-12-02 09:00:00' }, '0901888484', ['An', 'Haircut', '01/12/2026']),
		];
		expect(new Set([fingerprint, ...others]).size).toBe(others.length + 1);
	});

	test('values are not confused by where one ends and the next begins', () => {
		expect(messageFingerprint(message, '0901888484', ['a,b', 'c'])).not.toBe(messageFingerprint(message, '0901888484', ['a', 'b,c']));
	});
});

describe('defaultRequestId', () => {
	test('from content: the same wherever and whenever the node runs (execution, instance)', () => {
		const id = defaultRequestId(content, fingerprint);
		expect(defaultRequestId({ ...content, executionId: '18', instanceId: 'inst-b' }, fingerprint)).toBe(id);
		expect(id).toMatch(/^zns-[0-9a-f]{32}$/);
		expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_REQUEST_ID_LENGTH);
	});

	test('from content: differs per workflow, node and message', () => {
		const ids = new Set([
			defaultRequestId(content, fingerprint),
			defaultRequestId({ ...content, workflowId: 'wf2' }, fingerprint),
			defaultRequestId({ ...content, nodeId: 'node-b' }, fingerprint),
			defaultRequestId(content, messageFingerprint(message, '0901888485', ['An', 'Haircut', '01/12/2026'])),
		]);
		expect(ids.size).toBe(4);
	});

	test('per execution: differs per execution and instance, never equals the content id', () => {
		const perExecution: IdScope = { ...content, mode: 'perExecution' };
		const id = defaultRequestId(perExecution, fingerprint);
		expect(defaultRequestId(perExecution, fingerprint)).toBe(id);
		expect(defaultRequestId({ ...perExecution, executionId: '18' }, fingerprint)).not.toBe(id);
		expect(defaultRequestId({ ...perExecution, instanceId: 'inst-b' }, fingerprint)).not.toBe(id);
		expect(defaultRequestId(content, fingerprint)).not.toBe(id);
	});
});

describe('stability across versions of the node', () => {
	test('the same message keeps the same id (a changed derivation would let a Retry after an upgrade send again)', () => {
		const pinned = messageFingerprint({ oaId: '1', templateId: '2', sendDate: '' }, '0901888484', ['An']);
		expect(pinned).toBe('eb2bd004721ccbb92c340c3f114526eb');
		expect(defaultRequestId({ mode: 'content', workflowId: 'w"x', nodeId: 'n' }, pinned)).toBe('zns-3656b49e64c596259f988b7dd750c809');
		expect(
			defaultRequestId({ mode: 'perExecution', workflowId: 'w', nodeId: 'n', instanceId: 'i', executionId: '5' }, pinned),
		).toBe('zns-662b5ffec94e62030e6dd843d606f960');
	});
});

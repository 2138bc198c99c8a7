import { MAX_REQUEST_ID_LENGTH, autoRequestId } from '../../nodes/EsmsZns/send/requestId';

describe('autoRequestId', () => {
	test('is stable for one execution, node and item', () => {
		expect(autoRequestId('1234', 'node-a', 7)).toBe(autoRequestId('1234', 'node-a', 7));
	});

	test('differs across executions, nodes and items', () => {
		const ids = new Set([
			autoRequestId('1234', 'node-a', 7),
			autoRequestId('1235', 'node-a', 7),
			autoRequestId('1234', 'node-b', 7),
			autoRequestId('1234', 'node-a', 8),
		]);
		expect(ids.size).toBe(4);
	});

	test('differs between n8n instances whose execution ids coincide', () => {
		expect(autoRequestId('1', 'instance-a/wf/node', 0)).not.toBe(autoRequestId('1', 'instance-b/wf/node', 0));
	});

	test('stays within eSMS limit even for long execution ids', () => {
		const long = autoRequestId('x'.repeat(80), 'node-a', 123456);
		expect(long.length).toBeLessThanOrEqual(MAX_REQUEST_ID_LENGTH);
		expect(long).not.toBe(autoRequestId('y'.repeat(80), 'node-a', 123456));
		expect(autoRequestId('98765', 'node', 99999).length).toBeLessThanOrEqual(MAX_REQUEST_ID_LENGTH);
	});
});

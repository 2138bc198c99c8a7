/** Fast tests: unit, simulator and node-in-engine tests. The real-n8n end-to-end suite runs
 * through `npm run test:e2e` instead. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/setup.ts'],
	testTimeout: 30000,
};

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// `.js` specifiers of TypeScript sources (see scripts/engine.ts) resolve to the `.ts` file.
	moduleNameMapper: { '^(\\.{1,2}/.*/Bedrock\\.node)\\.js$': '$1' },
	setupFiles: ['<rootDir>/test/setup.ts'],
	testTimeout: 30000,
	// e2e and queue-mode tests start the real n8n app and run through `npm run test:e2e` / `test:queue`
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/queue/'],
};

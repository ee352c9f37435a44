/**
 * End-to-end tests: the real n8n app (installed by scripts/e2e/install-n8n.sh into a cache outside
 * the clone) runs this package. `npm run test:e2e`; N8N_E2E_VERSION picks the n8n version.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// The first run installs n8n (several minutes); every test starts n8n processes.
	testTimeout: 30 * 60 * 1000,
	maxWorkers: 1,
	setupFiles: ['<rootDir>/test/setup.ts'],
};

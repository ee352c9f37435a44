/**
 * Queue-mode tests: the real n8n 2.x app as one main and two workers over Redis and PostgreSQL
 * (installed from Debian's packages where missing, started on loopback by the tests). `npm run
 * test:queue`; it loads the BUILT package, so `npm run build` first.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// The first run installs n8n and the servers (several minutes).
	testTimeout: 30 * 60 * 1000,
	maxWorkers: 1,
	setupFiles: ['<rootDir>/test/setup.ts'],
};

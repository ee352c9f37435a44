// n8n's community-node lint configuration (@n8n/node-cli), unchanged and with every rule on, for
// what is published and loaded by n8n: credentials/, nodes/ and package.json. The emulator,
// benchmarks, scripts and tests are development tools that are never published: they get the
// TypeScript rules only (README, Development: lint).
import js from '@eslint/js';
import { config as n8nCommunityNodeConfig } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const developmentTools = ['emulator/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'];

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.e2e', '**/*.js', '**/*.mjs']),
	// An entry holding only `ignores` is a global ignore (dist/): it stays as it is.
	...n8nCommunityNodeConfig.map((entry) =>
		Object.keys(entry).every((key) => key === 'ignores' || key === 'name')
			? entry
			: { ...entry, ignores: [...(entry.ignores ?? []), ...developmentTools] },
	),
	{
		files: developmentTools,
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
		},
	},
);

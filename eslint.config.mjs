// Mirrors the configuration of n8n's own community-node tooling (@n8n/node-cli's eslint config).
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

// This package deliberately builds on the AWS SDK for JavaScript v3, which signs, streams and
// retries Bedrock requests; re-implementing SigV4 and event-stream parsing by hand would be worse
// for users. These are the only rules switched off: the ones forbidding runtime dependencies and
// importing them.
const allowRuntimeDependencies = {
	'@n8n/community-nodes/no-runtime-dependencies': 'off',
	'@n8n/community-nodes/no-restricted-imports': 'off',
};

// n8n's community-node rules apply to what is published and loaded by n8n (credentials/, nodes/,
// package.json). The emulator, benchmarks, demo and tests are development tools that n8n never
// loads: they get the TypeScript rules only.
const packageSources = ['credentials/**/*.ts', 'nodes/**/*.ts'];
const developmentTools = ['emulator/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'];

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', 'coverage', '.e2e', '**/*.js', '**/*.mjs']),
	{
		files: packageSources,
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodesRecommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			...allowRuntimeDependencies,
		},
	},
	{
		files: developmentTools,
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
		},
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesBase },
	},
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBase.configs.community.rules,
			...allowRuntimeDependencies,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);

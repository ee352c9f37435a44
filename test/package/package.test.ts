import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Metafile } from 'esbuild';

import { n8nCredentialFor, start } from '../../emulator';
import type { RunningEmulator } from '../../emulator';
import { buildPackage } from '../../scripts/build';

// What `npm pack` publishes, and the built, bundled files of dist/ loaded in a fresh Node.js
// process as n8n loads them. One build for both (npm run build's own code).
const ROOT = join(__dirname, '..', '..');

interface PackageJson {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	peerDependenciesMeta?: Record<string, { optional?: boolean }>;
	n8n: { nodes: string[]; credentials: string[] };
}

interface PackedFile {
	path: string;
	size: number;
}

interface LoadedModules {
	vendor: string[];
	sdkFromNodeModules: string[];
}

interface BuiltRun {
	before: LoadedModules;
	afterLoad: LoadedModules;
	description: { name: string; credentials: Array<{ name: string }> };
	converse: Record<string, unknown>;
	afterConverse: LoadedModules;
	countTokens: { llama3: Record<string, unknown>; gptOss: Record<string, unknown> };
	afterCountTokens: LoadedModules;
}

let emulator: RunningEmulator;
let run: BuiltRun;
let packed: PackedFile[];
let metafiles: Metafile[];

beforeAll(async () => {
	({ metafiles } = await buildPackage());
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ files: PackedFile[] }>;
	packed = pack.files;
	emulator = await start({ port: 0 });
	const { stdout } = await promisify(execFile)(
		process.execPath,
		[join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'builtRun.ts')],
		{
			cwd: ROOT,
			env: {
				...process.env,
				NODE_ENV: 'production',
				BEDROCK_CREDENTIAL: JSON.stringify(n8nCredentialFor(emulator.url)),
			},
			maxBuffer: 16 * 1024 * 1024,
		},
	);
	run = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as BuiltRun;
}, 120_000);
afterAll(async () => await emulator?.close());

describe('npm pack', () => {
	const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
	const paths = () => packed.map((file) => file.path);

	it('declares no runtime dependencies, and only n8n-workflow and the AI node SDK as peers', () => {
		expect(packageJson.dependencies ?? {}).toEqual({});
		expect(Object.keys(packageJson.peerDependencies ?? {}).sort()).toEqual([
			'@n8n/ai-node-sdk',
			'n8n-workflow',
		]);
		// n8n 1.x, which has no AI node SDK, still installs and loads the package.
		expect(packageJson.peerDependenciesMeta?.['@n8n/ai-node-sdk']).toEqual({ optional: true });
	});

	it('ships every node and credential package.json names, their icons and the vendor bundles', () => {
		for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
			expect(paths()).toContain(file);
		}
		expect(paths()).toEqual(
			expect.arrayContaining([
				'dist/nodes/Bedrock/bedrock.svg',
				'dist/nodes/Bedrock/Bedrock.node.json',
				'dist/credentials/bedrock.svg',
				'dist/vendor/aws-sdk.js',
				'dist/vendor/js-tiktoken.js',
				'dist/vendor/llama3-tokenizer-js.js',
			]),
		);
	});

	it('ships README, LICENSE and the third-party licences, and nothing but dist/ besides', () => {
		expect(paths()).toEqual(
			expect.arrayContaining(['README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.md', 'package.json']),
		);
		const others = paths().filter(
			(path) =>
				!path.startsWith('dist/') &&
				!['README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.md', 'package.json'].includes(path),
		);
		expect(others).toEqual([]);
	});

	it('ships no sources, maps, tests or emulator', () => {
		expect(paths().filter((path) => /\.(ts|map|tsbuildinfo)$/.test(path))).toEqual([]);
		expect(paths().filter((path) => /(^|\/)(test|emulator|bench|scripts)\//.test(path))).toEqual(
			[],
		);
	});

	it('lists every bundled package in the third-party licences, with its licence text', () => {
		const licences = readFileSync(join(ROOT, 'THIRD_PARTY_LICENSES.md'), 'utf8');
		for (const name of [
			'@aws-sdk/client-bedrock-runtime',
			'@smithy/node-http-handler',
			'js-tiktoken',
			'llama3-tokenizer-js',
		]) {
			expect(licences).toContain(`- ${name} `);
		}
		expect(licences).toContain('Apache License');
	});

	it('bundles only the o200k ranks of js-tiktoken, not every encoding', () => {
		const inputs = metafiles.flatMap((metafile) => Object.keys(metafile.inputs));
		const ranks = inputs.filter(
			(input) => input.includes('node_modules/js-tiktoken/') && input.includes('/ranks/'),
		);
		expect(ranks.map((input) => input.replace(/.*\/ranks\//, ''))).toEqual(['o200k_base.cjs']);
		expect(
			inputs.filter((input) => input.includes('node_modules/llama3-tokenizer-js/')),
		).toHaveLength(1);
	});
});

describe('the bundled node in dist/', () => {
	it('requires its peer dependencies: no native import(), which n8n’s resolution of peers does not reach', () => {
		const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
		for (const file of packageJson.n8n.nodes) {
			const built = readFileSync(join(ROOT, file), 'utf8');
			expect(built).not.toMatch(/\bimport\(/);
		}
	});

	it('loads without loading any vendor bundle or AWS SDK module', () => {
		expect(run.afterLoad).toEqual({ vendor: [], sdkFromNodeModules: [] });
		expect(run.description.name).toBe('bedrock');
		expect(run.description.credentials).toEqual([
			expect.objectContaining({ name: 'awsBedrockApi' }),
		]);
	});

	it('runs Converse against the emulator through the bundled AWS SDK', () => {
		expect(run.converse).toMatchObject({ text: expect.any(String), stopReason: 'end_turn' });
		expect(emulator.requests.map((request) => request.operation)).toContain('Converse');
		expect(run.afterConverse.vendor).toEqual(['vendor/aws-sdk.js']);
		// The SDK came from the bundle, not from the development install's node_modules.
		expect(run.afterConverse.sdkFromNodeModules).toEqual([]);
	});

	it('counts tokens with the bundled Llama 3 and o200k tokenizers', () => {
		expect(run.countTokens.llama3).toMatchObject({
			method: 'estimate',
			estimator: 'llama3-tokenizer-js',
			inputTokens: expect.any(Number),
		});
		expect(run.countTokens.gptOss).toMatchObject({
			method: 'estimate',
			estimator: expect.stringContaining('o200k'),
		});
		expect(run.afterCountTokens.vendor.sort()).toEqual([
			'vendor/aws-sdk.js',
			'vendor/js-tiktoken.js',
			'vendor/llama3-tokenizer-js.js',
		]);
		expect(run.afterCountTokens.sdkFromNodeModules).toEqual([]);
	});
});

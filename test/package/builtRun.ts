/**
 * Run in a child process by bundled.test.ts: loads the built, bundled node from dist/ as n8n does,
 * then runs Converse (against the emulator whose credential arrives in BEDROCK_CREDENTIAL) and
 * Count Tokens estimates through n8n's engine, and prints which modules each step loaded.
 */
import type { ICredentialDataDecryptedObject, INodeType } from 'n8n-workflow';

import { bedrockNode, runWorkflow } from '../../scripts/engine';

const BUILT_NODE = `${__dirname}/../../dist/nodes/Bedrock/Bedrock.node.js`;

// n8n-core, loaded first as in n8n, brings its own js-tiktoken: only modules loaded later count.
const loadedFirst = new Set(Object.keys(require.cache));

/** Modules loaded since: the vendor bundles of dist/, and any AWS SDK or tokenizer module from node_modules. */
function loadedModules() {
	const paths = Object.keys(require.cache).filter((path) => !loadedFirst.has(path));
	return {
		vendor: paths
			.filter((path) => path.includes('/dist/vendor/'))
			.map((path) => path.replace(/.*\/dist\//, '')),
		sdkFromNodeModules: paths.filter((path) =>
			/node_modules\/(@aws-sdk|@smithy|js-tiktoken|llama3-tokenizer-js)\//.test(path),
		),
	};
}

async function main() {
	const credentials = {
		awsBedrockApi: JSON.parse(
			process.env.BEDROCK_CREDENTIAL ?? '{}',
		) as ICredentialDataDecryptedObject,
	};
	const before = loadedModules();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Bedrock } = require(BUILT_NODE) as { Bedrock: new () => INodeType };
	const nodeType = new Bedrock();
	const afterLoad = loadedModules();
	const model = (value: string) => ({ __rl: true, mode: 'id', value });
	const converse = await runWorkflow({
		nodes: [
			bedrockNode('Bedrock', {
				model: model('anthropic.claude-3-5-haiku-20241022-v1:0'),
				prompt: 'Rivers flow.',
			}),
		],
		input: [{ json: {} }],
		credentials,
		nodeType,
	});
	const afterConverse = loadedModules();
	const countTokens = async (modelId: string) => {
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Count', {
					operation: 'countTokens',
					model: model(modelId),
					prompt: 'Amazon Bedrock is a fully managed service.',
					options: { estimateOnly: true },
				}),
			],
			input: [{ json: {} }],
			credentials,
			nodeType,
		});
		return result.output('Count')[0].json;
	};
	const llama3 = await countTokens('meta.llama3-8b-instruct-v1:0');
	const gptOss = await countTokens('openai.gpt-oss-120b-1:0');
	console.log(
		JSON.stringify({
			before,
			afterLoad,
			description: {
				name: nodeType.description.name,
				credentials: nodeType.description.credentials,
			},
			converse: converse.error ?? converse.output('Bedrock')[0].json,
			afterConverse,
			countTokens: { llama3, gptOss },
			afterCountTokens: loadedModules(),
		}),
	);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);

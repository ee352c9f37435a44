/**
 * `npx tsx bench/embeddings.ts` (after `npm run build`): the Embeddings sub-node against n8n's own
 * Embeddings AWS Bedrock class (`BedrockInvokeModelEmbeddings`, loaded from the cached n8n 2.x
 * install with its own AWS SDK), embedding the same chunks through the same in-process emulator
 * with the same latency. Prints ratios (this sub-node ÷ n8n's): requests, wall time, CPU per chunk.
 * Both run in this process one after the other, each once to warm up and then measured.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../emulator';

interface Embedder {
	embedDocuments(texts: string[]): Promise<number[][]>;
}

const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.41.1';
const N8N_MODULES = join(
	homedir(),
	'.cache',
	'n8n-nodes-bedrock-e2e',
	`n8n-${N8N_VERSION}`,
	'node_modules',
);
const BUILT_IN = join(
	N8N_MODULES,
	'@n8n/n8n-nodes-langchain/dist/nodes/embeddings/EmbeddingsAwsBedrock/BedrockInvokeModelEmbeddings.js',
);
const DIST = join(__dirname, '..', 'dist', 'nodes');
const CHUNKS = 384;
const LATENCY_MS = 40;
const MODEL_ID = 'cohere.embed-english-v3';

const NODE: INode = {
	id: 'bench',
	name: 'Embeddings Amazon Bedrock',
	type: 'n8n-nodes-bedrock.embeddingsAmazonBedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/* eslint-disable @typescript-eslint/no-require-imports */
function ours(endpoint: string): { embedder: Embedder; close: () => Promise<void> } {
	const { BedrockEmbeddings } = require(join(DIST, 'EmbeddingsAmazonBedrock', 'embeddings.js'));
	const { readEmbeddingsSettings } = require(join(DIST, 'EmbeddingsAmazonBedrock', 'settings.js'));
	const { BedrockClients } = require(join(DIST, 'Bedrock', 'transport', 'clients.js'));
	const { toBedrockCredentials } = require(join(DIST, 'Bedrock', 'transport', 'credentials.js'));
	const credentials = toBedrockCredentials(n8nCredentialFor(endpoint));
	const context = {
		getNode: () => NODE,
		getNodeParameter: (name: string, _index: number, fallback: unknown) =>
			name === 'model' ? MODEL_ID : name === 'options' ? ({} as IDataObject) : fallback,
	};
	const settings = readEmbeddingsSettings(context, 0, credentials.region);
	const clients = new BedrockClients(credentials, settings.clientOptions);
	return {
		embedder: new BedrockEmbeddings(settings.embeddings, clients, NODE, []),
		close: async () => await clients.destroy(),
	};
}

function builtIn(endpoint: string): { embedder: Embedder; close: () => Promise<void> } {
	const { BedrockRuntimeClient } = require(join(N8N_MODULES, '@aws-sdk/client-bedrock-runtime'));
	const { BedrockInvokeModelEmbeddings } = require(BUILT_IN);
	const client = new BedrockRuntimeClient({
		region: EMULATOR_CREDENTIALS.region,
		endpoint,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
	});
	return {
		embedder: new BedrockInvokeModelEmbeddings({ client, model: MODEL_ID }),
		close: async () => client.destroy(),
	};
}
/* eslint-enable @typescript-eslint/no-require-imports */

interface Measured {
	requests: number;
	wallMs: number;
	cpuMsPerChunk: number;
}

async function main(): Promise<void> {
	// The SDK warns once that its 2027 releases need Node.js 22; the figures do not need the noise.
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	if (!existsSync(BUILT_IN))
		throw new Error(`n8n ${N8N_VERSION} is not installed at ${N8N_MODULES}`);
	if (!existsSync(join(DIST, 'EmbeddingsAmazonBedrock')))
		throw new Error('run npm run build first');
	const emulator = await start({ port: 0, latencyMs: LATENCY_MS });
	const chunks = Array.from(
		{ length: CHUNKS },
		(_unused, index) => `Chunk ${index} of the handbook: section ${index % 17}, page ${index % 5}.`,
	);
	const measure = async (make: typeof ours): Promise<Measured> => {
		const { embedder, close } = make(emulator.url);
		try {
			await embedder.embedDocuments(chunks.slice(0, 8));
			emulator.resetStats();
			const cpu = process.cpuUsage();
			const started = performance.now();
			const vectors = await embedder.embedDocuments(chunks);
			const wallMs = performance.now() - started;
			const used = process.cpuUsage(cpu);
			if (vectors.length !== CHUNKS) throw new Error(`${vectors.length} vectors for ${CHUNKS}`);
			return {
				requests: emulator.stats().byOperation.InvokeModel ?? 0,
				wallMs,
				cpuMsPerChunk: (used.user + used.system) / 1000 / CHUNKS,
			};
		} finally {
			await close();
		}
	};
	try {
		const builtInFigures = await measure(builtIn);
		const ourFigures = await measure(ours);
		const ratio = (key: keyof Measured) => (ourFigures[key] / builtInFigures[key]).toFixed(2);
		console.log(
			`${CHUNKS} chunks, ${MODEL_ID}, emulator latency ${LATENCY_MS} ms, n8n ${N8N_VERSION}'s Embeddings AWS Bedrock vs this sub-node (defaults)`,
		);
		console.log(
			`requests            ratio ${ratio('requests')} (${builtInFigures.requests} → ${ourFigures.requests})`,
		);
		console.log(`wall time           ratio ${ratio('wallMs')}`);
		console.log(`CPU per chunk       ratio ${ratio('cpuMsPerChunk')}`);
	} finally {
		await emulator.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});

/**
 * The Embeddings Amazon Bedrock sub-node inside n8n's own Simple Vector Store, in the real n8n app,
 * against the emulator: the RAG example inserts four handbook pages (Default Data Loader, Recursive
 * Character Text Splitter) and then retrieves with a question; the page that answers it comes back.
 * The emulator embeds texts as bags of words, so the page sharing the question's words is nearest.
 *
 * The vector store calls the sub-node's `embedDocuments`/`embedQuery` on a plain object: no
 * LangChain class of this package is involved. The same workflow runs with Cohere Embed (several
 * texts per request, `search_document` then `search_query`) and Nova Multimodal Embeddings.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { EMULATOR_CREDENTIALS, n8nCredentialFor, start } from '../../emulator';
import type { WorkflowFile } from './n8nApp';
import { BUILT_NODE_PATH, DEFAULT_N8N_VERSION, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'rag-simple-vector-store.json');
const CREDENTIAL = { id: 'e2eBedrockEmulator', name: 'AWS Bedrock (e2e emulator)' };
const AWS_CREDENTIAL = { id: 'e2eAwsEmulator', name: 'AWS (e2e emulator)' };
/** n8n 1.x's AWS credential has no Bedrock Runtime Endpoint: its own embeddings node cannot reach the emulator. */
const BUILT_IN_COMPARABLE = Number(DEFAULT_N8N_VERSION.split('.')[0]) >= 2;
const EMBEDDINGS_NODE = 'Embeddings Amazon Bedrock';

const built = existsSync(BUILT_NODE_PATH);
if (!built) console.warn('Skipping the embeddings end-to-end test: run `npm run build` first.');
if (built && !BUILT_IN_COMPARABLE) {
	console.warn(
		`Skipping the comparison with n8n's own Embeddings AWS Bedrock node on n8n ${DEFAULT_N8N_VERSION}: its AWS credential has no Bedrock Runtime Endpoint to point at the emulator.`,
	);
}
const describeBuilt = built ? describe : describe.skip;

interface Variant {
	id: string;
	modelId: string;
	options: Record<string, unknown>;
}

const VARIANTS: Variant[] = [
	{ id: 'ragTitan', modelId: 'amazon.titan-embed-text-v2:0', options: { dimensions: 512 } },
	{ id: 'ragCohere', modelId: 'cohere.embed-english-v3', options: {} },
	{
		id: 'ragNova',
		modelId: 'amazon.nova-2-multimodal-embeddings-v1:0',
		options: { dimensions: 1024 },
	},
];

function variantOf(example: WorkflowFile, variant: Variant): WorkflowFile {
	return {
		...example,
		id: variant.id,
		name: `${example.name} (${variant.modelId})`,
		nodes: example.nodes.map((node) => {
			const withCredential = node.credentials?.awsBedrockApi
				? { ...node, credentials: { awsBedrockApi: CREDENTIAL } }
				: node;
			if (node.name !== EMBEDDINGS_NODE) return withCredential;
			return {
				...withCredential,
				parameters: {
					...node.parameters,
					model: { __rl: true, mode: 'id', value: variant.modelId },
					options: variant.options,
				},
			};
		}),
	};
}

/** The same workflow with n8n's own Embeddings AWS Bedrock node (Cohere Embed English v3) instead. */
function withBuiltInEmbeddings(example: WorkflowFile): WorkflowFile {
	return {
		...example,
		id: 'ragBuiltInCohere',
		name: `${example.name} (n8n's Embeddings AWS Bedrock)`,
		nodes: example.nodes.map((node) =>
			node.name === EMBEDDINGS_NODE
				? {
						...node,
						type: '@n8n/n8n-nodes-langchain.embeddingsAwsBedrock',
						typeVersion: 1,
						parameters: { model: 'cohere.embed-english-v3', options: {} },
						credentials: { aws: AWS_CREDENTIAL },
					}
				: node,
		),
	};
}

describeBuilt(
	`Embeddings Amazon Bedrock in n8n ${DEFAULT_N8N_VERSION}'s Simple Vector Store`,
	() => {
		let emulator: RunningEmulator;
		let app: N8nApp;

		beforeAll(async () => {
			emulator = await start({ port: 0 });
			app = await N8nApp.create();
			await app.importCredentials([
				{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
				{
					...AWS_CREDENTIAL,
					type: 'aws',
					data: {
						region: EMULATOR_CREDENTIALS.region,
						accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
						secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
						customEndpoints: true,
						bedrockRuntimeEndpoint: emulator.url,
					},
				},
			]);
			const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
			await app.importWorkflows([
				...VARIANTS.map((variant) => variantOf(example, variant)),
				...(BUILT_IN_COMPARABLE ? [withBuiltInEmbeddings(example)] : []),
			]);
		});

		afterAll(async () => {
			await app?.dispose();
			await emulator?.close();
		});

		const invokes = (modelId: string) =>
			emulator.requests.filter(
				(request) => request.operation === 'InvokeModel' && request.modelId === modelId,
			);

		it.each(VARIANTS.map((variant) => [variant.modelId, variant]))(
			'%s: the store inserts the pages and the question finds the password page',
			async (_modelId, variant) => {
				const result = await app.execute(variant.id);
				expect(result.error?.message).toBeUndefined();
				expect(result.allItems('Insert into the store')).toHaveLength(4);
				const [hit] = result.items('Search the store');
				const document = hit?.document as { pageContent: string; metadata: { topic: string } };
				expect(document.pageContent).toContain('Password reset');
				expect(document.metadata.topic).toBe('account');
				expect(typeof hit?.score).toBe('number');

				const requests = invokes(variant.modelId);
				if (variant.modelId.startsWith('cohere.')) {
					// All four chunks in one request as documents, then the question as a query.
					expect(requests.map((request) => request.body)).toEqual([
						expect.objectContaining({ input_type: 'search_document', texts: expect.any(Array) }),
						expect.objectContaining({
							input_type: 'search_query',
							texts: ['How do I reset my password?'],
						}),
					]);
					expect((requests[0].body as { texts: string[] }).texts).toHaveLength(4);
				} else {
					// One text per request: four chunks and the question.
					expect(requests).toHaveLength(5);
				}
				if (variant.modelId.startsWith('amazon.titan')) {
					expect(requests[0].body).toMatchObject({ dimensions: 512, normalize: true });
				}
				if (variant.modelId.startsWith('amazon.nova')) {
					expect(requests.at(-1)?.body).toMatchObject({
						taskType: 'SINGLE_EMBEDDING',
						singleEmbeddingParams: { embeddingPurpose: 'TEXT_RETRIEVAL', embeddingDimension: 1024 },
					});
				}
			},
		);

		(BUILT_IN_COMPARABLE ? it : it.skip)(
			"n8n's own Embeddings AWS Bedrock node sends one Cohere request per text where this one batches",
			async () => {
				const before = invokes('cohere.embed-english-v3').length;
				const result = await app.execute('ragBuiltInCohere');
				expect(result.error?.message).toBeUndefined();
				const requests = invokes('cohere.embed-english-v3').slice(before);
				// Four chunks and the question, one request each (this sub-node: two requests in all).
				expect(requests).toHaveLength(5);
				expect(
					requests.every((request) => (request.body as { texts: string[] }).texts.length === 1),
				).toBe(true);
			},
		);
	},
);

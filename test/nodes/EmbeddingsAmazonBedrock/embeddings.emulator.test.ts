/**
 * The Embeddings Amazon Bedrock sub-node against the emulator through the real AWS SDK: what a
 * vector store gets from `supplyData` (the execution log included), how documents are split into
 * Bedrock-sized requests and come back in order, throttling absorbed by the batch runner, API
 * errors as NodeApiError with a remedy, and bad input refused before anything is sent.
 */
import type { IDataObject, INode, ISupplyDataFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RunningEmulator } from '../../../emulator';
import { n8nCredentialFor, start } from '../../../emulator';
import type { BatchClock } from '../../../nodes/Bedrock/transport/batch';
import { BedrockClients } from '../../../nodes/Bedrock/transport/clients';
import { toBedrockCredentials } from '../../../nodes/Bedrock/transport/credentials';
import { EmbeddingsAmazonBedrock } from '../../../nodes/EmbeddingsAmazonBedrock/EmbeddingsAmazonBedrock.node';
import { BedrockEmbeddings } from '../../../nodes/EmbeddingsAmazonBedrock/embeddings';
import { readEmbeddingsSettings } from '../../../nodes/EmbeddingsAmazonBedrock/settings';

const NODE: INode = {
	id: 'embeddings',
	name: 'Embeddings Amazon Bedrock',
	type: 'n8n-nodes-bedrock.embeddingsAmazonBedrock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

interface LogEntry {
	kind: 'input' | 'output';
	runIndex: number;
	data: unknown;
}

/** The part of n8n's SupplyDataContext the sub-node uses. */
function supplyContext(
	credentials: IDataObject,
	parameters: { model: string; options?: IDataObject },
	log: LogEntry[] = [],
): ISupplyDataFunctions {
	let runs = 0;
	const context = {
		getNode: () => NODE,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			if (name === 'model') return parameters.model;
			if (name === 'options') return parameters.options ?? {};
			return fallback;
		},
		addInputData: (_type: string, data: unknown) => {
			const runIndex = runs++;
			log.push({ kind: 'input', runIndex, data });
			return { index: runIndex };
		},
		addOutputData: (_type: string, runIndex: number, data: unknown) => {
			log.push({ kind: 'output', runIndex, data });
		},
		getExecutionCancelSignal: () => undefined,
	};
	return context as unknown as ISupplyDataFunctions;
}

/** A clock whose waits pass at once, so backoff costs the test no time. */
function instantClock(): BatchClock {
	let now = 0;
	return {
		now: () => now,
		random: () => 0.5,
		sleep: async (ms) => {
			now += ms;
		},
	};
}

let emulator: RunningEmulator;
let credentials: IDataObject;

beforeAll(async () => {
	emulator = await start({ port: 0, accessDeniedModels: ['cohere.embed-multilingual-v3'] });
	credentials = n8nCredentialFor(emulator.url);
});
afterAll(async () => await emulator.close());
beforeEach(async () => {
	emulator.requests.splice(0);
	await emulator.configure({ faults: {}, models: {} });
});

async function supplied(model: string, options: IDataObject = {}, log: LogEntry[] = []) {
	const { response, closeFunction } = await new EmbeddingsAmazonBedrock().supplyData.call(
		supplyContext(credentials, { model, options }, log),
		0,
	);
	return { embeddings: response as BedrockEmbeddings, close: closeFunction ?? (async () => {}) };
}

const pages = Array.from(
	{ length: 200 },
	(_unused, index) => `Page ${index}: topic ${index % 7} of the handbook`,
);

const sentTexts = () =>
	emulator.requests
		.filter((request) => request.operation === 'InvokeModel')
		.map((request) => (request.body as { texts: string[] }).texts);

describe('Embeddings Amazon Bedrock against the emulator', () => {
	it('gives the vector store embedDocuments and embedQuery, and logs each call', async () => {
		const log: LogEntry[] = [];
		const { embeddings, close } = await supplied(
			'amazon.titan-embed-text-v2:0',
			{ dimensions: 256 },
			log,
		);
		try {
			const vectors = await embeddings.embedDocuments(['refunds take 14 days', 'reset a password']);
			const query = await embeddings.embedQuery('how do I reset my password');
			expect(vectors.map((vector) => vector.length)).toEqual([256, 256]);
			expect(query).toHaveLength(256);
			// The query shares words with the second document: it is the nearer one.
			const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);
			expect(dot(query, vectors[1])).toBeGreaterThan(dot(query, vectors[0]));
			expect(log.map((entry) => [entry.kind, entry.runIndex])).toEqual([
				['input', 0],
				['output', 0],
				['input', 1],
				['output', 1],
			]);
			expect(log[0].data).toEqual([
				[{ json: { documents: ['refunds take 14 days', 'reset a password'] } }],
			]);
			expect(log[3].data).toEqual([[{ json: { response: query } }]]);
			expect(emulator.requests.map((request) => request.body)).toEqual([
				{ inputText: 'refunds take 14 days', dimensions: 256, normalize: true },
				{ inputText: 'reset a password', dimensions: 256, normalize: true },
				{ inputText: 'how do I reset my password', dimensions: 256, normalize: true },
			]);
		} finally {
			await close();
		}
	});

	it('sends Cohere documents 96 to a request, in order, and the vectors come back in input order', async () => {
		const { embeddings, close } = await supplied('cohere.embed-english-v3');
		try {
			const vectors = await embeddings.embedDocuments(pages);
			expect(sentTexts().map((texts) => texts.length)).toEqual([96, 96, 8]);
			expect(sentTexts().flat()).toEqual(pages);
			expect(vectors).toHaveLength(200);
			emulator.requests.splice(0);
			const alone = await embeddings.embedDocuments([pages[150], pages[3]]);
			expect(alone).toEqual([vectors[150], vectors[3]]);
			expect(emulator.requests[0].body).toMatchObject({ input_type: 'search_document' });
		} finally {
			await close();
		}
	});

	it('uses fewer texts per request when asked, and search_query for the query', async () => {
		const { embeddings, close } = await supplied('us.cohere.embed-v4:0', {
			textsPerRequest: 25,
			dimensions: 512,
			concurrency: 3,
		});
		try {
			const vectors = await embeddings.embedDocuments(pages.slice(0, 60));
			expect(sentTexts().map((texts) => texts.length)).toEqual([25, 25, 10]);
			expect(vectors.every((vector) => vector.length === 512)).toBe(true);
			await embeddings.embedQuery('topic 3');
			expect(emulator.requests.at(-1)?.body).toEqual({
				texts: ['topic 3'],
				input_type: 'search_query',
				truncate: 'RIGHT',
				embedding_types: ['float'],
				output_dimension: 512,
			});
		} finally {
			await close();
		}
	});

	it('embeds documents concurrently, never more at once than Concurrency', async () => {
		await emulator.configure({ models: { 'amazon.titan-embed-text-v2:0': { latencyMs: 25 } } });
		for (const concurrency of [4, 1]) {
			emulator.resetStats();
			const { embeddings, close } = await supplied('amazon.titan-embed-text-v2:0', { concurrency });
			try {
				await embeddings.embedDocuments(pages.slice(0, 12));
			} finally {
				await close();
			}
			const { peakInFlight, byOperation } = emulator.stats();
			expect(byOperation.InvokeModel).toBe(12);
			if (concurrency === 1) expect(peakInFlight).toBe(1);
			else {
				expect(peakInFlight).toBeGreaterThan(1);
				expect(peakInFlight).toBeLessThanOrEqual(concurrency);
			}
		}
	});

	it('rides out throttling with the batch runner’s backoff, keeping the order', async () => {
		await emulator.configure({
			models: { 'amazon.titan-embed-text-v2:0': { faults: { throttling: 0.4 } } },
		});
		const settings = readEmbeddingsSettings(
			supplyContext(credentials, { model: 'amazon.titan-embed-text-v2:0', options: {} }),
			0,
			'us-east-1',
		);
		const clients = new BedrockClients(
			toBedrockCredentials(credentials as never),
			settings.clientOptions,
		);
		const embeddings = new BedrockEmbeddings(settings.embeddings, clients, NODE, [], {
			clock: instantClock(),
		});
		try {
			const texts = pages.slice(0, 20);
			const vectors = await embeddings.embedDocuments(texts);
			expect(emulator.stats().throttled).toBeGreaterThan(0);
			await emulator.configure({ models: {} });
			const again = await embeddings.embedDocuments([texts[7], texts[19]]);
			expect(again).toEqual([vectors[7], vectors[19]]);
		} finally {
			await clients.destroy();
		}
	});

	it('turns an API failure into a NodeApiError with the HTTP status, AWS code and remedy', async () => {
		const log: LogEntry[] = [];
		const { embeddings, close } = await supplied('cohere.embed-multilingual-v3', {}, log);
		try {
			const failure = await embeddings.embedQuery('hello').catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(NodeApiError);
			const error = failure as NodeApiError;
			expect(error.message).toContain('AccessDeniedException');
			expect(error.httpCode).toBe('403');
			expect(error.description).toContain('bedrock:InvokeModel');
			expect(log.map((entry) => entry.kind)).toEqual(['input', 'output']);
			expect(log[1].data).toBe(failure);
		} finally {
			await close();
		}
	});

	it('refuses empty documents and queries before sending anything', async () => {
		const { embeddings, close } = await supplied('amazon.titan-embed-text-v2:0');
		try {
			await expect(embeddings.embedDocuments(['fine', ' '])).rejects.toThrow(
				'Document 1 to embed is empty',
			);
			await expect(embeddings.embedQuery('')).rejects.toThrow('The query to embed is empty');
			await expect(embeddings.embedDocuments([])).resolves.toEqual([]);
			expect(emulator.requests).toHaveLength(0);
		} finally {
			await close();
		}
	});

	it('refuses a Cohere v3 chunk too long for the model, naming the fix, before sending', async () => {
		const { embeddings, close } = await supplied('cohere.embed-english-v3');
		try {
			await expect(embeddings.embedDocuments(['ok', 'z'.repeat(3000)])).rejects.toThrow(
				"Lower the text splitter's chunk size",
			);
			expect(emulator.requests).toHaveLength(0);
		} finally {
			await close();
		}
	});
});

describe('the sub-node’s settings, checked before anything is sent', () => {
	const read = (model: string, options: IDataObject = {}, region = 'us-east-1') =>
		readEmbeddingsSettings(supplyContext(credentials, { model, options }), 0, region);

	it('refuses no model, a text model, an unknown ARN without a family and a length the model lacks', () => {
		expect(() => read('')).toThrow('No model is selected');
		expect(() => read('anthropic.claude-3-haiku-20240307-v1:0')).toThrow(
			'is not an embedding model (its family is Anthropic Claude, a text family)',
		);
		const profileArn =
			'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456';
		expect(() => read(profileArn)).toThrow('Choose it in Options → Model Family');
		expect(read(profileArn, { family: 'cohereEmbed' }).embeddings.familyName).toBe('Cohere Embed');
		expect(() => read('amazon.titan-embed-text-v2:0', { dimensions: 384 })).toThrow(
			'Dimensions 384 is not offered by Amazon Titan Text Embeddings: choose one of 1024, 512, 256',
		);
		expect(() => read('cohere.embed-english-v3', { dimensions: 512 })).toThrow(
			'makes vectors of one fixed length',
		);
		expect(() => read('amazon.titan-embed-text-v2:0', { family: 'cohereEmbed' })).toThrow(
			'Model Family is set to Cohere Embed',
		);
		for (const refused of [
			() => read(''),
			() => read('amazon.titan-embed-text-v2:0', { dimensions: 384 }),
		]) {
			expect(refused).toThrow(NodeOperationError);
		}
	});

	it('calls an ARN’s own region and refuses one of another partition', () => {
		const arn = 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0';
		expect(read(arn).embeddings.region).toBe('eu-central-1');
		expect(() =>
			read('arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.titan-embed-text-v2:0'),
		).toThrow('cannot cross partitions');
	});
});

/**
 * The rerank models Bedrock serves (Rerank API, knowledge base reranking). They are called by
 * foundation-model ARN and are offered in a few regions only (e.g. us-west-2, ca-central-1,
 * eu-central-1, ap-northeast-1).
 */
export const RERANK_MODELS: ReadonlyArray<{ id: string; name: string }> = [
	{ id: 'cohere.rerank-v3-5:0', name: 'Cohere Rerank 3.5' },
	{ id: 'amazon.rerank-v1:0', name: 'Amazon Rerank 1.0' },
];

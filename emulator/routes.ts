/**
 * Every API the emulator answers: method and path pattern (as the SDK serialises them, see the
 * `[_h]` / `[_ht]` traits in node_modules/@aws-sdk/client-bedrock-runtime/dist-cjs/index.js and
 * node_modules/@aws-sdk/client-bedrock/dist-cjs/index.js) to the operation in operations/. A
 * `{modelId}` parameter is recorded as the request's model identifier. First match wins.
 */
import type { Operation } from './context';
import type { CompiledPattern, RoutePattern } from './http/router';
import { compilePattern } from './http/router';
import {
	createModelInvocationJobOperation,
	getModelInvocationJobOperation,
	listModelInvocationJobsOperation,
	stopModelInvocationJobOperation,
} from './operations/batchJobs';
import { converseOperation, converseStreamOperation } from './operations/converse';
import { countTokensOperation } from './operations/countTokens';
import {
	getFoundationModelOperation,
	listFoundationModelsOperation,
} from './operations/foundationModels';
import {
	getInferenceProfileOperation,
	listInferenceProfilesOperation,
} from './operations/inferenceProfiles';
import { invokeModelOperation, invokeModelWithResponseStreamOperation } from './operations/invoke';
import {
	listAgentAliasesOperation,
	listAgentsOperation,
	listKnowledgeBasesOperation,
} from './operations/agentControlPlane';
import { invokeAgentOperation } from './operations/agents';
import { applyGuardrailOperation } from './operations/guardrail';
import {
	retrieveAndGenerateOperation,
	retrieveAndGenerateStreamOperation,
	retrieveOperation,
} from './operations/knowledgeBase';
import { rerankOperation } from './operations/rerank';
import {
	createBucketOperation,
	deleteBucketOperation,
	getBucketLocationOperation,
	headBucketOperation,
	listBucketsOperation,
	listObjectsV2Operation,
} from './operations/s3Buckets';
import {
	abortMultipartUploadOperation,
	completeMultipartUploadOperation,
	createMultipartUploadOperation,
	uploadPartOperation,
} from './operations/s3Multipart';
import {
	deleteObjectOperation,
	getObjectOperation,
	headObjectOperation,
	putObjectOperation,
} from './operations/s3Objects';
import { s3Operation } from './s3/operation';
import { S3Error } from './s3/errors';

export interface Route extends RoutePattern {
	operation: Operation;
}

/** `route('POST /model/{modelId}/converse', converseOperation)`. */
function route(methodAndPath: string, operation: Operation): CompiledPattern<Route> {
	const [method, path] = methodAndPath.split(' ');
	return compilePattern({ method, path, operation });
}

/** A bucket-level S3 route, with and without the trailing slash the SDK may send (`PUT /s3/bucket/`). */
function bucketRoute(
	method: string,
	query: string,
	operation: Operation,
): Array<CompiledPattern<Route>> {
	return ['/s3/{Bucket}', '/s3/{Bucket}/'].map((path) =>
		route(`${method} ${path}${query}`, operation),
	);
}

const s3NotImplemented = s3Operation('Unknown', () => {
	throw new S3Error('NotImplemented');
});

export const ROUTES: ReadonlyArray<CompiledPattern<Route>> = [
	// bedrock-runtime
	route('POST /model/{modelId}/converse', converseOperation),
	route('POST /model/{modelId}/converse-stream', converseStreamOperation),
	route('POST /model/{modelId}/invoke', invokeModelOperation),
	route(
		'POST /model/{modelId}/invoke-with-response-stream',
		invokeModelWithResponseStreamOperation,
	),
	route('POST /model/{modelId}/count-tokens', countTokensOperation),
	route(
		'POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply',
		applyGuardrailOperation,
	),
	// bedrock (control plane)
	route('GET /foundation-models', listFoundationModelsOperation),
	route('GET /foundation-models/{modelId}', getFoundationModelOperation),
	route('GET /inference-profiles', listInferenceProfilesOperation),
	route('GET /inference-profiles/{modelId}', getInferenceProfileOperation),
	route('POST /model-invocation-job', createModelInvocationJobOperation),
	route('GET /model-invocation-job/{jobIdentifier}', getModelInvocationJobOperation),
	route('POST /model-invocation-job/{jobIdentifier}/stop', stopModelInvocationJobOperation),
	route('GET /model-invocation-jobs', listModelInvocationJobsOperation),
	// bedrock-agent-runtime (see node_modules/@aws-sdk/client-bedrock-agent-runtime/dist-cjs/index.js)
	route('POST /knowledgebases/{knowledgeBaseId}/retrieve', retrieveOperation),
	route('POST /retrieveAndGenerate', retrieveAndGenerateOperation),
	route('POST /retrieveAndGenerateStream', retrieveAndGenerateStreamOperation),
	route(
		'POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text',
		invokeAgentOperation,
	),
	route('POST /rerank', rerankOperation),
	// bedrock-agent (see node_modules/@aws-sdk/client-bedrock-agent/dist-cjs/index.js)
	route('POST /knowledgebases/', listKnowledgeBasesOperation),
	route('POST /agents/', listAgentsOperation),
	route('POST /agents/{agentId}/agentaliases/', listAgentAliasesOperation),
	// S3, path style under /s3 (see node_modules/@aws-sdk/client-s3/dist-cjs/index.js); the
	// sub-resource in the query tells operations on the same path apart, so those routes come first.
	route('GET /s3', listBucketsOperation),
	route('GET /s3/', listBucketsOperation),
	...bucketRoute('GET', '?list-type=2', listObjectsV2Operation),
	...bucketRoute('GET', '?location', getBucketLocationOperation),
	...bucketRoute('PUT', '', createBucketOperation),
	...bucketRoute('HEAD', '', headBucketOperation),
	...bucketRoute('DELETE', '', deleteBucketOperation),
	route('POST /s3/{Bucket}/{Key+}?uploads', createMultipartUploadOperation),
	route('PUT /s3/{Bucket}/{Key+}?uploadId', uploadPartOperation),
	route('POST /s3/{Bucket}/{Key+}?uploadId', completeMultipartUploadOperation),
	route('DELETE /s3/{Bucket}/{Key+}?uploadId', abortMultipartUploadOperation),
	route('PUT /s3/{Bucket}/{Key+}', putObjectOperation),
	route('GET /s3/{Bucket}/{Key+}', getObjectOperation),
	route('HEAD /s3/{Bucket}/{Key+}', headObjectOperation),
	route('DELETE /s3/{Bucket}/{Key+}', deleteObjectOperation),
	...['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].map((method) =>
		route(`${method} /s3/{Path+}`, s3NotImplemented),
	),
];

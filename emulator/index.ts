/**
 * A local Amazon Bedrock (runtime and control plane) that the AWS SDK v3 talks to as to the real
 * service: cleartext HTTP/2 and HTTP/1.1 on one port, SigV4 and API-key authentication, Converse,
 * InvokeModel (native formats of every family), streaming, CountTokens, model and inference-profile
 * listings, quotas and fault injection. Deterministic: see engine.ts for the reply rule.
 */
import type { EmulatorOptions, RunningEmulator } from './options';
import { EmulatorServer } from './server';

export async function start(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
	return await new EmulatorServer(options).listen();
}

export { EMULATOR_CREDENTIALS, n8nCredentialFor, s3EndpointOf } from './options';
export type {
	AccessKey,
	AuthKind,
	BatchJobStatus,
	BatchLimits,
	EmulatorAgent,
	EmulatorGuardrail,
	EmulatorKnowledgeBase,
	EmulatorOptions,
	EmulatorStats,
	FaultName,
	FaultProbabilities,
	LatencyOption,
	ModelBehaviour,
	QuotaOptions,
	RecordedRequest,
	RunningEmulator,
} from './options';
export {
	defaultOptions,
	DEFAULT_AGENT,
	DEFAULT_BATCH_FAIL_MARKER,
	DEFAULT_BATCH_LIMITS,
	DEFAULT_BATCH_STATE_DELAY_MS,
	DEFAULT_BUCKET,
	DEFAULT_GUARDRAIL,
	DEFAULT_KNOWLEDGE_BASE,
} from './options';
export {
	countRequestTokens,
	countTokens,
	embed,
	firstSentences,
	generate,
	splitDeltas,
	tokenize,
	truncateToTokens,
	TOKENS_PER_IMAGE,
} from './engine';
export {
	baseModelId,
	DEFAULT_APPLICATION_INFERENCE_PROFILES,
	EMULATOR_ACCOUNT_ID,
	findModel,
	FOUNDATION_MODELS,
	foundationModelArn,
	applicationInferenceProfileArn,
	inferenceProfileArn,
	inferenceProfileSummaries,
	resolveModel,
} from './catalogue';
export type { ApplicationInferenceProfile, CatalogueModel } from './catalogue';
export { BedrockError, ERROR_STATUS, MESSAGES } from './errors';
export type { ErrorCode } from './errors';

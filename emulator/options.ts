import type { ApplicationInferenceProfile } from './catalogue';

export const EMULATOR_CREDENTIALS = {
	region: 'us-east-1',
	accessKeyId: 'AKIAEMULATORLOCAL000',
	secretAccessKey: 'emulator-secret-access-key-not-a-real-secret',
	apiKey: 'ABSKemulator-local-bedrock-api-key',
} as const;

/** The fields of n8n's "AWS Bedrock" credential (`awsBedrockApi`) for a node pointed at the emulator. */
export function n8nCredentialFor(url: string) {
	return {
		authentication: 'accessKeys',
		region: EMULATOR_CREDENTIALS.region,
		accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
		secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		runtimeEndpoint: url,
		controlPlaneEndpoint: url,
	};
}

export interface AccessKey {
	accessKeyId: string;
	secretAccessKey: string;
	/** When set, requests signed with this key must carry this session token. */
	sessionToken?: string;
	/** After this instant the session token is expired (ExpiredTokenException). */
	expiresAt?: Date;
}

export type FaultName =
	| 'throttling'
	| 'internalServer'
	| 'serviceUnavailable'
	| 'modelTimeout'
	| 'modelNotReady'
	| 'modelError'
	| 'dropConnection'
	| 'streamFailure';

/** Each fault's probability per request, 0..1. */
export type FaultProbabilities = Partial<Record<FaultName, number>>;

export interface QuotaOptions {
	/** Requests per sliding 60-second window. */
	requestsPerMinute?: number;
	/** Input + output tokens per sliding 60-second window. */
	tokensPerMinute?: number;
}

export type LatencyOption = number | { min: number; max: number };

/** The options that can also be set per model (keyed by base model ID) in `models`. */
export interface ModelBehaviour {
	/** Delay before a non-streaming response is sent. */
	latencyMs: LatencyOption;
	/** Delay before the first event of a stream. */
	timeToFirstTokenMs: LatencyOption;
	/** Delay between stream events. */
	chunkDelayMs: LatencyOption;
	quota: QuotaOptions;
	faults: FaultProbabilities;
	/** Pads each reply's text with filler to this many bytes (memory benchmarks). */
	streamReplyBytes?: number;
}

export interface EmulatorOptions extends ModelBehaviour {
	/** 0 picks a free port. */
	port: number;
	/** Always 127.0.0.1 unless changed. */
	host: string;
	accessKeys: AccessKey[];
	/** Bedrock API keys accepted as `Authorization: Bearer <key>`. */
	apiKeys: string[];
	/** Whether unsigned requests are accepted (never in tests of authentication). */
	allowAnonymous: boolean;
	/** Base model IDs answered with AccessDeniedException. */
	accessDeniedModels: string[];
	applicationInferenceProfiles: ApplicationInferenceProfile[];
	/** Seed of the PRNG behind faults and latency ranges, so runs are reproducible. */
	seed: number;
	/** Per-model overrides, keyed by base model ID. */
	models: Record<string, Partial<ModelBehaviour>>;
}

export type AuthKind = 'sigv4' | 'bearer' | 'none';

export interface RecordedRequest {
	method: string;
	path: string;
	operation: string;
	/** The model identifier from the path, percent-decoded. */
	modelId?: string;
	/** The parsed JSON body (for InvokeModel, the model's native body). */
	body?: unknown;
	auth: AuthKind;
	httpVersion: string;
	/** The HTTP status the emulator answered (0 when the connection was dropped). */
	status?: number;
}

export interface EmulatorStats {
	/** Every request received, including refused ones. */
	requests: number;
	/** Inference requests by base model ID (after the model identifier resolved). */
	byModel: Record<string, number>;
	/** By SDK operation name: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens, ListFoundationModels, ... */
	byOperation: Record<string, number>;
	/** ThrottlingException answers, from quotas and from the `throttling` fault. */
	throttled: number;
	/** Injected faults by name. */
	faults: Record<string, number>;
}

export interface RunningEmulator {
	url: string;
	port: number;
	close(): Promise<void>;
	stats(): EmulatorStats;
	resetStats(): void;
	requests: RecordedRequest[];
	configure(partial: Partial<EmulatorOptions>): void;
}

/** The options `start()` fills in for what it is not given. */
export function defaultOptions(): EmulatorOptions {
	return {
		port: 0,
		host: '127.0.0.1',
		accessKeys: [
			{
				accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
				secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
			},
		],
		apiKeys: [EMULATOR_CREDENTIALS.apiKey],
		allowAnonymous: false,
		accessDeniedModels: [],
		applicationInferenceProfiles: [
			{
				id: 'emulator0001',
				name: 'emulator-claude-3-5-haiku',
				modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
				description: 'Application inference profile for cost tracking',
			},
		],
		seed: 1,
		models: {},
		latencyMs: 0,
		timeToFirstTokenMs: 0,
		chunkDelayMs: 0,
		quota: {},
		faults: {},
	};
}

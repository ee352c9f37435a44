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
		agentRuntimeEndpoint: url,
		agentEndpoint: url,
		s3Endpoint: s3EndpointOf(url),
	};
}

/** Where the emulator serves S3 (path style): under `/s3` on its one port. */
export function s3EndpointOf(url: string): string {
	return `${url.replace(/\/$/, '')}/s3`;
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
	/** Knowledge bases (Retrieve, RetrieveAndGenerate, ListKnowledgeBases). */
	knowledgeBases: EmulatorKnowledgeBase[];
	/** Agents and their aliases (InvokeAgent, ListAgents, ListAgentAliases). */
	agents: EmulatorAgent[];
	/** Guardrails (ApplyGuardrail, and RetrieveAndGenerate's guardrail configuration). */
	guardrails: EmulatorGuardrail[];
	/** IAM actions the caller may not perform (e.g. `bedrock:Retrieve`, `s3:PutObject`): AccessDeniedException as IAM words it. */
	deniedActions: string[];
	/** S3 buckets that exist from the start (more can be created with CreateBucket). */
	s3Buckets: string[];
	/** Whether a PutObject or CreateMultipartUpload to a missing bucket creates it (S3 answers NoSuchBucket). */
	s3AutoCreateBuckets: boolean;
	/** The smallest part but the last of a multipart upload (S3: 5 MiB); lower it to test with small files. */
	s3MinPartBytes: number;
	/** Regions of buckets outside the emulator's region (HeadBucket's `x-amz-bucket-region`; requests signed for another region are refused). */
	s3BucketRegions: Record<string, string>;
	/**
	 * How long a batch inference job stays in each state before the next (ms): one number for every
	 * state, or per state (`{ InProgress: 5000 }`; the others keep DEFAULT_BATCH_STATE_DELAY_MS).
	 * Env: EMULATOR_BATCH_STATE_DELAY_MS (a number or such a JSON object).
	 */
	batchStateDelayMs: number | Partial<Record<BatchJobStatus, number>>;
	/** How long one hour of `timeoutDurationInHours` lasts (ms; real: 3600000). Env: EMULATOR_BATCH_HOUR_MS. */
	batchHourMs: number;
	/** A record whose line contains this text fails (an error object in the output). Env: EMULATOR_BATCH_FAIL_MARKER. */
	batchFailMarker: string;
	/** Bedrock's batch inference quotas the jobs are checked against. */
	batchLimits: BatchLimits;
}

export type BatchJobStatus =
	| 'Submitted'
	| 'Validating'
	| 'Scheduled'
	| 'InProgress'
	| 'Completed'
	| 'PartiallyCompleted'
	| 'Failed'
	| 'Stopping'
	| 'Stopped'
	| 'Expired';

/**
 * Bedrock's default batch inference quotas (https://docs.aws.amazon.com/general/latest/gr/bedrock.html#limits_bedrock,
 * "Minimum number of records per batch inference job", "Records per batch inference job", "Records
 * per input file per batch inference job", "Batch inference input file size", "Batch inference job
 * size", "Sum of in-progress and submitted batch inference jobs").
 */
export interface BatchLimits {
	minRecordsPerJob: number;
	maxRecordsPerJob: number;
	maxRecordsPerFile: number;
	maxInputFileBytes: number;
	maxJobBytes: number;
	/** The largest record (one JSONL line) accepted: the emulator's own limit (Bedrock documents none per record; the model's context window applies). */
	maxRecordBytes: number;
	/** Jobs submitted or in progress at once, per model. */
	maxActiveJobsPerModel: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
	minRecordsPerJob: 100,
	maxRecordsPerJob: 50_000,
	maxRecordsPerFile: 50_000,
	maxInputFileBytes: 1024 ** 3,
	maxJobBytes: 5 * 1024 ** 3,
	maxRecordBytes: 1024 ** 2,
	maxActiveJobsPerModel: 20,
};

export const DEFAULT_BATCH_STATE_DELAY_MS = 25;
export const DEFAULT_BATCH_FAIL_MARKER = 'EMULATOR_FAIL_RECORD';

/** `EMULATOR_BATCH_STATE_DELAY_MS=50` or `EMULATOR_BATCH_STATE_DELAY_MS='{"InProgress":2000}'`. */
function batchStateDelayFromEnvironment(): EmulatorOptions['batchStateDelayMs'] {
	const value = process.env.EMULATOR_BATCH_STATE_DELAY_MS;
	if (value === undefined || value === '') return DEFAULT_BATCH_STATE_DELAY_MS;
	if (/^\d+$/.test(value.trim())) return Number(value);
	try {
		return JSON.parse(value) as Partial<Record<BatchJobStatus, number>>;
	} catch {
		throw new Error(
			`EMULATOR_BATCH_STATE_DELAY_MS must be a number of milliseconds or a JSON object such as {"InProgress":2000}, not ${value}`,
		);
	}
}

/** One document (chunk) of an emulated knowledge base. */
export interface KnowledgeBaseDocument {
	text: string;
	/** Its S3 location; default `s3://emulator-kb-<kb id>/doc-<n>.txt`. */
	uri?: string;
	metadata?: Record<string, unknown>;
}

export interface EmulatorKnowledgeBase {
	/** Up to 10 letters and digits, as Bedrock's. */
	id: string;
	name: string;
	description?: string;
	/** `ACTIVE` unless set: other states refuse retrieval. */
	status?: string;
	/** Whether the vector store supports hybrid search (default true). */
	hybridSearch?: boolean;
	documents: KnowledgeBaseDocument[];
}

export interface EmulatorAgentAlias {
	id: string;
	name: string;
	agentVersion?: string;
	status?: string;
}

/** An action group function whose result the agent asks the workflow for (return of control). */
export interface EmulatorReturnControlFunction {
	actionGroup: string;
	/** The agent returns control when the user's text names this function or one of `keywords`. */
	function: string;
	keywords?: string[];
	/** Parameter names; each is filled with the user's text. */
	parameters?: string[];
}

export interface EmulatorAgent {
	id: string;
	name: string;
	description?: string;
	/** `PREPARED` unless set. */
	status?: string;
	/** Besides TSTALIASID (the working draft), which every agent has. */
	aliases?: EmulatorAgentAlias[];
	/** The agent answers from this knowledge base, with citations. */
	knowledgeBaseId?: string;
	returnControl?: EmulatorReturnControlFunction[];
}

export type GuardrailFilterAction = 'BLOCK' | 'ANONYMIZE';

/** A guardrail: what it blocks or masks, matched case-insensitively in the checked text. */
export interface EmulatorGuardrail {
	/** Lower-case letters and digits, as Bedrock's. */
	id: string;
	name?: string;
	/** Versions that exist (default DRAFT only). */
	versions?: string[];
	deniedTopics?: Array<{ name: string; keywords: string[] }>;
	contentFilters?: Array<{ type: string; keywords: string[]; strength?: string }>;
	blockedWords?: string[];
	/** PII entity types: EMAIL, PHONE, US_SOCIAL_SECURITY_NUMBER, CREDIT_DEBIT_CARD_NUMBER, IP_ADDRESS. */
	piiEntities?: Array<{ type: string; action: GuardrailFilterAction }>;
	regexes?: Array<{ name: string; pattern: string; action: GuardrailFilterAction }>;
	/** Contextual grounding thresholds (0..1) for replies checked with a grounding source / query. */
	contextualGrounding?: { grounding?: number; relevance?: number };
	blockedInputMessaging?: string;
	blockedOutputsMessaging?: string;
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
	/**
	 * The caller's application ID, the `app/<id>` the AWS SDK adds to its User-Agent when the client
	 * has `userAgentAppId` (or AWS_SDK_UA_APP_ID, or `sdk_ua_app_id` in the profile): which of several
	 * processes sharing one account sent the request.
	 */
	appId?: string;
	/** What refused an inference request before the model ran: a quota, or an injected fault. */
	refusedBy?: 'quota' | FaultName;
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
	/** The most requests being answered at the same time: how concurrently a client sent them. */
	peakInFlight: number;
}

export interface RunningEmulator {
	url: string;
	/** The S3 endpoint (`<url>/s3`): give it to an S3Client with `forcePathStyle: true`. */
	s3Endpoint: string;
	port: number;
	close(): Promise<void>;
	stats(): EmulatorStats;
	/** TCP connections accepted since start (an HTTP/2 session is one connection). */
	connections(): number;
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
		knowledgeBases: [DEFAULT_KNOWLEDGE_BASE],
		agents: [DEFAULT_AGENT],
		guardrails: [DEFAULT_GUARDRAIL],
		deniedActions: [],
		s3Buckets: [DEFAULT_BUCKET],
		s3AutoCreateBuckets: false,
		s3MinPartBytes: 5 * 1024 * 1024,
		s3BucketRegions: {},
		batchStateDelayMs: batchStateDelayFromEnvironment(),
		batchHourMs: Number(process.env.EMULATOR_BATCH_HOUR_MS || 3_600_000),
		batchFailMarker: process.env.EMULATOR_BATCH_FAIL_MARKER || DEFAULT_BATCH_FAIL_MARKER,
		batchLimits: DEFAULT_BATCH_LIMITS,
		latencyMs: 0,
		timeToFirstTokenMs: 0,
		chunkDelayMs: 0,
		quota: {},
		faults: {},
	};
}

/** The bucket the emulator's S3 has unless a test sets its own list. */
export const DEFAULT_BUCKET = 'emulator-batch';

/** The knowledge base the emulator has unless a test sets its own. */
export const DEFAULT_KNOWLEDGE_BASE: EmulatorKnowledgeBase = {
	id: 'EMULATORKB',
	name: 'emulator-product-docs',
	description: 'Product documentation of the emulator',
	documents: [
		{
			text: 'Amazon Bedrock is a managed service for foundation models. It serves models of many providers through one API.',
			metadata: { category: 'overview', year: 2023 },
		},
		{
			text: 'Refunds are paid within 14 days. Ask for a refund on the orders page of your account.',
			metadata: { category: 'billing', year: 2024 },
		},
		{
			text: 'Knowledge bases store documents as vectors. A retrieval finds the passages closest to a query.',
			metadata: { category: 'overview', year: 2024 },
		},
		{
			text: 'Invoices are sent by email at the start of each month. They list every charge of the past month.',
			metadata: { category: 'billing', year: 2025 },
		},
	],
};

export const DEFAULT_AGENT: EmulatorAgent = {
	id: 'EMULATORAG',
	name: 'emulator-support-agent',
	description: 'Answers support questions from the product documentation',
	aliases: [{ id: 'PRODALIAS1', name: 'production', agentVersion: '1' }],
	knowledgeBaseId: 'EMULATORKB',
	returnControl: [
		{
			actionGroup: 'orders',
			function: 'get_order_status',
			keywords: ['order status', 'where is my order'],
			parameters: ['orderId'],
		},
	],
};

export const DEFAULT_GUARDRAIL: EmulatorGuardrail = {
	id: 'emulatorguard',
	name: 'emulator-guardrail',
	versions: ['DRAFT', '1'],
	deniedTopics: [{ name: 'Investment advice', keywords: ['stocks', 'invest'] }],
	contentFilters: [{ type: 'VIOLENCE', keywords: ['kill', 'attack'] }],
	blockedWords: ['confidential'],
	piiEntities: [
		{ type: 'EMAIL', action: 'ANONYMIZE' },
		{ type: 'US_SOCIAL_SECURITY_NUMBER', action: 'BLOCK' },
	],
	regexes: [{ name: 'ORDER_NUMBER', pattern: 'ORD-[0-9]{6}', action: 'ANONYMIZE' }],
	contextualGrounding: { grounding: 0.5, relevance: 0.5 },
	blockedInputMessaging: 'Sorry, I cannot answer that.',
	blockedOutputsMessaging: 'Sorry, the answer was blocked.',
};

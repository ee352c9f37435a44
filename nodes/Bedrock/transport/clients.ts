import type { BedrockClient, BedrockClientConfig } from '@aws-sdk/client-bedrock';
import type {
	BedrockRuntimeClient,
	BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import type { BedrockAgentClient, BedrockAgentClientConfig } from '@aws-sdk/client-bedrock-agent';
import type {
	BedrockAgentRuntimeClient,
	BedrockAgentRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

import { sleep } from 'n8n-workflow';

import type { BedrockCredentials } from './credentials';
import {
	loadAgentRuntimeSdk,
	loadAgentSdk,
	loadControlPlaneSdk,
	loadRuntimeSdk,
	loadS3Sdk,
} from './sdk';

export type HttpVersion = 'http2' | 'http1';

export interface ClientOptions {
	/** Attempts per request, the first included (the SDK's `maxAttempts`). */
	maxAttempts?: number;
	retryMode?: 'standard' | 'adaptive';
	/** Milliseconds a request may wait for the next bytes before it fails; 0 for no limit. */
	requestTimeoutMs?: number;
	httpVersion?: HttpVersion;
	/** How many requests may be in flight at once: sizes the HTTP/1.1 socket pool. */
	maxConcurrency?: number;
}

export class CredentialConfigurationError extends Error {
	override name = 'CredentialConfigurationError';
}

export const USER_AGENT = 'n8n-nodes-bedrock';

/** The part of the client configuration that both Bedrock clients share. */
export interface SharedClientConfig {
	region: string;
	maxAttempts: number;
	retryMode: 'standard' | 'adaptive';
	customUserAgent: string;
	credentials?: AwsCredentialIdentityProvider;
	token?: { token: string };
	authSchemePreference?: string[];
}

async function credentialProvider(
	credentials: BedrockCredentials,
): Promise<AwsCredentialIdentityProvider | undefined> {
	const { fromNodeProviderChain, fromTemporaryCredentials } = await import(
		'@aws-sdk/credential-providers'
	);
	let base: AwsCredentialIdentityProvider;
	if (credentials.authentication === 'accessKeys') {
		if (!credentials.accessKeyId || !credentials.secretAccessKey) {
			throw new CredentialConfigurationError(
				'The AWS Bedrock credential uses Access Keys but its Access Key ID or Secret Access Key is empty. Fill both in, or switch Authentication to Default Credential Chain.',
			);
		}
		const identity = {
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			sessionToken: credentials.sessionToken,
		};
		base = async () => identity;
	} else if (credentials.authentication === 'defaultChain') {
		base = fromNodeProviderChain();
	} else {
		return undefined;
	}
	if (!credentials.assumeRole) return base;
	if (!credentials.roleArn) {
		throw new CredentialConfigurationError(
			'The AWS Bedrock credential has Assume Role on but no Role ARN. Enter the ARN of the role to assume, e.g. arn:aws:iam::123456789012:role/BedrockInvoke.',
		);
	}
	return fromTemporaryCredentials({
		masterCredentials: base,
		params: {
			RoleArn: credentials.roleArn,
			RoleSessionName: credentials.roleSessionName ?? 'n8n-bedrock',
			ExternalId: credentials.externalId,
		},
		clientConfig: { region: credentials.region },
	});
}

/** Resolves the credential into the SDK configuration both clients share (pure but for lazy imports). */
export async function sharedClientConfig(
	credentials: BedrockCredentials,
	options: ClientOptions,
	region: string,
): Promise<SharedClientConfig> {
	const config: SharedClientConfig = {
		region,
		maxAttempts: options.maxAttempts ?? 3,
		retryMode: options.retryMode ?? 'standard',
		customUserAgent: USER_AGENT,
	};
	if (credentials.authentication === 'apiKey') {
		if (!credentials.apiKey) {
			throw new CredentialConfigurationError(
				'The AWS Bedrock credential uses a Bedrock API key but the API Key field is empty.',
			);
		}
		config.token = { token: credentials.apiKey };
		config.authSchemePreference = ['httpBearerAuth'];
	} else {
		config.credentials = await credentialProvider(credentials);
	}
	return config;
}

async function requestHandler(options: ClientOptions) {
	const { NodeHttp2Handler, NodeHttpHandler } = await import('@smithy/node-http-handler');
	const requestTimeout = options.requestTimeoutMs || undefined;
	if (options.httpVersion === 'http1') {
		const maxSockets = Math.max(options.maxConcurrency ?? 50, 1);
		// Agent options rather than agents: the handler builds the keep-alive agents itself.
		return new NodeHttpHandler({
			requestTimeout,
			httpAgent: { keepAlive: true, maxSockets },
			httpsAgent: { keepAlive: true, maxSockets },
		});
	}
	// The runtime client's default handler opens one HTTP/2 session per request
	// (disableConcurrentStreams: true); a batch shares one session instead.
	return new NodeHttp2Handler({ requestTimeout, disableConcurrentStreams: false });
}

/** The AWS services the node calls, each with its own client and endpoint override. */
export type BedrockService = 'runtime' | 'controlPlane' | 'agentRuntime' | 'agent' | 's3';

interface DestroyableClient {
	destroy(): void;
}

/**
 * The AWS clients of one execution: created on first use, then shared by every item (one per
 * service and region, since an ARN's region overrides the credential's), and destroyed when the
 * execution ends.
 */
export class BedrockClients {
	private readonly clients = new Map<string, Promise<DestroyableClient>>();

	private shared?: Promise<Omit<SharedClientConfig, 'region'>>;

	constructor(
		readonly credentials: BedrockCredentials,
		readonly options: ClientOptions = {},
	) {}

	private sharedConfig(): Promise<Omit<SharedClientConfig, 'region'>> {
		this.shared ??= sharedClientConfig(this.credentials, this.options, this.credentials.region);
		return this.shared;
	}

	private client<T extends DestroyableClient>(
		service: BedrockService,
		region: string,
		create: (config: SharedClientConfig & { requestHandler: unknown }) => Promise<T>,
	): Promise<T> {
		const key = `${service} ${region}`;
		let client = this.clients.get(key) as Promise<T> | undefined;
		if (!client) {
			client = (async () =>
				await create({
					...(await this.sharedConfig()),
					region,
					requestHandler: await requestHandler(this.options),
				}))();
			this.clients.set(key, client);
			client.catch(() => this.clients.delete(key));
		}
		return client;
	}

	/** `bedrock-runtime`: Converse, InvokeModel, CountTokens, ApplyGuardrail. */
	runtime(region = this.credentials.region): Promise<BedrockRuntimeClient> {
		return this.client('runtime', region, async (config) => {
			const { BedrockRuntimeClient } = await loadRuntimeSdk();
			return new BedrockRuntimeClient({
				...(config as BedrockRuntimeClientConfig),
				endpoint: this.credentials.runtimeEndpoint,
			});
		});
	}

	/** `bedrock`: model and profile listings, batch inference jobs. */
	controlPlane(region = this.credentials.region): Promise<BedrockClient> {
		return this.client('controlPlane', region, async (config) => {
			const { BedrockClient } = await loadControlPlaneSdk();
			return new BedrockClient({
				...(config as BedrockClientConfig),
				endpoint: this.credentials.controlPlaneEndpoint,
			});
		});
	}

	/** `bedrock-agent-runtime`: knowledge base retrieval, agents, rerank. */
	agentRuntime(region = this.credentials.region): Promise<BedrockAgentRuntimeClient> {
		return this.client('agentRuntime', region, async (config) => {
			this.refuseApiKeyForAgents();
			const { BedrockAgentRuntimeClient } = await loadAgentRuntimeSdk();
			return new BedrockAgentRuntimeClient({
				...(config as BedrockAgentRuntimeClientConfig),
				endpoint: this.credentials.agentRuntimeEndpoint,
			});
		});
	}

	/** `bedrock-agent`: the lists of knowledge bases, agents and aliases. */
	agent(region = this.credentials.region): Promise<BedrockAgentClient> {
		return this.client('agent', region, async (config) => {
			this.refuseApiKeyForAgents();
			const { BedrockAgentClient } = await loadAgentSdk();
			return new BedrockAgentClient({
				...(config as BedrockAgentClientConfig),
				endpoint: this.credentials.agentEndpoint,
			});
		});
	}

	/** Bedrock API keys only sign `bedrock` and `bedrock-runtime` calls, as AWS documents. */
	private refuseApiKeyForAgents(): void {
		if (this.credentials.authentication === 'apiKey') {
			throw new CredentialConfigurationError(
				'A Bedrock API key cannot call Knowledge Bases, Agents or Rerank (AWS limits API keys to the bedrock and bedrock-runtime APIs). Use Access Keys or the Default Credential Chain for these operations.',
			);
		}
	}

	/**
	 * S3, for batch inference files. With an endpoint override (an S3-compatible server, a VPC
	 * endpoint) addressing is path-style. S3 has no Bedrock API keys: those credentials fail here.
	 */
	s3(region = this.credentials.region): Promise<S3Client> {
		return this.client('s3', region, async (config) => {
			if (this.credentials.authentication === 'apiKey') {
				throw new CredentialConfigurationError(
					'A Bedrock API key cannot read or write S3. Use Access Keys or the Default Credential Chain for batch jobs.',
				);
			}
			const { S3Client } = await loadS3Sdk();
			const s3Config: S3ClientConfig = {
				region: config.region,
				maxAttempts: config.maxAttempts,
				retryMode: config.retryMode,
				customUserAgent: config.customUserAgent,
				credentials: config.credentials,
				requestHandler: config.requestHandler as S3ClientConfig['requestHandler'],
			};
			return new S3Client({
				...s3Config,
				endpoint: this.credentials.s3Endpoint,
				forcePathStyle: this.credentials.s3Endpoint !== undefined,
			});
		});
	}

	async destroy(): Promise<void> {
		const clients = [...this.clients.values()];
		this.clients.clear();
		const settled = await Promise.allSettled(clients);
		// Streams cancelled by an abort close asynchronously inside Node's HTTP/2 layer: destroying
		// their session in the same turn has crashed Node 20's native HTTP/2 code, so wait a turn.
		await sleep(0);
		for (const result of settled) {
			if (result.status === 'fulfilled') result.value.destroy();
		}
	}
}

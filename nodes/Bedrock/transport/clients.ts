import type { BedrockClient, BedrockClientConfig } from '@aws-sdk/client-bedrock';
import type {
	BedrockRuntimeClient,
	BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

import { sleep } from 'n8n-workflow';

import type { BedrockCredentials } from './credentials';
import { loadControlPlaneSdk, loadRuntimeSdk } from './sdk';

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
		const http = await import('node:http');
		const https = await import('node:https');
		const maxSockets = Math.max(options.maxConcurrency ?? 50, 1);
		return new NodeHttpHandler({
			requestTimeout,
			httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
			httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
		});
	}
	// The runtime client's default handler opens one HTTP/2 session per request
	// (disableConcurrentStreams: true); a batch shares one session instead.
	return new NodeHttp2Handler({ requestTimeout, disableConcurrentStreams: false });
}

/**
 * The Bedrock clients of one execution: created on first use, then shared by every item (one per
 * region, since an ARN's region overrides the credential's), and destroyed when the execution ends.
 */
export class BedrockClients {
	private readonly runtimeClients = new Map<string, Promise<BedrockRuntimeClient>>();

	private readonly controlPlaneClients = new Map<string, Promise<BedrockClient>>();

	private shared?: Promise<Omit<SharedClientConfig, 'region'>>;

	constructor(
		readonly credentials: BedrockCredentials,
		readonly options: ClientOptions = {},
	) {}

	private sharedConfig(): Promise<Omit<SharedClientConfig, 'region'>> {
		this.shared ??= sharedClientConfig(this.credentials, this.options, this.credentials.region);
		return this.shared;
	}

	runtime(region = this.credentials.region): Promise<BedrockRuntimeClient> {
		let client = this.runtimeClients.get(region);
		if (!client) {
			client = this.createRuntime(region);
			this.runtimeClients.set(region, client);
			client.catch(() => this.runtimeClients.delete(region));
		}
		return client;
	}

	controlPlane(region = this.credentials.region): Promise<BedrockClient> {
		let client = this.controlPlaneClients.get(region);
		if (!client) {
			client = this.createControlPlane(region);
			this.controlPlaneClients.set(region, client);
			client.catch(() => this.controlPlaneClients.delete(region));
		}
		return client;
	}

	private async createRuntime(region: string): Promise<BedrockRuntimeClient> {
		const { BedrockRuntimeClient } = await loadRuntimeSdk();
		const config: BedrockRuntimeClientConfig = {
			...(await this.sharedConfig()),
			region,
			requestHandler: await requestHandler(this.options),
		};
		if (this.credentials.runtimeEndpoint) config.endpoint = this.credentials.runtimeEndpoint;
		return new BedrockRuntimeClient(config);
	}

	private async createControlPlane(region: string): Promise<BedrockClient> {
		const { BedrockClient } = await loadControlPlaneSdk();
		const config: BedrockClientConfig = {
			...(await this.sharedConfig()),
			region,
			requestHandler: await requestHandler(this.options),
		};
		if (this.credentials.controlPlaneEndpoint) {
			config.endpoint = this.credentials.controlPlaneEndpoint;
		}
		return new BedrockClient(config);
	}

	async destroy(): Promise<void> {
		const clients = [...this.runtimeClients.values(), ...this.controlPlaneClients.values()];
		this.runtimeClients.clear();
		this.controlPlaneClients.clear();
		const settled = await Promise.allSettled(clients);
		// Streams cancelled by an abort close asynchronously inside Node's HTTP/2 layer: destroying
		// their session in the same turn has crashed Node 20's native HTTP/2 code, so wait a turn.
		await sleep(0);
		for (const result of settled) {
			if (result.status === 'fulfilled') result.value.destroy();
		}
	}
}

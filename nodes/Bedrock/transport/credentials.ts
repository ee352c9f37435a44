import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type AuthenticationMethod = 'accessKeys' | 'apiKey' | 'defaultChain';

/** The `awsBedrockApi` credential's fields, typed. */
export interface BedrockCredentials {
	authentication: AuthenticationMethod;
	region: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
	apiKey?: string;
	assumeRole?: boolean;
	roleArn?: string;
	externalId?: string;
	roleSessionName?: string;
	runtimeEndpoint?: string;
	controlPlaneEndpoint?: string;
	agentRuntimeEndpoint?: string;
	agentEndpoint?: string;
	s3Endpoint?: string;
}

function optionalString(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

export function toBedrockCredentials(data: ICredentialDataDecryptedObject): BedrockCredentials {
	const authentication = (optionalString(data.authentication) ??
		'accessKeys') as AuthenticationMethod;
	return {
		authentication,
		region: optionalString(data.region) ?? 'us-east-1',
		accessKeyId: optionalString(data.accessKeyId),
		secretAccessKey: optionalString(data.secretAccessKey),
		sessionToken: optionalString(data.sessionToken),
		apiKey: optionalString(data.apiKey),
		assumeRole: data.assumeRole === true,
		roleArn: optionalString(data.roleArn),
		externalId: optionalString(data.externalId),
		roleSessionName: optionalString(data.roleSessionName),
		runtimeEndpoint: optionalString(data.runtimeEndpoint),
		controlPlaneEndpoint: optionalString(data.controlPlaneEndpoint),
		agentRuntimeEndpoint: optionalString(data.agentRuntimeEndpoint),
		agentEndpoint: optionalString(data.agentEndpoint),
		s3Endpoint: optionalString(data.s3Endpoint),
	};
}

/** Values that must never appear in an output item, an error or a log line. */
export function secretValues(credentials: BedrockCredentials): string[] {
	return [credentials.secretAccessKey, credentials.sessionToken, credentials.apiKey].filter(
		(value): value is string => typeof value === 'string' && value.length >= 4,
	);
}

/** Replaces every secret of the credential found in `text` with a mask. */
export function redactSecrets(text: string, secrets: string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		redacted = redacted.split(secret).join('****');
	}
	return redacted;
}

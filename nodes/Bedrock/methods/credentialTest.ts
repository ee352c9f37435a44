import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { BedrockClients } from '../transport/clients';
import { secretValues, toBedrockCredentials } from '../transport/credentials';
import type { BedrockCredentials } from '../transport/credentials';
import { describeError } from '../transport/errors';
import { loadControlPlaneSdk } from '../transport/sdk';

/** Plain sentences for what a failed model listing means about the credential. */
export function credentialFailureMessage(error: unknown, credentials: BedrockCredentials): string {
	const info = describeError(error, { secrets: secretValues(credentials) });
	const endpoint =
		credentials.controlPlaneEndpoint ?? `bedrock.${credentials.region}.amazonaws.com`;
	switch (info.code) {
		case 'InvalidSignatureException':
		case 'SignatureDoesNotMatch':
			return 'Wrong secret: the Secret Access Key does not match the Access Key ID.';
		case 'UnrecognizedClientException':
		case 'InvalidClientTokenId':
			return credentials.authentication === 'apiKey'
				? 'AWS does not recognise this Bedrock API key: check that it was copied whole and has not been deleted.'
				: 'AWS does not recognise this Access Key ID (or it needs a session token): check the keys.';
		case 'ExpiredTokenException':
		case 'ExpiredToken':
			return 'The session token or API key has expired: get fresh credentials.';
		case 'AccessDeniedException':
			return 'The credentials work, but lack the permission bedrock:ListFoundationModels (needed to list models; invoking may still work). Grant it to the IAM identity.';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `Unknown region or endpoint: the host of ${endpoint} could not be resolved. Check the Region (e.g. us-east-1) and any custom endpoint.`;
		case 'ECONNREFUSED':
		case 'ECONNRESET':
		case 'ETIMEDOUT':
		case 'TimeoutError':
			return `The Bedrock endpoint ${endpoint} could not be reached (${info.code}). Check the endpoint URL and the network.`;
		case 'CredentialsProviderError':
			return 'No AWS credentials were found by the default credential chain of the machine running n8n.';
		default:
			return `${info.code}: ${info.message}`;
	}
}

export async function bedrockApiCredentialTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = toBedrockCredentials(credential.data ?? {});
	const clients = new BedrockClients(credentials, { maxAttempts: 1, requestTimeoutMs: 15000 });
	try {
		const { ListFoundationModelsCommand } = await loadControlPlaneSdk();
		const bedrock = await clients.controlPlane();
		const result = await bedrock.send(
			new ListFoundationModelsCommand({ byOutputModality: 'TEXT' }),
		);
		const count = result.modelSummaries?.length ?? 0;
		return {
			status: 'OK',
			message: `Connection successful: ${count} text models in ${credentials.region}`,
		};
	} catch (error) {
		return { status: 'Error', message: credentialFailureMessage(error, credentials) };
	} finally {
		await clients.destroy();
	}
}

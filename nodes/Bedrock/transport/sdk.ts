/**
 * The AWS SDK modules, loaded on first use (n8n's start-up must not pay for them) and then kept:
 * a dynamic import compiled to CommonJS copies every export of the module on each call. In the
 * published build each of these imports requires the bundled SDK, dist/vendor/aws-sdk.js, on first
 * use (scripts/build.ts); in development they load the packages from node_modules.
 */
type RuntimeSdk = typeof import('@aws-sdk/client-bedrock-runtime');
type ControlPlaneSdk = typeof import('@aws-sdk/client-bedrock');
type AgentRuntimeSdk = typeof import('@aws-sdk/client-bedrock-agent-runtime');
type AgentSdk = typeof import('@aws-sdk/client-bedrock-agent');
type S3Sdk = typeof import('@aws-sdk/client-s3');

let runtimeSdk: Promise<RuntimeSdk> | undefined;
let controlPlaneSdk: Promise<ControlPlaneSdk> | undefined;
let agentRuntimeSdk: Promise<AgentRuntimeSdk> | undefined;
let agentSdk: Promise<AgentSdk> | undefined;
let s3Sdk: Promise<S3Sdk> | undefined;

export async function loadRuntimeSdk(): Promise<RuntimeSdk> {
	runtimeSdk ??= import('@aws-sdk/client-bedrock-runtime');
	return await runtimeSdk;
}

export async function loadControlPlaneSdk(): Promise<ControlPlaneSdk> {
	controlPlaneSdk ??= import('@aws-sdk/client-bedrock');
	return await controlPlaneSdk;
}

export async function loadAgentRuntimeSdk(): Promise<AgentRuntimeSdk> {
	agentRuntimeSdk ??= import('@aws-sdk/client-bedrock-agent-runtime');
	return await agentRuntimeSdk;
}

export async function loadAgentSdk(): Promise<AgentSdk> {
	agentSdk ??= import('@aws-sdk/client-bedrock-agent');
	return await agentSdk;
}

export async function loadS3Sdk(): Promise<S3Sdk> {
	s3Sdk ??= import('@aws-sdk/client-s3');
	return await s3Sdk;
}

/**
 * The AWS SDK modules, loaded on first use (n8n's start-up must not pay for them) and then kept:
 * a dynamic import compiled to CommonJS copies every export of the module on each call.
 */
type RuntimeSdk = typeof import('@aws-sdk/client-bedrock-runtime');
type ControlPlaneSdk = typeof import('@aws-sdk/client-bedrock');

let runtimeSdk: Promise<RuntimeSdk> | undefined;
let controlPlaneSdk: Promise<ControlPlaneSdk> | undefined;

export async function loadRuntimeSdk(): Promise<RuntimeSdk> {
	runtimeSdk ??= import('@aws-sdk/client-bedrock-runtime');
	return await runtimeSdk;
}

export async function loadControlPlaneSdk(): Promise<ControlPlaneSdk> {
	controlPlaneSdk ??= import('@aws-sdk/client-bedrock');
	return await controlPlaneSdk;
}

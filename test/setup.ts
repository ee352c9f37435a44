// The SDK warns once per process that its 2027 releases need Node 22; the tests run on Node 20 on purpose.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Tests never reach AWS: no ambient credentials or profiles may leak in from the machine.
for (const name of [
	'AWS_PROFILE',
	'AWS_BEARER_TOKEN_BEDROCK',
	'AWS_REGION',
	'AWS_DEFAULT_REGION',
]) {
	delete process.env[name];
}

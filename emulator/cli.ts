/**
 * `npm run emulator [-- --port 4010 --latency 200 --throttle-rpm 60 --batch-state-delay 2000]`: runs
 * the local Bedrock until Ctrl-C and prints what to paste into n8n's "AWS Bedrock" credential.
 */
import { parseArgs } from 'node:util';

import { DEFAULT_BATCH_FAIL_MARKER, DEFAULT_BUCKET, EMULATOR_CREDENTIALS, start } from './index';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '4010' },
			latency: { type: 'string' },
			'throttle-rpm': { type: 'string' },
			host: { type: 'string', default: '127.0.0.1' },
			'batch-state-delay': { type: 'string' },
			bucket: { type: 'string', multiple: true },
		},
	});
	const buckets = [DEFAULT_BUCKET, ...(values.bucket ?? [])];
	const emulator = await start({
		port: Number(values.port),
		host: values.host,
		...(values.latency !== undefined ? { latencyMs: Number(values.latency) } : {}),
		...(values['throttle-rpm'] !== undefined
			? { quota: { requestsPerMinute: Number(values['throttle-rpm']) } }
			: {}),
		...(values['batch-state-delay'] !== undefined
			? { batchStateDelayMs: Number(values['batch-state-delay']) }
			: {}),
		s3Buckets: buckets,
	});
	const lines = [
		`Local Bedrock emulator listening on ${emulator.url} (HTTP/2 cleartext and HTTP/1.1)`,
		'',
		'n8n credential "AWS Bedrock":',
		'  Authentication:          Access Keys',
		`  Region:                  ${EMULATOR_CREDENTIALS.region}`,
		`  Access Key ID:           ${EMULATOR_CREDENTIALS.accessKeyId}`,
		`  Secret Access Key:       ${EMULATOR_CREDENTIALS.secretAccessKey}`,
		`  Runtime Endpoint:        ${emulator.url}`,
		`  Control Plane Endpoint:  ${emulator.url}`,
		`  Agent Runtime Endpoint:  ${emulator.url}`,
		`  Agent Endpoint:          ${emulator.url}`,
		`  S3 Endpoint:             ${emulator.s3Endpoint}`,
		'',
		`S3 (path style) at ${emulator.s3Endpoint}, buckets: ${buckets.join(', ')} (more with --bucket NAME);`,
		`batch inference jobs on the control plane; a record containing ${DEFAULT_BATCH_FAIL_MARKER} fails.`,
		'',
		`  (or Authentication: API Key, API Key: ${EMULATOR_CREDENTIALS.apiKey})`,
		'',
		'Press Ctrl-C to stop.',
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	const stop = () => {
		void emulator.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});

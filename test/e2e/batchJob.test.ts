/**
 * The nightly batch job example in the real n8n app: the package installed as a community package,
 * the emulator's S3 and batch job APIs with jobs that finish in well under a second, and the Wait
 * node shortened to one second. Create → Wait → Get loops through the If node until the job is
 * done, then Get Results and the summary run.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import type { WorkflowFile, WorkflowNode } from './n8nApp';
import { BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const EXAMPLE = path.join(REPOSITORY_ROOT, 'examples', 'batch-job-nightly.json');
const CREDENTIAL = { id: 'e2eBatchEmulator', name: 'AWS Bedrock (e2e batch emulator)' };
const BUCKET = 'my-batch-bucket';
const FAIL_MARKER = 'EMULATOR_FAIL_RECORD';

/** The example as imported: manual trigger, emulator credential, one-second waits, two failing tickets. */
function prepared(): WorkflowFile {
	const workflow = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as WorkflowFile;
	const nodes = workflow.nodes.map((node): WorkflowNode => {
		if (node.type === 'n8n-nodes-base.scheduleTrigger') {
			return { ...node, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
		}
		if (node.type === 'n8n-nodes-base.wait') {
			return { ...node, parameters: { ...node.parameters, amount: 1 } };
		}
		if (node.name === 'Tickets') {
			const code = String(node.parameters.jsCode);
			// Tickets 7 and 70 carry the emulator's marker, so the model fails on them.
			const failing = code.replace(
				'asks for a fix today.`,',
				`asks for a fix today.\${index === 7 || index === 70 ? ' ${FAIL_MARKER}' : ''}\`,`,
			);
			expect(failing).not.toBe(code);
			return { ...node, parameters: { ...node.parameters, jsCode: failing } };
		}
		if (node.credentials?.awsBedrockApi) {
			return { ...node, credentials: { awsBedrockApi: CREDENTIAL } };
		}
		return node;
	});
	return { ...workflow, id: 'exBatchJobNightly', nodes };
}

const built = existsSync(BUILT_NODE_PATH);
if (!built) {
	console.warn('Skipping the batch job end-to-end test: run `npm run build` first.');
}
const describeBuilt = built ? describe : describe.skip;

describeBuilt('the nightly batch job example in the real n8n app', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;

	beforeAll(async () => {
		emulator = await start({
			port: 0,
			s3Buckets: [BUCKET],
			batchStateDelayMs: 50,
			batchFailMarker: FAIL_MARKER,
		});
		app = await N8nApp.create();
		await app.importCredentials([
			{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
		]);
		await app.importWorkflows([prepared()]);
	});

	afterAll(async () => {
		await app?.dispose();
		await emulator?.close();
	});

	it('creates the job, waits until it is done, reads 120 results and sums them up', async () => {
		const result = await app.execute('exBatchJobNightly');
		expect(result.error?.message).toBeUndefined();

		const [created] = result.items('Create batch job');
		expect(created).toMatchObject({
			jobArn: expect.stringMatching(/:model-invocation-job\//),
			status: 'Submitted',
			recordCount: 120,
			inputS3Uri: expect.stringMatching(/^s3:\/\/my-batch-bucket\/tickets\/input\/tickets-/),
		});

		const gets = result.allItems('Get job');
		expect(gets.length).toBeGreaterThanOrEqual(1);
		const last = gets[gets.length - 1];
		expect(last).toMatchObject({ done: true, status: 'PartiallyCompleted' });
		expect((last.totals as { usage: { outputTokens: number } }).usage.outputTokens).toBeGreaterThan(
			0,
		);

		const records = result.items('Get results');
		expect(records).toHaveLength(120);
		records.forEach((record, index) => {
			expect(record.recordId).toBe(String(index).padStart(11, '0'));
			if (index === 7 || index === 70) {
				expect(record.error).toMatchObject({ message: expect.stringMatching(/^Record 0+7?0?: /) });
			} else {
				expect(record).toMatchObject({ text: expect.stringContaining(`Ticket ${1000 + index}`) });
			}
		});

		const [summary] = result.items('Summary');
		expect(summary).toMatchObject({
			records: 120,
			succeeded: 118,
			failed: 2,
			failedRecords: ['00000000007', '00000000070'],
			inputTokens: expect.any(Number),
			costUsd: expect.any(Number),
		});
		expect(summary.costUsd as number).toBeGreaterThan(0);
	});
});

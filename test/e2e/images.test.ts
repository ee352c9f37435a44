/**
 * Image → Generate in the real n8n app: the product-images example makes one image per row with
 * the emulator's Stable Image Core, removes its background with an Image Service reading the
 * binary data n8n stored, and hands each on to Extract From File.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { RunningEmulator } from '../../emulator';
import { n8nCredentialFor, start } from '../../emulator';
import type { WorkflowFile } from './n8nApp';
import { BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const CREDENTIAL = { id: 'e2eImageEmulator', name: 'AWS Bedrock (e2e emulator)' };
const describeBuilt = existsSync(BUILT_NODE_PATH) ? describe : describe.skip;

describeBuilt('Image → Generate in the real n8n app', () => {
	let emulator: RunningEmulator;
	let app: N8nApp;
	const workflow = JSON.parse(
		readFileSync(path.join(REPOSITORY_ROOT, 'examples', 'product-images.json'), 'utf8'),
	) as WorkflowFile;
	const workflowId = 'exProductImagesE2e';

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		app = await N8nApp.create();
		await app.importCredentials([
			{ ...CREDENTIAL, type: 'awsBedrockApi', data: n8nCredentialFor(emulator.url) },
		]);
		await app.importWorkflows([
			{
				...workflow,
				id: workflowId,
				nodes: workflow.nodes.map((node) =>
					node.credentials?.awsBedrockApi
						? { ...node, credentials: { awsBedrockApi: CREDENTIAL } }
						: node,
				),
			},
		]);
	});

	afterAll(async () => {
		await app?.dispose();
		await emulator?.close();
	});

	it('gives every row a PNG the next node reads', async () => {
		const result = await app.execute(workflowId);
		expect(result.error?.message).toBeUndefined();
		const generated = result.outputItems('Generate image');
		expect(generated).toHaveLength(2);
		generated.forEach((item, index) => {
			expect(item.pairedItem).toMatchObject({ item: index });
			expect(item.json).toMatchObject({
				modelId: 'stability.stable-image-core-v1:1',
				seed: expect.any(Number),
				finishReason: 'success',
			});
			const binary = (item.binary as Record<string, Record<string, unknown>>).data;
			expect(binary).toMatchObject({
				mimeType: 'image/png',
				fileName: `stable-image-core-${String(item.json.seed)}.png`,
			});
		});
		const edited = result.outputItems('Remove background');
		expect(edited).toHaveLength(2);
		for (const item of edited) {
			expect((item.binary as Record<string, Record<string, unknown>>).data).toMatchObject({
				mimeType: 'image/png',
				fileName: `stable-image-remove-background-${String(item.json.seed)}.png`,
			});
		}
		// Remove Background got the generated images as its input, read from n8n's binary store.
		const invocations = emulator.requests.filter((request) => request.operation === 'InvokeModel');
		expect(invocations.map((request) => String(request.modelId))).toEqual([
			'stability.stable-image-core-v1:1',
			'stability.stable-image-core-v1:1',
			'us.stability.stable-image-remove-background-v1:0',
			'us.stability.stable-image-remove-background-v1:0',
		]);
		const extracted = result.items('Image as base64');
		expect(extracted).toHaveLength(2);
		for (const json of extracted) {
			const bytes = Buffer.from(String(json.imageBase64), 'base64');
			expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		}
	});
});

import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

const credentials = {
	awsBedrockApi: {
		authentication: 'accessKeys',
		region: 'us-east-1',
		accessKeyId: 'AKIAEXAMPLEKEY000000',
		secretAccessKey: 'secret-that-must-not-leak',
		runtimeEndpoint: 'http://127.0.0.1:9',
		controlPlaneEndpoint: 'http://127.0.0.1:9',
	},
};

describe('router in the n8n engine', () => {
	it('runs every item and pairs each output with its input under Continue On Fail', async () => {
		const node = {
			...bedrockNode('Bedrock', {
				operation: 'countTokens',
				prompt: '={{ $json.text }}',
				options: { maxAttempts: 1 },
				model: { __rl: true, mode: 'id', value: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
			}),
			onError: 'continueRegularOutput' as const,
		};
		const result = await runWorkflow({
			nodes: [node],
			input: [{ json: { text: 'a' } }, { json: { text: 'b' } }, { json: { text: 'c' } }],
			credentials,
		});
		const items = result.output('Bedrock');
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of items) {
			expect(item.json.error).toMatchObject({
				code: expect.any(String),
				message: expect.any(String),
			});
			expect(JSON.stringify(item.json)).not.toContain('secret-that-must-not-leak');
		}
	});
});

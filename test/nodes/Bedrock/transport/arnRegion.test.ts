import { bedrockNode, runWorkflow } from '../../../helpers/workflow';
import type { RecordingServer } from '../../../helpers/recordingServer';
import { startRecordingServer } from '../../../helpers/recordingServer';

const converseReply = {
	output: { message: { role: 'assistant', content: [{ text: 'Bonjour.' }] } },
	stopReason: 'end_turn',
	usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
	metrics: { latencyMs: 1 },
};

describe('the region of an ARN overrides the credential’s', () => {
	let server: RecordingServer;

	beforeAll(async () => {
		server = await startRecordingServer(() => ({ status: 200, body: converseReply }));
	});
	afterAll(async () => await server.close());

	it('signs a call to a foundation-model ARN in eu-west-1 for eu-west-1, with a us-east-1 credential', async () => {
		const arn =
			'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
		const result = await runWorkflow({
			nodes: [
				bedrockNode('Bedrock', { model: { __rl: true, mode: 'id', value: arn }, prompt: 'Hello' }),
			],
			input: [{ json: {} }],
			credentials: {
				awsBedrockApi: {
					authentication: 'accessKeys',
					region: 'us-east-1',
					accessKeyId: 'AKIATESTKEY000000001',
					secretAccessKey: 'test-secret',
					runtimeEndpoint: server.url,
				},
			},
		});
		expect(result.output('Bedrock')[0].json).toMatchObject({ text: 'Bonjour.', modelId: arn });
		const [request] = server.requests;
		expect(request.path).toBe(`/model/${encodeURIComponent(arn)}/converse`);
		expect(request.headers.authorization).toMatch(/\/eu-west-1\/bedrock\/aws4_request/);
	});

	it.each([
		['converse', {}],
		['invoke', {}],
		['countTokens', {}],
		['countTokens', { inputFormat: 'invoke' }],
	])(
		'refuses in %s an aws-cn ARN with a us-east-1 credential before sending, naming the fix',
		async (operation, extra) => {
			const before = server.requests.length;
			const arn = 'arn:aws-cn:bedrock:cn-north-1::foundation-model/deepseek.r1-v1:0';
			const result = await runWorkflow({
				nodes: [
					{
						...bedrockNode('Bedrock', {
							operation,
							...extra,
							model: { __rl: true, mode: 'id', value: arn },
							prompt: 'Hello',
						}),
						onError: 'continueRegularOutput' as const,
					},
				],
				input: [{ json: {} }],
				credentials: {
					awsBedrockApi: {
						authentication: 'accessKeys',
						region: 'us-east-1',
						accessKeyId: 'AKIATESTKEY000000001',
						secretAccessKey: 'test-secret',
						runtimeEndpoint: server.url,
					},
				},
			});
			const [item] = result.output('Bedrock');
			expect(String((item.json.error as { message: string }).message)).toMatch(
				/AWS China \(aws-cn\).*Use a credential for region cn-north-1/,
			);
			expect(server.requests.length).toBe(before);
		},
	);
});

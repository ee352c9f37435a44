import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { n8nCredentialFor, start } from '../../../../emulator';
import type { RunningEmulator } from '../../../../emulator';
import { encodeJpeg, encodePng, quadrantColours } from '../../../../emulator/images/encode';
import { generateImages } from '../../../../emulator/images/engine';
import { findImageFormat } from '../../../../emulator/native';
import { bedrockNode, runWorkflow } from '../../../helpers/workflow';

// Image → Generate through the real SDK and the n8n engine, against the emulator's image models.
let emulator: RunningEmulator;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => {
	emulator = await start({ port: 0 });
	credentials = { awsBedrockApi: n8nCredentialFor(emulator.url) };
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.resetStats();
	emulator.configure({ faults: {}, deniedActions: [] });
});

function invokeBodies(): IDataObject[] {
	return emulator.requests
		.filter((request) => request.operation === 'InvokeModel')
		.map((request) => request.body as IDataObject);
}

function invokedModels(): string[] {
	return emulator.requests
		.filter((request) => request.operation === 'InvokeModel')
		.map((request) => String(request.modelId));
}

/** The images the emulator answers a body with: what the node must hand on, byte for byte. */
function expectedImages(modelId: string, body: IDataObject): Buffer[] {
	const format = findImageFormat(modelId.replace(/^us\./, ''));
	if (!format) throw new Error(`no image format for ${modelId}`);
	const request = format.parseRequest(JSON.parse(JSON.stringify(body)), modelId);
	return generateImages(request, format.maxSeed).images.map((image) =>
		Buffer.from(image, 'base64'),
	);
}

const PNG_INPUT = encodePng(quadrantColours('input photo'));
const JPEG_INPUT = encodeJpeg(quadrantColours('input sketch'));

function binaryItem(
	properties: Record<string, { bytes: Buffer; mimeType: string }>,
	json: IDataObject = {},
): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (const [name, { bytes, mimeType }] of Object.entries(properties)) {
		binary[name] = { data: bytes.toString('base64'), mimeType, fileName: `${name}.bin` };
	}
	return { json, binary };
}

async function run(
	parameters: IDataObject,
	options: { input?: INodeExecutionData[]; continueOnFail?: boolean } = {},
) {
	const node = {
		...bedrockNode('Bedrock', { resource: 'image', operation: 'generate', ...parameters }),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	return await runWorkflow({ nodes: [node], input: options.input ?? [{ json: {} }], credentials });
}

const model = (value: string) => ({ __rl: true, mode: 'id', value });

function bytesOf(item: INodeExecutionData, property: string): Buffer {
	const data = item.binary?.[property];
	if (!data) throw new Error(`no binary ${property}`);
	return Buffer.from(data.data, 'base64');
}

describe('Image → Generate: Stability AI text to image', () => {
	it('builds the SD3.5 Large body from the form and hands on the PNG as binary data', async () => {
		const result = await run({
			model: model('us.stability.sd3-5-large-v1:0'),
			prompt: 'a lighthouse at dawn',
			options: { negativePrompt: 'fog', seed: 42, aspectRatio: '16:9', outputFormat: 'png' },
		});
		const [item] = result.output('Bedrock');
		const [body] = invokeBodies();
		expect(body).toEqual({
			prompt: 'a lighthouse at dawn',
			aspect_ratio: '16:9',
			negative_prompt: 'fog',
			seed: 42,
			output_format: 'png',
		});
		expect(item.json).toEqual({
			modelId: 'us.stability.sd3-5-large-v1:0',
			seed: 42,
			finishReason: 'success',
		});
		expect(item.binary?.data).toMatchObject({
			mimeType: 'image/png',
			fileName: 'sd3-5-large-42.png',
			fileExtension: 'png',
		});
		const bytes = bytesOf(item, 'data');
		expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
		expect(bytes).toEqual(expectedImages('us.stability.sd3-5-large-v1:0', body)[0]);
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});

describe('Image → Generate: several images, JPEG, seeds the model picks', () => {
	it('sends one Stable Image Core request per image with seed, seed + 1, ... and names each file', async () => {
		const result = await run({
			model: model('stability.stable-image-core-v1:1'),
			prompt: 'a red bicycle',
			options: { seed: 7, numberOfImages: 3, outputFormat: 'jpeg' },
		});
		const [item] = result.output('Bedrock');
		const bodies = invokeBodies();
		expect(bodies.map((body) => body.seed)).toEqual([7, 8, 9]);
		expect(bodies[0]).toEqual({ prompt: 'a red bicycle', seed: 7, output_format: 'jpeg' });
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1', 'data_2']);
		expect(item.json).toEqual({
			modelId: 'stability.stable-image-core-v1:1',
			seed: 7,
			seeds: [7, 8, 9],
			finishReason: 'success',
		});
		['data', 'data_1', 'data_2'].forEach((property, index) => {
			expect(item.binary?.[property]).toMatchObject({
				mimeType: 'image/jpeg',
				fileName: `stable-image-core-${7 + index}.jpg`,
			});
			const bytes = bytesOf(item, property);
			expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
			expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
			expect(bytes).toEqual(expectedImages('stability.stable-image-core-v1:1', bodies[index])[0]);
		});
		// Three different images: the seed changes the picture.
		expect(
			new Set(['data', 'data_1', 'data_2'].map((p) => bytesOf(item, p).toString('hex'))).size,
		).toBe(3);
	});

	it('reports the seed Stable Image Ultra picked when none is set', async () => {
		const result = await run({
			model: model('stability.stable-image-ultra-v1:1'),
			prompt: 'a quiet harbour',
		});
		const [item] = result.output('Bedrock');
		const [body] = invokeBodies();
		expect(body).toEqual({ prompt: 'a quiet harbour', output_format: 'png' });
		expect(typeof item.json.seed).toBe('number');
		expect(item.binary?.data.fileName).toBe(`stable-image-ultra-${String(item.json.seed)}.png`);
		expect(bytesOf(item, 'data')).toEqual(
			expectedImages('stability.stable-image-ultra-v1:1', body)[0],
		);
	});

	it('asks Nova Canvas for several images in one request at the aspect ratio’s size', async () => {
		const result = await run({
			model: model('amazon.nova-canvas-v1:0'),
			prompt: 'a paper boat',
			options: {
				numberOfImages: 2,
				aspectRatio: '16:9',
				quality: 'premium',
				cfgScale: 8,
				seed: 5,
				style: 'PHOTOREALISM',
				negativePrompt: 'people',
				includeCost: true,
			},
		});
		const [item] = result.output('Bedrock');
		const [body] = invokeBodies();
		expect(invokeBodies()).toHaveLength(1);
		expect(body).toEqual({
			taskType: 'TEXT_IMAGE',
			textToImageParams: { text: 'a paper boat', negativeText: 'people', style: 'PHOTOREALISM' },
			imageGenerationConfig: {
				numberOfImages: 2,
				width: 1280,
				height: 720,
				quality: 'premium',
				cfgScale: 8,
				seed: 5,
			},
		});
		const expected = expectedImages('amazon.nova-canvas-v1:0', body);
		expect(bytesOf(item, 'data')).toEqual(expected[0]);
		expect(bytesOf(item, 'data_1')).toEqual(expected[1]);
		expect(item.binary?.data.fileName).toBe('nova-canvas-5-1.png');
		expect(item.binary?.data_1.fileName).toBe('nova-canvas-5-2.png');
		expect(item.json).toMatchObject({ seed: 5, seeds: [5, 5], finishReason: 'success' });
		expect(item.json.cost).toEqual({
			perImageUsd: 0.06,
			images: 2,
			totalUsd: 0.12,
			pricingSource: expect.stringContaining('https://aws.amazon.com/bedrock/pricing/'),
		});
	});

	it('reports the per-image cost of Stability images', async () => {
		const result = await run({
			model: model('us.stability.sd3-5-large-v1:0'),
			prompt: 'a fox',
			options: { numberOfImages: 2, seed: 1, includeCost: true },
		});
		expect(result.output('Bedrock')[0].json.cost).toMatchObject({
			perImageUsd: 0.08,
			images: 2,
			totalUsd: 0.16,
		});
	});
});

describe('Image → Generate: from an input image', () => {
	it('turns SD3.5 Large into image-to-image with the item’s binary image', async () => {
		const result = await run(
			{
				model: model('us.stability.sd3-5-large-v1:0'),
				prompt: 'as a watercolour',
				options: { inputImage: 'photo', strength: 0.4, seed: 3 },
			},
			{ input: [binaryItem({ photo: { bytes: PNG_INPUT, mimeType: 'image/png' } })] },
		);
		const [item] = result.output('Bedrock');
		const [body] = invokeBodies();
		expect(body).toEqual({
			prompt: 'as a watercolour',
			mode: 'image-to-image',
			image: PNG_INPUT.toString('base64'),
			strength: 0.4,
			seed: 3,
			output_format: 'png',
		});
		expect(bytesOf(item, 'data')).toEqual(expectedImages('us.stability.sd3-5-large-v1:0', body)[0]);
	});

	it.each([
		[
			'Search and Replace',
			'us.stability.stable-image-search-replace-v1:0',
			{ searchPrompt: 'the cat' },
			'a dog',
			{ image: 'INPUT', prompt: 'a dog', search_prompt: 'the cat', output_format: 'png' },
		],
		[
			'Search and Recolor',
			'us.stability.stable-image-search-recolor-v1:0',
			{ searchPrompt: 'the jacket', style: 'photographic' },
			'pink',
			{
				image: 'INPUT',
				prompt: 'pink',
				select_prompt: 'the jacket',
				style_preset: 'photographic',
				output_format: 'png',
			},
		],
		[
			'Remove Background',
			'us.stability.stable-image-remove-background-v1:0',
			{ outputFormat: 'jpeg' },
			'',
			{ image: 'INPUT', output_format: 'jpeg' },
		],
		[
			'Outpaint',
			'us.stability.stable-outpaint-v1:0',
			{ expandLeft: 200, expandDown: 100, strength: 0.6 },
			'more beach',
			{
				image: 'INPUT',
				prompt: 'more beach',
				left: 200,
				down: 100,
				creativity: 0.6,
				output_format: 'png',
			},
		],
		[
			'Conservative Upscale',
			'us.stability.stable-conservative-upscale-v1:0',
			{ strength: 0.35, seed: 9 },
			'sharp photo',
			{ image: 'INPUT', prompt: 'sharp photo', creativity: 0.35, seed: 9, output_format: 'png' },
		],
		[
			'Control Sketch',
			'us.stability.stable-image-control-sketch-v1:0',
			{ strength: 0.8 },
			'a castle',
			{ image: 'INPUT', prompt: 'a castle', control_strength: 0.8, output_format: 'png' },
		],
	])(
		'builds the %s body with the input image',
		async (_name, modelId, options, prompt, expectedBody) => {
			const result = await run(
				{ model: model(modelId), prompt, options: { inputImage: 'data', ...options } },
				{ input: [binaryItem({ data: { bytes: PNG_INPUT, mimeType: 'image/png' } })] },
			);
			const [item] = result.output('Bedrock');
			const [body] = invokeBodies();
			expect(body).toEqual({ ...expectedBody, image: PNG_INPUT.toString('base64') });
			expect(invokedModels()).toEqual([modelId]);
			expect(bytesOf(item, 'data')).toEqual(expectedImages(modelId, body)[0]);
			const jpeg = (options as IDataObject).outputFormat === 'jpeg';
			expect(item.binary?.data.mimeType).toBe(jpeg ? 'image/jpeg' : 'image/png');
		},
	);

	it('inpaints with the mask from another binary property', async () => {
		const mask = encodePng(quadrantColours('mask'));
		const result = await run(
			{
				model: model('us.stability.stable-image-inpaint-v1:0'),
				prompt: 'a window',
				options: { inputImage: 'data', mask: 'mask' },
			},
			{
				input: [
					binaryItem({
						data: { bytes: PNG_INPUT, mimeType: 'image/png' },
						mask: { bytes: mask, mimeType: 'image/png' },
					}),
				],
			},
		);
		expect(result.output('Bedrock')).toHaveLength(1);
		expect(invokeBodies()[0]).toEqual({
			image: PNG_INPUT.toString('base64'),
			prompt: 'a window',
			mask: mask.toString('base64'),
			output_format: 'png',
		});
	});

	it('transfers the style of a second image', async () => {
		const style = encodeJpeg(quadrantColours('style'));
		await run(
			{
				model: model('us.stability.stable-style-transfer-v1:0'),
				prompt: '',
				options: { inputImage: 'data', styleImage: 'style', strength: 0.9 },
			},
			{
				input: [
					binaryItem({
						data: { bytes: PNG_INPUT, mimeType: 'image/png' },
						style: { bytes: style, mimeType: 'image/jpeg' },
					}),
				],
			},
		);
		expect(invokeBodies()[0]).toEqual({
			init_image: PNG_INPUT.toString('base64'),
			style_image: style.toString('base64'),
			style_strength: 0.9,
			output_format: 'png',
		});
	});

	it('sends Nova Canvas inpainting when a mask is given, and Titan variations otherwise', async () => {
		const mask = encodePng(quadrantColours('mask'));
		const input = [
			binaryItem({
				data: { bytes: JPEG_INPUT, mimeType: 'image/jpeg' },
				mask: { bytes: mask, mimeType: 'image/png' },
			}),
		];
		await run(
			{
				model: model('amazon.nova-canvas-v1:0'),
				prompt: 'a red door',
				options: { inputImage: 'data', mask: 'mask' },
			},
			{ input },
		);
		await run(
			{
				model: model('amazon.titan-image-generator-v2:0'),
				prompt: 'brighter',
				options: { inputImage: 'data', strength: 0.5, seed: 11 },
			},
			{ input },
		);
		expect(invokeBodies()).toEqual([
			{
				taskType: 'INPAINTING',
				inPaintingParams: {
					image: JPEG_INPUT.toString('base64'),
					text: 'a red door',
					maskImage: mask.toString('base64'),
				},
				imageGenerationConfig: { numberOfImages: 1, width: 1024, height: 1024 },
			},
			{
				taskType: 'IMAGE_VARIATION',
				imageVariationParams: {
					images: [JPEG_INPUT.toString('base64')],
					text: 'brighter',
					similarityStrength: 0.5,
				},
				imageGenerationConfig: { numberOfImages: 1, width: 1024, height: 1024, seed: 11 },
			},
		]);
	});
});

describe('Image → Generate: content filtering, Continue On Fail, refused input', () => {
	it('fails a Stability prompt the content filter refuses, never an empty success', async () => {
		const result = await run({
			model: model('stability.stable-image-core-v1:1'),
			prompt: 'something nsfw',
		});
		expect(result.error?.message).toContain('ContentFiltered');
		expect(result.error?.message).toContain('Filter reason: prompt');
		expect(String(result.error?.description)).toContain('reword the prompt');
	});

	it('turns Amazon’s content-filter ValidationException into a ContentFiltered error item', async () => {
		const result = await run(
			{ model: model('amazon.nova-canvas-v1:0'), prompt: 'nsfw poster' },
			{ continueOnFail: true },
		);
		expect(result.output('Bedrock')).toEqual([
			{
				json: {
					error: expect.objectContaining({
						code: 'ContentFiltered',
						httpStatus: 400,
						retryable: false,
						message: expect.stringContaining('blocked by our content filters'),
						remedy: expect.stringContaining('reword the prompt'),
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('keeps one output per item with Continue On Fail: images, a filtered prompt, a file that is no image', async () => {
		const result = await run(
			{
				model: model('us.stability.sd3-5-large-v1:0'),
				prompt: '={{ $json.prompt }}',
				options: { inputImage: '={{ $json.image ? "data" : "" }}', seed: 4 },
			},
			{
				continueOnFail: true,
				input: [
					{ json: { prompt: 'a tree' } },
					{ json: { prompt: 'nsfw tree' } },
					binaryItem(
						{ data: { bytes: Buffer.from('just some text'), mimeType: 'image/png' } },
						{ prompt: 'a tree', image: true },
					),
				],
			},
		);
		const output = result.output('Bedrock');
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].binary?.data.mimeType).toBe('image/png');
		expect(output[1].json.error).toMatchObject({ code: 'ContentFiltered' });
		expect(output[2].json.error).toMatchObject({
			code: 'InvalidInput',
			message: expect.stringContaining("'data' (Input Image) is not a PNG, JPEG or WebP image"),
		});
		// The third item was refused before anything was sent.
		expect(invokeBodies()).toHaveLength(2);
	});

	it.each([
		[
			'a seed outside Nova Canvas’s range',
			{ model: model('amazon.nova-canvas-v1:0'), prompt: 'x', options: { seed: 900000000 } },
			'Seed must be a whole number between 0 and 858993459',
		],
		[
			'JPEG from an Amazon model',
			{
				model: model('amazon.titan-image-generator-v2:0'),
				prompt: 'x',
				options: { outputFormat: 'jpeg' },
			},
			'return PNG images',
		],
		[
			'an aspect ratio with SD3.5 image-to-image',
			{
				model: model('us.stability.sd3-5-large-v1:0'),
				prompt: 'x',
				options: { inputImage: 'data', aspectRatio: '16:9' },
			},
			'Aspect Ratio applies to text-to-image only',
		],
		[
			'Search and Replace without a search prompt',
			{
				model: model('us.stability.stable-image-search-replace-v1:0'),
				prompt: 'x',
				options: { inputImage: 'data' },
			},
			'needs Search Prompt',
		],
		[
			'an image service without an input image',
			{ model: model('us.stability.stable-fast-upscale-v1:0'), prompt: '' },
			'edits an image: set Options > Input Image',
		],
		[
			'a strength outside the creative upscale’s creativity range',
			{
				model: model('us.stability.stable-creative-upscale-v1:0'),
				prompt: 'x',
				options: { inputImage: 'data', strength: 0.9 },
			},
			'Creativity of Stability AI Image Services Creative Upscale) must be between 0.1 and 0.5',
		],
		[
			'too many Titan images',
			{
				model: model('amazon.titan-image-generator-v2:0'),
				prompt: 'x',
				options: { numberOfImages: 6 },
			},
			'Number of Images must be between 1 and 5',
		],
		[
			'an aspect ratio Titan lacks',
			{
				model: model('amazon.titan-image-generator-v2:0'),
				prompt: 'x',
				options: { aspectRatio: '9:21' },
			},
			'Aspect Ratio 9:21 is not offered',
		],
		[
			'a missing prompt',
			{ model: model('stability.stable-image-ultra-v1:1'), prompt: '  ' },
			'needs a prompt',
		],
		[
			'a binary property the item lacks',
			{
				model: model('us.stability.stable-image-remove-background-v1:0'),
				prompt: '',
				options: { inputImage: 'photo' },
			},
			"no binary property 'photo'",
		],
		[
			'a text model',
			{ model: model('anthropic.claude-3-haiku-20240307-v1:0'), prompt: 'x' },
			'is not an image model',
		],
	])('refuses %s before sending', async (_name, parameters, message) => {
		const result = await run(parameters as IDataObject, {
			input: [binaryItem({ data: { bytes: PNG_INPUT, mimeType: 'image/png' } })],
		});
		expect(result.error?.message).toContain(message);
		expect(invokeBodies()).toHaveLength(0);
	});

	it('reports the emulator’s validation of a body Bedrock refuses', async () => {
		// A seed inside the node's range but a prompt over the SD3.5 limit is caught locally too.
		const result = await run({
			model: model('us.stability.sd3-5-large-v1:0'),
			prompt: 'x'.repeat(10001),
		});
		expect(result.error?.message).toContain('at most 10000');
		expect(invokeBodies()).toHaveLength(0);
	});

	it('reports access denied and model errors with code, status and remedy', async () => {
		emulator.configure({
			accessDeniedModels: ['stability.stable-image-ultra-v1:1'],
			models: { 'stability.stable-image-core-v1:1': { faults: { modelError: 1 } } },
		});
		try {
			const result = await run(
				{ model: model('={{ $json.model }}'), prompt: 'a boat' },
				{
					continueOnFail: true,
					input: [
						{ json: { model: 'stability.stable-image-ultra-v1:1' } },
						{ json: { model: 'stability.stable-image-core-v1:1' } },
					],
				},
			);
			const [denied, failed] = result.output('Bedrock').map((item) => item.json.error);
			expect(denied).toMatchObject({
				code: 'AccessDeniedException',
				httpStatus: 403,
				remedy: expect.stringContaining('Model access'),
			});
			expect(failed).toMatchObject({ code: 'ModelErrorException', httpStatus: 424 });
		} finally {
			emulator.configure({ accessDeniedModels: [], models: {} });
		}
	});

	it('points a legacy model past its end of life to Stability’s models', async () => {
		emulator.configure({ endOfLifeModels: ['amazon.nova-canvas-v1:0'] });
		try {
			const result = await run(
				{ model: model('amazon.nova-canvas-v1:0'), prompt: 'a boat' },
				{ continueOnFail: true },
			);
			expect(result.output('Bedrock')[0].json.error).toMatchObject({
				code: 'ResourceNotFoundException',
				httpStatus: 404,
				message: expect.stringContaining('reached the end of its life'),
				remedy: expect.stringContaining('switch the node to a Stability model'),
			});
		} finally {
			emulator.configure({ endOfLifeModels: [] });
		}
	});

	it('retries a throttled image request and then succeeds', async () => {
		emulator.configure({ faults: { throttling: 0.5 }, seed: 3 });
		const result = await run({
			model: model('stability.stable-image-core-v1:1'),
			prompt: 'a kite',
			options: { seed: 2, maxAttempts: 6 },
		});
		expect(result.output('Bedrock')[0].binary?.data.mimeType).toBe('image/png');
	});
});

describe('Image models in the emulator', () => {
	it('refuses a body the model’s schema refuses, in AWS’s wording', async () => {
		const response = await fetch(`${emulator.url}/model/stability.stable-image-core-v1:1/invoke`, {
			method: 'POST',
			body: JSON.stringify({ prompt: 'x', seed: -1 }),
		});
		// Unsigned requests are refused first; the wording is checked through the format directly.
		expect(response.status).toBeGreaterThanOrEqual(400);
		const format = findImageFormat('stability.stable-image-core-v1:1');
		expect(() =>
			format?.parseRequest({ prompt: 'x', seed: -1 }, 'stability.stable-image-core-v1:1'),
		).toThrow(
			'Malformed input request: #/seed: -1 is not greater or equal to 0, please reformat your input and try again.',
		);
		expect(() =>
			findImageFormat('amazon.nova-canvas-v1:0')?.parseRequest(
				{ taskType: 'IMAGE_VARIATION', imageVariationParams: { images: ['bm90IGFuIGltYWdl'] } },
				'amazon.nova-canvas-v1:0',
			),
		).toThrow('must be a base64-encoded PNG, JPEG or WebP');
	});
});

describe('Image → Generate: every family alike', () => {
	const FAMILY_MODELS: Array<[string, string, IDataObject, INodeExecutionData['binary']]> = [
		['Stability AI', 'stability.stable-image-core-v1:1', {}, undefined],
		[
			'Stability AI Image Services',
			'us.stability.stable-image-control-structure-v1:0',
			{ inputImage: 'data' },
			binaryItem({ data: { bytes: PNG_INPUT, mimeType: 'image/png' } }).binary,
		],
		['Amazon Nova Canvas', 'amazon.nova-canvas-v1:0', {}, undefined],
		['Amazon Titan Image Generator', 'amazon.titan-image-generator-v2:0', {}, undefined],
	];

	it.each(FAMILY_MODELS)(
		'%s: two images per item as data and data_1, a filtered prompt as an error item, in order',
		async (_family, modelId, options, binary) => {
			const result = await run(
				{
					model: model(modelId),
					prompt: '={{ $json.prompt }}',
					options: { ...options, numberOfImages: 2, seed: 21 },
				},
				{
					continueOnFail: true,
					input: [
						{ json: { prompt: 'a bridge' }, binary },
						{ json: { prompt: 'an nsfw bridge' }, binary },
					],
				},
			);
			const [images, filtered] = result.output('Bedrock');
			expect(Object.keys(images.binary ?? {})).toEqual(['data', 'data_1']);
			const bodies = invokeBodies().filter((body) => !JSON.stringify(body).includes('nsfw'));
			const expected = bodies.flatMap((body) => expectedImages(modelId, body));
			expect([bytesOf(images, 'data'), bytesOf(images, 'data_1')]).toEqual(expected);
			for (const property of ['data', 'data_1']) {
				expect(images.binary?.[property].mimeType).toBe('image/png');
				expect(images.binary?.[property].fileName).toMatch(/^[a-z0-9-]+-2[12](-[12])?\.png$/);
			}
			expect(images.json).toMatchObject({ modelId, seed: 21, finishReason: 'success' });
			expect(filtered).toEqual({
				json: { error: expect.objectContaining({ code: 'ContentFiltered', retryable: false }) },
				pairedItem: { item: 1 },
			});
		},
	);
});

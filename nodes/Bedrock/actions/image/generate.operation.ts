import type {
	InvokeModelCommandInput,
	InvokeModelCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { batchOptions } from '../descriptions';
import { inputError } from '../input';
import { buildForItem, readModelId, readOptions } from '../parameters';
import type { OperationContext } from '../types';
import {
	detectImageModel,
	imageFamilies,
	imageOptionRegexSource,
	validateImageRequest,
	type ImageModelMatch,
} from '../../families/registry';
import type {
	ImageFamily,
	ImageOptionName,
	ImageOutputFormat,
	ImageReply,
	ImageRequestInput,
} from '../../families/types';
import {
	imageFileNames,
	imagePropertyName,
	mimeTypeOf,
	sniffImageKind,
	type ImageKind,
} from '../../mapping/images';
import { arnRegion, baseModelId, parseModelId } from '../../models/modelId';
import { estimateImageCost } from '../../pricing';
import { toNodeApiError } from '../../transport/errors';
import { loadRuntimeSdk } from '../../transport/sdk';

const show = { show: { operation: ['generate'] } };

/** Shown for the models that take the option, and before a model is chosen. */
function imageOption(option: ImageOptionName, field: INodeProperties): INodeProperties[] {
	return [
		{
			...field,
			displayOptions: { show: { '/model': [{ _cnd: { regex: imageOptionRegexSource(option) } }] } },
		},
		{ ...field, displayOptions: { show: { '/model': [''] } } },
	];
}

const FAMILIES = imageFamilies as readonly ImageFamily[];
const ALL_ASPECT_RATIOS = [...new Set(FAMILIES.flatMap((family) => family.aspectRatios))];
const FEWER_RATIOS = FAMILIES.filter(
	(family) => family.aspectRatios.length < ALL_ASPECT_RATIOS.length,
)
	.map((family) => ` ${family.displayName} offers ${family.aspectRatios.join(', ')}.`)
	.join('');
const MOST_IMAGES = Math.max(...FAMILIES.map((family) => family.maxImages));
const IMAGES_PER_REQUEST = FAMILIES.map((family) =>
	family.maxImagesPerCall === 1
		? `${family.displayName}: one per request, so several are several requests (at most ${family.maxImages}).`
		: `${family.displayName}: up to ${family.maxImagesPerCall} in one request.`,
).join(' ');
const ASPECT_RATIO_DESCRIPTION = `Width to height of the image (text to image). Amazon’s models get the matching size.${FEWER_RATIOS}`;
const NUMBER_OF_IMAGES_DESCRIPTION = `How many images the item gets (data, data_1, ...). ${IMAGES_PER_REQUEST}`;
/** What Strength means per model, grouped by meaning and range: `Creativity 0.1–0.5 (Creative Upscale)`. */
const STRENGTH_MEANINGS = new Map<string, string[]>();
for (const model of FAMILIES.flatMap((family) => family.models)) {
	if (!model.strength) continue;
	const meaning = `${model.strength.label} ${model.strength.min}–${model.strength.max}`;
	STRENGTH_MEANINGS.set(meaning, [...(STRENGTH_MEANINGS.get(meaning) ?? []), model.name]);
}
const STRENGTH_DESCRIPTION = `The model’s own strength and its range: ${[...STRENGTH_MEANINGS]
	.map(([meaning, names]) => `${meaning} (${names.join(', ')})`)
	.join('; ')}. SD3.5 image to image uses 0.7 when it is not set.`;
const PNG_ONLY = FAMILIES.filter((family) => !family.outputFormats.includes('jpeg'))
	.map((family) => family.displayName)
	.join(' and ');

const modelNames = (imageFamilies as readonly ImageFamily[])
	.flatMap((family) => family.models.filter((model) => model.prompt !== 'none'))
	.slice(0, 3)
	.map((model) => model.name)
	.join(', ');

export const description: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The image model: Stability AI’s (${modelNames}, and the Image Services that edit an input image), or Amazon’s legacy Nova Canvas and Titan Image Generator`,
		displayOptions: show,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchImageModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. us.stability.sd3-5-large-v1:0',
				hint: 'An image model ID, an inference profile ID (us.stability...), or an ARN',
			},
		],
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. ={{ $json.description }}',
		description:
			'What the image should show. Upscale Fast, Erase Object and Remove Background take none: leave it empty for them.',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			...imageOption('negativePrompt', {
				displayName: 'Negative Prompt',
				name: 'negativePrompt',
				type: 'string',
				default: '',
				description: 'What the image should not show',
			}),
			...imageOption('seed', {
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'The same seed and prompt give the same image. Stability: 0 lets the model pick; several images use seed, seed + 1, ...',
			}),
			...imageOption('aspectRatio', {
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'options',
				options: ALL_ASPECT_RATIOS.map((ratio) => ({ name: ratio, value: ratio })),
				default: '1:1',
				description: ASPECT_RATIO_DESCRIPTION,
			}),
			...imageOption('numberOfImages', {
				displayName: 'Number of Images',
				name: 'numberOfImages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MOST_IMAGES },
				default: 1,
				description: NUMBER_OF_IMAGES_DESCRIPTION,
			}),
			...imageOption('outputFormat', {
				displayName: 'Output Format',
				name: 'outputFormat',
				type: 'options',
				options: [
					{ name: 'PNG', value: 'png' },
					{ name: 'JPEG', value: 'jpeg' },
				],
				default: 'png',
				description: `${PNG_ONLY} return PNG only`,
			}),
			...imageOption('inputImage', {
				displayName: 'Input Image',
				name: 'inputImage',
				type: 'string',
				default: 'data',
				placeholder: 'data',
				description:
					'The binary property of the item holding the image to start from (image to image, variations) or to edit (Image Services)',
			}),
			...imageOption('mask', {
				displayName: 'Mask',
				name: 'mask',
				type: 'string',
				default: '',
				placeholder: 'mask',
				description:
					'The binary property holding the mask: white where the image is to change (Inpaint, Erase Object, Nova Canvas and Titan inpainting)',
			}),
			...imageOption('styleImage', {
				displayName: 'Style Image',
				name: 'styleImage',
				type: 'string',
				default: '',
				placeholder: 'style',
				description:
					'The binary property holding the image whose style is applied (Style Transfer)',
			}),
			...imageOption('searchPrompt', {
				displayName: 'Search Prompt',
				name: 'searchPrompt',
				type: 'string',
				default: '',
				placeholder: 'e.g. the red car',
				description:
					'What to find in the input image: replaced by the prompt (Search and Replace) or recoloured (Search and Recolor)',
			}),
			...imageOption('strength', {
				displayName: 'Strength',
				name: 'strength',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.7,
				description: STRENGTH_DESCRIPTION,
			}),
			...imageOption('quality', {
				displayName: 'Quality',
				name: 'quality',
				type: 'options',
				options: [
					{ name: 'Standard', value: 'standard' },
					{ name: 'Premium', value: 'premium' },
				],
				default: 'standard',
				description: 'Amazon’s models: premium costs more per image',
			}),
			...imageOption('style', {
				displayName: 'Style',
				name: 'style',
				type: 'string',
				default: '',
				placeholder: 'e.g. photographic',
				description:
					'A style preset: Stability Image Services (e.g. photographic, anime, digital-art) or Nova Canvas (e.g. PHOTOREALISM, DESIGN_SKETCH).',
			}),
			...imageOption('cfgScale', {
				displayName: 'CFG Scale',
				name: 'cfgScale',
				type: 'number',
				typeOptions: { minValue: 1.1, maxValue: 10, numberPrecision: 1 },
				default: 6.5,
				description: 'How closely the image follows the prompt (Amazon’s models, 1.1–10)',
			}),
			...(['left', 'right', 'up', 'down'] as const).flatMap((side) =>
				imageOption('expand', {
					displayName: `Expand ${side[0].toUpperCase()}${side.slice(1)} (Pixels)`,
					name: `expand${side[0].toUpperCase()}${side.slice(1)}`,
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 2000 },
					default: 0,
					description: `How far Outpaint extends the image to the ${side} (0–2000)`,
				}),
			),
			{
				displayName: 'Include Cost',
				name: 'includeCost',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the estimated cost of the images (on-demand price per image) as cost',
			},
			{
				displayName: 'Custom Price (USD per Image)',
				name: 'pricePerImage',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 4 },
				default: 0,
				description:
					'Your own price per image, used instead of the built-in table; 0 uses the table',
				displayOptions: { show: { includeCost: [true] } },
			},
			...batchOptions,
		],
	},
];

interface ReadImage {
	base64: string;
	kind: ImageKind;
}

/** An image from a binary property of the item; refused when missing or not PNG, JPEG or WebP. */
async function readBinaryImage(
	context: OperationContext,
	itemIndex: number,
	property: string,
	label: string,
): Promise<ReadImage> {
	const binary = context.fn.getInputData()[itemIndex]?.binary?.[property];
	if (!binary) {
		throw inputError(
			context,
			itemIndex,
			`The item has no binary property '${property}' (${label})`,
			`Set ${label} to the binary property holding the image; the item has: ${
				Object.keys(context.fn.getInputData()[itemIndex]?.binary ?? {}).join(', ') ||
				'no binary data'
			}.`,
		);
	}
	const bytes = await context.fn.helpers.getBinaryDataBuffer(itemIndex, property);
	const kind = sniffImageKind(bytes);
	if (!kind) {
		throw inputError(
			context,
			itemIndex,
			`The binary property '${property}' (${label}) is not a PNG, JPEG or WebP image${
				binary.mimeType ? ` (its MIME type is ${binary.mimeType})` : ''
			}`,
			'Bedrock’s image models take PNG, JPEG or WebP images: convert the file first, or point the option at the image’s property.',
		);
	}
	return { base64: bytes.toString('base64'), kind };
}

function optionalString(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

function optionalNumber(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return Number(value);
}

interface ItemRequest {
	match: ImageModelMatch;
	input: ImageRequestInput;
}

async function readRequest(
	context: OperationContext,
	itemIndex: number,
	modelId: string,
): Promise<ItemRequest> {
	const match = detectImageModel(modelId);
	if (!match) {
		throw inputError(
			context,
			itemIndex,
			`${modelId} is not an image model this node knows`,
			'Choose an image model from the list: Stable Diffusion 3.5 Large, Stable Image Core or Ultra, a Stability Image Service, Nova Canvas or Titan Image Generator v2.',
		);
	}
	const options = readOptions(context, itemIndex);
	const set: ImageOptionName[] = [];
	const take = <T>(name: ImageOptionName, value: T | undefined): T | undefined => {
		if (value !== undefined) set.push(name);
		return value;
	};
	const prompt = String(context.fn.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	const seedOption = optionalNumber(options.seed);
	const expand = {
		left: optionalNumber(options.expandLeft),
		right: optionalNumber(options.expandRight),
		up: optionalNumber(options.expandUp),
		down: optionalNumber(options.expandDown),
	};
	const expandSet = Object.values(expand).some((pixels) => pixels !== undefined);
	const image = async (name: ImageOptionName, label: string) => {
		const property = optionalString(options[name]);
		if (property === undefined) return undefined;
		set.push(name);
		return (await readBinaryImage(context, itemIndex, property, label)).base64;
	};
	const input: ImageRequestInput = {
		baseModelId: baseModelId(modelId),
		prompt,
		negativePrompt: take('negativePrompt', optionalString(options.negativePrompt)),
		seed: take('seed', seedOption),
		aspectRatio: take('aspectRatio', optionalString(options.aspectRatio)),
		numberOfImages: take('numberOfImages', optionalNumber(options.numberOfImages)) ?? 1,
		outputFormat: take('outputFormat', optionalString(options.outputFormat) as ImageOutputFormat),
		inputImage: await image('inputImage', 'Input Image'),
		mask: await image('mask', 'Mask'),
		styleImage: await image('styleImage', 'Style Image'),
		strength: take('strength', optionalNumber(options.strength)),
		quality: take('quality', optionalString(options.quality) as 'standard' | 'premium'),
		style: take('style', optionalString(options.style)),
		cfgScale: take('cfgScale', optionalNumber(options.cfgScale)),
		searchPrompt: take('searchPrompt', optionalString(options.searchPrompt)),
		expand: expandSet ? expand : undefined,
	};
	if (expandSet) set.push('expand');
	// Output Format PNG is the form's default: Amazon's models take it although they have no choice.
	const defaultsAnyModelTakes = input.outputFormat === 'png' ? ['outputFormat'] : [];
	const numberDefault = input.numberOfImages === 1 ? ['numberOfImages'] : [];
	validateImageRequest(
		match,
		input,
		set.filter((name) => !defaultsAnyModelTakes.includes(name) && !numberDefault.includes(name)),
	);
	return { match, input };
}

/** The requests an item needs: as many as the family makes images per request allows. */
function requestsFor(family: ImageFamily, input: ImageRequestInput): ImageRequestInput[] {
	const requests: ImageRequestInput[] = [];
	for (let made = 0; made < input.numberOfImages; made += family.maxImagesPerCall) {
		requests.push({
			...input,
			numberOfImages: Math.min(input.numberOfImages - made, family.maxImagesPerCall),
			seed: family.seedOfRequest(input.seed, requests.length),
		});
	}
	return requests;
}

const CONTENT_FILTERED_REMEDY =
	'The model’s content filter refused the request or its result: reword the prompt (and negative prompt) or use another input image. Nothing is billed for a filtered prompt.';

/** An error in the SDK's shape, so it gets the contract's error fields and Continue On Fail item. */
function contentFilteredError(message: string, requestId?: string, httpStatusCode = 200): Error {
	return Object.assign(new Error(message), {
		name: 'ContentFiltered',
		$metadata: { httpStatusCode, requestId },
	});
}

/** Amazon's models refuse filtered content with a ValidationException: reported as ContentFiltered. */
function asContentFiltered(family: ImageFamily, error: unknown): Error | undefined {
	const shape = error as {
		name?: string;
		message?: string;
		$metadata?: { requestId?: string; httpStatusCode?: number };
	};
	if (shape?.name !== 'ValidationException') return undefined;
	if (!family.isContentFilterMessage?.(shape.message ?? '')) return undefined;
	return contentFilteredError(
		shape.message ?? 'Blocked by the content filter',
		shape.$metadata?.requestId,
		shape.$metadata?.httpStatusCode,
	);
}

export async function execute(
	context: OperationContext,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const modelId = readModelId(context, itemIndex);
	const { match, input } = await buildForItem(
		context,
		itemIndex,
		async () => await readRequest(context, itemIndex, modelId),
	);
	const { family, model } = match;
	const region = arnRegion(parseModelId(modelId)) ?? context.credentials.region;
	const node = context.fn.getNode();
	const errorContext = {
		modelId,
		region,
		secrets: context.secrets,
		remedies: {
			ContentFiltered: CONTENT_FILTERED_REMEDY,
			ValidationException:
				'Bedrock refused the request body: check the options against the model (sizes, ranges, the input image’s size and format).',
			ResourceNotFoundException:
				family.endOfLifeRemedy ??
				`${modelId} is not served in ${region}: pick an image model from the list (Image Services need the us. profile and a US region).`,
		},
	};
	const sdk = await loadRuntimeSdk();
	const client = await context.clients.runtime(region);
	const kind: ImageKind = input.outputFormat === 'jpeg' ? 'jpeg' : 'png';

	const images: Array<{ base64: string; seed: number | undefined }> = [];
	for (const call of requestsFor(family, input)) {
		const body = family.buildRequest(call, model);
		const request: InvokeModelCommandInput = {
			modelId,
			contentType: 'application/json',
			accept: 'application/json',
			body: new TextEncoder().encode(JSON.stringify(body)),
		};
		let response: InvokeModelCommandOutput;
		try {
			response = await client.send(new sdk.InvokeModelCommand(request), {
				abortSignal: context.signal,
			});
		} catch (error) {
			throw toNodeApiError(
				node,
				asContentFiltered(family, error) ?? error,
				itemIndex,
				errorContext,
			);
		}
		const reply: ImageReply = family.parseResponse(
			JSON.parse(new TextDecoder().decode(response.body)) as IDataObject,
		);
		if (reply.finishReason !== 'success') {
			const error =
				reply.finishReason === 'content_filtered'
					? contentFilteredError(
							`${model.name}: ${reply.detail ?? 'content filtered'}`,
							response.$metadata.requestId,
						)
					: Object.assign(new Error(`${model.name}: ${reply.detail ?? 'no image'}`), {
							name: 'ModelErrorException',
							$metadata: { httpStatusCode: 200, requestId: response.$metadata.requestId },
						});
			throw toNodeApiError(node, error, itemIndex, errorContext);
		}
		reply.images.forEach((base64, index) =>
			images.push({ base64, seed: reply.seeds[index] ?? call.seed }),
		);
	}

	const binary: IBinaryKeyData = {};
	const decoded = images.map((image) => {
		const bytes = Buffer.from(image.base64, 'base64');
		return { bytes, seed: image.seed, kind: sniffImageKind(bytes) ?? kind };
	});
	const fileNames = imageFileNames(input.baseModelId, decoded);
	for (const [index, image] of decoded.entries()) {
		binary[imagePropertyName(index)] = await context.fn.helpers.prepareBinaryData(
			image.bytes,
			fileNames[index],
			mimeTypeOf(image.kind),
		);
	}
	const seeds = images.map((image) => image.seed ?? null);
	const json: IDataObject = { modelId, seed: seeds[0] ?? null, finishReason: 'success' };
	if (images.length > 1) json.seeds = seeds;
	const options = readOptions(context, itemIndex);
	if (options.includeCost === true) {
		const cost = estimateImageCost({
			modelId,
			images: images.length,
			quality: input.quality,
			customPerImage: Number(options.pricePerImage ?? 0),
		});
		json.cost = cost
			? { ...cost }
			: {
					totalUsd: null,
					pricingSource: `no price known for ${modelId}: set Custom Price (USD per Image) in Options`,
				};
	}
	return { json, binary };
}

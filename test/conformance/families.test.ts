/**
 * The node's family registry and the emulator's native formats are written independently from
 * AWS's model parameter pages (the emulator imports no node code). This test holds them to each
 * other: every model the emulator serves is recognised by the node as the family whose format the
 * emulator speaks for it, and every node family has a model in the emulator's catalogue.
 */
import { FOUNDATION_MODELS } from '../../emulator/catalogue';
import {
	findImageFormat,
	findNativeFormat,
	imageFormats,
	nativeFormats,
} from '../../emulator/native';
import {
	detectFamily,
	detectImageModel,
	families,
	imageFamilies,
} from '../../nodes/Bedrock/families/registry';
import type { FamilyId } from '../../nodes/Bedrock/families/types';

/** The emulator names its formats in kebab case; the node names its families in camel case. */
const NODE_FAMILY_OF_FORMAT: Record<string, FamilyId> = {
	anthropic: 'anthropic',
	meta: 'meta',
	mistral: 'mistral',
	'mistral-chat': 'mistralChat',
	'titan-text': 'titanText',
	nova: 'nova',
	'cohere-command-r': 'cohereCommandR',
	'ai21-jamba': 'ai21Jamba',
	deepseek: 'deepseek',
	'openai-gpt-oss': 'openaiGptOss',
	qwen: 'qwen',
	kimi: 'kimi',
	'deepseek-v3': 'deepseekV3',
	minimax: 'minimax',
	gemma: 'gemma',
	'writer-palmyra': 'writerPalmyra',
	'titan-embed': 'titanEmbed',
	'cohere-embed': 'cohereEmbed',
	'nova-embed': 'novaEmbed',
};

const TEXT_AND_EMBEDDING_MODELS = FOUNDATION_MODELS.filter(
	(model) => !model.outputModalities.includes('IMAGE'),
);
const IMAGE_MODELS = FOUNDATION_MODELS.filter((model) => model.outputModalities.includes('IMAGE'));

/** The emulator's image formats and the node's image families. */
const NODE_IMAGE_FAMILIES_OF_FORMAT: Record<string, string[]> = {
	'stability-image': ['stabilityImage'],
	'stability-services': ['stabilityServices'],
	'amazon-image': ['novaCanvas', 'titanImage'],
};

describe('the node’s image families and the emulator’s image formats', () => {
	it('cover each other', () => {
		expect(Object.keys(NODE_IMAGE_FAMILIES_OF_FORMAT).sort()).toEqual(
			imageFormats.map((format) => format.id).sort(),
		);
		expect(Object.values(NODE_IMAGE_FAMILIES_OF_FORMAT).flat().sort()).toEqual(
			imageFamilies.map((family) => family.id).sort(),
		);
	});

	it.each(IMAGE_MODELS.map((model) => [model.modelId]))(
		'%s is an image model of the same family to the node as to the emulator, and no text family',
		(modelId) => {
			const format = findImageFormat(modelId);
			expect(format).toBeDefined();
			const match = detectImageModel(modelId);
			expect(NODE_IMAGE_FAMILIES_OF_FORMAT[format?.id ?? '']).toContain(match?.family.id);
			expect(detectImageModel(`us.${modelId}`)?.model).toBe(match?.model);
			expect(detectFamily(modelId)).toBeUndefined();
			expect(findNativeFormat(modelId)).toBeUndefined();
		},
	);

	it.each(imageFamilies.flatMap((family) => family.models.map((model) => [model.idPrefix])))(
		'the image model %s is in the emulator’s catalogue',
		(idPrefix) => {
			expect(IMAGE_MODELS.some((model) => model.modelId.startsWith(idPrefix))).toBe(true);
		},
	);
});

describe('the node’s families and the emulator’s formats', () => {
	it('map one to one', () => {
		expect(Object.keys(NODE_FAMILY_OF_FORMAT).sort()).toEqual(
			nativeFormats.map((format) => format.id).sort(),
		);
		expect(Object.values(NODE_FAMILY_OF_FORMAT).sort()).toEqual(
			families.map((family) => family.id).sort(),
		);
	});

	it.each(TEXT_AND_EMBEDDING_MODELS.map((model) => [model.modelId]))(
		'%s is the same family to the node as to the emulator',
		(modelId) => {
			const format = findNativeFormat(modelId);
			expect(format).toBeDefined();
			const expected = NODE_FAMILY_OF_FORMAT[format?.id ?? ''];
			expect(detectFamily(modelId)?.id).toBe(expected);
			expect(detectFamily(`us.${modelId}`)?.id).toBe(expected);
			expect(detectFamily(`arn:aws:bedrock:us-east-1::foundation-model/${modelId}`)?.id).toBe(
				expected,
			);
			// The catalogue's kind (embedding models output EMBEDDING) matches the family's.
			const model = FOUNDATION_MODELS.find((entry) => entry.modelId === modelId);
			const kind = model?.outputModalities.includes('EMBEDDING') ? 'embedding' : 'text';
			expect(detectFamily(modelId)?.kind).toBe(kind);
			expect(format?.kind).toBe(kind);
		},
	);

	it.each(families.map((family) => [family.id]))(
		'the %s family has at least one model in the emulator’s catalogue',
		(familyId) => {
			const served = FOUNDATION_MODELS.filter(
				(model) => detectFamily(model.modelId)?.id === familyId,
			);
			expect(served.map((model) => model.modelId)).not.toEqual([]);
		},
	);
});

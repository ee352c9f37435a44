/**
 * The node's family registry and the emulator's native formats are written independently from
 * AWS's model parameter pages (the emulator imports no node code). This test holds them to each
 * other: every model the emulator serves is recognised by the node as the family whose format the
 * emulator speaks for it, and every node family has a model in the emulator's catalogue.
 */
import { FOUNDATION_MODELS } from '../../emulator/catalogue';
import { findNativeFormat, nativeFormats } from '../../emulator/native';
import { detectFamily, families } from '../../nodes/Bedrock/families/registry';
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

describe('the node’s families and the emulator’s formats', () => {
	it('map one to one', () => {
		expect(Object.keys(NODE_FAMILY_OF_FORMAT).sort()).toEqual(
			nativeFormats.map((format) => format.id).sort(),
		);
		expect(Object.values(NODE_FAMILY_OF_FORMAT).sort()).toEqual(
			families.map((family) => family.id).sort(),
		);
	});

	it.each(FOUNDATION_MODELS.map((model) => [model.modelId]))(
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

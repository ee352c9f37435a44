import {
	converseTopKPath,
	detectFamily,
	families,
	getFamily,
	maxTokenPaths,
	modelIdRegexSource,
	resolveFamily,
} from '../../../../nodes/Bedrock/families/registry';
import type { FamilyId, ModelFamily } from '../../../../nodes/Bedrock/families/types';

const detected = (modelId: string) => detectFamily(modelId)?.id;

describe('family registry', () => {
	it('holds every family once, with unique field names prefixed by the family id', () => {
		const ids = families.map((family) => family.id);
		expect(new Set(ids).size).toBe(19);
		const names = families.flatMap((family) => family.fields.map((field) => field.name));
		expect(new Set(names).size).toBe(names.length);
		for (const family of families) {
			for (const field of family.fields) {
				expect(field.name.startsWith(family.id)).toBe(true);
				expect(field.displayOptions).toBeUndefined();
				expect(field.description).toBeTruthy();
			}
			expect(getFamily(family.id)).toBe(family);
		}
		expect(
			families.filter((family) => family.kind === 'embedding').map((family) => family.id),
		).toEqual(['titanEmbed', 'cohereEmbed', 'novaEmbed']);
	});

	it.each<[string, FamilyId]>([
		['anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic'],
		['anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
		['meta.llama3-1-8b-instruct-v1:0', 'meta'],
		['meta.llama4-scout-17b-instruct-v1:0', 'meta'],
		['mistral.mistral-7b-instruct-v0:2', 'mistral'],
		['mistral.mixtral-8x7b-instruct-v0:1', 'mistral'],
		['mistral.mistral-small-2402-v1:0', 'mistral'],
		['mistral.mistral-large-2402-v1:0', 'mistral'],
		['mistral.mistral-large-2407-v1:0', 'mistralChat'],
		['mistral.pixtral-large-2502-v1:0', 'mistralChat'],
		['mistral.mistral-large-3-675b-instruct', 'mistralChat'],
		['mistral.ministral-3-8b-instruct', 'mistralChat'],
		['mistral.magistral-small-2509', 'mistralChat'],
		['qwen.qwen3-32b-v1:0', 'qwen'],
		['moonshot.kimi-k2-thinking', 'kimi'],
		['deepseek.v3-v1:0', 'deepseekV3'],
		['minimax.minimax-m2', 'minimax'],
		['google.gemma-3-4b-it', 'gemma'],
		['writer.palmyra-x4-v1:0', 'writerPalmyra'],
		['amazon.titan-text-express-v1', 'titanText'],
		['amazon.titan-text-premier-v1:0', 'titanText'],
		['amazon.nova-micro-v1:0', 'nova'],
		['amazon.nova-pro-v1:0', 'nova'],
		['amazon.nova-2-lite-v1:0', 'nova'],
		['cohere.command-r-plus-v1:0', 'cohereCommandR'],
		['ai21.jamba-1-5-large-v1:0', 'ai21Jamba'],
		['deepseek.r1-v1:0', 'deepseek'],
		['openai.gpt-oss-120b-1:0', 'openaiGptOss'],
		['amazon.titan-embed-text-v2:0', 'titanEmbed'],
		['amazon.titan-embed-text-v1', 'titanEmbed'],
		['cohere.embed-english-v3', 'cohereEmbed'],
		['cohere.embed-v4:0', 'cohereEmbed'],
	])('detects %s as %s', (modelId, family) => {
		expect(detected(modelId)).toBe(family);
	});

	it('detects cross-region profiles and ARNs', () => {
		for (const prefix of ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca']) {
			expect(detected(`${prefix}.anthropic.claude-3-5-haiku-20241022-v1:0`)).toBe('anthropic');
		}
		expect(
			detected('arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-70b-instruct-v1:0'),
		).toBe('meta');
		expect(
			detected(
				'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
			),
		).toBe('anthropic');
		expect(
			detected(
				'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.titan-text-express-v1',
			),
		).toBe('titanText');
	});

	it('does not guess for ARNs that hide the base model, or unknown models', () => {
		for (const modelId of [
			'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
			'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcd1234',
			'arn:aws:bedrock:us-east-1:123456789012:custom-model/anthropic.claude-v2/abc123',
			'arn:aws:bedrock:us-east-1:123456789012:imported-model/xyz789',
			'stability.sd3-large-v1:0',
			'amazon.nova-canvas-v1:0',
			'amazon.nova-sonic-v1:0',
			'cohere.command-text-v14',
			'',
		]) {
			expect(detected(modelId)).toBeUndefined();
		}
	});

	describe('resolveFamily', () => {
		it('auto-detects, or says what to do', () => {
			expect(resolveFamily('us.deepseek.r1-v1:0', 'auto').id).toBe('deepseek');
			expect(() =>
				resolveFamily('arn:aws:bedrock:us-east-1:1:application-inference-profile/x', 'auto'),
			).toThrow(
				"Could not tell the model family from 'arn:aws:bedrock:us-east-1:1:application-inference-profile/x'. Choose it in 'Model Family'.",
			);
		});

		it('uses the picked family for models that hide their base model', () => {
			expect(resolveFamily('arn:aws:bedrock:us-east-1:1:provisioned-model/x', 'meta').id).toBe(
				'meta',
			);
		});

		it('refuses a picked family that contradicts the model ID', () => {
			expect(() => resolveFamily('anthropic.claude-3-5-haiku-20241022-v1:0', 'meta')).toThrow(
				"Model Family is set to Meta Llama but 'anthropic.claude-3-5-haiku-20241022-v1:0' is an Anthropic Claude model. Set Model Family to Auto-Detect or pick the matching family.",
			);
			expect(() => resolveFamily('mistral.mistral-large-2407-v1:0', 'mistral')).toThrow(
				/is a Mistral \(Chat Completion\) model/,
			);
			expect(resolveFamily('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic').id).toBe(
				'anthropic',
			);
		});
	});

	describe('modelIdRegexSource', () => {
		const matches = (family: FamilyId, modelId: string) =>
			new RegExp(modelIdRegexSource(getFamily(family))).test(modelId);

		it("matches the family's IDs, profile IDs and ARNs", () => {
			expect(matches('anthropic', 'anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(true);
			expect(matches('anthropic', 'global.anthropic.claude-sonnet-4-20250514-v1:0')).toBe(true);
			expect(
				matches(
					'anthropic',
					'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
				),
			).toBe(true);
			expect(
				matches(
					'meta',
					'arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-70b-instruct-v1:0',
				),
			).toBe(true);
			expect(matches('mistral', 'mistral.mistral-7b-instruct-v0:2')).toBe(true);
			expect(matches('mistralChat', 'mistral.mistral-large-2407-v1:0')).toBe(true);
		});

		it("does not match other families' IDs", () => {
			expect(matches('meta', 'anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(false);
			expect(matches('mistral', 'mistral.mistral-large-2407-v1:0')).toBe(false);
			expect(matches('mistralChat', 'mistral.mistral-7b-instruct-v0:2')).toBe(false);
			expect(
				matches('anthropic', 'arn:aws:bedrock:us-east-1:1:application-inference-profile/x'),
			).toBe(false);
			expect(matches('anthropic', 'my.anthropic.claude')).toBe(false);
		});

		it('agrees with detectFamily for every family', () => {
			const samples = [
				'anthropic.claude-3-5-haiku-20241022-v1:0',
				'us.meta.llama3-2-90b-instruct-v1:0',
				'eu.mistral.pixtral-large-2502-v1:0',
				'amazon.titan-text-lite-v1',
				'apac.amazon.nova-lite-v1:0',
				'cohere.command-r-v1:0',
				'ai21.jamba-instruct-v1:0',
				'us.deepseek.r1-v1:0',
				'openai.gpt-oss-20b-1:0',
				'amazon.titan-embed-text-v2:0',
				'cohere.embed-multilingual-v3',
			];
			for (const modelId of samples) {
				const matching = families.filter((family) =>
					new RegExp(modelIdRegexSource(family)).test(modelId),
				);
				expect(matching.map((family) => family.id)).toEqual([detected(modelId)]);
			}
		});
	});

	describe('the per-family facts other parts read', () => {
		it('gives Count Tokens every max-token path of every family', () => {
			expect(maxTokenPaths()).toEqual(
				expect.arrayContaining([
					['max_tokens'],
					['max_gen_len'],
					['max_completion_tokens'],
					['textGenerationConfig', 'maxTokenCount'],
					['inferenceConfig', 'maxTokens'],
					['inferenceConfig', 'max_new_tokens'],
				]),
			);
			const paths = maxTokenPaths().map((path) => path.join('.'));
			expect(new Set(paths).size).toBe(paths.length);
		});

		it('gives Converse the Top K field of each family, the native one unless it says otherwise', () => {
			expect(converseTopKPath(getFamily('anthropic'))).toBe('top_k');
			expect(converseTopKPath(getFamily('nova'))).toBe('inferenceConfig.topK');
			expect(converseTopKPath(getFamily('cohereCommandR'))).toBe('k');
			expect(converseTopKPath(getFamily('meta'))).toBeUndefined();
			expect(converseTopKPath(getFamily('mistralChat'))).toBeUndefined();
			expect(converseTopKPath(undefined)).toBe('top_k');
		});

		it('keeps every price with the family whose models it prices', () => {
			for (const family of families as readonly ModelFamily[]) {
				for (const key of Object.keys(family.prices ?? {})) {
					expect(`${key}: ${detected(key) ?? 'none'}`).toBe(`${key}: ${family.id}`);
				}
			}
		});

		it('gives every text family Converse facts, and embedding families none', () => {
			for (const family of families as readonly ModelFamily[]) {
				expect(family.converse !== undefined).toBe(family.kind === 'text');
			}
		});
	});
});

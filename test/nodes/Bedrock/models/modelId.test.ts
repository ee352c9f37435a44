import {
	arnRegion,
	baseModelId,
	checkModelAgainstRegion,
	parseModelId,
	partitionOfRegion,
} from '../../../../nodes/Bedrock/models/modelId';

const refusal = (modelId: string, region: string): string => {
	try {
		checkModelAgainstRegion(parseModelId(modelId), region);
	} catch (error) {
		return (error as Error).message;
	}
	return '';
};

describe('parseModelId', () => {
	it('splits profile scope, ARN region and base ID', () => {
		const gov = parseModelId('us-gov.anthropic.claude-3-haiku-20240307-v1:0');
		expect(gov).toMatchObject({
			baseModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
			profileScope: 'us-gov',
		});
		expect(arnRegion(gov)).toBeUndefined();
		const apac = parseModelId(
			'arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/apac.amazon.nova-lite-v1:0',
		);
		expect(apac).toMatchObject({ baseModelId: 'amazon.nova-lite-v1:0', profileScope: 'apac' });
		expect(arnRegion(apac)).toBe('ap-northeast-1');
	});

	it('names the partition, region, account and resource type of ARNs', () => {
		expect(
			parseModelId(
				'arn:aws-cn:bedrock:cn-north-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
			),
		).toEqual({
			id: 'arn:aws-cn:bedrock:cn-north-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
			resourceType: 'application-inference-profile',
			arn: {
				partition: 'aws-cn',
				region: 'cn-north-1',
				account: '123456789012',
				resourceType: 'application-inference-profile',
				resource: 'a1b2c3d4e5f6',
			},
		});
		expect(parseModelId('arn:aws:bedrock:us-east-1:1:provisioned-model/x').resourceType).toBe(
			'provisioned-model',
		);
		expect(parseModelId('arn:aws:bedrock:us-east-1:1:imported-model/x').resourceType).toBe(
			'imported-model',
		);
		expect(parseModelId('arn:aws:bedrock:us-east-1:1:custom-model/a.b/x').resourceType).toBe(
			'custom-model',
		);
		expect(parseModelId('arn:nonsense').resourceType).toBe('unknown');
	});

	it('tells profile IDs from foundation-model IDs', () => {
		expect(parseModelId('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toMatchObject({
			resourceType: 'inference-profile',
			profileScope: 'global',
		});
		expect(parseModelId(' meta.llama3-8b-instruct-v1:0 ')).toEqual({
			id: 'meta.llama3-8b-instruct-v1:0',
			resourceType: 'foundation-model',
			baseModelId: 'meta.llama3-8b-instruct-v1:0',
		});
	});
});

describe('baseModelId', () => {
	it('strips ARNs and region prefixes', () => {
		expect(baseModelId('us.anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(
			'anthropic.claude-3-5-haiku-20241022-v1:0',
		);
		expect(baseModelId('us-gov.meta.llama3-8b-instruct-v1:0')).toBe('meta.llama3-8b-instruct-v1:0');
		expect(
			baseModelId('arn:aws:bedrock:eu-west-1::foundation-model/mistral.mistral-large-2402-v1:0'),
		).toBe('mistral.mistral-large-2402-v1:0');
		expect(
			baseModelId(
				'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0',
			),
		).toBe('amazon.nova-lite-v1:0');
		expect(baseModelId('meta.llama3-8b-instruct-v1:0')).toBe('meta.llama3-8b-instruct-v1:0');
		const appProfile = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
		expect(baseModelId(appProfile)).toBe(appProfile);
	});
});

describe('arnRegion', () => {
	it('reads the region of Bedrock ARNs and nothing else', () => {
		expect(
			arnRegion(
				parseModelId(
					'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
				),
			),
		).toBe('eu-west-1');
		expect(
			arnRegion(
				parseModelId('arn:aws:bedrock:us-east-2:123456789012:application-inference-profile/abc123'),
			),
		).toBe('us-east-2');
		expect(arnRegion(parseModelId('us.anthropic.claude-3-5-haiku-20241022-v1:0'))).toBeUndefined();
		expect(arnRegion(parseModelId('arn:aws:bedrock:::foundation-model/x.y'))).toBeUndefined();
	});
});

describe('partitionOfRegion', () => {
	it.each([
		['us-east-1', 'aws'],
		['eu-central-2', 'aws'],
		['cn-northwest-1', 'aws-cn'],
		['us-gov-west-1', 'aws-us-gov'],
		['us-iso-east-1', 'aws-iso'],
		['us-isob-east-1', 'aws-iso-b'],
	])('%s is in %s', (region, partition) => {
		expect(partitionOfRegion(region)).toBe(partition);
	});
});

describe('checkModelAgainstRegion', () => {
	it('accepts plain IDs, profiles and ARNs of the credential’s partition, in any of its regions', () => {
		for (const [modelId, region] of [
			['anthropic.claude-3-haiku-20240307-v1:0', 'us-east-1'],
			['eu.amazon.nova-lite-v1:0', 'us-east-1'],
			['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'ap-south-1'],
			[
				'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
				'us-east-1',
			],
			['us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'us-gov-west-1'],
			['arn:aws-cn:bedrock:cn-north-1::foundation-model/x.y', 'cn-northwest-1'],
			['arn:aws:bedrock:us-east-1:1:application-inference-profile/abc', 'eu-west-3'],
		]) {
			expect(refusal(modelId, region)).toBe('');
		}
	});

	it('refuses an ARN of another partition, naming the region to use', () => {
		const message = refusal(
			'arn:aws-cn:bedrock:cn-north-1::foundation-model/deepseek.r1-v1:0',
			'us-east-1',
		);
		expect(message).toContain('AWS China (aws-cn)');
		expect(message).toContain("the credential's region us-east-1");
		expect(message).toContain('Use a credential for region cn-north-1');
		expect(
			refusal(
				'arn:aws-us-gov:bedrock:::foundation-model/amazon.titan-text-express-v1',
				'eu-west-1',
			),
		).toContain(
			'Use a credential for a region of AWS GovCloud (US) (aws-us-gov) such as us-gov-west-1',
		);
	});

	it('refuses an ARN whose region is not in its partition', () => {
		expect(refusal('arn:aws-cn:bedrock:us-east-1::foundation-model/x.y', 'us-east-1')).toContain(
			'names partition aws-cn with region us-east-1, which is in aws',
		);
	});

	it('refuses a profile scope of another partition, naming the fix', () => {
		const gov = refusal('us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'us-east-1');
		expect(gov).toContain("a 'us-gov.' cross-region inference profile of AWS GovCloud (US)");
		expect(gov).toContain('Use a credential for region us-gov-west-1 or us-gov-east-1');
		const commercial = refusal('us.anthropic.claude-3-haiku-20240307-v1:0', 'us-gov-west-1');
		expect(commercial).toContain("without the 'us.' prefix (or with 'us-gov.')");
		expect(refusal('global.amazon.nova-2-lite-v1:0', 'cn-north-1')).toContain(
			'the call goes to region cn-north-1, in AWS China (aws-cn)',
		);
		// An inference-profile ARN is called in its own region, whatever the credential's is.
		expect(
			refusal(
				'arn:aws-us-gov:bedrock:us-gov-west-1:1:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
				'us-gov-east-1',
			),
		).toContain('region us-gov-west-1');
	});
});

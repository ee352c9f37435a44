import { compilePattern, matchRoute } from '../../../emulator/http/router';
import { ROUTES } from '../../../emulator/routes';

describe('matchRoute', () => {
	const routes = [
		compilePattern({ method: 'POST', path: '/model/{modelId}/converse', name: 'converse' }),
		compilePattern({ method: 'GET', path: '/foundation-models', name: 'list' }),
		compilePattern({ method: 'GET', path: '/foundation-models/{modelId}', name: 'get' }),
		compilePattern({ method: 'PUT', path: '/{Bucket}/{Key+}', name: 'putObject' }),
	];

	it('matches method and path, with percent-decoded parameters', () => {
		const match = matchRoute(
			routes,
			'POST',
			'/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/converse',
		);
		expect(match?.route.name).toBe('converse');
		expect(match?.params).toEqual({
			modelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc',
		});
	});

	it('tells a listing from a get, and a method from another', () => {
		expect(matchRoute(routes, 'GET', '/foundation-models')?.route.name).toBe('list');
		expect(matchRoute(routes, 'GET', '/foundation-models/amazon.nova-pro-v1%3A0')?.params).toEqual({
			modelId: 'amazon.nova-pro-v1:0',
		});
		expect(matchRoute(routes, 'GET', '/model/x/converse')).toBeUndefined();
		expect(matchRoute(routes, 'POST', '/model/x/converse/extra')).toBeUndefined();
	});

	it('takes the rest of the path, slashes included, for a greedy parameter', () => {
		expect(matchRoute(routes, 'PUT', '/batch-input/2025/records%201.jsonl')?.params).toEqual({
			Bucket: 'batch-input',
			Key: '2025/records 1.jsonl',
		});
	});
});

describe('query conditions', () => {
	const routes = [
		compilePattern({ method: 'GET', path: '/{Bucket}?list-type=2', name: 'listV2' }),
		compilePattern({ method: 'POST', path: '/{Bucket}/{Key+}?uploads', name: 'create' }),
		compilePattern({ method: 'POST', path: '/{Bucket}/{Key+}', name: 'other' }),
	];

	it('needs the named parameter, with its value when the pattern gives one', () => {
		const match = (method: string, path: string, query: string) =>
			matchRoute(routes, method, path, new URLSearchParams(query))?.route.name;
		expect(match('GET', '/b', 'list-type=2')).toBe('listV2');
		expect(match('GET', '/b', 'list-type=1')).toBeUndefined();
		expect(match('POST', '/b/k', 'uploads')).toBe('create');
		expect(match('POST', '/b/k', 'uploadId=x')).toBe('other');
	});
});

describe('ROUTES', () => {
	it('names each operation once (one operation may answer several paths: S3’s trailing slash)', () => {
		const operations = new Set(ROUTES.map(({ route }) => route.operation));
		const names = [...operations].map((operation) => operation.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it.each([
		['POST', '/model/amazon.nova-pro-v1%3A0/converse-stream', 'ConverseStream'],
		[
			'POST',
			'/model/amazon.nova-pro-v1%3A0/invoke-with-response-stream',
			'InvokeModelWithResponseStream',
		],
		['POST', '/model/amazon.nova-pro-v1%3A0/count-tokens', 'CountTokens'],
		['GET', '/inference-profiles', 'ListInferenceProfiles'],
		['GET', '/inference-profiles/us.amazon.nova-pro-v1%3A0', 'GetInferenceProfile'],
		['POST', '/model-invocation-job', 'CreateModelInvocationJob'],
		['GET', '/model-invocation-job/abcdefabcdef', 'GetModelInvocationJob'],
		['POST', '/model-invocation-job/abcdefabcdef/stop', 'StopModelInvocationJob'],
		['GET', '/model-invocation-jobs?maxResults=5', 'ListModelInvocationJobs'],
		['PUT', '/s3/bucket/', 'CreateBucket'],
		['PUT', '/s3/bucket', 'CreateBucket'],
		['GET', '/s3/bucket?list-type=2&prefix=a', 'ListObjectsV2'],
		['GET', '/s3/bucket/?list-type=2', 'ListObjectsV2'],
		['GET', '/s3/bucket?list-type=1', 'Unknown'],
		['PUT', '/s3/bucket/dir/key.jsonl?x-id=PutObject', 'PutObject'],
		['PUT', '/s3/bucket/key?partNumber=1&uploadId=u', 'UploadPart'],
		['POST', '/s3/bucket/key?uploads', 'CreateMultipartUpload'],
		['POST', '/s3/bucket/key?uploadId=u', 'CompleteMultipartUpload'],
		['DELETE', '/s3/bucket/key?uploadId=u', 'AbortMultipartUpload'],
		['DELETE', '/s3/bucket/key', 'DeleteObject'],
		['HEAD', '/s3/bucket/key', 'HeadObject'],
	])('routes %s %s to %s', (method, target, operation) => {
		const [path, query] = target.split('?');
		expect(matchRoute(ROUTES, method, path, new URLSearchParams(query))?.route.operation.name).toBe(
			operation,
		);
	});
});

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

describe('ROUTES', () => {
	it('names each operation once', () => {
		const names = ROUTES.map(({ route }) => route.operation.name);
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
	])('routes %s %s to %s', (method, path, operation) => {
		expect(matchRoute(ROUTES, method, path)?.route.operation.name).toBe(operation);
	});
});

import {
	InvokeAgentAggregator,
	normaliseReturnControl,
	toReturnControlAnswer,
} from '../../../../nodes/Bedrock/mapping/agent';

describe('agent mapping', () => {
	it('decodes chunks as one UTF-8 stream, a character split between two chunks included', () => {
		const bytes = new TextEncoder().encode('Grüße');
		const aggregator = new InvokeAgentAggregator();
		// "ü" is two bytes: the first chunk ends in its middle.
		const deltas = [
			aggregator.push({ chunk: { bytes: bytes.slice(0, 3) } }),
			aggregator.push({ chunk: { bytes: bytes.slice(3) } }),
		];
		expect(deltas).toEqual(['Gr', 'üße']);
		expect(aggregator.finish().text).toBe('Grüße');
	});

	it('normalises a return of control and reads the answer built from it', () => {
		const returnControl = normaliseReturnControl({
			invocationId: 'inv-1',
			invocationInputs: [
				{
					functionInvocationInput: {
						actionGroup: 'orders',
						function: 'get_order_status',
						parameters: [{ name: 'orderId', type: 'string', value: '42' }],
					},
				},
				{
					apiInvocationInput: {
						actionGroup: 'billing',
						apiPath: '/invoices/{id}',
						httpMethod: 'GET',
						parameters: [{ name: 'id', value: '7' }],
						requestBody: {
							content: { 'application/json': { properties: [{ name: 'full', value: 'true' }] } },
						},
					},
				},
			],
		});
		expect(returnControl).toEqual({
			invocationId: 'inv-1',
			invocations: [
				{
					invocationId: 'inv-1',
					type: 'function',
					actionGroup: 'orders',
					function: 'get_order_status',
					parameters: { orderId: '42' },
				},
				{
					invocationId: 'inv-1',
					type: 'api',
					actionGroup: 'billing',
					apiPath: '/invoices/{id}',
					httpMethod: 'GET',
					parameters: { id: '7' },
					requestBody: { 'application/json': { full: 'true' } },
				},
			],
		});
		const [fn, api] = returnControl.invocations;
		expect(
			toReturnControlAnswer([
				{ ...fn, body: 'shipped' },
				{ ...api, body: { total: 12 }, httpStatusCode: 201 },
			]),
		).toEqual({
			invocationId: 'inv-1',
			results: [
				{
					functionResult: {
						actionGroup: 'orders',
						function: 'get_order_status',
						responseBody: { TEXT: { body: 'shipped' } },
					},
				},
				{
					apiResult: {
						actionGroup: 'billing',
						apiPath: '/invoices/{id}',
						httpMethod: 'GET',
						httpStatusCode: 201,
						responseBody: { 'application/json': { body: '{"total":12}' } },
					},
				},
			],
		});
	});

	it('passes Bedrock’s own result shape through and refuses mixed or incomplete answers', () => {
		const own = {
			functionResult: { actionGroup: 'a', function: 'f', responseBody: { TEXT: { body: 'x' } } },
		};
		expect(toReturnControlAnswer(own)).toEqual({ results: [own] });
		expect(() =>
			toReturnControlAnswer([
				{ invocationId: 'one', actionGroup: 'a', function: 'f', body: 'x' },
				{ invocationId: 'two', actionGroup: 'a', function: 'f', body: 'y' },
			]),
		).toThrow(/answer 2 different invocations/);
		expect(() => toReturnControlAnswer([{ actionGroup: 'a', function: 'f' }])).toThrow(
			/has no body/,
		);
		expect(() => toReturnControlAnswer([{ actionGroup: 'a', body: 'x' }])).toThrow(
			/names neither a function nor an apiPath/,
		);
		expect(() => toReturnControlAnswer([{ functionResult: { function: 'f' } }])).toThrow(
			/names no actionGroup/,
		);
	});
});

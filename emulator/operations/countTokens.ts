/**
 * CountTokens (POST /model/{modelId}/count-tokens): the input is a Converse request or an InvokeModel
 * body; free, so neither quotas nor faults apply.
 */
import type { Operation } from '../context';
import { parseConverseRequest } from '../converse';
import { countRequestTokens, countTokens } from '../engine';
import { BedrockError } from '../errors';
import { nativeFormatOf } from '../generation';
import { isObject, parseJson } from '../http/json';
import { resolveTarget } from '../policy/access';

export const countTokensOperation: Operation = {
	name: 'CountTokens',
	handle(context) {
		const target = resolveTarget(context.state, context.params.modelId, { countTokens: true });
		const input = context.json();
		const countInput = isObject(input) && isObject(input.input) ? input.input : {};
		let inputTokens: number;
		if (isObject(countInput.converse)) {
			inputTokens = countRequestTokens(
				parseConverseRequest(countInput.converse, target.modelId, target.model).request,
			);
		} else if (
			isObject(countInput.invokeModel) &&
			typeof countInput.invokeModel.body === 'string'
		) {
			const nativeBody = parseJson(Buffer.from(countInput.invokeModel.body, 'base64'));
			const request = nativeFormatOf(target.model).parseRequest(nativeBody, target.modelId);
			inputTokens =
				'messages' in request
					? countRequestTokens(request)
					: request.texts.reduce((sum, text) => sum + countTokens(text), 0);
		} else {
			throw new BedrockError(
				'ValidationException',
				'The input field must contain either invokeModel or converse.',
			);
		}
		context.sendJson({ inputTokens });
	},
};

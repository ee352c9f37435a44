import type { IDataObject, ISupplyDataFunctions, SupplyData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConverseOptions } from '../Bedrock/mapping/converseRequest';
import { arnRegion, checkModelAgainstRegion, parseModelId } from '../Bedrock/models/modelId';
import { secretValues, toBedrockCredentials } from '../Bedrock/transport/credentials';
import { DEFAULT_MAX_RETRY_TIME_MS } from '../Bedrock/transport/limits';
import { toChatConverseRequest } from './mapping/toConverse';
import { createConverseTransport } from './transport/converseTransport';
import { clientsForExecution } from './transport/executionClients';

type Sdk = typeof import('@n8n/ai-node-sdk');
type ModelModule = typeof import('./model/BedrockChatModel');

/** n8n's AI node SDK and the model class, required on first use (never when n8n loads the node). */
async function loadModelModules(fn: ISupplyDataFunctions): Promise<[Sdk, ModelModule]> {
	try {
		return await Promise.all([import('@n8n/ai-node-sdk'), import('./model/BedrockChatModel')]);
	} catch (error) {
		throw new NodeOperationError(
			fn.getNode(),
			'The Amazon Bedrock Chat Model needs n8n’s AI node SDK (@n8n/ai-node-sdk), which n8n 2.x provides',
			{
				description: `Update n8n to 2.x to use this sub-node; the Amazon Bedrock node works in this version. (${(error as Error).message})`,
			},
		);
	}
}

function readModelId(fn: ISupplyDataFunctions, itemIndex: number, region: string): string {
	const modelId = String(
		fn.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (modelId === '') {
		throw new NodeOperationError(
			fn.getNode(),
			'No model is selected. Choose a model from the list, or enter a model ID, inference profile ID or ARN.',
			{ itemIndex },
		);
	}
	try {
		checkModelAgainstRegion(parseModelId(modelId), region);
	} catch (error) {
		throw new NodeOperationError(fn.getNode(), (error as Error).message, { itemIndex });
	}
	return modelId;
}

/** The options as the request builder reads them; the retry time is the sub-node's own. */
function readOptions(
	fn: ISupplyDataFunctions,
	itemIndex: number,
): { options: ConverseOptions; maxRetryTimeMs: number } {
	const { maxRetryTimeMs, ...options } = fn.getNodeParameter(
		'options',
		itemIndex,
		{},
	) as IDataObject;
	const retryTime = Number(maxRetryTimeMs ?? DEFAULT_MAX_RETRY_TIME_MS);
	return {
		options: options as ConverseOptions,
		maxRetryTimeMs: Number.isFinite(retryTime) && retryTime >= 0 ? retryTime : 0,
	};
}

/**
 * The options are checked once here, on a sample call, so that a wrong option fails on this node
 * before the agent or chain starts rather than on its first model call.
 */
function checkOptions(
	fn: ISupplyDataFunctions,
	itemIndex: number,
	modelId: string,
	options: ConverseOptions,
) {
	try {
		toChatConverseRequest({
			modelId,
			options,
			messages: [{ role: 'user', content: [{ type: 'text', text: 'options check' }] }],
			tools: [],
		});
	} catch (error) {
		throw new NodeOperationError(fn.getNode(), (error as Error).message, {
			itemIndex,
			description: 'Fix the option named in the message.',
		});
	}
}

export async function supplyChatModel(
	fn: ISupplyDataFunctions,
	itemIndex: number,
): Promise<SupplyData> {
	const credentials = toBedrockCredentials(await fn.getCredentials('awsBedrockApi'));
	const modelId = readModelId(fn, itemIndex, credentials.region);
	const { options, maxRetryTimeMs } = readOptions(fn, itemIndex);
	checkOptions(fn, itemIndex, modelId, options);
	const [{ supplyModel }, { BedrockChatModel }] = await loadModelModules(fn);

	// The node retries (it must see throttling to back off), so the SDK makes one attempt.
	const { clients, close } = clientsForExecution(
		`${fn.getExecutionId()}\n${fn.getNode().name}`,
		credentials,
		{ maxAttempts: 1, httpVersion: 'http2' },
	);
	const transport = createConverseTransport(clients, {
		node: fn.getNode(),
		itemIndex,
		secrets: secretValues(credentials),
		maxRetryTimeMs,
	});
	const model = new BedrockChatModel({
		modelId,
		region: arnRegion(parseModelId(modelId)) ?? credentials.region,
		options,
		node: fn.getNode(),
		itemIndex,
		transport,
	});
	return { ...supplyModel(fn, model), closeFunction: close };
}

import type {
	ConverseInputValues,
	ConverseOptions,
	ConverseRequest,
	ToolDefinition,
} from '../../mapping/converseRequest';
import { toConverseRequest } from '../../mapping/converseRequest';
import type { AttachmentFile } from '../../mapping/attachments';
import { buildForItem, readModelId, readOptions } from '../parameters';
import type { OperationContext } from '../types';

async function readAttachments(
	context: OperationContext,
	itemIndex: number,
	names: unknown,
): Promise<AttachmentFile[]> {
	const list = (typeof names === 'string' ? names.split(',') : Array.isArray(names) ? names : [])
		.map((name) => String(name).trim())
		.filter((name) => name !== '');
	const files: AttachmentFile[] = [];
	for (const propertyName of list) {
		const binary = context.fn.helpers.assertBinaryData(itemIndex, propertyName);
		const bytes = await context.fn.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		files.push({
			propertyName,
			fileName: binary.fileName,
			mimeType: binary.mimeType,
			fileExtension: binary.fileExtension,
			bytes,
		});
	}
	return files;
}

/** The Converse inputs of an item (also counted by Count Tokens), read into plain values. */
export async function readConverseInput(
	context: OperationContext,
	itemIndex: number,
): Promise<ConverseInputValues> {
	const { fn } = context;
	const parameter = (name: string, fallback: unknown): unknown =>
		fn.getNodeParameter(name, itemIndex, fallback);
	const inputMode = parameter('inputMode', 'prompt') === 'messages' ? 'messages' : 'prompt';
	const followUp = inputMode === 'messages' ? parameter('followUpPrompt', '') : '';
	const tools = parameter('tools', {}) as { tool?: ToolDefinition[] };
	return {
		modelId: readModelId(context, itemIndex),
		options: readOptions(context, itemIndex) as ConverseOptions,
		inputMode,
		prompt: inputMode === 'prompt' ? parameter('prompt', '') : '',
		systemPrompt: inputMode === 'prompt' ? parameter('systemPrompt', '') : '',
		messages: inputMode === 'messages' ? parameter('messages', []) : [],
		followUpPrompt: typeof followUp === 'string' ? followUp : '',
		attachments: await readAttachments(context, itemIndex, parameter('attachments', '')),
		tools: tools.tool ?? [],
		toolChoice: String(parameter('toolChoice', 'auto')),
		toolName: String(parameter('toolName', '')),
	};
}

/**
 * The Converse request of one item, read from the node's parameters and built; an input problem
 * is a NodeOperationError naming the item, and nothing is sent.
 */
export async function buildConverseRequest(
	context: OperationContext,
	itemIndex: number,
): Promise<ConverseRequest> {
	return await buildForItem(context, itemIndex, async () =>
		toConverseRequest(await readConverseInput(context, itemIndex)),
	);
}

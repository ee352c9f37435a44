import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as generate from './generate.operation';
import type { OperationModule } from '../types';

export const operations: Record<string, OperationModule> = { generate };

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Generate',
			value: 'generate',
			action: 'Generate an image',
			description:
				'Make images from a prompt, or from an input image (image to image, upscale, inpaint, outpaint, search and replace, remove background), as binary data',
		},
	],
	default: 'generate',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['image'] } },
	[operationField, ...generate.description],
);

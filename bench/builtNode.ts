/**
 * The built node from dist/, as n8n loads it: the benchmarks run it rather than the TypeScript
 * sources, which tsx compiles on the fly (and whose lazy imports go through tsx's loader thread, a
 * cost n8n never pays).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

export const BUILT_NODE = join(__dirname, '..', 'dist', 'nodes', 'Bedrock', 'Bedrock.node.js');

export function builtBedrockNode(): INodeType {
	if (!existsSync(BUILT_NODE)) {
		throw new Error(`${BUILT_NODE} is missing: run npm run build first (npm run bench does)`);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Bedrock } = require(BUILT_NODE) as { Bedrock: new () => INodeType };
	return new Bedrock();
}

/**
 * Makes the in-process engine (scripts/engine.ts) run the built node from dist/, as n8n does, instead
 * of the TypeScript sources compiled on the fly by tsx: tsx sends each dynamic `import()` (the node
 * loads the AWS SDK lazily, per call) through its ESM loader thread, which would bill the node for a
 * cost n8n never pays. Import this module before anything that loads scripts/engine.ts.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'nodes', 'Bedrock', 'Bedrock.node');
export const BUILT_NODE = join(ROOT, 'dist', 'nodes', 'Bedrock', 'Bedrock.node.js');

if (!existsSync(BUILT_NODE)) {
	throw new Error(`${BUILT_NODE} is missing: run npm run build first (npm run bench does)`);
}

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: ResolveFilename };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
	const resolved = resolveFilename.call(this, request, parent, ...rest);
	return resolved === `${SOURCE}.ts` ? BUILT_NODE : resolved;
};

/**
 * The packed tarball installed into the real n8n as n8n installs a community package (see
 * N8nApp.installPackage): what lands in `.n8n/nodes`, and that n8n loads it. The other end-to-end
 * suites run every example on this same install.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { BEDROCK_NODE_TYPE, BUILT_NODE_PATH, N8nApp, REPOSITORY_ROOT } from './n8nApp';

const INSTALLED_SIZE_LIMIT_BYTES = 10 * 1000 * 1000;

function files(folder: string, prefix = ''): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory()
			? files(path.join(folder, entry.name), `${prefix}${entry.name}/`)
			: [`${prefix}${entry.name}`],
	);
}

const built = existsSync(BUILT_NODE_PATH);
if (!built) {
	console.warn(
		`Skipping the install end-to-end test: ${path.relative(REPOSITORY_ROOT, BUILT_NODE_PATH)} does not exist. Run \`npm run build\` first.`,
	);
}
const describeBuilt = built ? describe : describe.skip;

describeBuilt('the packed package installed into the real n8n as a community package', () => {
	let app: N8nApp;
	let installed: string;

	beforeAll(async () => {
		app = await N8nApp.create();
		installed = path.join(app.dataFolder, 'nodes', 'node_modules', 'n8n-nodes-bedrock');
	});
	afterAll(async () => await app?.dispose());

	it('installs no dependencies, and well under 10 MB', () => {
		const installedFiles = files(installed);
		expect(installedFiles.filter((file) => file.startsWith('node_modules/'))).toEqual([]);
		expect(installedFiles).toEqual(
			expect.arrayContaining([
				'package.json',
				'THIRD_PARTY_LICENSES.md',
				'dist/nodes/Bedrock/Bedrock.node.js',
				'dist/credentials/AwsBedrockApi.credentials.js',
				'dist/vendor/aws-sdk.js',
			]),
		);
		const bytes = installedFiles.reduce(
			(sum, file) => sum + statSync(path.join(installed, file)).size,
			0,
		);
		expect(bytes).toBeLessThan(INSTALLED_SIZE_LIMIT_BYTES);
		const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
			dependencies?: object;
		};
		expect(manifest.dependencies ?? {}).toEqual({});
	});

	it('is loaded by n8n: the node type and its credential are known', async () => {
		const output = path.join(app.userFolder, 'nodes.json');
		const { stdout, exitCode } = await app.command(['export:nodes', `--output=${output}`]);
		expect({ exitCode, stdout: exitCode === 0 ? '' : stdout }).toEqual({ exitCode: 0, stdout: '' });
		const nodes = JSON.parse(readFileSync(output, 'utf8')) as Array<{
			name: string;
			credentials?: Array<{ name: string }>;
		}>;
		const bedrock = nodes.find((node) => node.name === BEDROCK_NODE_TYPE);
		expect(bedrock?.credentials).toEqual([expect.objectContaining({ name: 'awsBedrockApi' })]);
	});
});

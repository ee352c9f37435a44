/**
 * `npm run build`: bundles every node and credential that package.json's `n8n` section names into
 * dist/ (at the path it names), so the published package needs no runtime dependencies.
 *
 * - Each entry is one CommonJS file holding the package's own code. `n8n-workflow`, the AI node SDK
 *   (the peer dependencies: n8n provides them) and Node.js built-ins stay external.
 * - Third-party libraries the sources import (the AWS SDK, the tokenizers) go to separate bundles in
 *   dist/vendor/, required on first use through a shim: loading a node in n8n loads none of them.
 *   The AWS SDK (`@aws-sdk/*`, `@smithy/*`) is one bundle, so its clients share one copy of the
 *   Smithy runtime; any other package gets a bundle of its own. Only what the sources import is
 *   bundled: the o200k ranks of js-tiktoken and the llama3 vocabulary, not every encoding.
 * - THIRD_PARTY_LICENSES.md lists every bundled package with its licence text.
 * - Icons and codex files (`*.node.json`) are copied beside the built files.
 *
 * Adding a node or a credential to package.json is all a new entry needs.
 */
import type { Metafile, Plugin } from 'esbuild';
import { build } from 'esbuild';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const VENDOR_FOLDER = 'vendor';
export const LICENSES_FILE = 'THIRD_PARTY_LICENSES.md';
const TARGET = 'node20';
/** Package scopes bundled together into vendor/aws-sdk.js. */
const AWS_SDK_SCOPES = ['@aws-sdk/', '@smithy/', '@aws-crypto/', '@aws/'];
const ASSET_PATTERN = /\.(svg|png|node\.json)$/;

interface PackageJson {
	name: string;
	version?: string;
	license?: string;
	peerDependencies?: Record<string, string>;
	n8n?: { nodes?: string[]; credentials?: string[] };
}

export interface Entry {
	/** The TypeScript source, relative to the repository. */
	source: string;
	/** The built file without `.js`, relative to dist/. */
	output: string;
}

function readJson<T>(path: string): T {
	return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** `dist/nodes/Bedrock/Bedrock.node.js` is built from `nodes/Bedrock/Bedrock.node.ts`. */
export function entriesOf(packageJson: PackageJson): Entry[] {
	const builtFiles = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	return builtFiles.map((builtFile) => {
		const match = /^dist\/(.+)\.js$/.exec(builtFile);
		if (!match) throw new Error(`${builtFile} in package.json's n8n section is not dist/<path>.js`);
		return { source: `${match[1]}.ts`, output: match[1] };
	});
}

/** The name of the package a bare import specifier belongs to (`@scope/name/sub` → `@scope/name`). */
export function packageNameOf(specifier: string): string {
	const parts = specifier.split('/');
	return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The vendor bundle a package goes to. */
export function vendorChunkOf(specifier: string): string {
	if (AWS_SDK_SCOPES.some((scope) => specifier.startsWith(scope))) return 'aws-sdk';
	return packageNameOf(specifier).replace(/^@/, '').replace(/\//g, '-');
}

function isExternal(specifier: string, externals: string[]): boolean {
	return isBuiltin(specifier) || externals.includes(packageNameOf(specifier));
}

/**
 * Replaces each third-party import of the package's sources by a shim that requires the vendor
 * bundle at first use, by a path relative to the built file (its depth in dist/ varies by entry).
 */
function vendorShims(
	outputFile: string,
	externals: string[],
	imported: Map<string, Set<string>>,
): Plugin {
	const toDist = relative(dirname(outputFile), DIST).split(sep).join('/') || '.';
	return {
		name: 'vendor-shims',
		setup(pluginBuild) {
			pluginBuild.onResolve({ filter: /^[^./]/ }, (args) => {
				if (args.namespace === 'vendor-shim' || isExternal(args.path, externals)) return undefined;
				const chunk = vendorChunkOf(args.path);
				if (!imported.has(chunk)) imported.set(chunk, new Set());
				imported.get(chunk)?.add(args.path);
				return { path: args.path, namespace: 'vendor-shim', pluginData: { chunk } };
			});
			pluginBuild.onLoad({ filter: /.*/, namespace: 'vendor-shim' }, (args) => {
				const { chunk } = args.pluginData as { chunk: string };
				const bundlePath = `${toDist}/${VENDOR_FOLDER}/${chunk}.js`;
				return {
					loader: 'js',
					// A computed path, so the bundler leaves the require to run time.
					contents: [
						`const bundle = require('node:path').join(__dirname, ${JSON.stringify(bundlePath)});`,
						`module.exports = require(bundle).load(${JSON.stringify(args.path)});`,
					].join('\n'),
				};
			});
		},
	};
}

async function buildEntry(entry: Entry, externals: string[], imported: Map<string, Set<string>>) {
	const outfile = join(DIST, `${entry.output}.js`);
	const result = await build({
		entryPoints: [join(ROOT, entry.source)],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: TARGET,
		external: externals.flatMap((name) => [name, `${name}/*`]),
		// import() of a peer dependency becomes require(): n8n resolves a community package's peer
		// dependencies to its own copies through CommonJS resolution, which a native import() bypasses.
		supported: { 'dynamic-import': false },
		plugins: [vendorShims(outfile, externals, imported)],
		logLevel: 'warning',
		logOverride: { 'unsupported-require-call': 'silent' },
		metafile: true,
	});
	return result.metafile;
}

async function buildVendorChunk(chunk: string, specifiers: Set<string>): Promise<Metafile> {
	const loaders = [...specifiers]
		.sort()
		.map(
			(specifier) => `\t${JSON.stringify(specifier)}: () => require(${JSON.stringify(specifier)}),`,
		);
	const contents = [
		'// Each module is evaluated on its first load, then cached by the bundle.',
		`const loaders = {\n${loaders.join('\n')}\n};`,
		'exports.load = (specifier) => loaders[specifier]();',
	].join('\n');
	const result = await build({
		stdin: { contents, resolveDir: ROOT, sourcefile: `${chunk}.vendor.js`, loader: 'js' },
		outfile: join(DIST, VENDOR_FOLDER, `${chunk}.js`),
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: TARGET,
		minify: true,
		// Error and command class names stay readable in messages and stack traces.
		keepNames: true,
		// The licences are in THIRD_PARTY_LICENSES.md, in full.
		legalComments: 'none',
		logLevel: 'warning',
		metafile: true,
	});
	return result.metafile;
}

function copyAssets(folder: string): void {
	const walk = (relativeFolder: string) => {
		for (const item of readdirSync(join(ROOT, relativeFolder), { withFileTypes: true })) {
			const path = join(relativeFolder, item.name);
			if (item.isDirectory()) walk(path);
			else if (ASSET_PATTERN.test(item.name)) {
				mkdirSync(join(DIST, relativeFolder), { recursive: true });
				copyFileSync(join(ROOT, path), join(DIST, path));
			}
		}
	};
	walk(folder);
}

interface BundledPackage {
	name: string;
	version: string;
	license: string;
	texts: string[];
}

/** The packages whose files went into the bundles, from the bundler's list of inputs. */
export function bundledPackages(metafiles: Metafile[]): BundledPackage[] {
	const roots = new Set<string>();
	for (const metafile of metafiles) {
		for (const input of Object.keys(metafile.inputs)) {
			const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
			if (match) roots.add(match[1]);
		}
	}
	const packages = new Map<string, BundledPackage>();
	for (const root of roots) {
		const packageJson = readJson<PackageJson>(join(ROOT, root, 'package.json'));
		const key = `${packageJson.name}@${packageJson.version ?? ''}`;
		if (packages.has(key)) continue;
		const texts = readdirSync(join(ROOT, root))
			.filter((file) => /^(licen[sc]e|notice|copying)/i.test(file))
			.sort()
			.map((file) => readFileSync(join(ROOT, root, file), 'utf8').trim());
		packages.set(key, {
			name: packageJson.name,
			version: packageJson.version ?? '',
			license: packageJson.license ?? 'see the package',
			texts,
		});
	}
	return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** One section per distinct licence text, naming every package that ships it. */
function licensesDocument(packages: BundledPackage[]): string {
	const byText = new Map<string, BundledPackage[]>();
	for (const bundled of packages) {
		const text = bundled.texts.length
			? bundled.texts.join('\n\n')
			: `Licensed under ${bundled.license}; the package ships no licence file.`;
		byText.set(text, [...(byText.get(text) ?? []), bundled]);
	}
	const sections = [...byText].map(([text, sharing]) => {
		const names = sharing.map(
			(bundled) => `- ${bundled.name} ${bundled.version} (${bundled.license})`,
		);
		const licences = [...new Set(sharing.map((bundled) => bundled.license))].join(', ');
		return `## ${licences}: ${sharing[0].name}${sharing.length > 1 ? ` and ${sharing.length - 1} more` : ''}\n\n${names.join('\n')}\n\n\`\`\`\n${text}\n\`\`\``;
	});
	return [
		'# Third-party licences',
		'',
		'dist/ bundles the following packages. Their licences and notices follow in full, each text once with the packages that ship it.',
		'',
		sections.join('\n\n'),
		'',
	].join('\n');
}

export async function buildPackage(): Promise<{
	metafiles: Metafile[];
	packages: BundledPackage[];
}> {
	const packageJson = readJson<PackageJson>(join(ROOT, 'package.json'));
	const externals = Object.keys(packageJson.peerDependencies ?? {});
	rmSync(DIST, { recursive: true, force: true });
	const imported = new Map<string, Set<string>>();
	const entryMetafiles = await Promise.all(
		entriesOf(packageJson).map(async (entry) => await buildEntry(entry, externals, imported)),
	);
	const vendorMetafiles = await Promise.all(
		[...imported].map(async ([chunk, specifiers]) => await buildVendorChunk(chunk, specifiers)),
	);
	for (const folder of ['nodes', 'credentials'])
		if (existsSync(join(ROOT, folder))) copyAssets(folder);
	const metafiles = [...entryMetafiles, ...vendorMetafiles];
	const packages = bundledPackages(metafiles);
	writeFileSync(join(ROOT, LICENSES_FILE), licensesDocument(packages));
	return { metafiles, packages };
}

if (require.main === module) {
	buildPackage().then(
		({ metafiles, packages }) => {
			const bytes = metafiles
				.flatMap((metafile) => Object.values(metafile.outputs))
				.reduce((sum, output) => sum + output.bytes, 0);
			console.log(
				`built dist/: ${(bytes / 1e6).toFixed(1)} MB of JavaScript, ${packages.length} bundled packages (${LICENSES_FILE})`,
			);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}

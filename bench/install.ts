/**
 * `npm run bench:install [-- <tarball>...]`: installs the package the way n8n 2.x installs a
 * community package (the tarball unpacked into nodes/node_modules/<name>, its dev, peer and optional
 * dependencies dropped from package.json, then `npm install` there with n8n's flags) and prints the
 * installed size and the install time (median of three, npm's cache warm). Without arguments it
 * packs this repository first (build it before: npm run build).
 */
import { execFileSync } from 'node:child_process';
import {
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8N_NPM_INSTALL_FLAGS } from '../test/e2e/n8nApp';
import { median } from './measure';

const ROOT = join(__dirname, '..');
const RUNS = 3;

function folderBytes(path: string): number {
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.size;
	return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

function installOnce(tarball: string): { ms: number; bytes: number } {
	const home = mkdtempSync(join(tmpdir(), 'n8n-install-'));
	try {
		const packageFolder = join(home, 'nodes', 'node_modules', 'package');
		mkdirSync(packageFolder, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1']);
		const manifestPath = join(packageFolder, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) {
			delete manifest[field];
		}
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		const started = performance.now();
		execFileSync('npm', ['install', ...N8N_NPM_INSTALL_FLAGS], {
			cwd: packageFolder,
			stdio: 'pipe',
		});
		const ms = performance.now() - started;
		return { ms, bytes: folderBytes(packageFolder) };
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
}

function packRepository(): string {
	const destination = mkdtempSync(join(tmpdir(), 'n8n-pack-'));
	const output = execFileSync(
		'npm',
		['pack', '--ignore-scripts', '--pack-destination', destination],
		{
			cwd: ROOT,
			encoding: 'utf8',
		},
	);
	return join(destination, output.trim().split('\n').pop() ?? '');
}

const tarballs = process.argv.slice(2);
for (const tarball of tarballs.length ? tarballs : [packRepository()]) {
	const samples = Array.from({ length: RUNS }, () => installOnce(tarball));
	const tarballBytes = statSync(tarball).size;
	console.log(
		`${tarball}: tarball ${(tarballBytes / 1e6).toFixed(1)} MB, installed ${(samples[0].bytes / 1e6).toFixed(1)} MB, install ${(median(samples.map((sample) => sample.ms)) / 1000).toFixed(1)} s (median of ${RUNS})`,
	);
}

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { median } from '../measure';
import type { SectionResult } from '../report';
import { figure, ms } from '../report';

const RUNS = 5;
const ROOT = join(__dirname, '..', '..');
const NODE_MODULE = './dist/nodes/Bedrock/Bedrock.node.js';

interface LoadSample {
	ms: number;
	sdkModules: number;
}

/** Loads the built node in a fresh process; `preload` is required first, outside the timing. */
function loadOnce(preload?: string): LoadSample {
	const script = [
		preload ? `require(${JSON.stringify(preload)});` : '',
		'const started = process.hrtime.bigint();',
		`require(${JSON.stringify(NODE_MODULE)});`,
		'const ms = Number(process.hrtime.bigint() - started) / 1e6;',
		// The built package bundles the SDK into dist/vendor/: neither may load with the node.
		"const sdkModules = Object.keys(require.cache).filter((path) => path.includes('@aws-sdk/') || path.includes('/dist/vendor/')).length;",
		'console.log(JSON.stringify({ ms, sdkModules }));',
	].join('\n');
	const output = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
	return JSON.parse(output.trim().split('\n').pop() ?? '{}') as LoadSample;
}

export async function startup(): Promise<SectionResult> {
	if (!existsSync(join(ROOT, NODE_MODULE))) {
		throw new Error(`${NODE_MODULE} is missing: run npm run build first (npm run bench does)`);
	}
	const cold = Array.from({ length: RUNS }, () => loadOnce());
	// In n8n, n8n-workflow is loaded before any community node: the node's own share of start-up.
	const withHost = Array.from({ length: RUNS }, () => loadOnce('n8n-workflow'));
	const coldMs = median(cold.map((sample) => sample.ms));
	const ownMs = median(withHost.map((sample) => sample.ms));
	const sdkModules = Math.max(...cold.map((sample) => sample.sdkModules));
	return {
		figures: [
			figure(
				'start-up',
				`require(Bedrock.node.js) as in n8n, n8n-workflow loaded (median of ${RUNS})`,
				ownMs,
				ms(ownMs),
				{ text: '< 150 ms', met: (value) => value < 150 },
			),
			figure(
				'start-up',
				'same in a bare node process (n8n-workflow loaded too)',
				coldMs,
				ms(coldMs),
			),
			figure(
				'start-up',
				'@aws-sdk modules or vendor bundles loaded at require',
				sdkModules,
				String(sdkModules),
				{
					text: '= 0',
					met: (value) => value === 0,
				},
			),
		],
		details: {
			runs: RUNS,
			coldMs: cold,
			withN8nWorkflowMs: withHost,
			coldMedianMs: coldMs,
			ownMedianMs: ownMs,
			sdkModules,
		},
		notes: [
			'start-up: n8n loads n8n-workflow (a peer dependency, about 0.2 s) before any community node, so the node’s own share is measured with it loaded; the bare figure includes loading n8n-workflow itself.',
		],
		lostItems: 0,
	};
}

/**
 * `npm run bench`: the node's batch runner measured through the in-process n8n engine against the
 * local emulator (in a child process), using the built node in dist/ as n8n does. Prints a table
 * of figures with targets and writes them to bench/results/latest.json and a timestamped copy. A missed target does not fail the process; a
 * crash or lost items do. `--quick` shortens the quota run; `--only <section>` runs one section.
 */
import { batchJob } from './scenarios/batchJob';
import { overhead } from './scenarios/overhead';
import { quota } from './scenarios/quota';
import { startup } from './scenarios/startup';
import { streaming } from './scenarios/streaming';
import { throughput } from './scenarios/throughput';
import type { SectionResult } from './report';
import { formatTable, writeResults } from './report';

async function main(): Promise<number> {
	// The SDK warns once that its 2027 releases need Node.js 22; the figures do not need the noise.
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	const quick = process.argv.includes('--quick');
	const startedAt = new Date();
	const sections: Array<[string, () => Promise<SectionResult>]> = [
		['start-up', startup],
		['throughput', throughput],
		['overhead', overhead],
		['streaming', streaming],
		['quota', () => quota(quick)],
		['batch job', batchJob],
	];
	// `--only <section>` (e.g. `--only "batch job"`) runs one section.
	const onlyAt = process.argv.indexOf('--only');
	const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];
	const results: Record<string, SectionResult> = {};
	for (const [name, run] of sections) {
		if (only !== undefined && name !== only) continue;
		const started = performance.now();
		process.stdout.write(`running ${name}... `);
		results[name] = await run();
		process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
	}
	const figures = Object.values(results).flatMap((section) => section.figures);
	const lostItems = Object.values(results).reduce((sum, section) => sum + section.lostItems, 0);
	console.log(`\n${formatTable(figures)}\n`);
	for (const section of Object.values(results)) for (const note of section.notes) console.log(note);
	const paths = writeResults(
		{
			startedAt: startedAt.toISOString(),
			durationMs: Date.now() - startedAt.getTime(),
			quick,
			node: process.version,
			figures,
			sections: Object.fromEntries(
				Object.entries(results).map(([name, section]) => [
					name,
					{ ...section.details, notes: section.notes },
				]),
			),
			lostItems,
		},
		startedAt,
	);
	console.log(`\nwritten: ${paths.join(', ')}`);
	if (lostItems > 0) {
		console.error(`${lostItems} items were lost in runs that must not lose any`);
		return 1;
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);

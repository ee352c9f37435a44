import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
	/** e.g. "throughput". */
	section: string;
	name: string;
	value: number;
	/** The value as printed, e.g. "1.04×". */
	shown: string;
	/** The target as printed, or "info" when the figure has none. */
	target: string;
	/** PASS/MISS against the target; null for figures without one. */
	pass: boolean | null;
}

export interface SectionResult {
	figures: Figure[];
	/** Everything measured, written to the results file. */
	details: Record<string, unknown>;
	/** Lines printed under the table, e.g. how a figure was scaled. */
	notes: string[];
	/** Items a run that must not lose any did lose (the bench then exits non-zero). */
	lostItems: number;
}

export function ratio(value: number, digits = 2): string {
	return `${value.toFixed(digits)}×`;
}

export function ms(value: number, digits = 1): string {
	return `${value.toFixed(digits)} ms`;
}

export function figure(
	section: string,
	name: string,
	value: number,
	shown: string,
	target?: { text: string; met: (value: number) => boolean },
): Figure {
	return {
		section,
		name,
		value,
		shown,
		target: target?.text ?? 'info',
		pass: target ? target.met(value) : null,
	};
}

export function formatTable(figures: Figure[]): string {
	const rows = [
		['section', 'figure', 'value', 'target', 'result'],
		...figures.map((entry) => [
			entry.section,
			entry.name,
			entry.shown,
			entry.target,
			entry.pass === null ? '' : entry.pass ? 'PASS' : 'MISS',
		]),
	];
	const widths = rows[0].map((_unused, column) =>
		Math.max(...rows.map((row) => row[column].length)),
	);
	const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
	return [
		line(rows[0]),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...rows.slice(1).map(line),
	].join('\n');
}

/** Writes bench/results/latest.json and a timestamped copy; returns both paths. */
export function writeResults(results: unknown, startedAt: Date): string[] {
	const directory = join(__dirname, 'results');
	mkdirSync(directory, { recursive: true });
	const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
	const text = `${JSON.stringify(results, null, '\t')}\n`;
	const paths = [join(directory, 'latest.json'), join(directory, `${stamp}.json`)];
	for (const path of paths) writeFileSync(path, text);
	return paths;
}

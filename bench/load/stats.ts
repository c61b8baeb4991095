// Percentiles and the plain-text table the benchmark prints.

export interface Summary {
	count: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

/** Nearest-rank percentiles; all zeros for no samples. */
export function summarise(samples: number[]): Summary {
	const sorted = Float64Array.from(samples).sort();
	const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	if (sorted.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
	return {
		count: sorted.length,
		p50: rank(0.5),
		p95: rank(0.95),
		p99: rank(0.99),
		max: sorted[sorted.length - 1]
	};
}

export function table(header: string[], rows: (string | number)[][]): string {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
	const line = (row: string[]) =>
		row
			.map((cell, column) =>
				column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])
			)
			.join('  ');
	return [
		line(cells[0]),
		widths.map((width) => '-'.repeat(width)).join('  '),
		...cells.slice(1).map(line)
	].join('\n');
}

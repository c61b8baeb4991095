// Numbers as the interface language writes them: 'Gemiddeld 3,7' in Dutch, 'Average 3.7' in English.

/** A number with at most one decimal, in the locale's own notation. */
export function formatNumber(value: number, locale: string): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** A whole percentage (43 for 43 %), in the locale's own notation. */
export function formatPercent(percent: number, locale: string): string {
	return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
		percent / 100
	);
}

/** Time left on a countdown as a clock shows it: '1:05', '0:42' (whole seconds, rounded up). */
export function formatClock(ms: number): string {
	const seconds = Math.ceil(Math.max(0, ms) / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

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

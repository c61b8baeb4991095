// Dates as a teacher says them: '12 maart' this year, '12 maart 2025' before it, in the
// interface's language. For class threads and the earlier result beside a stelling.

/** The day of `at` (ms), with the year only when it is not the year of `now`. */
export function formatDay(at: number, locale: string, now = Date.now()): string {
	const date = new Date(at);
	const sameYear = date.getFullYear() === new Date(now).getFullYear();
	return new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'long',
		...(sameYear ? {} : { year: 'numeric' })
	}).format(date);
}

/** The same, short for a table cell: '12 mrt', '12 mrt 2025'. */
export function formatShortDay(at: number, locale: string, now = Date.now()): string {
	const date = new Date(at);
	const sameYear = date.getFullYear() === new Date(now).getFullYear();
	return new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'short',
		...(sameYear ? {} : { year: 'numeric' })
	}).format(date);
}

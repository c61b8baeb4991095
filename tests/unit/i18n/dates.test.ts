import { describe, expect, it } from 'vitest';
import { formatDay, formatShortDay } from '../../../src/lib/i18n/dates.ts';

const march12 = new Date(2026, 2, 12, 10, 30).getTime();
const thisYear = new Date(2026, 10, 1).getTime();
const nextYear = new Date(2027, 0, 5).getTime();

describe('dates as a teacher says them', () => {
	it('says the day and month, in Dutch and in English', () => {
		expect(formatDay(march12, 'nl', thisYear)).toBe('12 maart');
		expect(formatDay(march12, 'en', thisYear)).toMatch(/^(12 March|March 12)$/);
	});

	it('adds the year only for a date of another year', () => {
		expect(formatDay(march12, 'nl', nextYear)).toBe('12 maart 2026');
		expect(formatShortDay(march12, 'nl', thisYear)).toBe('12 mrt');
		expect(formatShortDay(march12, 'nl', nextYear)).toBe('12 mrt 2026');
	});
});

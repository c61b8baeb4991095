import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from '../../../src/lib/i18n/numbers.ts';

describe('numbers on the board', () => {
	it('write a decimal the way the interface language does', () => {
		expect(formatNumber(3.7, 'nl')).toBe('3,7');
		expect(formatNumber(3.7, 'en')).toBe('3.7');
	});

	it('round to one decimal and group thousands', () => {
		expect(formatNumber(2.25, 'nl')).toBe('2,3');
		expect(formatNumber(1234, 'nl')).toBe('1.234');
		expect(formatNumber(1234, 'en')).toBe('1,234');
	});

	it('write a percentage as a whole number with the locale’s sign', () => {
		expect(formatPercent(43, 'nl')).toBe('43%');
		expect(formatPercent(100, 'en')).toBe('100%');
		expect(formatPercent(0, 'nl')).toBe('0%');
	});
});

import { describe, expect, it } from 'vitest';
import { earlierRunLabel, earlierRunName } from '../../../src/lib/i18n/earlier-run.ts';
import type { EarlierRun } from '../../../src/lib/lessons/results.ts';

const ranAt = new Date(2026, 2, 12, 9).getTime();
const now = new Date(2026, 3, 2).getTime();
const from = (overrides: Partial<EarlierRun>): EarlierRun => ({
	lessonSlug: 'les',
	lessonTitle: 'Wat is polarisatie?',
	phase: null,
	part: null,
	ranAt,
	...overrides
});

describe('the name of a class’s earlier result', () => {
	it('says where the lesson sat around the performance, and when', () => {
		expect(earlierRunLabel(from({ phase: 'voorbereiding' }), 'nl', now)).toBe(
			'Voor de voorstelling, 12 maart'
		);
		expect(earlierRunName(from({ phase: 'nagesprek' }))).toBe('Na de voorstelling');
		expect(earlierRunName(from({ phase: 'verwerking' }))).toBe('Verwerkingsles');
	});

	it('says the part of a series, else the lesson’s title', () => {
		expect(earlierRunLabel(from({ part: 2 }), 'nl', now)).toBe('Deel 2, 12 maart');
		expect(earlierRunLabel(from({}), 'nl', now)).toBe('Wat is polarisatie?, 12 maart');
	});
});

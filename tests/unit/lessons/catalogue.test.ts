import { describe, expect, it } from 'vitest';
import {
	emptyQuery,
	normaliseForSearch,
	readCatalogueQuery,
	searchCatalogue,
	type LessonSummary
} from '../../../src/lib/lessons/catalogue.ts';

function summary(overrides: Partial<LessonSummary> & { slug: string }): LessonSummary {
	const base: LessonSummary = {
		slug: overrides.slug,
		title: overrides.slug,
		summary: '',
		kind: 'lesson',
		performance: null,
		phase: null,
		series: null,
		part: null,
		themes: ['polarisatie'],
		audience: ['vo-onderbouw'],
		duration: 50,
		language: 'nl',
		sensitivity: 'medium',
		stepCount: 5,
		blockTypes: [],
		searchText: ''
	};
	const merged = { ...base, ...overrides };
	return { ...merged, searchText: normaliseForSearch(`${merged.title} ${merged.summary}`) };
}

const catalogue: LessonSummary[] = [
	summary({ slug: 'polarisatie', title: 'Wat is polarisatie?', themes: ['polarisatie'], audience: ['vo-onderbouw'] }),
	summary({ slug: 'complot', title: 'Complotdenken herkennen', summary: 'Over complotten en het geloof erin.', themes: ['complotdenken'], audience: ['vo-bovenbouw', 'mbo'], duration: 45 }),
	summary({ slug: 'mening', title: 'Vrijheid van meningsuiting', themes: ['vrijheid-van-meningsuiting', 'democratie'], audience: ['mbo'] }),
	summary({ slug: 'training', title: 'Signalen herkennen', themes: ['signaleren'], audience: ['professionals'], duration: 120 }),
	summary({ slug: 'ouderavond', title: 'Ouderavond: online meegesleept', themes: ['radicalisering'], audience: ['ouders'], duration: 90 }),
	summary({ slug: 'plein-na', title: 'Het Plein: nagesprek', kind: 'theatre-followup', performance: 'Het Plein', phase: 'nagesprek', duration: 30 }),
	summary({ slug: 'plein-voor', title: 'Het Plein: voorbereiding', kind: 'theatre-followup', performance: 'Het Plein', phase: 'voorbereiding', duration: 45 }),
	summary({ slug: 'rest-verwerking', title: 'Wij tegen De Rest: verwerking', kind: 'theatre-followup', performance: 'Wij tegen De Rest', phase: 'verwerking' })
];

const slugs = (lessons: LessonSummary[]) => lessons.map((lesson) => lesson.slug).sort();
const search = (query: Partial<typeof emptyQuery>) => slugs(searchCatalogue(catalogue, { ...emptyQuery, ...query }));

describe('the library catalogue', () => {
	it('returns every lesson for an empty query', () => {
		expect(search({})).toHaveLength(catalogue.length);
	});

	it('filters by theme, matching any of the chosen themes', () => {
		expect(search({ themes: ['complotdenken'] })).toEqual(['complot']);
		expect(search({ themes: ['complotdenken', 'democratie'] })).toEqual(['complot', 'mening']);
	});

	it('filters by audience', () => {
		expect(search({ audiences: ['mbo'] })).toEqual(['complot', 'mening']);
		expect(search({ audiences: ['professionals'] })).toEqual(['training']);
		expect(search({ audiences: ['ouders'] })).toEqual(['ouderavond']);
		expect(search({ audiences: ['ouders', 'professionals'] })).toEqual(['ouderavond', 'training']);
	});

	it('filters by kind', () => {
		expect(search({ kind: 'theatre-followup' })).toEqual(['plein-na', 'plein-voor', 'rest-verwerking']);
	});

	it('filters by longest duration', () => {
		expect(search({ maxDuration: 30 })).toEqual(['plein-na']);
		expect(search({ maxDuration: 50 })).not.toContain('training');
		expect(search({ maxDuration: 50 })).not.toContain('ouderavond');
	});

	it('searches words in any order, ignoring case and accents', () => {
		expect(search({ words: 'COMPLOT' })).toEqual(['complot']);
		expect(search({ words: 'geloof complotten' })).toEqual(['complot']);
		expect(search({ words: 'meningsuíting' })).toEqual(['mening']);
		expect(search({ words: 'complot training' })).toEqual([]);
	});

	it('combines filters and words', () => {
		expect(search({ words: 'plein', maxDuration: 30 })).toEqual(['plein-na']);
	});

	it('reads a query from the URL and drops values it does not know', () => {
		const query = readCatalogueQuery(
			new URLSearchParams('q=  complot &thema=complotdenken&thema=<script>&doelgroep=mbo&soort=lesson&duur=50')
		);
		expect(query).toEqual({
			words: 'complot',
			themes: ['complotdenken'],
			audiences: ['mbo'],
			kind: 'lesson',
			maxDuration: 50
		});
		expect(readCatalogueQuery(new URLSearchParams('soort=x&duur=7'))).toEqual(emptyQuery);
		expect(readCatalogueQuery(new URLSearchParams('doelgroep=ouders&doelgroep=ouder')).audiences).toEqual(['ouders']);
	});

	it('finds one lesson among a thousand by words and theme', () => {
		const large = Array.from({ length: 1000 }, (_, index) =>
			summary({ slug: `les-${index}`, title: `Les ${index} over democratie en polarisatie` })
		);
		const found = searchCatalogue(large, { ...emptyQuery, words: 'democratie 999', themes: ['polarisatie'] });
		expect(found.map((lesson) => lesson.slug)).toEqual(['les-999']);
	});
});

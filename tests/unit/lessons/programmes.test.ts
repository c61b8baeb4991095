import { describe, expect, it } from 'vitest';
import { summariseLesson } from '../../../src/lib/lessons/catalogue.ts';
import type { Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { describeProblem } from '../../../src/lib/lessons/problem-messages.ts';
import {
	checkProgrammes,
	comparisonsOf,
	earlierBlockOf,
	lessonsOutsideProgrammes,
	programmeOfLesson,
	programmesOf
} from '../../../src/lib/lessons/programmes.ts';

/** A lesson file with these frontmatter lines above the usual ones, and this body. */
function source(extra: string[], body = '## Stap\nTekst.\n', kind = 'lesson') {
	return [
		'---',
		`title: ${extra.find((line) => line.startsWith('#title '))?.slice(7) ?? 'Een les'}`,
		'summary: Een les om programma’s mee te testen.',
		`kind: ${kind}`,
		...extra.filter((line) => !line.startsWith('#')),
		'themes: [polarisatie]',
		'audience: [vo-onderbouw]',
		'duration: 50',
		'goals: [Testen]',
		'language: nl',
		'authors: [Test]',
		'licence: CC BY-SA 4.0',
		"version: '1.0'",
		'---',
		body
	].join('\n');
}

function lesson(slug: string, extra: string[], body?: string, kind?: string): Lesson {
	const parsed = parseLesson(source(extra, body, kind), slug);
	if (!parsed.lesson || parsed.problems.length > 0)
		throw new Error(`${slug}: ${JSON.stringify(parsed.problems)}`);
	return parsed.lesson;
}

const stelling = (id: string, attributes = '') =>
	`## Stap\n\n:::stelling {#${id}${attributes}}\nSocial media maken ons bozer.\n:::\n`;

const library = (...lessons: Lesson[]) => new Map(lessons.map((each) => [each.slug, each]));

/** The first block of a lesson's first step. */
function firstBlock(of: Lesson) {
	const part = of.steps[0].board.find((each) => each.kind === 'block');
	if (part?.kind !== 'block') throw new Error(`${of.slug} has no block`);
	return part.block;
}

/** Where a test says a field is: line 5 for `deel`, 4 for the rest. */
const lineOf = (_: string, field: string) => (field === 'part' ? 5 : 4);
const fileOf = (slug: string) => `reeks/${slug}.md`;

describe('programmes in the library', () => {
	const plein = (slug: string, phase: string, title: string) =>
		lesson(slug, ['performance: Het Plein', `phase: ${phase}`, `#title ${title}`], undefined, 'theatre-followup');
	const media = (slug: string, part: number, title: string) =>
		lesson(slug, ['reeks: Mediawijs', `deel: ${part}`, `#title ${title}`]);
	const all = [
		plein('plein-na', 'nagesprek', 'Plein na'),
		media('media-3', 3, 'Algoritmes'),
		plein('plein-voor', 'voorbereiding', 'Plein voor'),
		media('media-1', 1, 'Zoeken'),
		lesson('los', ['#title Een losse les']),
		media('media-2', 2, 'Bronnen')
	].map(summariseLesson);

	it('makes one programme of a performance’s modules, in the order of its phases', () => {
		const performance = programmesOf(all).find((programme) => programme.kind === 'performance')!;
		expect(performance).toMatchObject({ slug: 'het-plein', title: 'Het Plein' });
		expect(performance.lessons.map((each) => each.slug)).toEqual(['plein-voor', 'plein-na']);
	});

	it('makes one programme of a series, in the order of its parts', () => {
		const series = programmesOf(all).find((programme) => programme.kind === 'series')!;
		expect(series).toMatchObject({ slug: 'mediawijs', title: 'Mediawijs' });
		expect(series.lessons.map((each) => each.slug)).toEqual(['media-1', 'media-2', 'media-3']);
	});

	it('leaves a lesson of no programme to stand alone, and finds each lesson’s programme', () => {
		expect(lessonsOutsideProgrammes(all).map((each) => each.slug)).toEqual(['los']);
		const programmes = programmesOf(all);
		expect(programmeOfLesson(programmes, 'media-2')?.title).toBe('Mediawijs');
		expect(programmeOfLesson(programmes, 'los')).toBeUndefined();
	});

	it('gives a performance and a series of the same name an address each', () => {
		const twins = [
			plein('plein-voor', 'voorbereiding', 'Plein voor'),
			lesson('plein-reeks', ['reeks: Het Plein', 'deel: 1'])
		].map(summariseLesson);
		expect(programmesOf(twins).map(({ slug, kind }) => `${kind}:${slug}`)).toEqual([
			'performance:het-plein',
			'series:het-plein-2'
		]);
	});

	it('lists the comparisons across lessons of a programme', () => {
		const lessons = library(
			media('media-1', 1, 'Zoeken'),
			lesson('media-2', ['reeks: Mediawijs', 'deel: 2'], stelling('later', ' vergelijk="media-1#eerst"'))
		);
		const [series] = programmesOf([...lessons.values()].map(summariseLesson));
		expect(
			comparisonsOf(series, (slug) => lessons.get(slug)).map(({ lessonSlug, block, earlier }) => ({
				lessonSlug,
				block: block.id,
				earlier
			}))
		).toEqual([{ lessonSlug: 'media-2', block: 'later', earlier: { lessonSlug: 'media-1', blockId: 'eerst' } }]);
	});
});

describe('what only the whole library shows', () => {
	const first = lesson('deel-een', ['reeks: Mediawijs', 'deel: 1'], stelling('eerst'));
	const comparing = (target: string, slug = 'deel-twee', part = 2) =>
		lesson(slug, ['reeks: Mediawijs', `deel: ${part}`], stelling('later', ` vergelijk="${target}"`));
	const check = (...lessons: Lesson[]) => checkProgrammes(library(...lessons), { lineOf, fileOf });

	it('accepts a comparison with a block of an earlier lesson of the programme', () => {
		const later = comparing('deel-een#eerst');
		expect(check(first, later)).toEqual([]);
		const found = earlierBlockOf(later, firstBlock(later), library(first, later));
		expect(found).toMatchObject({ lesson: { slug: 'deel-een' }, block: { id: 'eerst' } });
	});

	it('reports two lessons with the same part of a series, at the later one’s deel', () => {
		const twin = lesson('deel-een-ook', ['reeks: Mediawijs', 'deel: 1', '#title Zzz']);
		expect(check(first, twin)).toEqual([
			{
				slug: 'deel-een-ook',
				problem: {
					line: 5,
					code: 'series-part-duplicate',
					params: { part: 1, series: 'Mediawijs', other: 'reeks/deel-een.md' }
				}
			}
		]);
		expect(describeProblem(check(first, twin)[0].problem, 'nl')).toBe(
			"Deel 1 van de reeks 'Mediawijs' is ook al de les in reeks/deel-een.md. Geef elke les in een reeks een eigen nummer."
		);
	});

	it.each([
		['a lesson that does not exist', 'bestaat-niet#eerst', [first], 'compare-lesson-unknown'],
		[
			'a lesson of another programme',
			'elders#eerst',
			[first, lesson('elders', ['reeks: Anders', 'deel: 1'], stelling('eerst'))],
			'compare-lesson-elsewhere'
		],
		['a later lesson', 'deel-drie#eerst', [first, lesson('deel-drie', ['reeks: Mediawijs', 'deel: 3'], stelling('eerst'))], 'compare-lesson-not-earlier'],
		['the lesson itself', 'deel-twee#later', [first], 'compare-lesson-not-earlier'],
		['a block the lesson does not have', 'deel-een#andere', [first], 'compare-lesson-block-unknown'],
		[
			'a block of another type',
			'deel-een#eerst',
			[lesson('deel-een', ['reeks: Mediawijs', 'deel: 1'], '## Stap\n\n:::thermometer {#eerst}\nHoe gaat het?\n:::\n')],
			'compare-lesson-mismatch'
		]
	] as const)('reports a comparison with %s at the block’s line', (_, target, others, code) => {
		const later = comparing(target);
		const problems = check(...others, later);
		expect(problems).toEqual([
			{ slug: 'deel-twee', problem: expect.objectContaining({ code, line: firstBlock(later).line }) }
		]);
		const sentence = describeProblem(problems[0].problem, 'nl');
		expect(sentence).toContain("Blok 'later'");
		expect(sentence).not.toMatch(/\{\w+\}|undefined/);
	});

	it('reports a comparison from a lesson of no programme', () => {
		const loose = lesson('los', [], stelling('later', ' vergelijk="deel-een#eerst"'));
		expect(check(first, loose).map(({ problem }) => problem.code)).toEqual(['compare-lesson-elsewhere']);
	});

	it('reports a stelling whose options differ from the earlier one', () => {
		const poll = (slug: string, part: number, options: string[], attributes = '') =>
			lesson(
				slug,
				['reeks: Mediawijs', `deel: ${part}`],
				`## Stap\n\n:::poll {#keuze${attributes}}\nWat kies je?\n${options.map((option) => `- ${option}`).join('\n')}\n:::\n`
			);
		const earlier = poll('deel-een', 1, ['Ja', 'Nee']);
		expect(check(earlier, poll('deel-twee', 2, ['Ja', 'Nee'], ' vergelijk="deel-een#keuze"'))).toEqual([]);
		expect(
			check(earlier, poll('deel-twee', 2, ['Nee', 'Ja'], ' vergelijk="deel-een#keuze"')).map(
				({ problem }) => problem.params
			)
		).toEqual([{ id: 'keuze', lesson: 'deel-een', target: 'keuze', type: 'poll' }]);
	});
});

import { describe, expect, it } from 'vitest';
import type { BoardBlock } from '../../../src/lib/lessons/model.ts';
import { programmesOf } from '../../../src/lib/lessons/programmes.ts';
import { loadLessonLibrary } from '../../../src/lib/server/library.ts';
import {
	answerOverviewQuery,
	overviewOf,
	periodBounds,
	programmeOverview,
	readPeriod,
	schoolYearsUntil,
	schoolYearOf,
	type OverviewRequest
} from '../../../src/lib/server/overview.ts';
import type { RunRecord } from '../../../src/lib/server/store/store.ts';

// The municipality's overview, proved at its edges: 4 classes show nothing, 5 do; 49 answers
// show nothing, 50 do; and nothing of a teacher, class or session ever reaches the output.

const library = loadLessonLibrary('tests/fixtures/programme-lessons');
const [programme] = programmesOf([...library.catalogue]);
const labels = (block: BoardBlock) =>
	block.type === 'stelling'
		? ['weet niet', 'helemaal oneens', 'oneens', 'neutraal', 'eens', 'helemaal eens']
		: block.options.map((option) => option.text);

const period = { from: '2025-08-01', to: '2026-07-31' };
const request: OverviewRequest = {
	programme,
	lessonBySlug: (slug) => library.lessons.get(slug),
	period,
	minimum: { classes: 5, answers: 50 },
	answerLabels: labels
};
const inPeriod = new Date(2025, 9, 14, 10).getTime();

let sequence = 0;
/** A counted run of one class: `counts` per stelling position, [weet niet, 1 … 5]. */
function run(
	lesson: 'voorbereiding' | 'verwerking',
	counts: number[],
	{
		classId = `klas-${(sequence += 1)}`,
		pupilsJoined = counts.reduce((sum, count) => sum + count, 0),
		...rest
	}: Partial<RunRecord> = {}
): RunRecord {
	sequence += 1;
	return {
		sessionId: `sessie-${sequence}-${lesson}`,
		teacherKey: `docent-${sequence}`,
		classId,
		lessonSlug: `de-brug-${lesson}`,
		ranAt: inPeriod,
		pupilsJoined,
		countsInOverview: true,
		blocks: [{ blockId: lesson === 'voorbereiding' ? 'samen' : 'samen-na', counts }],
		...rest
	};
}

/** `n` classes of 10 answers each before, and the same classes after. */
function classes(n: number, before = [1, 2, 3, 2, 1, 1], after = [0, 1, 2, 3, 2, 2]) {
	return Array.from({ length: n }, (_, index) => [
		run('voorbereiding', before, { classId: `klas-${index}` }),
		run('verwerking', after, { classId: `klas-${index}` })
	]).flat();
}

describe("the municipality's overview", () => {
	it('shows nothing of 4 classes, even with many answers', () => {
		const many = [10, 10, 10, 10, 10, 10];
		const overview = programmeOverview(request, classes(4, many, many));
		expect(overview.totals).toEqual({ shown: false });
		expect(overview.comparisons).toHaveLength(1);
		expect(overview.comparisons[0].figures).toEqual({ shown: false });
	});

	it('shows the totals and the comparison of 5 classes with 50 answers on each side', () => {
		const overview = programmeOverview(request, classes(5));
		expect(overview.programmeTitle).toBe('De Brug');
		expect(overview.totals).toEqual({
			shown: true,
			value: { sessions: 10, classes: 5, pupilsJoined: 100 }
		});
		const [comparison] = overview.comparisons;
		expect(comparison).toMatchObject({
			prompt: 'Mensen met een andere mening kun je beter uit de weg gaan.',
			beforeLesson: 'De Brug: voorbereidende les',
			afterLesson: 'De Brug: verwerkingsles'
		});
		expect(comparison.figures).toEqual({
			shown: true,
			value: {
				classesBefore: 5,
				classesAfter: 5,
				answersBefore: 50,
				answersAfter: 50,
				// The scale from 'helemaal oneens' to 'helemaal eens', then 'weet niet'.
				options: [
					{
						label: 'helemaal oneens',
						before: 10,
						beforeShare: 20,
						after: 5,
						afterShare: 10,
						shift: -10
					},
					{ label: 'oneens', before: 15, beforeShare: 30, after: 10, afterShare: 20, shift: -10 },
					{ label: 'neutraal', before: 10, beforeShare: 20, after: 15, afterShare: 30, shift: 10 },
					{ label: 'eens', before: 5, beforeShare: 10, after: 10, afterShare: 20, shift: 10 },
					{
						label: 'helemaal eens',
						before: 5,
						beforeShare: 10,
						after: 10,
						afterShare: 20,
						shift: 10
					},
					{ label: 'weet niet', before: 5, beforeShare: 10, after: 0, afterShare: 0, shift: -10 }
				]
			}
		});
	});

	it('shows nothing of 49 answers on one side, and everything at 50', () => {
		// Five classes before with 49 answers together; after, 50.
		const before = [
			...Array.from({ length: 4 }, (_, index) =>
				run('voorbereiding', [0, 2, 2, 2, 2, 2], { classId: `klas-${index}` })
			),
			run('voorbereiding', [0, 1, 2, 2, 2, 2], { classId: 'klas-4' })
		];
		const after = Array.from({ length: 5 }, (_, index) =>
			run('verwerking', [0, 2, 2, 2, 2, 2], { classId: `klas-${index}` })
		);
		// The totals count pupils who joined: 99, from 5 classes.
		const hidden = programmeOverview(request, [...before, ...after]);
		expect(hidden.totals.shown).toBe(true);
		expect(hidden.comparisons[0].figures).toEqual({ shown: false });

		before[4] = run('voorbereiding', [0, 2, 2, 2, 2, 2], { classId: 'klas-4' });
		const shown = programmeOverview(request, [...before, ...after]);
		expect(shown.comparisons[0].figures).toMatchObject({
			shown: true,
			value: { answersBefore: 50, answersAfter: 50 }
		});
	});

	it('needs 5 classes on each side: 5 before and 4 after show nothing', () => {
		const runs = classes(5).filter(
			(entry) => !(entry.lessonSlug === 'de-brug-verwerking' && entry.classId === 'klas-4')
		);
		// 4 classes after, with plenty of answers between them.
		runs.push(run('verwerking', [0, 10, 10, 10, 10, 10], { classId: 'klas-0' }));
		const overview = programmeOverview(request, runs);
		expect(overview.totals.shown).toBe(true);
		expect(overview.comparisons[0].figures).toEqual({ shown: false });
	});

	it('hides the totals below 50 pupils, however many classes', () => {
		const small = Array.from({ length: 6 }, (_, index) =>
			run('voorbereiding', [0, 1, 1, 1, 1, 1], { classId: `klas-${index}`, pupilsJoined: 8 })
		);
		expect(programmeOverview(request, small).totals).toEqual({ shown: false });
		small.push(run('verwerking', [0, 1, 0, 0, 0, 0], { classId: 'klas-0', pupilsJoined: 2 }));
		expect(programmeOverview(request, small).totals).toEqual({
			shown: true,
			value: { sessions: 7, classes: 6, pupilsJoined: 50 }
		});
	});

	it('counts a class once however many of its lessons ran, and a run without class as a class of its own', () => {
		const sameClass = classes(1).concat(classes(1));
		expect(new Set(sameClass.map((entry) => entry.classId)).size).toBe(1);
		const withoutClass = Array.from({ length: 4 }, () =>
			run('voorbereiding', [2, 2, 2, 2, 2, 2], { classId: null })
		);
		const overview = programmeOverview(request, [...sameClass, ...withoutClass]);
		expect(overview.totals).toEqual({
			shown: true,
			value: { sessions: 8, classes: 5, pupilsJoined: 88 }
		});
	});

	it("leaves out runs that may not count, ran outside the period or belong to another programme's lessons", () => {
		const counted = classes(4);
		const others = [
			run('voorbereiding', [9, 9, 9, 9, 9, 9], { classId: 'niet-mee', countsInOverview: false }),
			run('voorbereiding', [9, 9, 9, 9, 9, 9], {
				classId: 'vorig-jaar',
				ranAt: new Date(2025, 6, 31, 23, 59).getTime()
			}),
			run('voorbereiding', [9, 9, 9, 9, 9, 9], {
				classId: 'volgend-jaar',
				ranAt: new Date(2026, 7, 1, 0, 0).getTime()
			}),
			run('voorbereiding', [9, 9, 9, 9, 9, 9], {
				classId: 'andere-les',
				lessonSlug: 'wat-is-polarisatie'
			}),
			// Nobody joined: a teacher trying the lesson out, not a class.
			run('voorbereiding', [], { classId: 'leeg', pupilsJoined: 0, blocks: [] })
		];
		const overview = programmeOverview(request, [...counted, ...others]);
		expect(overview.totals).toEqual({ shown: false });
		expect(overview.comparisons[0].figures).toEqual({ shown: false });
		// The first and the last day of the period are in it.
		const edges = [
			run('voorbereiding', [2, 2, 2, 2, 2, 2], {
				classId: 'eerste-dag',
				ranAt: new Date(2025, 7, 1).getTime()
			}),
			run('voorbereiding', [2, 2, 2, 2, 2, 2], {
				classId: 'laatste-dag',
				ranAt: new Date(2026, 6, 31, 23, 59).getTime()
			})
		];
		expect(programmeOverview(request, [...counted, ...edges]).totals).toMatchObject({
			shown: true,
			value: { classes: 6 }
		});
	});

	it('counts a class only on the side it answered: a run without the stelling adds no class', () => {
		const runs = classes(5);
		runs[0] = { ...runs[0], blocks: [] };
		runs[2] = { ...runs[2], blocks: [{ blockId: 'samen', counts: [0, 0, 0, 0, 0, 0] }] };
		expect(programmeOverview(request, runs).comparisons[0].figures).toEqual({ shown: false });
	});

	it('takes minimums raised above the floor', () => {
		const raised = { ...request, minimum: { classes: 6, answers: 60 } };
		expect(programmeOverview(raised, classes(5)).totals).toEqual({ shown: false });
		expect(programmeOverview(raised, classes(6)).totals.shown).toBe(true);
		expect(programmeOverview(raised, classes(6)).comparisons[0].figures.shown).toBe(true);
	});

	it('never lets a teacher, class or session identifier into what it returns', () => {
		const input = [
			...classes(6),
			...Array.from({ length: 3 }, () => run('verwerking', [1, 1, 1, 1, 1, 1], { classId: null }))
		];
		const text = JSON.stringify(programmeOverview(request, input));
		for (const entry of input) {
			expect(text).not.toContain(entry.sessionId);
			expect(text).not.toContain(entry.teacherKey!);
			if (entry.classId) expect(text).not.toContain(entry.classId);
		}
		expect(text).not.toMatch(/sessie-|docent-|klas-/);
	});

	it('reads the runs of the programme and period from the store', async () => {
		const asked: unknown[] = [];
		const store = {
			runs: {
				countedRuns: async (slugs: string[], from: number, to: number) => {
					asked.push({ slugs, from, to });
					return classes(5);
				}
			}
		} as unknown as Parameters<typeof overviewOf>[0];
		const overview = await overviewOf(store, request);
		expect(overview.totals.shown).toBe(true);
		expect(asked).toEqual([
			{
				slugs: ['de-brug-voorbereiding', 'de-brug-verwerking'],
				...periodBounds(period)
			}
		]);
	});
});

describe('the period of the overview', () => {
	it('is this school year, 1 August to 31 July, when none is asked for', () => {
		expect(schoolYearOf(new Date(2026, 2, 10))).toEqual({ from: '2025-08-01', to: '2026-07-31' });
		expect(schoolYearOf(new Date(2026, 7, 1))).toEqual({ from: '2026-08-01', to: '2027-07-31' });
		expect(schoolYearOf(new Date(2026, 6, 31))).toEqual({ from: '2025-08-01', to: '2026-07-31' });
		expect(readPeriod(null, new Date(2026, 2, 10))).toEqual({
			from: '2025-08-01',
			to: '2026-07-31'
		});
	});

	it('offers only whole school years, up to this one, never free dates', () => {
		const today = new Date(2026, 2, 10);
		expect(schoolYearsUntil(today)).toEqual([2025, 2024, 2023, 2022, 2021, 2020]);
		expect(readPeriod('2020', today)).toEqual({ from: '2020-08-01', to: '2021-07-31' });
		expect(readPeriod('2025', today)).toEqual({ from: '2025-08-01', to: '2026-07-31' });
	});

	it('refuses a year it does not offer, and anything that is not a year', () => {
		const today = new Date(2026, 2, 10);
		for (const year of ['2026', '2019', '1999', '25', '2025-08-01', '<script>', ' 2025'])
			expect(readPeriod(year, today), year).toBeNull();
	});

	it('runs from the first midnight to the midnight after the last day', () => {
		expect(periodBounds({ from: '2026-03-10', to: '2026-03-10' })).toEqual({
			from: new Date(2026, 2, 10).getTime(),
			to: new Date(2026, 2, 11).getTime()
		});
		expect(() => periodBounds({ from: 'gisteren', to: '2026-03-10' })).toThrow();
	});
});

describe("the coordinator's question", () => {
	const store = {
		runs: { countedRuns: async () => classes(5) }
	} as unknown as Parameters<typeof answerOverviewQuery>[0]['store'];
	const sources = {
		store,
		library: {
			catalogue: [...library.catalogue],
			find: (slug: string) => library.lessons.get(slug)
		},
		minimum: { classes: 5, answers: 50 }
	};
	const today = new Date(2026, 2, 10);
	const ask = (query: string) =>
		answerOverviewQuery(sources, new URLSearchParams(query), { today, answerLabels: labels });

	it('answers with the programme and school year asked for', async () => {
		const answer = await ask('programme=de-brug&jaar=2025');
		expect(answer).toMatchObject({
			programmes: [{ slug: 'de-brug', title: 'De Brug' }],
			programme: 'de-brug',
			schoolYears: [2025, 2024, 2023, 2022, 2021, 2020],
			period: { from: '2025-08-01', to: '2026-07-31' },
			periodInvalid: false,
			overview: { programmeTitle: 'De Brug', totals: { shown: true } }
		});
	});

	it('shows the first programme and this school year when asked for none, or for one that does not exist', async () => {
		for (const query of ['', 'programme=bestaat-niet', 'programme=../../etc']) {
			expect(await ask(query)).toMatchObject({
				programme: 'de-brug',
				period: { from: '2025-08-01', to: '2026-07-31' },
				periodInvalid: false
			});
		}
	});

	it('says so when the school year is not one offered, and shows this school year', async () => {
		expect(await ask('jaar=2026')).toMatchObject({
			period: { from: '2025-08-01', to: '2026-07-31' },
			periodInvalid: true
		});
		expect((await ask('jaar=gisteren')).periodInvalid).toBe(true);
	});

	it('has nothing to show in a library without programmes', async () => {
		const empty = { ...sources, library: { catalogue: [], find: () => undefined } };
		expect(
			await answerOverviewQuery(empty, new URLSearchParams(''), { today, answerLabels: labels })
		).toMatchObject({ programmes: [], programme: null, overview: null });
	});
});

// The municipality's anonymous overview: per programme and period, how many sessions ran for how
// many classes and pupils, and for each stelling compared across its lessons the distributions
// before and after. Every figure is a sum over classes and shows only where at least
// `minimum.classes` classes and `minimum.answers` answers contribute. The output's strings come
// from lesson files and the period asked for: no field can carry a teacher, class or session.

import type { LessonSummary } from '../lessons/catalogue.ts';
import { blockHeadline } from '../lessons/kinds.ts';
import type { BoardBlock, Lesson } from '../lessons/model.ts';
import { comparisonsOf, programmesOf, type Programme } from '../lessons/programmes.ts';
import { resultRows, share, tallyAnswers } from '../lessons/results.ts';
import type {
	ComparedOption,
	ComparedStelling,
	Figure,
	OverviewMinimum,
	Period,
	ProgrammeOverview,
	ProgrammeTotals
} from '../overview.ts';
import type { RunRecord, Store } from './store/store.ts';

export type {
	ComparedOption,
	ComparedStelling,
	ComparisonFigures,
	Figure,
	OverviewMinimum,
	Period,
	ProgrammeOverview,
	ProgrammeTotals
} from '../overview.ts';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day as a local Date, or null when it is not a date of the calendar. */
function dayOf(text: string): Date | null {
	const match = datePattern.exec(text);
	if (!match) return null;
	const [year, month, day] = match.slice(1).map(Number);
	const date = new Date(year, month - 1, day);
	const real = date.getFullYear() === year && date.getMonth() === month - 1;
	return real && date.getDate() === day && year >= 2000 && year <= 2200 ? date : null;
}

/** The school year `today` falls in: 1 August to 31 July. */
export function schoolYearOf(today: Date): Period {
	const start = today.getMonth() >= 7 ? today.getFullYear() : today.getFullYear() - 1;
	return { from: `${start}-08-01`, to: `${start + 1}-07-31` };
}

/** The first school year the overview offers. */
export const firstSchoolYear = 2020;

/** The school years a coordinator may pick, the current one first. */
export function schoolYearsUntil(today: Date): number[] {
	const current = Number(schoolYearOf(today).from.slice(0, 4));
	return Array.from({ length: current - firstSchoolYear + 1 }, (_, index) => current - index);
}

/**
 * The period a coordinator asked for (`jaar=2025`: 1 August 2025 to 31 July 2026): this school
 * year when they asked for none, null when it is not one of the school years offered. Only whole
 * school years, never free dates: two overlapping periods that each pass the minimums could be
 * subtracted to show the few classes of one school in the days between them, and school years
 * never overlap.
 */
export function readPeriod(year: string | null | undefined, today: Date): Period | null {
	if (!year) return schoolYearOf(today);
	if (!/^\d{4}$/.test(year) || !schoolYearsUntil(today).includes(Number(year))) return null;
	return { from: `${year}-08-01`, to: `${Number(year) + 1}-07-31` };
}

/** The period as [from, to) in ms, from the first day's midnight to the midnight after the last. */
export function periodBounds(period: Period): { from: number; to: number } {
	const start = dayOf(period.from);
	const end = dayOf(period.to);
	if (!start || !end) throw new Error(`not a period: ${period.from} – ${period.to}`);
	end.setDate(end.getDate() + 1);
	return { from: start.getTime(), to: end.getTime() };
}

/** A run's class: its class id, or the run itself for a session started without a class. */
const classOf = (run: RunRecord) =>
	run.classId === null ? `session:${run.sessionId}` : `class:${run.classId}`;

/** How many pupils at least answered: a poll of several choices counts a pupil more than once. */
const answersIn = (block: BoardBlock, counts: number[]) =>
	block.settings.multiple ? Math.max(0, ...counts) : counts.reduce((sum, count) => sum + count, 0);

/** Each position of the block with its count, in the order the class reads them. */
function labelledCounts(
	block: BoardBlock,
	counts: number[],
	answerLabels: (block: BoardBlock) => string[]
): { label: string; count: number }[] {
	const { kind } = tallyAnswers(block, []).distribution;
	if (kind === 'position')
		return counts.map((count, index) => ({
			label: `${index * 10}–${index === 9 ? 100 : index * 10 + 9}`,
			count
		}));
	if (kind === 'words') return [];
	const labels = answerLabels(block);
	const rows =
		kind === 'scale'
			? resultRows(block, { kind, counts, average: null })
			: resultRows(block, { kind, counts, moves: [] });
	return rows.map(({ label, count }) => ({ label: labels[label] ?? String(label + 1), count }));
}

/** One side of a comparison: a block's counts summed over every run that answered it. */
function sideOf(
	runs: readonly RunRecord[],
	lessonSlug: string,
	blockId: string,
	block: BoardBlock
) {
	const classes = new Set<string>();
	const counts: number[] = [];
	for (const run of runs) {
		if (run.lessonSlug !== lessonSlug) continue;
		const found = run.blocks.find((entry) => entry.blockId === blockId);
		if (!found || answersIn(block, found.counts) === 0) continue;
		classes.add(classOf(run));
		for (const [index, count] of found.counts.entries())
			counts[index] = (counts[index] ?? 0) + count;
	}
	const filled = Array.from(counts, (count) => count ?? 0);
	return { classes: classes.size, counts: filled, answers: answersIn(block, filled) };
}

export interface OverviewRequest {
	programme: Programme;
	lessonBySlug: (slug: string) => Lesson | undefined;
	period: Period;
	minimum: OverviewMinimum;
	/** The label of each answer position of a block, in the coordinator's language. */
	answerLabels: (block: BoardBlock) => string[];
}

/** The overview of one programme from the runs of its lessons: pure, so the edges can be proved. */
export function programmeOverview(
	{ programme, lessonBySlug, period, minimum, answerLabels }: OverviewRequest,
	allRuns: readonly RunRecord[]
): ProgrammeOverview {
	const bounds = periodBounds(period);
	const lessons = new Set(programme.lessons.map((lesson) => lesson.slug));
	// Belt and braces: whatever the store returned, only runs that may count, of this programme,
	// in this period, with pupils in them. A session nobody joined was not a lesson given.
	const runs = allRuns.filter(
		(run) =>
			run.countsInOverview &&
			lessons.has(run.lessonSlug) &&
			run.ranAt >= bounds.from &&
			run.ranAt < bounds.to &&
			run.pupilsJoined > 0
	);
	const enough = (classes: number, answers: number) =>
		classes >= minimum.classes && answers >= minimum.answers;

	const classes = new Set(runs.map(classOf)).size;
	const pupilsJoined = runs.reduce((sum, run) => sum + run.pupilsJoined, 0);
	const totals: Figure<ProgrammeTotals> = enough(classes, pupilsJoined)
		? { shown: true, value: { sessions: runs.length, classes, pupilsJoined } }
		: { shown: false };

	const titleOf = (slug: string) =>
		lessonBySlug(slug)?.meta.title ??
		programme.lessons.find((lesson) => lesson.slug === slug)?.title ??
		slug;
	const comparisons = comparisonsOf(programme, lessonBySlug).map(
		({ lessonSlug, block, earlier }): ComparedStelling => {
			const before = sideOf(runs, earlier.lessonSlug, earlier.blockId, block);
			const after = sideOf(runs, lessonSlug, block.id, block);
			const shown = enough(before.classes, before.answers) && enough(after.classes, after.answers);
			return {
				prompt: blockHeadline(block, 300),
				beforeLesson: titleOf(earlier.lessonSlug),
				afterLesson: titleOf(lessonSlug),
				figures: shown
					? {
							shown: true,
							value: {
								classesBefore: before.classes,
								classesAfter: after.classes,
								answersBefore: before.answers,
								answersAfter: after.answers,
								options: compareOptions(block, before, after, answerLabels)
							}
						}
					: { shown: false }
			};
		}
	);

	return { programmeTitle: programme.title, period, minimum, totals, comparisons };
}

function compareOptions(
	block: BoardBlock,
	before: { counts: number[]; answers: number },
	after: { counts: number[]; answers: number },
	answerLabels: (block: BoardBlock) => string[]
): ComparedOption[] {
	// Both sides as long as the longer, so a block that gained an option lines up by position.
	const length = Math.max(before.counts.length, after.counts.length);
	const padded = (counts: number[]) => Array.from({ length }, (_, index) => counts[index] ?? 0);
	const earlier = labelledCounts(block, padded(before.counts), answerLabels);
	const later = labelledCounts(block, padded(after.counts), answerLabels);
	return later.map(({ label, count }, index) => {
		const was = earlier[index]?.count ?? 0;
		const beforeShare = share(was, before.answers);
		const afterShare = share(count, after.answers);
		return {
			label,
			before: was,
			beforeShare,
			after: count,
			afterShare,
			shift: afterShare - beforeShare
		};
	});
}

/** The overview of a programme, with the counted runs of its lessons read from the store. */
export async function overviewOf(
	store: Pick<Store, 'runs'>,
	request: OverviewRequest
): Promise<ProgrammeOverview> {
	const { from, to } = periodBounds(request.period);
	const slugs = request.programme.lessons.map((lesson) => lesson.slug);
	return programmeOverview(request, await store.runs.countedRuns(slugs, from, to));
}

/** What the coordinator's page and its workbook answer to `?programme=…&from=…&to=…`. */
export interface OverviewAnswer {
	/** Every programme of the library, to choose from. */
	programmes: { slug: string; title: string }[];
	/** The programme shown: the one asked for, else the first; null when there is none. */
	programme: string | null;
	/** The school years to choose from (their first calendar year), the current one first. */
	schoolYears: number[];
	period: Period;
	/** The period asked for was no period: this school year is shown instead. */
	periodInvalid: boolean;
	overview: ProgrammeOverview | null;
}

export interface OverviewSources {
	store: Pick<Store, 'runs'>;
	library: {
		catalogue: readonly LessonSummary[];
		find: (slug: string) => Lesson | undefined;
	};
	minimum: OverviewMinimum;
}

export async function answerOverviewQuery(
	{ store, library, minimum }: OverviewSources,
	query: URLSearchParams,
	{ today, answerLabels }: { today: Date; answerLabels: (block: BoardBlock) => string[] }
): Promise<OverviewAnswer> {
	const programmes = programmesOf(library.catalogue);
	const asked = query.get('programme');
	const programme = programmes.find((entry) => entry.slug === asked) ?? programmes[0];
	const read = readPeriod(query.get('jaar'), today);
	const period = read ?? schoolYearOf(today);
	const overview = programme
		? await overviewOf(store, {
				programme,
				lessonBySlug: (slug) => library.find(slug),
				period,
				minimum,
				answerLabels
			})
		: null;
	return {
		programmes: programmes.map(({ slug, title }) => ({ slug, title })),
		programme: programme?.slug ?? null,
		schoolYears: schoolYearsUntil(today),
		period,
		periodInvalid: read === null,
		overview
	};
}

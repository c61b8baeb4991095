// Programmes: lessons that belong together and that a class meets in order. A theatre
// performance's modules (preparation, follow-up, processing: `performance` and `phase`) form
// one, and so does a lesson series (`reeks` and `deel`). One owner of what a programme is, for
// the library, the teacher's class threads, the comparisons across lessons and the
// municipality's overview; and of what only the whole library can get wrong about them.

import { comparable } from './blocks.ts';
import { summariseLesson, type LessonSummary } from './catalogue.ts';
import type { BoardBlock, Lesson, LessonMeta, LessonProblem } from './model.ts';
import { slugFromTitle } from './slug.ts';
import { theatrePhases } from './vocabulary.ts';

export type ProgrammeKind = 'performance' | 'series';

export interface Programme {
	/** Its address (`/programmas/<slug>`), made from its name. */
	slug: string;
	/** The performance's (or series') name, as the lesson files give it. */
	title: string;
	kind: ProgrammeKind;
	/** In the order a class meets them: by phase for a performance, by part for a series. */
	lessons: LessonSummary[];
}

const byTitle = (a: LessonSummary, b: LessonSummary) => a.title.localeCompare(b.title, 'nl');

const phaseOrder = (lesson: LessonSummary) =>
	lesson.phase === null ? theatrePhases.length : theatrePhases.indexOf(lesson.phase);

/** The programme a lesson's own frontmatter puts it in, if any. */
function programmeKey(lesson: LessonSummary): { kind: ProgrammeKind; title: string } | null {
	if (lesson.kind === 'theatre-followup' && lesson.performance !== null)
		return { kind: 'performance', title: lesson.performance };
	if (lesson.series !== null) return { kind: 'series', title: lesson.series };
	return null;
}

/** Every programme in the library, by name. */
export function programmesOf(summaries: readonly LessonSummary[]): Programme[] {
	const groups = new Map<string, { kind: ProgrammeKind; title: string; lessons: LessonSummary[] }>();
	for (const lesson of summaries) {
		const key = programmeKey(lesson);
		if (!key) continue;
		const id = `${key.kind}:${key.title}`;
		const group = groups.get(id) ?? { ...key, lessons: [] };
		group.lessons.push(lesson);
		groups.set(id, group);
	}
	const taken = new Set<string>();
	return [...groups.values()]
		.sort((a, b) => a.title.localeCompare(b.title, 'nl') || a.kind.localeCompare(b.kind))
		.map(({ kind, title, lessons }) => {
			// A performance and a series of the same name each keep an address of their own.
			const base = slugFromTitle(title) || 'programma';
			let slug = base;
			for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
			taken.add(slug);
			const order =
				kind === 'performance'
					? (a: LessonSummary, b: LessonSummary) => phaseOrder(a) - phaseOrder(b) || byTitle(a, b)
					: (a: LessonSummary, b: LessonSummary) => (a.part ?? 0) - (b.part ?? 0) || byTitle(a, b);
			return { slug, title, kind, lessons: [...lessons].sort(order) };
		});
}

/** Lessons that belong to no programme, by title: the library shows them one by one. */
export function lessonsOutsideProgrammes(summaries: readonly LessonSummary[]): LessonSummary[] {
	return summaries.filter((lesson) => programmeKey(lesson) === null).sort(byTitle);
}

/** The programme a lesson belongs to, if any. */
export function programmeOfLesson(
	programmes: readonly Programme[],
	lessonSlug: string
): Programme | undefined {
	return programmes.find((programme) =>
		programme.lessons.some((lesson) => lesson.slug === lessonSlug)
	);
}

/** A block that compares with a block of an earlier lesson of its programme. */
export interface CrossComparison {
	lessonSlug: string;
	block: BoardBlock;
	earlier: { lessonSlug: string; blockId: string };
}

const boardBlocksOf = (lesson: Lesson): BoardBlock[] =>
	lesson.steps.flatMap((step) =>
		step.board.flatMap((part) => (part.kind === 'block' ? [part.block] : []))
	);

/** The comparisons across lessons in a programme, in the programme's order. */
export function comparisonsOf(
	programme: Programme,
	lessonBySlug: (slug: string) => Lesson | undefined
): CrossComparison[] {
	return programme.lessons.flatMap((summary) => {
		const lesson = lessonBySlug(summary.slug);
		if (!lesson) return [];
		return boardBlocksOf(lesson).flatMap((block) =>
			block.settings.compareAcross
				? [{ lessonSlug: lesson.slug, block, earlier: block.settings.compareAcross }]
				: []
		);
	});
}

/**
 * The earlier lesson's block a block compares with, when the comparison holds in this library:
 * that lesson comes earlier in the same programme and has a block of that id, type and options.
 */
export function earlierBlockOf(
	lesson: Lesson,
	block: BoardBlock,
	lessons: ReadonlyMap<string, Lesson>,
	programmes: readonly Programme[] = programmesOf([...lessons.values()].map(summariseLesson))
): { lesson: Lesson; block: BoardBlock } | { problem: LessonProblem } | null {
	const across = block.settings.compareAcross;
	if (!across) return null;
	const params = { id: block.id, lesson: across.lessonSlug, target: across.blockId };
	const problem = (code: LessonProblem['code'], extra: Record<string, string> = {}) => ({
		problem: { line: block.line, code, params: { ...params, ...extra } }
	});
	const earlier = lessons.get(across.lessonSlug);
	if (!earlier) return problem('compare-lesson-unknown');
	const programme = programmeOfLesson(programmes, lesson.slug);
	const order = programme?.lessons.map((summary) => summary.slug) ?? [];
	if (!programme || !order.includes(earlier.slug)) return problem('compare-lesson-elsewhere');
	if (order.indexOf(earlier.slug) >= order.indexOf(lesson.slug))
		return problem('compare-lesson-not-earlier');
	const target = boardBlocksOf(earlier).find((candidate) => candidate.id === across.blockId);
	if (!target) return problem('compare-lesson-block-unknown');
	if (!comparable(target, block)) return problem('compare-lesson-mismatch', { type: target.type });
	return { lesson: earlier, block: target };
}

/** A problem only the whole library shows, with the lesson it is in. */
export interface ProgrammeProblem {
	slug: string;
	problem: LessonProblem;
}

/**
 * What no single file can get wrong alone: two lessons with the same part of a series, and a
 * `vergelijk="lesson#block"` that does not hold (see `earlierBlockOf`). `lineOf` says where a
 * lesson's frontmatter field is; `fileOf` names a lesson's file for the author.
 */
export function checkProgrammes(
	lessons: ReadonlyMap<string, Lesson>,
	{
		lineOf,
		fileOf
	}: {
		lineOf: (slug: string, field: keyof LessonMeta) => number;
		fileOf: (slug: string) => string;
	}
): ProgrammeProblem[] {
	const programmes = programmesOf([...lessons.values()].map(summariseLesson));
	const problems: ProgrammeProblem[] = [];
	for (const programme of programmes) {
		if (programme.kind !== 'series') continue;
		const firstOfPart = new Map<number, string>();
		for (const lesson of programme.lessons) {
			if (lesson.part === null) continue;
			const first = firstOfPart.get(lesson.part);
			if (first === undefined) {
				firstOfPart.set(lesson.part, lesson.slug);
				continue;
			}
			problems.push({
				slug: lesson.slug,
				problem: {
					line: lineOf(lesson.slug, 'part'),
					code: 'series-part-duplicate',
					params: { part: lesson.part, series: programme.title, other: fileOf(first) }
				}
			});
		}
	}
	for (const lesson of lessons.values()) {
		for (const block of boardBlocksOf(lesson)) {
			const found = earlierBlockOf(lesson, block, lessons, programmes);
			if (found && 'problem' in found) problems.push({ slug: lesson.slug, problem: found.problem });
		}
	}
	return problems;
}

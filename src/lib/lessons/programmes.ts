// Programmes: lessons that belong together and that a class meets in order. A theatre
// performance's modules (preparation, follow-up, processing: `voorstelling` and `fase`) form one
// today. One owner of what a programme is, for the library, the teacher's class threads, the
// comparisons across lessons and the municipality's overview.

import { groupCatalogue, type LessonSummary } from './catalogue.ts';
import type { BoardBlock, Lesson } from './model.ts';
import { slugFromTitle } from './slug.ts';

export interface Programme {
	/** Its address (`/programmas/<slug>`), made from its name. */
	slug: string;
	/** The performance's (or series') name, as the lesson files give it. */
	title: string;
	kind: 'performance';
	/** In the order a class meets them. */
	lessons: LessonSummary[];
}

/** Every programme in the library, by name. */
export function programmesOf(summaries: readonly LessonSummary[]): Programme[] {
	return groupCatalogue(summaries).performances.map((group) => ({
		slug: slugFromTitle(group.performance),
		title: group.performance,
		kind: 'performance',
		lessons: group.modules
	}));
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

/** The comparisons across lessons in a programme, in the programme's order. */
export function comparisonsOf(
	programme: Programme,
	lessonBySlug: (slug: string) => Lesson | undefined
): CrossComparison[] {
	return programme.lessons.flatMap((summary) => {
		const lesson = lessonBySlug(summary.slug);
		if (!lesson) return [];
		return lesson.steps.flatMap((step) =>
			step.board.flatMap((part) =>
				part.kind === 'block' && part.block.settings.compareAcross
					? [{ lessonSlug: lesson.slug, block: part.block, earlier: part.block.settings.compareAcross }]
					: []
			)
		);
	});
}

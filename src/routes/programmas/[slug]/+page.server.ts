import { positionLabel } from '$lib/i18n/labels';
import { writesToParents } from '$lib/lessons/parents-letter';
import { promptText } from '$lib/lessons/prompt-text';
import { comparisonsOf, earlierBlockOf, programmesOf } from '$lib/lessons/programmes';
import { useKlasgesprek } from '$lib/server/app';
import { programmeRows } from '$lib/server/classes';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { library, classes } = useKlasgesprek();
	const programmes = programmesOf(library.catalogue);
	const programme = programmes.find((candidate) => candidate.slug === params.slug);
	if (!programme) error(404, 'programme-not-found');
	const lessons = programme.lessons.map(({ searchText, blockTypes, ...lesson }) => ({
		...lesson,
		label: positionLabel(lesson)
	}));
	const labelOf = (slug: string) => lessons.find((lesson) => lesson.slug === slug)?.label ?? slug;
	// Only comparisons that hold in this library: the board shows those, and nothing of the rest.
	const comparisons = comparisonsOf(programme, (slug) => library.lessons.get(slug)).flatMap(
		({ lessonSlug, block }) => {
			const lesson = library.lessons.get(lessonSlug);
			const earlier = lesson && earlierBlockOf(lesson, block, library.lessons, programmes);
			if (!earlier || 'problem' in earlier) return [];
			return [
				{
					id: `${lessonSlug}#${block.id}`,
					prompt: promptText(block.prompt),
					earlier: labelOf(earlier.lesson.slug),
					later: labelOf(lessonSlug)
				}
			];
		}
	);
	const threads = locals.teacher ? await classes.threads(locals.teacher.teacher.key) : null;
	return {
		programme: { slug: programme.slug, title: programme.title, kind: programme.kind },
		parentsLetter: programme.lessons.some(writesToParents),
		lessons,
		comparisons,
		classRows: threads
			? programmeRows(
					threads,
					lessons.map((lesson) => lesson.slug)
				)
			: null
	};
};

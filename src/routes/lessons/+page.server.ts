import { readCatalogueQuery, searchCatalogue, type LessonSummary } from '$lib/lessons/catalogue';
import { knownThemes } from '$lib/lessons/frontmatter';
import { writesToParents } from '$lib/lessons/parents-letter';
import { lessonsOutsideProgrammes, programmesOf } from '$lib/lessons/programmes';
import { audiences } from '$lib/lessons/vocabulary';
import { positionLabel } from '$lib/i18n/labels';
import { useKlasgesprek } from '$lib/server/app';
import { programmeRows } from '$lib/server/classes';
import type { PageServerLoad } from './$types';

export type LessonCardData = Omit<LessonSummary, 'searchText' | 'blockTypes'>;

const toCard = ({ searchText, blockTypes, ...card }: LessonSummary): LessonCardData => card;

export const load: PageServerLoad = async ({ url, locals }) => {
	const { library, config, classes } = useKlasgesprek();
	const { catalogue } = library;
	const themes = knownThemes({ extraThemes: config.extraThemes });
	const query = readCatalogueQuery(url.searchParams, themes);
	const found = searchCatalogue(catalogue, query);
	const matched = new Set(found.map((lesson) => lesson.slug));
	// A signed-in teacher sees on each programme which of their classes did which lesson.
	const threads = locals.teacher ? await classes.threads(locals.teacher.teacher.key) : [];
	// A programme is shown when any of its lessons matches, with the lessons that do.
	const programmes = programmesOf(catalogue).flatMap(({ lessons, ...programme }) => {
		const shown = lessons.filter((lesson) => matched.has(lesson.slug));
		if (shown.length === 0) return [];
		return [
			{
				...programme,
				lessonCount: lessons.length,
				// A programme only for professionals has no letter to parents.
				parentsLetter: lessons.some(writesToParents),
				lessons: shown.map(toCard),
				columns: lessons.map((lesson) => ({
					slug: lesson.slug,
					title: lesson.title,
					label: positionLabel(lesson)
				})),
				classRows: programmeRows(
					threads,
					lessons.map((lesson) => lesson.slug)
				)
			}
		];
	});
	return {
		query,
		total: catalogue.length,
		found: found.length,
		lessons: lessonsOutsideProgrammes(found).map(toCard),
		performances: programmes.filter((programme) => programme.kind === 'performance'),
		series: programmes.filter((programme) => programme.kind === 'series'),
		// Offer only filters that can match something in this library.
		themeOptions: themes.filter((theme) => catalogue.some((lesson) => lesson.themes.includes(theme))),
		audienceOptions: audiences.filter((audience) => catalogue.some((lesson) => lesson.audience.includes(audience)))
	};
};

import {
	groupCatalogue,
	readCatalogueQuery,
	searchCatalogue,
	type LessonSummary
} from '$lib/lessons/catalogue';
import { knownThemes } from '$lib/lessons/frontmatter';
import { writesToParents } from '$lib/lessons/parents-letter';
import { audiences } from '$lib/lessons/vocabulary';
import { useKlasgesprek } from '$lib/server/app';
import type { PageServerLoad } from './$types';

export type LessonCardData = Omit<LessonSummary, 'searchText' | 'blockTypes'>;

const toCard = ({ searchText, blockTypes, ...card }: LessonSummary): LessonCardData => card;

export const load: PageServerLoad = ({ url }) => {
	const { library, config } = useKlasgesprek();
	const { catalogue } = library;
	const themes = knownThemes({ extraThemes: config.extraThemes });
	const query = readCatalogueQuery(url.searchParams, themes);
	const found = searchCatalogue(catalogue, query);
	const { lessons, performances } = groupCatalogue(found);
	return {
		query,
		total: catalogue.length,
		found: found.length,
		lessons: lessons.map(toCard),
		performances: performances.map((group) => ({
			...group,
			modules: group.modules.map(toCard),
			// A name of only signs or another script has no slug, so no address for its letter.
			parentsLetter: group.slug !== '' && group.modules.some(writesToParents)
		})),
		// Offer only filters that can match something in this library.
		themeOptions: themes.filter((theme) => catalogue.some((lesson) => lesson.themes.includes(theme))),
		audienceOptions: audiences.filter((audience) => catalogue.some((lesson) => lesson.audience.includes(audience)))
	};
};

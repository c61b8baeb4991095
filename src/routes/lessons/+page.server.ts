import {
	groupCatalogue,
	readCatalogueQuery,
	searchCatalogue,
	type LessonSummary
} from '$lib/lessons/catalogue';
import { audiences, themes } from '$lib/lessons/vocabulary';
import { useKlasgesprek } from '$lib/server/app';
import type { PageServerLoad } from './$types';

export type LessonCardData = Omit<LessonSummary, 'searchText' | 'blockTypes'>;

const toCard = ({ searchText, blockTypes, ...card }: LessonSummary): LessonCardData => card;

export const load: PageServerLoad = ({ url }) => {
	const { catalogue } = useKlasgesprek().library;
	const query = readCatalogueQuery(url.searchParams);
	const found = searchCatalogue(catalogue, query);
	const { lessons, performances } = groupCatalogue(found);
	return {
		query,
		total: catalogue.length,
		found: found.length,
		lessons: lessons.map(toCard),
		performances: performances.map((group) => ({ ...group, modules: group.modules.map(toCard) })),
		// Offer only filters that can match something in this library.
		themeOptions: themes.filter((theme) => catalogue.some((lesson) => lesson.themes.includes(theme))),
		audienceOptions: audiences.filter((audience) => catalogue.some((lesson) => lesson.audience.includes(audience)))
	};
};

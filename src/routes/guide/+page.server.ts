import { getLocale } from '$lib/paraglide/runtime';
import { useKlasgesprek } from '$lib/server/app';
import { loadContentPage } from '$lib/server/content';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { config } = useKlasgesprek();
	return { guide: loadContentPage('guide', getLocale()), route: config.signalling };
};

import { getLocale } from '$lib/paraglide/runtime';
import { loadContentPage } from '$lib/server/content';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	statement: loadContentPage('accessibility', getLocale())
});

import { getLocale } from '$lib/paraglide/runtime';
import { useKlasgesprek } from '$lib/server/app';
import { letterAboutPerformance, readLetterRequest } from '$lib/server/parents-letters';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// A programme is, for now, a theatre performance with its modules, named by the slug of its name.
export const load: PageServerLoad = ({ params, url }) => {
	const { library, config } = useKlasgesprek();
	const request = readLetterRequest(url.searchParams, getLocale());
	const result = letterAboutPerformance(library, config, params.slug, request);
	if (!result.ok) error(404, result.error);
	return { ...result.value, slug: params.slug, fill: request.fill };
};

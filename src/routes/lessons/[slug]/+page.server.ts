import { useKlasgesprek } from '$lib/server/app';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const lesson = useKlasgesprek().library.lessons.get(params.slug);
	if (!lesson) error(404, 'lesson-not-found');
	return { lesson };
};

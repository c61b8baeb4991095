import { rememberHost } from '$lib/server/host-access';
import { useKlasgesprek } from '$lib/server/app';
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const lesson = useKlasgesprek().library.lessons.get(params.slug);
	if (!lesson) error(404, 'lesson-not-found');
	return { lesson };
};

export const actions: Actions = {
	/** Starts a live session and makes this browser its host. */
	start: ({ params, cookies, url }) => {
		const { sessions, config } = useKlasgesprek();
		const started = sessions.start(params.slug);
		if (!started.ok) error(404, 'lesson-not-found');
		const { session, hostSecret } = started.value;
		rememberHost(cookies, url.protocol === 'https:', session.id, hostSecret, config.retentionDays);
		redirect(303, `/host/${session.id}`);
	}
};

import { rememberHost } from '$lib/server/host-access';
import { useKlasgesprek } from '$lib/server/app';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const lesson = useKlasgesprek().library.lessons.get(params.slug);
	if (!lesson) error(404, 'lesson-not-found');
	return { lesson };
};

export const actions: Actions = {
	/** Starts a live session and makes this browser its host. */
	start: async ({ params, cookies, url, getClientAddress }) => {
		const { sessions } = useKlasgesprek();
		// Under adapter-node this honours ADDRESS_HEADER and XFF_DEPTH, as the sockets do.
		const started = await sessions.start(params.slug, { startedFrom: getClientAddress() });
		if (!started.ok) {
			if (started.error === 'lesson-not-found') error(404, 'lesson-not-found');
			return fail(started.error === 'too-many-starts' ? 429 : 503, { startError: started.error });
		}
		const { session, hostSecret } = started.value;
		rememberHost(cookies, url.protocol === 'https:', session, hostSecret);
		redirect(303, `/host/${session.id}`);
	}
};

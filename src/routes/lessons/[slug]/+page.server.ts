import { dev } from '$app/environment';
import { describeProblem } from '$lib/lessons/problem-messages';
import { getLocale } from '$lib/paraglide/runtime';
import { rememberHost } from '$lib/server/host-access';
import { useKlasgesprek } from '$lib/server/app';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const { library } = useKlasgesprek();
	const lesson = library.lessons.get(params.slug);
	if (lesson) return { lesson, broken: null };
	// While writing (vite dev), a broken lesson shows what is wrong instead of a 404. In
	// production it stays out of sight: the server log has the same lines.
	const problems = dev ? library.problems.filter((problem) => problem.slug === params.slug) : [];
	if (problems.length === 0) error(404, 'lesson-not-found');
	const locale = getLocale();
	return {
		lesson: null,
		broken: {
			file: problems[0].file,
			problems: problems.map((problem) => ({ line: problem.line, message: describeProblem(problem, locale) }))
		}
	};
};

export const actions: Actions = {
	/** Starts a live session and makes this browser its host. */
	start: async ({ params, cookies, url, getClientAddress, locals }) => {
		const { sessions } = useKlasgesprek();
		// Under adapter-node this honours ADDRESS_HEADER and XFF_DEPTH, as the sockets do.
		const started = await sessions.start(params.slug, {
			startedFrom: getClientAddress(),
			// Signed in: the lesson is the teacher's, in Mijn lessen on every device.
			teacherKey: locals.teacher?.teacher.key ?? null
		});
		if (!started.ok) {
			if (started.error === 'lesson-not-found') error(404, 'lesson-not-found');
			return fail(started.error === 'too-many-starts' ? 429 : 503, { startError: started.error });
		}
		const { session, hostSecret } = started.value;
		rememberHost(cookies, url.protocol === 'https:', session, hostSecret);
		redirect(303, `/host/${session.id}`);
	}
};

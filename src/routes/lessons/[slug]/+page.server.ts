import { dev } from '$app/environment';
import { writesToParents } from '$lib/lessons/parents-letter';
import { describeProblem } from '$lib/lessons/problem-messages';
import { slugFromTitle } from '$lib/lessons/slug';
import { getLocale } from '$lib/paraglide/runtime';
import { rememberHost } from '$lib/server/host-access';
import { useKlasgesprek } from '$lib/server/app';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const { library, config } = useKlasgesprek();
	const lesson = library.lessons.get(params.slug);
	// The start form's 'Tel mee in het anonieme overzicht', ticked as the deployment says.
	const overview = {
		countsByDefault: config.overview.countsByDefault,
		minClasses: config.overview.minClasses
	};
	if (lesson) {
		const { meta } = lesson;
		// The letters to parents this lesson has: its own, and its performance's for a module.
		const letters = {
			lesson: writesToParents(meta),
			performance: (meta.performance && writesToParents(meta) && slugFromTitle(meta.performance)) || null
		};
		return { lesson, letters, overview, broken: null };
	}
	// While writing (vite dev), a broken lesson shows what is wrong instead of a 404. In
	// production it stays out of sight: the server log has the same lines.
	const problems = dev ? library.problems.filter((problem) => problem.slug === params.slug) : [];
	if (problems.length === 0) error(404, 'lesson-not-found');
	const locale = getLocale();
	return {
		lesson: null,
		letters: null,
		overview,
		broken: {
			file: problems[0].file,
			problems: problems.map((problem) => ({ line: problem.line, message: describeProblem(problem, locale) }))
		}
	};
};

export const actions: Actions = {
	/** Starts a live session and makes this browser its host. */
	start: async ({ params, cookies, url, request, getClientAddress, locals }) => {
		const { sessions } = useKlasgesprek();
		const form = await request.formData();
		// Under adapter-node this honours ADDRESS_HEADER and XFF_DEPTH, as the sockets do.
		const started = await sessions.start(params.slug, {
			startedFrom: getClientAddress(),
			// An unticked box sends nothing: then the session does not count.
			countsInOverview: form.get('countsInOverview') === 'on',
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

import { dev } from '$app/environment';
import { classErrorMessage } from '$lib/i18n/class-errors';
import { peopleOf } from '$lib/i18n/people';
import { writesToParents } from '$lib/lessons/parents-letter';
import { describeProblem } from '$lib/lessons/problem-messages';
import { programmeOfLesson, programmesOf } from '$lib/lessons/programmes';
import { getLocale } from '$lib/paraglide/runtime';
import { rememberHost } from '$lib/server/host-access';
import { useKlasgesprek } from '$lib/server/app';
import { blocksOf } from '$lib/server/sessions';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { library, classes, config } = useKlasgesprek();
	const lesson = library.lessons.get(params.slug);
	// The start form's 'Tel mee in het anonieme overzicht', ticked as the deployment says.
	const overview = {
		countsByDefault: config.overview.countsByDefault,
		minClasses: config.overview.minClasses
	};
	if (lesson) {
		const programme = programmeOfLesson(programmesOf(library.catalogue), lesson.slug);
		// The letters to parents this lesson has: its own, and its programme's.
		const writes = writesToParents(lesson.meta);
		return {
			lesson,
			/** Whom the site's footer names as answering. */
			people: peopleOf(lesson.meta.audience),
			broken: null,
			overview,
			letters: { lesson: writes, programme: (writes && programme?.slug) || null },
			programme: programme && { slug: programme.slug, title: programme.title, kind: programme.kind },
			// A signed-in teacher starts the lesson for one of their classes.
			classes: locals.teacher
				? (await classes.of(locals.teacher.teacher.key)).map(({ id, name }) => ({ id, name }))
				: null,
			comparesAcross: blocksOf(lesson).some(({ block }) => block.settings.compareAcross !== null)
		};
	}
	// While writing (vite dev), a broken lesson shows what is wrong instead of a 404. In
	// production it stays out of sight: the server log has the same lines.
	const problems = dev ? library.problems.filter((problem) => problem.slug === params.slug) : [];
	if (problems.length === 0) error(404, 'lesson-not-found');
	const locale = getLocale();
	return {
		lesson: null,
		people: 'pupils' as const,
		letters: null,
		overview,
		broken: {
			file: problems[0].file,
			problems: problems.map((problem) => ({ line: problem.line, message: describeProblem(problem, locale) }))
		},
		programme: null,
		classes: null,
		comparesAcross: false
	};
};

export const actions: Actions = {
	/**
	 * Starts a live session and makes this browser its host. A signed-in teacher's session is
	 * theirs, for the class they picked or typed (only ever one of their own).
	 */
	start: async ({ params, cookies, url, getClientAddress, locals, request }) => {
		const { sessions, classes } = useKlasgesprek();
		const form = await request.formData();
		const teacherKey = locals.teacher?.teacher.key ?? null;
		let classId: string | null = null;
		if (teacherKey !== null) {
			const picked = await classes.forStart(teacherKey, {
				classId: form.get('klas'),
				newName: form.get('nieuwe-klas')
			});
			if (!picked.ok) {
				const typed = form.get('nieuwe-klas');
				return fail(400, {
					classError: classErrorMessage(picked.error),
					typed: typeof typed === 'string' ? typed : ''
				});
			}
			classId = picked.value?.id ?? null;
		}
		// Under adapter-node this honours ADDRESS_HEADER and XFF_DEPTH, as the sockets do.
		const started = await sessions.start(params.slug, {
			startedFrom: getClientAddress(),
			teacherKey,
			classId,
			// An unticked box sends nothing: then the session does not count.
			countsInOverview: form.get('countsInOverview') === 'on'
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

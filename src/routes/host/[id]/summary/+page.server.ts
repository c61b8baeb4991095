import { useKlasgesprek } from '$lib/server/app';
import { peopleOf } from '$lib/i18n/people';
import { kindOf } from '$lib/lessons/kinds';
import { exportableBlocks } from '$lib/server/export';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// A one-page summary for the class's follow-up or the school's evaluation: totals and
// approved texts, without pupils' unmoderated reasons and without identifiers. Exit tickets
// are the exception: the teacher sees every answer sent, with its status and the filter's flags.
export const load: PageServerLoad = async ({ params, cookies, locals }) => {
	const { sessions, moderation, config } = useKlasgesprek();
	const host = await hostFromCookie(cookies, sessions, params.id, locals.teacher);
	if (!host) error(403, 'not-host');
	const { session } = host;
	const lesson = sessions.lessonOf(session);
	if (!lesson) error(404, 'lesson-not-found');
	const blocks = [];
	for (const block of exportableBlocks(sessions, session)) {
		const results = await sessions.results(session, block.id, true);
		if (results) delete results.reasons;
		const queue = await moderation.queue(session, block.id);
		const approved = queue.filter((response) => response.status === 'approved');
		const exitAnswers = kindOf(block.type).questions
			? [...queue]
					.sort((a, b) => (a.question ?? 0) - (b.question ?? 0) || a.sequence - b.sequence)
					.map(({ question, text, status, flags }) => ({
						question: question ?? 0,
						text,
						status,
						flags
					}))
			: [];
		blocks.push({
			block,
			results: results ?? undefined,
			// A tweegesprek's last round, counted: who talked with whom is not kept.
			pairs: session.stage.pairCounts?.[block.id] ?? null,
			approved: approved.map(({ text, votes }) => ({ text, votes })),
			exitAnswers
		});
	}
	return {
		sessionId: session.id,
		title: lesson.meta.title,
		language: lesson.meta.language,
		people: peopleOf(lesson.meta.audience),
		date: new Date(session.createdAt).toISOString(),
		blocks,
		overview: {
			counts: session.countsInOverview,
			minClasses: config.overview.minClasses
		}
	};
};

export const actions: Actions = {
	/** The teacher changes whether this session's totals count in the municipality's overview. */
	overview: async ({ params, cookies, request, locals }) => {
		const { sessions } = useKlasgesprek();
		const host = await hostFromCookie(cookies, sessions, params.id, locals.teacher);
		if (!host) error(403, 'not-host');
		const counts = (await request.formData()).get('countsInOverview') === 'on';
		const changed = await sessions.setCountsInOverview(host.session.id, counts);
		if (!changed.ok) error(changed.error === 'session-not-found' ? 404 : 503, changed.error);
		return { overviewSaved: true };
	}
};

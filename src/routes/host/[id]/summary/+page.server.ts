import { useKlasgesprek } from '$lib/server/app';
import { exportableBlocks } from '$lib/server/export';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// A one-page summary for the class's follow-up or the school's evaluation: totals and
// approved texts, without pupils' unmoderated reasons and without identifiers.
export const load: PageServerLoad = ({ params, cookies }) => {
	const { sessions, moderation } = useKlasgesprek();
	const host = hostFromCookie(cookies, sessions, params.id);
	if (!host) error(403, 'not-host');
	const { session } = host;
	const lesson = sessions.lessonOf(session);
	if (!lesson) error(404, 'lesson-not-found');
	const blocks = exportableBlocks(sessions, session).map((block) => {
		const results = sessions.results(session, block.id, true);
		if (results) delete results.reasons;
		const approved = moderation
			.queue(session, block.id)
			.filter((response) => response.status === 'approved');
		return {
			block,
			results: results ?? undefined,
			approved: approved.map(({ text, votes }) => ({ text, votes }))
		};
	});
	return {
		sessionId: session.id,
		title: lesson.meta.title,
		language: lesson.meta.language,
		date: new Date(session.createdAt).toISOString(),
		blocks
	};
};

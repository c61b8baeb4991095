import { answerLabels } from '$lib/i18n/answer-labels';
import * as m from '$lib/paraglide/messages.js';
import { useKlasgesprek } from '$lib/server/app';
import { blockCsv, exportableBlocks } from '$lib/server/export';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, cookies }) => {
	const { sessions, moderation } = useKlasgesprek();
	const host = hostFromCookie(cookies, sessions, params.id);
	if (!host) error(403, 'not-host');
	const block = exportableBlocks(sessions, host.session).find(
		(candidate) => candidate.id === params.block
	);
	if (!block) error(404, 'block-not-found');
	const body = blockCsv(sessions, moderation, host.session, block, {
		answerLabels,
		header: {
			answer: m.export_answer(),
			count: m.export_count(),
			percentage: m.export_percentage(),
			response: m.export_response(),
			votes: m.export_votes(),
			question: m.export_question()
		},
		pass: m.answer_pass(),
		tooFew: (minimum) => m.live_withheld_too_few({ min: minimum })
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${host.session.lessonSlug}-${block.id}.csv"`,
			'cache-control': 'no-store'
		}
	});
};

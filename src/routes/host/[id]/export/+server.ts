import { answerLabels } from '$lib/i18n/answer-labels';
import { blockLabel } from '$lib/i18n/block-labels';
import { earlierRunLabel } from '$lib/i18n/earlier-run';
import { flagReasons } from '$lib/i18n/flag-labels';
import * as m from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { useKlasgesprek } from '$lib/server/app';
import { lessonWorkbook, workbookXlsx } from '$lib/server/export';
import { hostFromCookie } from '$lib/server/host-access';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The whole lesson as one workbook, for the host only, also after the lesson ended.
export const GET: RequestHandler = async ({ params, cookies, locals }) => {
	const { sessions, moderation } = useKlasgesprek();
	const host = await hostFromCookie(cookies, sessions, params.id, locals.teacher);
	if (!host) error(403, 'not-host');
	const { session } = host;
	if (!sessions.lessonOf(session)) error(404, 'lesson-not-found');
	const created = new Date(session.createdAt);
	const sheets = await lessonWorkbook(sessions, moderation, session, {
		answerLabels,
		blockType: blockLabel,
		header: {
			answer: m.export_answer(),
			count: m.export_count(),
			percentage: m.export_percentage(),
			response: m.export_response(),
			votes: m.export_votes(),
			question: m.export_question(),
			position: m.export_position(),
			reason: m.export_reason(),
			status: m.export_status(),
			flags: m.export_flags(),
			before: m.live_before(),
			after: m.live_after(),
			shift: m.export_shift(),
			sheet: m.export_sheet(),
			answers: m.export_answers(),
			passes: m.export_passes(),
			lesson: m.export_lesson(),
			date: m.export_date()
		},
		overview: m.export_overview(),
		approvedReasons: m.export_approved_reasons(),
		agreed: m.answer_agree(),
		suggestions: m.board_suggestions(),
		pairGroups: m.export_pair_groups(),
		pairPupils: m.export_pair_pupils(),
		median: m.export_median(),
		pass: m.answer_pass(),
		tooFew: (minimum) => m.live_withheld_too_few({ min: minimum }),
		status: {
			pending: m.queue_status_pending(),
			approved: m.queue_status_approved(),
			hidden: m.queue_status_hidden(),
			returned: m.queue_status_returned()
		},
		received: m.export_status_received(),
		flags: flagReasons,
		date: created.toLocaleDateString(getLocale(), { dateStyle: 'long' }),
		earlierRun: (from) => earlierRunLabel(from, getLocale(), session.createdAt)
	});
	const body = await workbookXlsx(sheets);
	const day = created.toISOString().slice(0, 10);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${session.lessonSlug}-${day}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
};

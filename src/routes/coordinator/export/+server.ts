import { answerLabels } from '$lib/i18n/answer-labels';
import * as m from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { useKlasgesprek } from '$lib/server/app';
import { coordinatorRole } from '$lib/server/coordinator-access';
import { workbookXlsx } from '$lib/server/export';
import { answerOverviewQuery } from '$lib/server/overview';
import { overviewWorkbook } from '$lib/server/overview-workbook';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The overview the coordinator sees, as one workbook: made from the same suppressed figures.
export const GET: RequestHandler = async ({ locals, cookies, url }) => {
	const { coordinatorKeys, library, store, config } = useKlasgesprek();
	if (!coordinatorRole(locals.teacher, cookies, coordinatorKeys)) error(403, 'not-coordinator');
	const { minClasses, minAnswers } = config.overview;
	const { overview, period, programme } = await answerOverviewQuery(
		{ store, library, minimum: { classes: minClasses, answers: minAnswers } },
		url.searchParams,
		{ today: new Date(), answerLabels }
	);
	if (!overview) error(404, 'programme-not-found');
	const day = (text: string) =>
		new Date(`${text}T12:00:00`).toLocaleDateString(getLocale(), { dateStyle: 'long' });
	const sheets = overviewWorkbook(overview, {
		overview: m.export_overview(),
		programme: m.export_programme(),
		period: m.export_period(),
		periodValue: m.coordinator_period({ from: day(period.from), to: day(period.to) }),
		minimum: m.export_minimum(),
		minimumValue: m.export_minimum_value({ classes: minClasses, answers: minAnswers }),
		sessions: m.coordinator_sessions(),
		classes: m.coordinator_classes(),
		pupils: m.coordinator_pupils(),
		answers: m.export_answers(),
		tooFewPupils: m.coordinator_too_few_pupils({ classes: minClasses, pupils: minAnswers }),
		tooFew: m.coordinator_too_few({ classes: minClasses, answers: minAnswers }),
		stelling: (number) => m.export_stelling({ number }),
		beforeLesson: (lesson) => m.coordinator_before_lesson({ lesson }),
		afterLesson: (lesson) => m.coordinator_after_lesson({ lesson }),
		answer: m.export_answer(),
		count: m.export_count(),
		percentage: m.export_percentage(),
		before: m.coordinator_before(),
		after: m.coordinator_after(),
		shift: m.export_shift()
	});
	const body = await workbookXlsx(sheets);
	// The programme's slug is made from its name: letters, digits and hyphens only.
	const name = `${programme}-${period.from}-${period.to}.xlsx`;
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};

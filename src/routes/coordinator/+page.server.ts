import { answerLabels } from '$lib/i18n/answer-labels';
import { useKlasgesprek } from '$lib/server/app';
import {
	coordinatorRole,
	forgetCoordinator,
	rememberCoordinator
} from '$lib/server/coordinator-access';
import { coordinatorCookieHours } from '$lib/server/limits';
import { answerOverviewQuery } from '$lib/server/overview';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// The municipality's anonymous overview: a coordinator picks a programme and a period and sees
// reach and change across schools, never below the minimums. Anyone else sees how to get in.
export const load: PageServerLoad = async ({ locals, cookies, url, setHeaders }) => {
	const { coordinatorKeys, library, store, config } = useKlasgesprek();
	setHeaders({ 'cache-control': 'private, no-store' });
	const role = coordinatorRole(locals.teacher, cookies, coordinatorKeys);
	const access = {
		role,
		keysEnabled: coordinatorKeys.enabled,
		cookieHours: coordinatorCookieHours
	};
	if (!role) return { access, answer: null };
	const answer = await answerOverviewQuery(
		{
			store,
			library,
			minimum: { classes: config.overview.minClasses, answers: config.overview.minAnswers }
		},
		url.searchParams,
		{ today: new Date(), answerLabels }
	);
	return { access, answer };
};

export const actions: Actions = {
	signIn: async ({ request, cookies, url, getClientAddress }) => {
		const { coordinatorKeys } = useKlasgesprek();
		const key = String((await request.formData()).get('key') ?? '').trim();
		if (key === '') return fail(400, { keyError: 'key-missing' as const });
		const outcome = coordinatorKeys.signIn(key, getClientAddress());
		if (!outcome.ok) {
			const status = { 'keys-off': 404, 'key-wrong': 401, 'too-many-attempts': 429 }[outcome.error];
			return fail(status, { keyError: outcome.error });
		}
		rememberCoordinator(cookies, url.protocol === 'https:', outcome.value);
		redirect(303, '/coordinator');
	},
	signOut: async ({ cookies }) => {
		forgetCoordinator(cookies);
		redirect(303, '/coordinator');
	}
};

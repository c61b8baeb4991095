import { peopleOf } from '$lib/i18n/people';
import { useKlasgesprek } from '$lib/server/app';
import { hostCookieName, hostFromCookie, rememberHost } from '$lib/server/host-access';
import { currentInterfaces, joinAddress } from '$lib/server/join-address';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, cookies, url, locals }) => {
	const { sessions, config } = useKlasgesprek();
	// The secret host link (for the teacher's phone): remember it, then drop it from the address bar.
	const key = url.searchParams.get('key');
	if (key) {
		const outcome = await sessions.asHost(params.id, key);
		if (outcome.ok) {
			rememberHost(cookies, url.protocol === 'https:', outcome.value, key);
			redirect(303, `/host/${params.id}`);
		}
	}
	const host = await hostFromCookie(cookies, sessions, params.id, locals.teacher);
	if (!host) error(403, 'not-host');
	const lesson = sessions.lessonOf(host.session);
	if (!lesson) error(404, 'lesson-not-found');
	// The teacher's phone and the pupils' phones need an address they can reach, not localhost.
	const { origin, unreachable } = joinAddress({
		publicUrl: config.publicUrl,
		requestUrl: url,
		interfaces: currentInterfaces(),
		listenHost: config.listenHost
	});
	return {
		sessionId: host.session.id,
		hostSecret: host.hostSecret,
		hostLink: `${origin}/host/${host.session.id}?key=${encodeURIComponent(host.hostSecret)}`,
		// For the projector PC: shows what the class may see, steers nothing.
		boardLink: `${origin}/board/${host.session.id}?key=${encodeURIComponent(
			sessions.boardSecret(host.session, host.hostSecret)
		)}`,
		joinUrl: `${origin}/j/${host.session.joinCode}`,
		/** Why no other device can open these links, or null: the console says so instead. */
		unreachable,
		lesson,
		/** Whom the site's footer names as answering. */
		people: peopleOf(lesson.meta.audience),
		signalling: config.signalling,
		/** Signed in, and the session is nobody's yet: 'Bewaar in Mijn lessen' can make it theirs. */
		claimable: locals.teacher !== null && host.session.teacherKey === null
	};
};

export const actions: Actions = {
	/** Deletes the session and every answer in it at once, instead of waiting for retention. */
	delete: async ({ params, cookies, locals }) => {
		const { sessions, store } = useKlasgesprek();
		const host = await hostFromCookie(cookies, sessions, params.id, locals.teacher);
		if (!host) error(403, 'not-host');
		// A lesson still running is ended first: deleting is never a click beside 'end'.
		if (host.session.status === 'live') error(409, 'session-live');
		await sessions.delete(host.session.id);
		await store.runs.deleteRun(host.session.id);
		cookies.delete(hostCookieName(params.id), { path: '/' });
		redirect(303, locals.teacher ? '/mijn' : '/lessons');
	},
	/** 'Bewaar in Mijn lessen': the signed-in teacher makes the session they steer here theirs. */
	claim: async ({ params, cookies, locals }) => {
		const { sessions } = useKlasgesprek();
		if (!locals.teacher)
			redirect(303, `/inloggen?naar=${encodeURIComponent(`/host/${params.id}`)}`);
		const hostSecret = cookies.get(hostCookieName(params.id));
		if (!hostSecret) error(403, 'not-host');
		const claimed = await sessions.claim(params.id, hostSecret, locals.teacher.teacher.key);
		if (!claimed.ok)
			return fail(claimed.error === 'claimed-by-another' ? 409 : 403, {
				claimError: claimed.error
			});
		return { claimed: true };
	}
};

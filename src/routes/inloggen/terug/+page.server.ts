import { useKlasgesprek } from '$lib/server/app';
import { sameSiteTarget } from '$lib/server/redirect-target';
import { signInTeacher, signOutTeacher, takePendingSignIn } from '$lib/server/teacher-access';
import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The identity provider's answer (the redirect URI to register: https://<host>/inloggen/terug).
// The attempt's cookie is taken whatever happens; only a fully checked answer signs in.
export const load: PageServerLoad = async ({ url, cookies }) => {
	const { schoolSignIn, store } = useKlasgesprek();
	if (!schoolSignIn) error(404, 'not-found');
	const pending = takePendingSignIn(cookies);
	const finished = await schoolSignIn.finish(url, pending);
	if (!finished.ok) return { problem: finished.error };
	const { teacherKey, coordinator, remember, returnTo } = finished.value;
	await signOutTeacher(cookies, store);
	await signInTeacher(cookies, url.protocol === 'https:', store, {
		teacherKey,
		coordinator,
		remember
	});
	redirect(303, sameSiteTarget(returnTo, '/mijn'));
};

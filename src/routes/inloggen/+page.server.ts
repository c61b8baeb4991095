import { useKlasgesprek } from '$lib/server/app';
import { showLink } from '$lib/server/personal-link';
import { sameSiteTarget } from '$lib/server/redirect-target';
import { rememberPendingSignIn, signInTeacher, signOutTeacher } from '$lib/server/teacher-access';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// The choice: the school's account (where the deployment has an identity provider), or a space
// of one's own with a personal secret link. Both lead to Mijn lessen, or where 'naar' says.

export const load: PageServerLoad = ({ locals, url }) => ({
	signedIn: locals.teacher !== null,
	schoolSignIn: useKlasgesprek().schoolSignIn !== null,
	returnTo: sameSiteTarget(url.searchParams.get('naar'), '/mijn'),
	signedOut: url.searchParams.has('uitgelogd')
});

export const actions: Actions = {
	/** To the school's identity provider, with state, nonce and PKCE kept in a cookie. */
	school: async ({ request, url, cookies }) => {
		const { schoolSignIn } = useKlasgesprek();
		if (!schoolSignIn) error(404, 'not-found');
		const form = await request.formData();
		const begun = await schoolSignIn.begin(`${url.origin}/inloggen/terug`, {
			returnTo: sameSiteTarget(form.get('naar'), '/mijn'),
			remember: form.get('remember') === 'on'
		});
		if (!begun.ok) return fail(503, { problem: begun.error });
		rememberPendingSignIn(cookies, url.protocol === 'https:', begun.value.pending);
		redirect(303, begun.value.authorizationUrl);
	},
	/** "Maak je eigen ruimte": a new space, this browser signed in, its link shown once. */
	space: async ({ request, url, cookies }) => {
		const { teacherSpaces, store, config } = useKlasgesprek();
		const form = await request.formData();
		await signOutTeacher(cookies, store);
		const teacher = await teacherSpaces.createSpace();
		await signInTeacher(cookies, url.protocol === 'https:', store, {
			teacherKey: teacher.key,
			remember: form.get('remember') === 'on'
		});
		const secret = await teacherSpaces.newLink(teacher.key);
		return { link: await showLink(secret, url, config) };
	}
};

import { useKlasgesprek } from '$lib/server/app';
import { showLink } from '$lib/server/personal-link';
import { sameSiteTarget } from '$lib/server/redirect-target';
import { signInTeacher, signOutTeacher } from '$lib/server/teacher-access';
import { signInProblems, type SignInProblem } from '$lib/teacher-space';

import type { Actions, PageServerLoad } from './$types';

// The choice: the school's account (where the deployment has an identity provider), or a space
// of one's own with a personal secret link. Both lead to Mijn lessen, or where 'naar' says.

export const load: PageServerLoad = ({ locals, url }) => {
	const problem = url.searchParams.get('probleem');
	return {
		signedIn: locals.teacher !== null,
		schoolSignIn: useKlasgesprek().schoolSignIn !== null,
		returnTo: sameSiteTarget(url.searchParams.get('naar'), '/mijn'),
		signedOut: url.searchParams.has('uitgelogd'),
		/** Why going to the school's provider failed (inloggen/school sends the teacher back). */
		problem: signInProblems.find((known): known is SignInProblem => known === problem) ?? null
	};
};

export const actions: Actions = {
	/** "Maak je eigen ruimte": a new space, this browser signed in, its link shown once. */
	space: async ({ request, url, cookies, locals }) => {
		const { teacherSpaces, store, config } = useKlasgesprek();
		const form = await request.formData();
		await signOutTeacher(cookies, store);
		const teacher = await teacherSpaces.createSpace();
		// This very response already shows the teacher signed in (the header's 'Mijn lessen').
		locals.teacher = await signInTeacher(cookies, url.protocol === 'https:', store, {
			teacherKey: teacher.key,
			remember: form.get('remember') === 'on'
		});
		const secret = await teacherSpaces.newLink(teacher.key);
		return { link: await showLink(secret, url, config) };
	}
};

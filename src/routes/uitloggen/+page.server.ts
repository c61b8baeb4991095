import { useKlasgesprek } from '$lib/server/app';
import { signOutTeacher } from '$lib/server/teacher-access';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.teacher !== null });

export const actions: Actions = {
	/** Signs this browser out; the sign-in is deleted in the store, so a copied cookie dies too. */
	default: async ({ cookies }) => {
		await signOutTeacher(cookies, useKlasgesprek().store);
		redirect(303, '/inloggen?uitgelogd');
	}
};

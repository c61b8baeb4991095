import { useKlasgesprek } from '$lib/server/app';
import { signInTeacher, signOutTeacher } from '$lib/server/teacher-access';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// The teacher's personal secret link. Opening it asks first (remember this device?), so a link
// preview in a chat app signs nobody in; wrong links count against the address.
export const load: PageServerLoad = async ({ params, getClientAddress, setHeaders }) => {
	const found = await useKlasgesprek().teacherSpaces.teacherByLink(
		params.secret,
		getClientAddress()
	);
	setHeaders({ 'cache-control': 'no-store' });
	if (!found.ok) return { problem: found.error, displayName: null };
	return { problem: null, displayName: found.value.displayName };
};

export const actions: Actions = {
	default: async ({ params, request, cookies, url, getClientAddress }) => {
		const { teacherSpaces, store } = useKlasgesprek();
		const found = await teacherSpaces.teacherByLink(params.secret, getClientAddress());
		if (!found.ok)
			return fail(found.error === 'too-many-attempts' ? 429 : 404, { problem: found.error });
		const form = await request.formData();
		await signOutTeacher(cookies, store);
		await signInTeacher(cookies, url.protocol === 'https:', store, {
			teacherKey: found.value.key,
			remember: form.get('remember') === 'on'
		});
		redirect(303, '/mijn');
	}
};

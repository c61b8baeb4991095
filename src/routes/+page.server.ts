import { normaliseJoinCode } from '$lib/joinCode';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// The join page is the pupils' door: the layout shows them no teacher menu.
export const load: PageServerLoad = () => ({ forPupils: true });

export const actions: Actions = {
	join: async ({ request }) => {
		const input = String((await request.formData()).get('code') ?? '').slice(0, 40);
		const code = normaliseJoinCode(input);
		if (code === null) return fail(400, { code: input, invalid: true });
		redirect(303, `/j/${code}`);
	}
};

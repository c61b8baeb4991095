// TEST ONLY. Signs this browser in as the teacher `?key=…` and goes to `?naar=…`, so browser
// tests reach a teacher's pages without an identity provider. It exists only when the server
// runs with E2E_TEST_SIGN_IN=1 (the browser tests' server does; a deployment never does):
// otherwise it is a 404 like any unknown page.

import { useKlasgesprek } from '$lib/server/app';
import { sameSiteTarget } from '$lib/server/redirect-target';
import { signInTeacher } from '$lib/server/teacher-access';
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies }) => {
	const { config, store } = useKlasgesprek();
	if (!config.testSignIn) error(404, 'not-found');
	const teacherKey = url.searchParams.get('key') ?? '';
	if (!/^[\w-]{1,64}$/.test(teacherKey)) error(400, 'bad-key');
	await signInTeacher(cookies, url.protocol === 'https:', store, { teacherKey });
	redirect(303, sameSiteTarget(url.searchParams.get('naar'), '/lessons'));
};

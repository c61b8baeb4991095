import { useKlasgesprek } from '$lib/server/app';
import { sameSiteTarget } from '$lib/server/redirect-target';
import { rememberPendingSignIn } from '$lib/server/teacher-access';
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// To the school's identity provider, with state, nonce and PKCE kept in a cookie. A link, not a
// form: the site's CSP (form-action 'self') rightly stops a form from ending up elsewhere, and a
// federation sends the teacher on through several sites. A provider that does not answer is
// said on the sign-in page, before the teacher leaves.
export const GET: RequestHandler = async ({ url, cookies }) => {
	const { schoolSignIn } = useKlasgesprek();
	if (!schoolSignIn) error(404, 'not-found');
	const returnTo = sameSiteTarget(url.searchParams.get('naar'), '/mijn');
	const begun = await schoolSignIn.begin(`${url.origin}/inloggen/terug`, {
		returnTo,
		remember: url.searchParams.get('onthoud') === '1'
	});
	if (!begun.ok) {
		const back = new URLSearchParams({ probleem: begun.error, naar: returnTo });
		redirect(303, `/inloggen?${back}`);
	}
	rememberPendingSignIn(cookies, url.protocol === 'https:', begun.value.pending);
	redirect(303, begun.value.authorizationUrl);
};

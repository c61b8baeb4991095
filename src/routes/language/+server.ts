import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { error, redirect } from '@sveltejs/kit';
import { sameSiteTarget } from '$lib/server/redirect-target';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (!isLocale(locale)) error(400, 'Unknown language');
	cookies.set(cookieName, locale, {
		path: '/',
		maxAge: cookieMaxAge,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		// The client reads the language from this cookie, so it cannot be httpOnly.
		httpOnly: false
	});
	// Only back to a page of our own: never an open redirect.
	redirect(303, sameSiteTarget(form.get('redirectTo')));
};

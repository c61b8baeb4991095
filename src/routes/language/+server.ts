import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { error, redirect } from '@sveltejs/kit';
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
	const target = String(form.get('redirectTo') ?? '/');
	// Only back to a page of our own: never an open redirect.
	redirect(303, target.startsWith('/') && !target.startsWith('//') ? target : '/');
};

import { startKlasgesprek, useKlasgesprek } from '$lib/server/app';
import { teacherFromCookies } from '$lib/server/teacher-access';
import { cookieName, defineCustomServerStrategy, isLocale } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import type { Handle, ServerInit } from '@sveltejs/kit';

// Opens the store before the first request (server.ts and the dev server usually did already).
export const init: ServerInit = async () => {
	await startKlasgesprek();
};

const languageCookie = new RegExp(`(?:^|;\\s*)${cookieName}=([^;]*)`);

// The visitor's own choice (the cookie set by /language), else the deployment's default.
// Paraglide asks custom server strategies before its built-in ones, so this one does both.
defineCustomServerStrategy('custom-deployment', {
	getLocale: (request) => {
		const chosen = request?.headers.get('cookie')?.match(languageCookie)?.[1];
		return isLocale(chosen) ? chosen : useKlasgesprek().config.defaultLanguage;
	}
});

export const handle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, async ({ request: localisedRequest, locale }) => {
		event.request = localisedRequest;
		event.locals.teacher = await teacherFromCookies(event.cookies, useKlasgesprek().store);
		const response = await resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
		// Join codes travel in URLs: never hand them to another site. (Not no-referrer: with it,
		// Chromium sends 'Origin: null' on our own form posts, which then fail the CSRF check.)
		response.headers.set('Referrer-Policy', 'same-origin');
		response.headers.set('X-Content-Type-Options', 'nosniff');
		response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
		return response;
	});

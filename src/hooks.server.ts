import { startKlasgesprek, useKlasgesprek } from '$lib/server/app';
import { teacherFromCookies } from '$lib/server/teacher-access';
import { cookieName, defineCustomServerStrategy, isLocale } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import type { Handle, ServerInit } from '@sveltejs/kit';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipped = promisify(gzip);

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

/**
 * A page's HTML gzip-compressed for a browser that takes it: what a phone on a slow network waits
 * for first, with the page's styles inlined (svelte.config.js). Scripts and stylesheets are
 * compressed once, at build time (adapter-node's precompress).
 */
async function compressed(request: Request, response: Response): Promise<Response> {
	const html = response.headers.get('content-type')?.startsWith('text/html');
	const takesGzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	if (!html || !takesGzip || !response.body || response.headers.has('content-encoding'))
		return response;
	const headers = new Headers(response.headers);
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	headers.append('vary', 'Accept-Encoding');
	// The same page, no longer the same bytes: a weak validator says just that.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	// Compressed whole, in one call, and sent in one write: through a compression stream a
	// sixth of the console page's time went to many small chunks, each a write of its own.
	// Level 1, as nginx's gzip does by default: a page is made for one visitor and compressed
	// each time; level 6 took the console page (33 KB) twice as long for 14% fewer bytes.
	const body = await gzipped(new Uint8Array(await response.arrayBuffer()), { level: 1 });
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

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
		return await compressed(event.request, response);
	});

// Who may steer a session: the browser that started it (a cookie holding the host secret),
// or one opened with the secret host link, which then gets the same cookie.

import type { Cookies } from '@sveltejs/kit';
import type { Sessions } from './sessions.ts';
import type { SessionRecord } from './store/store.ts';

const cookieName = (sessionId: string) => `klasgesprek-host-${sessionId}`;

export function rememberHost(
	cookies: Cookies,
	secure: boolean,
	sessionId: string,
	hostSecret: string,
	days: number
) {
	cookies.set(cookieName(sessionId), hostSecret, {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure,
		maxAge: days * 24 * 60 * 60
	});
}

export function hostFromCookie(
	cookies: Cookies,
	sessions: Sessions,
	sessionId: string
): { session: SessionRecord; hostSecret: string } | null {
	const hostSecret = cookies.get(cookieName(sessionId));
	if (!hostSecret) return null;
	const outcome = sessions.asHost(sessionId, hostSecret);
	return outcome.ok ? { session: outcome.value, hostSecret } : null;
}

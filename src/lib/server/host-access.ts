// Who may steer a session, and who may only show it. The browser that started it (a cookie
// holding the host secret), or one opened with the secret host link, steers. A board opened
// with the board link gets a cookie with the board secret, which shows what the class may see
// and nothing more. Both cookies last a school day at most (`hostCookieHours`), never past the
// session's retention, so the next user of a classroom PC finds no way in. A teacher signed in
// on any device steers the sessions that are theirs with the owner's credential instead, which
// is never stored in a cookie: it follows from their sign-in each time.

import type { CookieJar } from './cookie-jar.ts';
import { hostCookieHours } from './limits.ts';
import type { Sessions } from './sessions.ts';
import type { SignedInTeacher } from './teacher-access.ts';
import type { SessionRecord } from './store/store.ts';

export const hostCookieName = (sessionId: string) => `klasgesprek-host-${sessionId}`;
export const boardCookieName = (sessionId: string) => `klasgesprek-board-${sessionId}`;

/** Seconds a host or board cookie for `session` may live from `now`. */
export function credentialMaxAge(session: SessionRecord, now = Date.now()): number {
	const untilExpiry = Math.floor((session.expiresAt - now) / 1000);
	return Math.max(0, Math.min(hostCookieHours * 60 * 60, untilExpiry));
}

function remember(
	cookies: CookieJar,
	secure: boolean,
	name: string,
	secret: string,
	maxAge: number
) {
	cookies.set(name, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge });
}

export function rememberHost(
	cookies: CookieJar,
	secure: boolean,
	session: SessionRecord,
	hostSecret: string
) {
	remember(cookies, secure, hostCookieName(session.id), hostSecret, credentialMaxAge(session));
}

export function rememberBoard(
	cookies: CookieJar,
	secure: boolean,
	session: SessionRecord,
	boardSecret: string
) {
	remember(cookies, secure, boardCookieName(session.id), boardSecret, credentialMaxAge(session));
}

/**
 * The host credential of this browser for the session: its host cookie, else, for the teacher
 * signed in here whose session it is, the owner's credential.
 */
export async function hostFromCookie(
	cookies: CookieJar,
	sessions: Sessions,
	sessionId: string,
	teacher: SignedInTeacher | null = null
): Promise<{ session: SessionRecord; hostSecret: string } | null> {
	const hostSecret = cookies.get(hostCookieName(sessionId));
	if (hostSecret) {
		const outcome = await sessions.asHost(sessionId, hostSecret);
		if (outcome.ok) return { session: outcome.value, hostSecret };
	}
	if (!teacher) return null;
	const session = await sessions.getSession(sessionId);
	if (!session || session.teacherKey !== teacher.teacher.key) return null;
	const ownerSecret = sessions.ownerSecret(session);
	return ownerSecret ? { session, hostSecret: ownerSecret } : null;
}

/**
 * The board's secret for this browser: its own board cookie, or, in the teacher's own browser
 * (which holds the host cookie, or is signed in as the session's owner), the board secret that
 * follows from the host's.
 */
export async function boardFromCookie(
	cookies: CookieJar,
	sessions: Sessions,
	sessionId: string,
	teacher: SignedInTeacher | null = null
): Promise<{ session: SessionRecord; boardSecret: string } | null> {
	const boardSecret = cookies.get(boardCookieName(sessionId));
	if (boardSecret) {
		const outcome = await sessions.asBoard(sessionId, boardSecret);
		if (outcome.ok) return { session: outcome.value, boardSecret };
	}
	const host = await hostFromCookie(cookies, sessions, sessionId, teacher);
	return host
		? { session: host.session, boardSecret: sessions.boardSecret(host.session, host.hostSecret) }
		: null;
}

// Who the teacher is in this browser. Signing in (with the school's account, or with the
// teacher's personal secret link) gives the browser a cookie holding a random secret; the store
// keeps only its SHA-256 with the teacher's pseudonymous key. On a shared classroom PC the
// cookie lasts the browser session and a school day at most; on the teacher's own device they
// may ask to be remembered longer. Signing out deletes the sign-in in the store, so a copied
// cookie stops working too.

import type { CookieJar } from './cookie-jar.ts';
import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { hostCookieHours, pendingSignInMinutes, rememberedSignInDays } from './limits.ts';
import { pendingSignInSchema, type PendingSignIn } from './school-sign-in.ts';
import type { Store, TeacherRecord } from './store/store.ts';

export const teacherCookieName = 'klasgesprek-teacher';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The teacher signed in on this browser, as `event.locals.teacher` holds them. */
export interface SignedInTeacher {
	teacher: TeacherRecord;
	/** This sign-in carries the coordinator role (a claim of the identity provider, or a key). */
	coordinator: boolean;
}

/**
 * Signs this browser in as the teacher with `teacherKey` (made when new). `remember`: the
 * teacher's own device, kept for `rememberedSignInDays`; otherwise until the browser closes,
 * and a school day at most.
 */
export async function signInTeacher(
	cookies: CookieJar,
	secure: boolean,
	store: Store,
	{
		teacherKey,
		coordinator = false,
		remember = false,
		now = Date.now()
	}: { teacherKey: string; coordinator?: boolean; remember?: boolean; now?: number }
): Promise<SignedInTeacher> {
	const teacher = await store.teachers.ensureTeacher(teacherKey, now);
	const secret = randomBytes(32).toString('base64url');
	const lifetimeMs = remember ? rememberedSignInDays * 86_400_000 : hostCookieHours * 3_600_000;
	await store.teachers.addSignIn({
		secretKey: sha256(secret),
		teacherKey,
		coordinator,
		createdAt: now,
		expiresAt: now + lifetimeMs
	});
	cookies.set(teacherCookieName, secret, {
		path: '/',
		httpOnly: true,
		// 'lax', not 'strict': the identity provider sends the teacher back to us with a
		// top-level navigation from its own site, and they must arrive signed in.
		sameSite: 'lax',
		secure,
		...(remember ? { maxAge: lifetimeMs / 1000 } : {})
	});
	return { teacher, coordinator };
}

/** The teacher this browser is signed in as, or null. */
export async function teacherFromCookies(
	cookies: CookieJar,
	store: Store,
	now = Date.now()
): Promise<SignedInTeacher | null> {
	const secret = cookies.get(teacherCookieName);
	if (!secret) return null;
	const signIn = await store.teachers.signIn(sha256(secret), now);
	if (!signIn) return null;
	const teacher = await store.teachers.getTeacher(signIn.teacherKey);
	return teacher && { teacher, coordinator: signIn.coordinator };
}

/** Signs this browser out: the sign-in is deleted in the store, the cookie removed. */
export async function signOutTeacher(cookies: CookieJar, store: Store): Promise<void> {
	const secret = cookies.get(teacherCookieName);
	if (secret) await store.teachers.deleteSignIn(sha256(secret));
	cookies.delete(teacherCookieName, { path: '/' });
}

/** Where a sign-in at the school's identity provider waits for its answer; only the callback reads it. */
const pendingCookieName = 'klasgesprek-sign-in';
const pendingCookiePath = '/inloggen';

/** Keeps state, nonce and PKCE verifier while the teacher is at the provider, for minutes. */
export function rememberPendingSignIn(cookies: CookieJar, secure: boolean, pending: PendingSignIn) {
	cookies.set(pendingCookieName, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
		path: pendingCookiePath,
		httpOnly: true,
		// 'lax': the provider sends the teacher back with a top-level navigation from its site.
		sameSite: 'lax',
		secure,
		maxAge: pendingSignInMinutes * 60
	});
}

/**
 * The sign-in this browser started, taken out: whatever the answer, it is used once. Null when
 * there is none, or the cookie is not one we wrote.
 */
export function takePendingSignIn(cookies: CookieJar): PendingSignIn | null {
	const raw = cookies.get(pendingCookieName);
	if (!raw) return null;
	cookies.delete(pendingCookieName, { path: pendingCookiePath });
	try {
		const parsed = v.safeParse(
			pendingSignInSchema,
			JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
		);
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

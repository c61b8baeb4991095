// Who may read the municipality's anonymous overview: a teacher's sign-in that the identity
// provider gave the coordinator role, or a browser that entered a coordinator key from
// COORDINATOR_KEYS_FILE. That browser gets a short-lived cookie signed with the key's own
// digest: nothing is stored, every process reading the same file accepts it, and taking a key
// out of the file ends its cookies at once. No pupil or teacher data is involved.

import type { CookieJar } from './cookie-jar.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AttemptCounter } from './attempt-counter.ts';
import { KeyFile } from './key-file.ts';
import {
	coordinatorCookieHours,
	coordinatorKeyFailuresPerAddress,
	coordinatorKeyFailureWindowMs,
	minCoordinatorKeyLength
} from './limits.ts';
import type { SignedInTeacher } from './teacher-access.ts';

export const coordinatorCookieName = 'klasgesprek-coordinator';
/** The cookie goes to the overview's pages only. */
const cookiePath = '/coordinator';

export type CoordinatorKeyError = 'keys-off' | 'key-wrong' | 'too-many-attempts';

export type CoordinatorSignIn =
	| { ok: true; value: { token: string; maxAge: number } }
	| { ok: false; error: CoordinatorKeyError };

const lifetimeMs = coordinatorCookieHours * 60 * 60 * 1000;

const signature = (digest: Buffer, expiresAt: number) =>
	createHmac('sha256', digest).update(`coordinator:${expiresAt}`).digest();

export interface CoordinatorKeysOptions {
	/** COORDINATOR_KEYS_FILE, resolved, or '' for none. */
	file: string;
	log?: (line: string) => void;
	now?: () => number;
}

export class CoordinatorKeys {
	private readonly keys: KeyFile;
	private readonly wrongKeys: AttemptCounter;
	private readonly now: () => number;

	constructor({
		file,
		log = (line) => console.warn(line),
		now = Date.now
	}: CoordinatorKeysOptions) {
		this.keys = new KeyFile({
			file,
			minLength: minCoordinatorKeyLength,
			noun: 'coordinator key',
			whenMissing: 'no coordinator can enter a key',
			log
		});
		this.now = now;
		this.wrongKeys = new AttemptCounter(
			coordinatorKeyFailuresPerAddress,
			coordinatorKeyFailureWindowMs,
			now
		);
	}

	/** Whether this deployment has coordinator keys at all. */
	get enabled(): boolean {
		return this.keys.enabled;
	}

	/** A cookie's value for a right key; wrong keys count against `address`. */
	signIn(key: string, address: string): CoordinatorSignIn {
		if (!this.keys.enabled) return { ok: false, error: 'keys-off' };
		if (this.wrongKeys.exhausted(address)) return { ok: false, error: 'too-many-attempts' };
		// An empty key is a forgotten one, not a guess: it does not count against the address.
		if (key === '') return { ok: false, error: 'key-wrong' };
		const digest = this.keys.match(key);
		if (!digest) {
			this.wrongKeys.count(address);
			return { ok: false, error: 'key-wrong' };
		}
		const expiresAt = this.now() + lifetimeMs;
		const token = `${expiresAt}.${signature(digest, expiresAt).toString('base64url')}`;
		return { ok: true, value: { token, maxAge: lifetimeMs / 1000 } };
	}

	/** Whether a cookie's value was signed with a key the file holds now, and has not expired. */
	holds(token: string | undefined): boolean {
		const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
		if (!match) return false;
		const expiresAt = Number(match[1]);
		const now = this.now();
		if (expiresAt <= now || expiresAt > now + lifetimeMs) return false;
		const given = Buffer.from(match[2], 'base64url');
		let valid = false;
		for (const digest of this.keys.digests())
			valid = timingSafeEqual(given, signature(digest, expiresAt)) || valid;
		return valid;
	}
}

export function rememberCoordinator(
	cookies: CookieJar,
	secure: boolean,
	{ token, maxAge }: { token: string; maxAge: number }
) {
	cookies.set(coordinatorCookieName, token, {
		path: cookiePath,
		httpOnly: true,
		sameSite: 'strict',
		secure,
		maxAge
	});
}

export function forgetCoordinator(cookies: CookieJar) {
	cookies.delete(coordinatorCookieName, { path: cookiePath });
}

/** How this browser holds the coordinator role: through its school account, a key, or not. */
export function coordinatorRole(
	teacher: SignedInTeacher | null,
	cookies: CookieJar,
	keys: CoordinatorKeys
): 'account' | 'key' | null {
	if (teacher?.coordinator) return 'account';
	return keys.holds(cookies.get(coordinatorCookieName)) ? 'key' : null;
}

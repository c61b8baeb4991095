import type { Cookies } from '@sveltejs/kit';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	coordinatorCookieName,
	coordinatorRole,
	CoordinatorKeys
} from '../../../src/lib/server/coordinator-access.ts';
import {
	coordinatorCookieHours,
	coordinatorKeyFailuresPerAddress
} from '../../../src/lib/server/limits.ts';
import type { SignedInTeacher } from '../../../src/lib/server/teacher-access.ts';

const key = 'gemeente-0123456789-abcdef';
const otherKey = 'school-9876543210-fedcba';
const hourMs = 60 * 60 * 1000;

let root: string;
let keysFile: string;
let now: number;
let logged: string[];
let keys: CoordinatorKeys;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'klasgesprek-coordinator-'));
	keysFile = join(root, 'coordinator-keys');
	writeFileSync(keysFile, `# Preventie, gemeente\n${key}  # Sanne\n${otherKey}\nkort\n`);
	now = Date.UTC(2026, 2, 10, 9);
	logged = [];
	keys = new CoordinatorKeys({ file: keysFile, log: (line) => logged.push(line), now: () => now });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const tokenOf = (given = key, address = '10.0.0.1') => {
	const outcome = keys.signIn(given, address);
	if (!outcome.ok) throw new Error(outcome.error);
	return outcome.value.token;
};

/** Cookies as SvelteKit hands them to a page, holding `value` under the coordinator's name. */
const cookiesWith = (value?: string) =>
	({ get: (name: string) => (name === coordinatorCookieName ? value : undefined) }) as Cookies;

describe('coordinator keys', () => {
	it('are off without a file, with a missing one, or with only short keys', () => {
		expect(new CoordinatorKeys({ file: '' }).enabled).toBe(false);
		const missing = new CoordinatorKeys({
			file: join(root, 'nergens'),
			log: (line) => logged.push(line)
		});
		expect(missing.enabled).toBe(false);
		expect(missing.signIn(key, '10.0.0.1')).toEqual({ ok: false, error: 'keys-off' });
		expect(logged).toEqual([expect.stringContaining('no coordinator can enter a key')]);
		writeFileSync(keysFile, 'kort\n');
		utimesSync(keysFile, new Date(), new Date(Date.now() + 5_000));
		expect(keys.enabled).toBe(false);
		expect(logged.at(-1)).toMatch(/1 coordinator key\(s\) shorter than 16 characters ignored/);
	});

	it('gives a right key a cookie of a few hours, which the browser then holds the role with', () => {
		const outcome = keys.signIn(` ${key}`.trim(), '10.0.0.1');
		expect(outcome).toEqual({
			ok: true,
			value: { token: expect.any(String), maxAge: coordinatorCookieHours * 3600 }
		});
		const token = tokenOf();
		expect(token).not.toContain(key);
		expect(keys.holds(token)).toBe(true);
		expect(keys.holds(tokenOf(otherKey))).toBe(true);
	});

	it('ends the cookie when its time is up', () => {
		const token = tokenOf();
		now += coordinatorCookieHours * hourMs - 1;
		expect(keys.holds(token)).toBe(true);
		now += 1;
		expect(keys.holds(token)).toBe(false);
	});

	it('ends the cookies of a key taken out of the file, without restart', () => {
		const token = tokenOf();
		const others = tokenOf(otherKey);
		writeFileSync(keysFile, `${otherKey}\n`);
		utimesSync(keysFile, new Date(), new Date(Date.now() + 10_000));
		expect(keys.holds(token)).toBe(false);
		expect(keys.holds(others)).toBe(true);
	});

	it('refuses a changed, made-up or malformed cookie', () => {
		const token = tokenOf();
		const [expiresAt, mac] = token.split('.');
		const flipped = `${expiresAt}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
		const later = `${Number(expiresAt) + 1}.${mac}`;
		// Even signed right, an expiry further away than a cookie ever lives is refused.
		const farAway = now + 365 * 24 * hourMs;
		for (const bad of [
			undefined,
			'',
			'ja',
			flipped,
			later,
			`${farAway}.${mac}`,
			`${expiresAt}.${mac}=`,
			`${expiresAt}.${mac.slice(1)}`,
			`-${expiresAt}.${mac}`,
			`${'9'.repeat(40)}.${mac}`,
			`${expiresAt}.${mac}.${mac}`,
			key
		])
			expect(keys.holds(bad), String(bad)).toBe(false);
	});

	it('limits wrong keys per address: after 10, even the right key waits there, and only there', () => {
		expect(keys.signIn('', '10.0.0.1')).toEqual({ ok: false, error: 'key-wrong' });
		for (let attempt = 0; attempt < coordinatorKeyFailuresPerAddress; attempt += 1)
			expect(keys.signIn(`geraden-${attempt}-0123456789`, '10.0.0.1')).toEqual({
				ok: false,
				error: 'key-wrong'
			});
		expect(keys.signIn(key, '10.0.0.1')).toEqual({ ok: false, error: 'too-many-attempts' });
		expect(keys.signIn(key, '10.0.0.2').ok).toBe(true);
		now += 15 * 60 * 1000;
		expect(keys.signIn(key, '10.0.0.1').ok).toBe(true);
	});

	it('gives the role through the school account or a held key, and to no one else', () => {
		const teacher = (coordinator: boolean): SignedInTeacher => ({
			teacher: { key: 'docent', displayName: null, createdAt: now },
			coordinator
		});
		expect(coordinatorRole(teacher(true), cookiesWith(), keys)).toBe('account');
		expect(coordinatorRole(null, cookiesWith(tokenOf()), keys)).toBe('key');
		expect(coordinatorRole(teacher(false), cookiesWith(tokenOf()), keys)).toBe('key');
		expect(coordinatorRole(teacher(false), cookiesWith(), keys)).toBeNull();
		expect(coordinatorRole(null, cookiesWith('1.2'), keys)).toBeNull();
	});
});

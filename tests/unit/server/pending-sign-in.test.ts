// The cookie that keeps a sign-in at the school's provider while the teacher is there: httpOnly,
// for the callback only, minutes long, and used once; anything we did not write reads as none.

import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import type { PendingSignIn } from '../../../src/lib/server/school-sign-in.ts';
import {
	rememberPendingSignIn,
	takePendingSignIn
} from '../../../src/lib/server/teacher-access.ts';

/** Just enough of SvelteKit's cookies to see what is set and deleted. */
function jar() {
	const values = new Map<string, string>();
	const options = new Map<string, Record<string, unknown>>();
	const cookies = {
		get: (name: string) => values.get(name),
		set: (name: string, value: string, set: Record<string, unknown>) => {
			values.set(name, value);
			options.set(name, set);
		},
		delete: (name: string) => {
			values.delete(name);
		}
	} as unknown as Cookies;
	return { cookies, values, options };
}

const pending: PendingSignIn = {
	state: 's'.repeat(43),
	nonce: 'n'.repeat(43),
	codeVerifier: 'v'.repeat(43),
	returnTo: '/mijn',
	remember: false,
	startedAt: 1_700_000_000_000
};

describe('the pending sign-in', () => {
	it('is kept httpOnly for the callback only, a few minutes, and taken once', () => {
		const { cookies, options } = jar();
		rememberPendingSignIn(cookies, true, pending);
		expect(options.get('klasgesprek-sign-in')).toEqual({
			path: '/inloggen',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			maxAge: 600
		});
		expect(takePendingSignIn(cookies)).toEqual(pending);
		expect(takePendingSignIn(cookies)).toBeNull();
	});

	it('reads anything we did not write as none, and removes it', () => {
		for (const value of [
			'nonsense',
			Buffer.from('{"state":1}').toString('base64url'),
			Buffer.from(JSON.stringify({ ...pending, returnTo: 'https://elders.example' })).toString(
				'base64url'
			),
			Buffer.from(JSON.stringify({ ...pending, extra: true })).toString('base64url')
		]) {
			const { cookies, values } = jar();
			values.set('klasgesprek-sign-in', value);
			expect(takePendingSignIn(cookies)).toBeNull();
			expect(values.has('klasgesprek-sign-in')).toBe(false);
		}
	});
});

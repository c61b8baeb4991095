// A form's way back goes to a page of this site, never elsewhere.

import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { POST } from '../../../src/routes/language/+server.ts';

/** Where the language form sends the browser after a post with this `redirectTo`. */
async function wayBack(redirectTo: string | null): Promise<string> {
	const form = new FormData();
	form.set('locale', 'en');
	if (redirectTo !== null) form.set('redirectTo', redirectTo);
	const url = new URL('http://localhost/language');
	const request = new Request(url, { method: 'POST', body: form });
	const cookies = { set: () => {} };
	try {
		await POST({ request, cookies, url } as unknown as Parameters<typeof POST>[0]);
	} catch (thrown) {
		if (isRedirect(thrown)) return thrown.location;
		throw thrown;
	}
	throw new Error('no redirect');
}

describe('the way back after choosing a language', () => {
	it.each([
		['/', '/'],
		['/join', '/join'],
		['/host/abc?tab=queue#vragen', '/host/abc?tab=queue#vragen'],
		['/lessons/wat-is-polarisatie', '/lessons/wat-is-polarisatie'],
		['/a/../b', '/b']
	])('goes back to %s on this site', async (target, expected) => {
		expect(await wayBack(target)).toBe(expected);
	});

	it.each([
		['a protocol-relative URL', '//evil.example'],
		['a backslash after the slash', '/\\evil.example'],
		['two backslashes', '\\\\evil.example'],
		['a slash and a backslash', '/\\/evil.example'],
		['an encoded slash', '/%2Fevil.example'],
		['an encoded backslash', '/%5Cevil.example'],
		['an encoded double slash', '%2F%2Fevil.example'],
		['a tab between the slashes', '/\t/evil.example'],
		['a newline between the slashes', '/\n/evil.example'],
		['an absolute URL', 'https://evil.example/'],
		['a javascript URL', 'javascript:alert(1)'],
		['a relative path without a slash', 'evil.example'],
		['broken percent-encoding', '/%E0%A4%A'],
		['an empty string', ''],
		['no value at all', null]
	])('refuses %s and goes home instead', async (_, target) => {
		expect(await wayBack(target)).toBe('/');
	});
});

// Signing in with the school's account against a real OpenID provider started here: the good
// way through, and every bad state (expired, replayed or foreign state, the teacher's 'no', a
// provider with another issuer, a tampered ID token, a provider down or too slow), each a
// problem of its own and never a sign-in.

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SchoolSignInConfig } from '../../../src/lib/server/config.ts';
import {
	SchoolSignIn,
	teacherKeyOf,
	type PendingSignIn
} from '../../../src/lib/server/school-sign-in.ts';
import {
	signInAtProvider,
	startTestProvider,
	testClient,
	type TestProvider
} from '../../e2e/oidc.ts';

const callback = 'http://127.0.0.1:4999/inloggen/terug';
let provider: TestProvider;
const clock = Date.now();

afterEach(async () => {
	await provider?.stop();
});

async function start(options: { issuer?: (port: number) => string } = {}) {
	provider = await startTestProvider({ redirectUris: [callback], ...options });
	return provider;
}

function signInWith(
	settings: Partial<SchoolSignInConfig> = {},
	options: ConstructorParameters<typeof SchoolSignIn>[1] = {}
) {
	return new SchoolSignIn(
		{
			issuer: provider.issuer,
			clientId: testClient.clientId,
			clientSecret: testClient.clientSecret,
			scopes: ['openid'],
			coordinator: null,
			...settings
		},
		{ now: () => clock, ...options }
	);
}

async function begin(signIn: SchoolSignIn) {
	const begun = await signIn.begin(callback, { returnTo: '/mijn', remember: true });
	if (!begun.ok) throw new Error(`expected to begin, got ${begun.error}`);
	return begun.value;
}

describe("signing in with the school's account", () => {
	it('sends the teacher with PKCE, state and nonce, and keeps only a key of issuer and subject', async () => {
		await start();
		const signIn = signInWith();
		const { authorizationUrl, pending } = await begin(signIn);
		const asked = new URL(authorizationUrl);
		expect(asked.origin).toBe(provider.issuer);
		expect(Object.fromEntries(asked.searchParams)).toMatchObject({
			client_id: testClient.clientId,
			redirect_uri: callback,
			response_type: 'code',
			scope: 'openid',
			state: pending.state,
			nonce: pending.nonce,
			code_challenge_method: 'S256'
		});
		expect(asked.searchParams.get('code_challenge')).toBe(
			createHash('sha256').update(pending.codeVerifier).digest('base64url')
		);
		const back = await signInAtProvider(authorizationUrl, 'docent-jansen');
		const finished = await signIn.finish(back, pending);
		expect(finished).toEqual({
			ok: true,
			value: {
				teacherKey: teacherKeyOf(provider.issuer, 'docent-jansen'),
				coordinator: false,
				returnTo: '/mijn',
				remember: true
			}
		});
		expect(teacherKeyOf(provider.issuer, 'docent-jansen')).toBe(
			createHash('sha256').update(`${provider.issuer}\ndocent-jansen`).digest('hex')
		);
	});

	it('gives the coordinator role only to an account whose claim holds the value', async () => {
		await start();
		const signIn = signInWith({
			scopes: ['openid', 'groups'],
			coordinator: { claim: 'groups', value: 'preventie-coordinator' }
		});
		for (const [login, coordinator] of [
			['coordinator-bakker', true],
			['docent-jansen', false]
		] as const) {
			const { authorizationUrl, pending } = await begin(signIn);
			const finished = await signIn.finish(
				await signInAtProvider(authorizationUrl, login),
				pending
			);
			expect(finished.ok && finished.value.coordinator, login).toBe(coordinator);
		}
	});

	it('refuses an answer this browser did not wait for: none kept, too old, another state', async () => {
		await start();
		const signIn = signInWith();
		const { authorizationUrl, pending } = await begin(signIn);
		const back = await signInAtProvider(authorizationUrl, 'docent-jansen');
		expect(await signIn.finish(back, null)).toEqual({ ok: false, error: 'expired' });
		expect(await signIn.finish(back, { ...pending, state: `${pending.state}x` })).toEqual({
			ok: false,
			error: 'expired'
		});
		expect(await signIn.finish(back, { ...pending, startedAt: clock - 11 * 60_000 })).toEqual({
			ok: false,
			error: 'expired'
		});
	});

	it('signs in once with one answer: the same code again is refused', async () => {
		await start();
		const signIn = signInWith();
		const { authorizationUrl, pending } = await begin(signIn);
		const back = await signInAtProvider(authorizationUrl, 'docent-jansen');
		expect((await signIn.finish(back, pending)).ok).toBe(true);
		expect(await signIn.finish(back, pending)).toEqual({ ok: false, error: 'invalid-token' });
	});

	it("tells the teacher's own 'no' apart from a provider's refusal", async () => {
		await start();
		const signIn = signInWith();
		const { pending } = await begin(signIn);
		const answer = (parameters: Record<string, string>) =>
			new URL(`${callback}?${new URLSearchParams({ ...parameters, iss: provider.issuer })}`);
		expect(
			await signIn.finish(answer({ error: 'access_denied', state: pending.state }), pending)
		).toEqual({ ok: false, error: 'cancelled' });
		expect(await signIn.finish(answer({ error: 'access_denied' }), null)).toEqual({
			ok: false,
			error: 'cancelled'
		});
		expect(
			await signIn.finish(answer({ error: 'server_error', state: pending.state }), pending)
		).toEqual({ ok: false, error: 'provider-refused' });
	});

	it('refuses a provider that calls itself by another issuer than configured', async () => {
		await start({ issuer: (port) => `http://localhost:${port}` });
		const signIn = signInWith({ issuer: `http://127.0.0.1:${provider.port}` });
		expect(await signIn.begin(callback, { returnTo: '/mijn', remember: false })).toEqual({
			ok: false,
			error: 'wrong-issuer'
		});
	});

	it('refuses an answer that names another issuer', async () => {
		await start();
		const signIn = signInWith();
		const { authorizationUrl, pending } = await begin(signIn);
		const back = await signInAtProvider(authorizationUrl, 'docent-jansen');
		back.searchParams.set('iss', 'https://elders.example');
		expect(await signIn.finish(back, pending)).toEqual({ ok: false, error: 'wrong-issuer' });
	});

	it('refuses a tampered ID token and a nonce of another attempt', async () => {
		await start();
		// The provider's token answer, with the ID token's subject changed under its signature.
		const tampering: typeof fetch = async (input, init) => {
			const response = await fetch(input, init);
			if (!String(input).endsWith('/token')) return response;
			const body = (await response.json()) as { id_token: string };
			const [header, payload, signature] = body.id_token.split('.');
			const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
			const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'iemand-anders' })).toString(
				'base64url'
			);
			return Response.json({ ...body, id_token: `${header}.${forged}.${signature}` });
		};
		const tampered = signInWith({}, { fetch: tampering as never });
		const first = await begin(tampered);
		expect(
			await tampered.finish(
				await signInAtProvider(first.authorizationUrl, 'docent-jansen'),
				first.pending
			)
		).toEqual({ ok: false, error: 'invalid-token' });

		const signIn = signInWith();
		const second = await begin(signIn);
		const back = await signInAtProvider(second.authorizationUrl, 'docent-jansen');
		const otherNonce: PendingSignIn = { ...second.pending, nonce: 'n'.repeat(43) };
		expect(await signIn.finish(back, otherNonce)).toEqual({ ok: false, error: 'invalid-token' });
	});

	it('says the provider is down when it does not answer, before the teacher leaves', async () => {
		await start();
		const signIn = signInWith();
		await provider.stop();
		expect(await signIn.begin(callback, { returnTo: '/mijn', remember: false })).toEqual({
			ok: false,
			error: 'provider-unreachable'
		});
	});

	it('says the provider is down when its token endpoint fails or stays silent', async () => {
		await start();
		const failing = (mode: 'refuse' | 'error' | 'hang'): typeof fetch =>
			(async (input, init) => {
				if (!String(input).endsWith('/token')) return fetch(input, init);
				if (mode === 'refuse') throw new TypeError('fetch failed');
				if (mode === 'error') return new Response('Bad gateway', { status: 502 });
				// Silent until openid-client gives up and aborts.
				return new Promise((_, reject) =>
					init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))
				);
			}) as typeof fetch;
		for (const mode of ['refuse', 'error', 'hang'] as const) {
			const signIn = signInWith({}, { fetch: failing(mode) as never, timeoutMs: 1000 });
			const { authorizationUrl, pending } = await begin(signIn);
			const back = await signInAtProvider(authorizationUrl, 'docent-jansen');
			expect(await signIn.finish(back, pending), mode).toEqual({
				ok: false,
				error: 'provider-unreachable'
			});
		}
	});
});

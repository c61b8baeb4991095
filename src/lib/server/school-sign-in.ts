// Signing in with the school's account: OpenID Connect's authorization code flow with PKCE,
// state and nonce, done by openid-client (a certified relying party), never by hand. Of the
// teacher it keeps only a pseudonymous key, the SHA-256 of issuer and subject: no e-mail, no
// name. Every way it can go wrong is a value the sign-in page explains, never half a sign-in.

import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import * as v from 'valibot';
import type { SignInProblem } from '../teacher-space.ts';
import type { SchoolSignInConfig } from './config.ts';
import { identityProviderTimeoutMs, pendingSignInMinutes } from './limits.ts';

export type { SignInProblem };

export type SignInOutcome<T> = { ok: true; value: T } | { ok: false; error: SignInProblem };

/** What this browser keeps while the teacher is at the provider: in a cookie, used once. */
export interface PendingSignIn {
	state: string;
	nonce: string;
	codeVerifier: string;
	/** A local path to go to afterwards. */
	returnTo: string;
	remember: boolean;
	startedAt: number;
}

export const pendingSignInSchema = v.strictObject({
	state: v.pipe(v.string(), v.minLength(16), v.maxLength(128)),
	nonce: v.pipe(v.string(), v.minLength(16), v.maxLength(128)),
	codeVerifier: v.pipe(v.string(), v.minLength(43), v.maxLength(128)),
	returnTo: v.pipe(v.string(), v.startsWith('/'), v.maxLength(2000)),
	remember: v.boolean(),
	startedAt: v.pipe(v.number(), v.integer())
});

export interface SignedInFromSchool {
	teacherKey: string;
	coordinator: boolean;
	returnTo: string;
	remember: boolean;
}

/** The teacher's key: a hash of who the provider is and whom it says they are, nothing more. */
export function teacherKeyOf(issuer: string, subject: string): string {
	return createHash('sha256').update(`${issuer}\n${subject}`).digest('hex');
}

export interface SchoolSignInOptions {
	now?: () => number;
	timeoutMs?: number;
	/** Instead of the global fetch (tests use it to break the provider's answers). */
	fetch?: client.CustomFetch;
}

export class SchoolSignIn {
	private readonly config: SchoolSignInConfig;
	private readonly now: () => number;
	private readonly timeoutMs: number;
	private readonly fetch: client.CustomFetch | undefined;

	constructor(config: SchoolSignInConfig, options: SchoolSignInOptions = {}) {
		this.config = config;
		this.now = options.now ?? Date.now;
		this.timeoutMs = options.timeoutMs ?? identityProviderTimeoutMs;
		this.fetch = options.fetch;
	}

	/**
	 * Asks the provider where to send the teacher, fresh each time: a provider that is down is
	 * said here, before the teacher leaves our site, not as a browser error on theirs.
	 */
	async begin(
		redirectUri: string,
		{ returnTo, remember }: { returnTo: string; remember: boolean }
	): Promise<SignInOutcome<{ authorizationUrl: string; pending: PendingSignIn }>> {
		const discovered = await this.discover();
		if (!discovered.ok) return discovered;
		const pending: PendingSignIn = {
			state: client.randomState(),
			nonce: client.randomNonce(),
			codeVerifier: client.randomPKCECodeVerifier(),
			returnTo,
			remember,
			startedAt: this.now()
		};
		const authorizationUrl = client.buildAuthorizationUrl(discovered.value, {
			redirect_uri: redirectUri,
			scope: this.config.scopes.join(' '),
			state: pending.state,
			nonce: pending.nonce,
			code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
			code_challenge_method: 'S256'
		});
		return { ok: true, value: { authorizationUrl: authorizationUrl.href, pending } };
	}

	/**
	 * The provider sent the teacher back to `callbackUrl` (our redirect URI with its answer):
	 * checks it against what this browser kept, trades the code for tokens and checks the ID
	 * token (signature, issuer, audience, nonce, times). `pending` is null when the browser kept
	 * nothing (never started here, or the answer came twice).
	 */
	async finish(
		callbackUrl: URL,
		pending: PendingSignIn | null
	): Promise<SignInOutcome<SignedInFromSchool>> {
		// The teacher's own 'no' is told as such, also when the attempt itself is gone.
		if (callbackUrl.searchParams.get('error') === 'access_denied')
			return { ok: false, error: 'cancelled' };
		if (
			!pending ||
			this.now() - pending.startedAt > pendingSignInMinutes * 60_000 ||
			callbackUrl.searchParams.get('state') !== pending.state
		)
			return { ok: false, error: 'expired' };
		const discovered = await this.discover();
		if (!discovered.ok) return discovered;
		const configuration = discovered.value;
		try {
			const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
				expectedState: pending.state,
				expectedNonce: pending.nonce,
				pkceCodeVerifier: pending.codeVerifier,
				idTokenExpected: true
			});
			const claims = tokens.claims();
			if (!claims) return { ok: false, error: 'invalid-token' };
			const issuer = configuration.serverMetadata().issuer;
			return {
				ok: true,
				value: {
					teacherKey: teacherKeyOf(issuer, claims.sub),
					coordinator: await this.isCoordinator(configuration, claims, tokens.access_token),
					returnTo: pending.returnTo,
					remember: pending.remember
				}
			};
		} catch (error) {
			return { ok: false, error: problemOf(error, 'invalid-token') };
		}
	}

	private async discover(): Promise<SignInOutcome<client.Configuration>> {
		const issuer = new URL(this.config.issuer);
		try {
			return {
				ok: true,
				value: await client.discovery(
					issuer,
					this.config.clientId,
					this.config.clientSecret,
					client.ClientSecretBasic(this.config.clientSecret),
					{
						timeout: Math.max(1, Math.round(this.timeoutMs / 1000)),
						execute: [
							// The ID token's signature is checked against the provider's keys even
							// though it came straight from the token endpoint: a tampered one fails.
							client.enableNonRepudiationChecks,
							// Only loopback may be plain http (config.ts): a provider the tests start.
							...(issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [])
						],
						...(this.fetch ? { [client.customFetch]: this.fetch } : {})
					}
				)
			};
		} catch (error) {
			return { ok: false, error: problemOf(error, 'provider-unreachable') };
		}
	}

	/**
	 * Whether the configured claim holds the coordinator value: in the ID token, or (as many
	 * federations hand out attributes) in the userinfo answer. A provider that fails to answer
	 * that gives no role, and the sign-in stands.
	 */
	private async isCoordinator(
		configuration: client.Configuration,
		claims: client.IDToken,
		accessToken: string
	): Promise<boolean> {
		const wanted = this.config.coordinator;
		if (!wanted) return false;
		if (claims[wanted.claim] !== undefined) return holds(claims[wanted.claim], wanted.value);
		if (!configuration.serverMetadata().userinfo_endpoint) return false;
		try {
			const userinfo = await client.fetchUserInfo(configuration, accessToken, claims.sub);
			return holds(userinfo[wanted.claim], wanted.value);
		} catch {
			return false;
		}
	}
}

/** A claim holds the value when it is the value, or a list with it (groups, entitlements). */
function holds(claim: unknown, value: string): boolean {
	if (typeof claim === 'string') return claim === value;
	return Array.isArray(claim) && claim.includes(value);
}

/** What went wrong, from openid-client's error; `otherwise` for what the provider's answer broke. */
export function problemOf(error: unknown, otherwise: SignInProblem): SignInProblem {
	if (error instanceof client.AuthorizationResponseError)
		return error.error === 'access_denied' ? 'cancelled' : 'provider-refused';
	// undici's 'fetch failed' (refused, reset, no such host) and openid-client's time-out.
	if (error instanceof TypeError && !(error as { code?: string }).code?.startsWith('ERR_'))
		return 'provider-unreachable';
	if (error instanceof client.ResponseBodyError)
		return error.status >= 500 ? 'provider-unreachable' : 'invalid-token';
	if (error instanceof client.ClientError) {
		const code = error.code ?? '';
		if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') return 'provider-unreachable';
		if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
			const status = (error.cause as { status?: number } | undefined)?.status ?? 0;
			return status >= 500 || otherwise === 'provider-unreachable'
				? 'provider-unreachable'
				: 'invalid-token';
		}
		if (namesIssuer(error)) return 'wrong-issuer';
	}
	return otherwise;
}

/** A comparison that failed on the issuer: of the metadata, the answer's `iss` or the ID token's. */
function namesIssuer(error: client.ClientError): boolean {
	const details = error.cause as
		{ attribute?: string; claim?: string; message?: string } | undefined;
	if (details?.attribute === 'issuer' || details?.claim === 'iss') return true;
	return /\bissuer\b|"iss"/.test(`${error.message} ${details?.message ?? ''}`);
}

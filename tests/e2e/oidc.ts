// A real OpenID provider for the tests (oidc-provider, certified), on a port of its own: one
// confidential client that must use PKCE, and test accounts that sign in with any password at
// its own login page. Consent is given at once, as a school's federation does for its services.
// `signInAtProvider` walks that page without a browser, for tests below the browser.

import Provider, { type Configuration } from 'oidc-provider';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const testClient = { clientId: 'klasgesprek-test', clientSecret: 'test-geheim-0123456789' };

/** Who can sign in: the login name is the subject; a coordinator has the group. */
export const testAccounts: Record<string, { groups: string[] }> = {
	'docent-jansen': { groups: ['docenten'] },
	'coordinator-bakker': { groups: ['docenten', 'preventie-coordinator'] }
};

export interface TestProvider {
	/** The issuer the provider says it is. */
	issuer: string;
	port: number;
	stop(): Promise<void>;
}

/**
 * Starts the provider. `redirectUris`: where the client may be sent back to. `issuer`: what it
 * calls itself (default http://127.0.0.1:<port>): another name than the one the app is given
 * makes a provider with the wrong issuer.
 */
export async function startTestProvider({
	port = 0,
	redirectUris,
	issuer
}: {
	port?: number;
	redirectUris: string[];
	issuer?: (port: number) => string;
}): Promise<TestProvider> {
	// The port first, as the issuer names it.
	const server: Server = createServer();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const actualPort = (server.address() as AddressInfo).port;
	const name = issuer?.(actualPort) ?? `http://127.0.0.1:${actualPort}`;
	const configuration: Configuration = {
		clients: [
			{
				client_id: testClient.clientId,
				client_secret: testClient.clientSecret,
				redirect_uris: redirectUris,
				grant_types: ['authorization_code'],
				response_types: ['code']
			}
		],
		pkce: { required: () => true },
		claims: { openid: ['sub'], groups: ['groups'], email: ['email'] },
		scopes: ['openid', 'groups', 'email'],
		features: { devInteractions: { enabled: true } },
		cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
		ttl: {
			AccessToken: 600,
			AuthorizationCode: 60,
			IdToken: 600,
			Interaction: 600,
			Session: 3600,
			Grant: 3600
		},
		async findAccount(_context, id) {
			const account = testAccounts[id];
			if (!account) return undefined;
			return {
				accountId: id,
				// An e-mail address the app must never ask for nor keep.
				claims: async () => ({ sub: id, groups: account.groups, email: `${id}@school.example` })
			};
		},
		// Consent at once for our one client: a federation's services need none per teacher.
		async loadExistingGrant(context) {
			const oidc = context.oidc;
			const grantId =
				oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(oidc.client!.clientId);
			if (grantId) return oidc.provider.Grant.find(grantId);
			const grant = new oidc.provider.Grant({
				clientId: oidc.client!.clientId,
				accountId: oidc.session!.accountId
			});
			grant.addOIDCScope('openid groups email');
			await grant.save();
			return grant;
		}
	};
	// Quiet about its development keys, store and login page: they are the point here.
	const warn = console.warn;
	console.warn = () => undefined;
	let provider: Provider;
	try {
		provider = new Provider(name, configuration);
	} finally {
		console.warn = warn;
	}
	provider.on('server_error', () => undefined);
	server.on('request', provider.callback());
	return {
		issuer: name,
		port: actualPort,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/**
 * Signs `login` in at the provider from `authorizationUrl`, as a browser would (following its
 * redirects with its cookies, filling in its login page), and returns the address the provider
 * sends the teacher back to: our callback with its code, state and issuer.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
	const jar = new Map<string, string>();
	const cookieHeader = () => [...jar].map(([key, value]) => `${key}=${value}`).join('; ');
	const step = async (url: string, init: RequestInit = {}) => {
		const response = await fetch(url, {
			...init,
			redirect: 'manual',
			headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() }
		});
		for (const cookie of response.headers.getSetCookie()) {
			const [pair] = cookie.split(';');
			const at = pair.indexOf('=');
			jar.set(pair.slice(0, at), pair.slice(at + 1));
		}
		return response;
	};
	const origin = new URL(authorizationUrl).origin;
	let response = await step(authorizationUrl);
	for (let hops = 0; hops < 10; hops += 1) {
		const location = response.headers.get('location');
		if (location) {
			const next = new URL(location, origin);
			if (next.origin !== origin) return next;
			response = await step(next.href);
			continue;
		}
		const page = await response.text();
		const action = page.match(/<form[^>]*action="([^"]+)"/)?.[1];
		if (!action) throw new Error(`the provider showed no form: ${page.slice(0, 300)}`);
		response = await step(new URL(action, origin).href, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ prompt: 'login', login, password: 'wachtwoord' }).toString()
		});
	}
	throw new Error('the provider never sent the teacher back');
}

/** A port free on this machine now, for a server a spec starts itself. */
export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

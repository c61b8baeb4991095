// What the domain needs of a request's cookies, so that it names no web framework: SvelteKit's
// `Cookies` is one such jar, and a test can pass a Map-backed one.

export interface CookieOptions {
	path: string;
	httpOnly?: boolean;
	secure?: boolean;
	sameSite?: 'lax' | 'strict' | 'none';
	/** Seconds. */
	maxAge?: number;
}

export interface CookieJar {
	get(name: string): string | undefined;
	set(name: string, value: string, options: CookieOptions): void;
	delete(name: string, options: CookieOptions): void;
}

// Where a form may send the browser back to: a page of this site, named by a relative path.
// Anything a browser could read as another host (`//x`, `/\x`, tabs inside, encoded slashes)
// or any absolute URL falls back to the home page, so no link of ours is an open redirect.

const base = 'http://klasgesprek.invalid';

export function sameSiteTarget(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback;
	// Browsers drop tabs and newlines in URLs and read a backslash as a slash.
	if (unsafe(raw)) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		return fallback;
	}
	if (/^[/\\]{2}/.test(decoded) || unsafe(decoded)) return fallback;
	const url = new URL(raw, base);
	if (url.origin !== base) return fallback;
	return `${url.pathname}${url.search}${url.hash}`;
}

/** A backslash or a control character: nothing a path of ours contains. */
function unsafe(text: string): boolean {
	return [...text].some((character) => {
		const code = character.charCodeAt(0);
		return character === '\\' || code < 0x20 || code === 0x7f;
	});
}

/**
 * Where a page for signed-in teachers sends a browser that is not: the sign-in page, which
 * brings the teacher back to `back` afterwards. The one place that names the sign-in page.
 */
export function signInPath(back: string): string {
	return `/inloggen?naar=${encodeURIComponent(sameSiteTarget(back))}`;
}

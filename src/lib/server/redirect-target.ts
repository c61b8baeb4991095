// Where a form may send the browser back to: a page of this site, named by a relative path.
// Anything a browser could read as another host (`//x`, `/\x`, tabs inside, encoded slashes)
// or any absolute URL falls back to the home page, so no link of ours is an open redirect.

const base = 'http://klasgesprek.invalid';

export function sameSiteTarget(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback;
	// Browsers drop tabs and newlines in URLs and read a backslash as a slash.
	if (/[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		return fallback;
	}
	if (/^[/\\]{2}|[\\\u0000-\u001f\u007f]/.test(decoded)) return fallback;
	const url = new URL(raw, base);
	if (url.origin !== base) return fallback;
	return `${url.pathname}${url.search}${url.hash}`;
}

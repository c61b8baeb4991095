import { baseLocale, isLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

// The server already chose the language and wrote it into <html lang>; switching language goes
// through the /language form, which sets the cookie and reloads. So the page's language is read
// once: Paraglide's own getLocale would parse the cookies on every message (a tenth of a second
// of an old phone's start-up) and, on its first call, store the language in a cookie.
const pageLocale = document.documentElement.lang;
const locale = isLocale(pageLocale) ? pageLocale : baseLocale;
overwriteGetLocale(() => locale);

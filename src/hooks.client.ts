import { defineCustomClientStrategy } from '$lib/paraglide/runtime';

// The server already chose the language and wrote it into <html lang>. Switching language
// goes through the /language form, which sets the cookie, so nothing is stored here.
defineCustomClientStrategy('custom-deployment', {
	getLocale: () => document.documentElement.lang || undefined,
	setLocale: () => {}
});

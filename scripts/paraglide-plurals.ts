// Paraglide's generated registry makes a new Intl.PluralRules for every plural message it
// renders: about 25 µs each, most of the time a console page spends in its bar. This Vite plugin
// makes the server's copy keep one per locale and options. Generated code is matched exactly; a
// Paraglide that generates it differently fails the build instead of silently losing this.

import type { Plugin } from 'vite';

const generated = 'return new Intl.PluralRules(locale, options).select(Number(input))';

/** The registry's source with its plural rules made once per locale and options. */
export function reusePluralRules(source: string): string {
	if (!source.includes(generated))
		throw new Error(
			'paraglide-plurals: the generated registry.js no longer makes its plural rules as expected; ' +
				'see scripts/paraglide-plurals.ts'
		);
	return (
		source.replace(generated, 'return pluralRules(locale, options).select(Number(input))') +
		`
const madePluralRules = new Map();
function pluralRules(locale, options) {
	const key = locale + JSON.stringify(options ?? {});
	let rules = madePluralRules.get(key);
	if (!rules) madePluralRules.set(key, (rules = new Intl.PluralRules(locale, options)));
	return rules;
}
`
	);
}

/** Server build only: a phone renders a few plurals, and its scripts stay as small as they are. */
export function reusedPluralRules(): Plugin {
	return {
		name: 'klasgesprek-reused-plural-rules',
		transform(code, id, options) {
			if (!options?.ssr || !/[/\\]paraglide[/\\]registry\.js$/.test(id)) return null;
			return { code: reusePluralRules(code), map: null };
		}
	};
}

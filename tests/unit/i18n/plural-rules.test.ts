import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reusePluralRules } from '../../../scripts/paraglide-plurals.ts';

const registry = readFileSync(
	join(import.meta.dirname, '../../../src/lib/paraglide/registry.js'),
	'utf8'
);

let loaded = 0;

/** A registry's source as a fresh module (a module is loaded once per address). */
async function load(source: string): Promise<{ plural: (...args: unknown[]) => string }> {
	loaded += 1;
	const url = `data:text/javascript,${encodeURIComponent(`${source}\n// ${loaded}`)}`;
	return import(/* @vite-ignore */ url);
}

describe('reused plural rules', () => {
	it('selects the same plural forms as the generated registry', async () => {
		const original = await load(registry);
		const reused = await load(reusePluralRules(registry));
		for (const locale of ['nl', 'en'])
			for (const count of [0, 1, 2, 5, 21, 1.5])
				for (const options of [{}, { type: 'ordinal' as const }])
					expect(reused.plural(locale, count, options)).toBe(
						original.plural(locale, count, options)
					);
	});

	it('makes the rules once per locale and options', async () => {
		const made = vi.spyOn(Intl, 'PluralRules');
		try {
			const { plural } = await load(reusePluralRules(registry));
			for (let count = 0; count < 10; count += 1) {
				plural('nl', count, {});
				plural('en', count, {});
				plural('en', count, { type: 'ordinal' });
			}
			expect(made).toHaveBeenCalledTimes(3);
		} finally {
			made.mockRestore();
		}
	});

	it('fails the build when Paraglide generates its registry differently', () => {
		expect(() =>
			reusePluralRules(registry.replace('new Intl.PluralRules', 'Intl.PluralRules'))
		).toThrow(/no longer makes its plural rules/);
	});
});

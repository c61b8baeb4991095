// A word-cloud word stands alone on the board: a first name or a curse is held there, though a
// sentence may use the same word plainly.
import { execFileSync } from 'node:child_process';
import * as nodeModule from 'node:module';
import { describe, expect, it } from 'vitest';
import {
	ResponseFilter,
	shippedWordLists,
	type FlagKind
} from '../../../src/lib/server/moderation/filter.ts';

const filterModule = new URL('../../../src/lib/server/moderation/filter.ts', import.meta.url).href;
const filter = new ResponseFilter();
const wordKinds = (word: string): FlagKind[] => [
	...new Set(filter.checkWord(word).map((flag) => flag.kind))
];

describe('a word-cloud word', () => {
	it.each([
		// First names from the maintained lists, as pupils type them.
		['jesse', 'name'],
		['Jesse', 'name'],
		['JESSE', 'name'],
		['j3sse', 'name'],
		['Emma', 'name'],
		['daan', 'name'],
		['Sem', 'name'],
		['Bram', 'name'],
		['Mohammed', 'name'],
		['Fatima', 'name'],
		['noor', 'name'],
		['Zoë', 'name'],
		['Liam', 'name'],
		['Bo', 'name'],
		['Mark', 'name'],
		['jesse is dom', 'name'],
		// Curses on their own, plain or disguised.
		['kanker', 'curse'],
		['KANKER', 'curse'],
		['kk', 'curse'],
		['kut', 'curse'],
		['tering', 'curse'],
		['tyfus', 'curse'],
		['klote', 'curse'],
		['fuck', 'curse'],
		['shit', 'curse'],
		['kaaaanker', 'curse'],
		['k a n k e r', 'curse'],
		// What check() holds is held too.
		['flikker', 'slur'],
		['kutmarokkaan', 'slur'],
		['kankerlijer', 'insult'],
		['06-12345678', 'phone']
	])('holds %j as %s', (word, kind) => {
		expect(wordKinds(word)).toContain(kind);
	});

	it.each([
		// Words the sample lessons' word clouds ask for.
		'vrijheid',
		'stemmen',
		'meerderheid',
		'Tweede Kamer',
		'saai',
		'ze luisteren niet',
		'luisteren',
		'niet uitlachen',
		'respect',
		'gek',
		'nep',
		'gerucht',
		'democratie',
		'veilig',
		'eerlijk',
		// Names that are far more often an ordinary word.
		'hoop',
		'storm',
		'roos',
		'maan',
		'van',
		'lieve',
		'Israel',
		'joy',
		'rose',
		'hope',
		'justice',
		'faith',
		'grace',
		'Christian',
		'Jezus',
		'bill'
	])('lets %j through', (word) => {
		expect(filter.checkWord(word)).toEqual([]);
	});

	it('says which name or curse it held', () => {
		expect(filter.checkWord('Jesse')).toEqual([{ kind: 'name', match: 'jesse' }]);
		expect(filter.checkWord('kanker')).toEqual([{ kind: 'curse', match: 'kanker' }]);
	});

	it('holds in a sentence only a disguised curse, and no name', () => {
		expect(filter.check('kanker')).toEqual([]);
		expect(filter.check('Jesse zei dat ook')).toEqual([]);
		expect(filter.check('k a n k e r')).toEqual([{ kind: 'curse', match: 'kanker' }]);
	});

	it('lists as exceptions only words that are a first name, so none is dead weight', () => {
		const withoutExceptions = new ResponseFilter([{}]);
		const exceptions = shippedWordLists.flatMap((list) => list.notNames?.words ?? []);
		expect(exceptions.length).toBeGreaterThan(0);
		const notNames = exceptions.filter(
			(word) => !withoutExceptions.checkWord(word).some((flag) => flag.kind === 'name')
		);
		expect(notNames).toEqual([]);
	});

	it('takes more exceptions to names from the deployment', () => {
		expect(wordKinds('fleur')).toEqual(['name']);
		const local = new ResponseFilter([{ notNames: { words: ['Fleur'] } }]);
		expect(local.checkWord('fleur')).toEqual([]);
	});

	// module.registerHooks, which sees what is loaded, came with Node 22.15.
	it.runIf('registerHooks' in nodeModule)(
		'loads the first names at the first word checked, not at import or for a sentence',
		() => {
			// A fresh process, so nothing another test loaded counts: it notes every module of faker's.
			const script = `
			import { registerHooks } from 'node:module';
			const loaded = [];
			registerHooks({
				resolve(specifier, context, next) {
					if (specifier.startsWith('@faker-js/')) loaded.push(specifier);
					return next(specifier, context);
				}
			});
			const { ResponseFilter } = await import(${JSON.stringify(filterModule)});
			const filter = new ResponseFilter();
			filter.check('Jesse zei dat ook');
			const before = loaded.length;
			const flags = filter.checkWord('Jesse');
			console.log(JSON.stringify({ before, after: loaded.length, flags }));
		`;
			const seen = JSON.parse(
				execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
			);
			expect(seen).toEqual({
				before: 0,
				after: 2,
				flags: [{ kind: 'name', match: 'jesse' }]
			});
		}
	);
});

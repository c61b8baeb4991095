import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	lessonVersion,
	LiveLessonLibrary,
	loadLessonLibrary
} from '../../../src/lib/server/library.ts';
import { lessonWithBody } from '../lessons/lesson-source.ts';

const valid = lessonWithBody('## Stap\nTekst.\n');
const fixture = readFileSync(
	new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url),
	'utf8'
);

let directory: string;
beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-library-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('the lesson library', () => {
	it('loads valid lessons by slug with their catalogue summaries', () => {
		writeFileSync(join(directory, 'alle-blokken.md'), fixture);
		writeFileSync(join(directory, 'tweede-les.md'), valid);
		const library = loadLessonLibrary(directory, directory);
		expect([...library.lessons.keys()].sort()).toEqual(['alle-blokken', 'tweede-les']);
		expect(library.problems).toEqual([]);
		const summary = library.catalogue.find((lesson) => lesson.slug === 'alle-blokken')!;
		expect(summary).toMatchObject({ title: 'Alle blokken', stepCount: 5, duration: 50 });
		expect(summary.blockTypes).toContain('vier-hoeken');
	});

	it('leaves out a lesson with problems and reports them with its file', () => {
		writeFileSync(join(directory, 'goed.md'), valid);
		writeFileSync(
			join(directory, 'kapot.md'),
			lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n')
		);
		const library = loadLessonLibrary(directory, directory);
		expect([...library.lessons.keys()]).toEqual(['goed']);
		expect(library.problems).toEqual([
			expect.objectContaining({ file: 'kapot.md', code: 'block-unknown-type' })
		]);
		expect(library.fileCount).toBe(2);
	});

	it('serves a lesson whose minutes do not add up, and keeps its warnings apart from problems', () => {
		writeFileSync(
			join(directory, 'te-lang.md'),
			lessonWithBody('## Stap\nTekst.\n\n:::docent\n**Tijd: 55 minuten.**\n:::\n')
		);
		const library = loadLessonLibrary(directory, directory);
		expect([...library.lessons.keys()]).toEqual(['te-lang']);
		expect(library.problems).toEqual([]);
		expect(library.warnings).toEqual([
			expect.objectContaining({ file: 'te-lang.md', slug: 'te-lang', code: 'time-total', line: 7 })
		]);
	});

	it('reads lessons in sub-folders but skips drafts, hidden files and READMEs', () => {
		mkdirSync(join(directory, 'theater'));
		mkdirSync(join(directory, '_concept'));
		writeFileSync(join(directory, 'theater', 'plein.md'), valid);
		writeFileSync(join(directory, '_concept', 'half-af.md'), 'nog niets');
		writeFileSync(join(directory, '_ook-concept.md'), 'nog niets');
		writeFileSync(join(directory, 'README.md'), '# Lessen');
		const library = loadLessonLibrary(directory, directory);
		expect([...library.lessons.keys()]).toEqual(['plein']);
		expect(library.problems).toEqual([]);
	});

	it('refuses a file name that cannot be a web address', () => {
		writeFileSync(join(directory, 'Wat is polarisatie.md'), valid);
		const library = loadLessonLibrary(directory, directory);
		expect(library.problems).toEqual([
			expect.objectContaining({ file: 'Wat is polarisatie.md', line: 1, code: 'file-name-invalid' })
		]);
	});

	it('refuses two lessons with the same file name in different folders', () => {
		mkdirSync(join(directory, 'a'));
		mkdirSync(join(directory, 'b'));
		writeFileSync(join(directory, 'a', 'les.md'), valid);
		writeFileSync(join(directory, 'b', 'les.md'), valid);
		const library = loadLessonLibrary(directory, directory);
		expect(library.lessons.size).toBe(1);
		expect(library.problems).toEqual([
			expect.objectContaining({
				file: join('b', 'les.md'),
				code: 'slug-duplicate',
				params: { slug: 'les', other: join('a', 'les.md') }
			})
		]);
	});
});

/** A lesson of the series 'Mediawijs', with this body. */
const inSeries = (part: number, body = '## Stap\nTekst.\n') =>
	lessonWithBody(body).replace('kind: lesson', `kind: lesson\nreeks: Mediawijs\ndeel: ${part}`);
const stelling = (id: string, attributes = '') =>
	`## Stap\n\n:::stelling {#${id}${attributes}}\nSocial media maken ons bozer.\n:::\n`;

describe('programmes across the folder', () => {
	it('reports a part of a series taken twice at its deel line, and still serves both lessons', () => {
		mkdirSync(join(directory, 'mediawijs'));
		writeFileSync(join(directory, 'mediawijs', 'zoeken.md'), inSeries(1));
		writeFileSync(join(directory, 'mediawijs', 'bronnen.md'), inSeries(1));
		const library = loadLessonLibrary(directory, directory);
		expect([...library.lessons.keys()].sort()).toEqual(['bronnen', 'zoeken']);
		expect(library.problems).toEqual([
			{
				file: join('mediawijs', 'zoeken.md'),
				slug: 'zoeken',
				line: 6,
				code: 'series-part-duplicate',
				params: { part: 1, series: 'Mediawijs', other: join('mediawijs', 'bronnen.md') }
			}
		]);
	});

	it('reports a comparison with a block an earlier lesson does not have, at the block', () => {
		writeFileSync(join(directory, 'een.md'), inSeries(1, stelling('eerst')));
		writeFileSync(
			join(directory, 'twee.md'),
			inSeries(2, stelling('later', ' vergelijk="een#eerste"'))
		);
		const library = loadLessonLibrary(directory, directory);
		expect(library.lessons.size).toBe(2);
		expect(library.problems).toEqual([
			expect.objectContaining({
				file: 'twee.md',
				line: 18,
				code: 'compare-lesson-block-unknown',
				params: { id: 'later', lesson: 'een', target: 'eerste' }
			})
		]);
	});
});

/** Waits until `check` holds, polling, or fails after `ms`: the watcher works on its own time. */
async function eventually(check: () => void, ms = 5_000) {
	const until = Date.now() + ms;
	for (;;) {
		try {
			check();
			return;
		} catch (error) {
			if (Date.now() > until) throw error;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

const titled = (title: string) => valid.replace('title: Testles', `title: ${title}`);

describe('the live library', () => {
	let live: LiveLessonLibrary;
	let logged: string[];
	const start = (now?: () => number) => {
		logged = [];
		live = new LiveLessonLibrary(directory, {
			displayRoot: directory,
			log: (line) => logged.push(line),
			now
		});
		return live;
	};
	afterEach(() => live?.close());

	it('gives each lesson the version of its file contents', () => {
		writeFileSync(join(directory, 'les.md'), valid);
		const lesson = start().find('les')!;
		expect(lesson.version).toBe(lessonVersion(valid));
		expect(lesson.version).toMatch(/^[0-9a-f]{16}$/);
	});

	it('follows a folder on its own: add, change, break and remove a file', async () => {
		writeFileSync(join(directory, 'eerste.md'), valid);
		start().watch();
		expect([...live.lessons.keys()]).toEqual(['eerste']);

		writeFileSync(join(directory, 'tweede.md'), titled('Tweede les'));
		await eventually(() => expect(live.find('tweede')?.meta.title).toBe('Tweede les'));

		writeFileSync(join(directory, 'tweede.md'), titled('Tweede les, herzien'));
		await eventually(() => expect(live.find('tweede')?.meta.title).toBe('Tweede les, herzien'));

		writeFileSync(
			join(directory, 'tweede.md'),
			lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n')
		);
		await eventually(() => expect(live.find('tweede')).toBeUndefined());
		expect(live.find('eerste')).toBeDefined();
		expect(live.catalogue.map((lesson) => lesson.slug)).toEqual(['eerste']);
		expect(logged).toEqual([
			"tweede.md:15: Het bloktype 'stellin' bestaat niet. Bedoel je 'stelling'?"
		]);

		rmSync(join(directory, 'eerste.md'));
		await eventually(() => expect(live.lessons.size).toBe(0));
		expect(live.problems).toEqual([expect.objectContaining({ file: 'tweede.md', slug: 'tweede' })]);
	});

	it('follows the folder by its periodic rescan alone, when fs.watch says nothing', async () => {
		writeFileSync(join(directory, 'eerste.md'), valid);
		start();
		// No watch(): reload is what the rescan timer calls every few seconds.
		writeFileSync(join(directory, 'tweede.md'), valid);
		expect(live.find('tweede')).toBeUndefined();
		expect(live.reload().changed).toEqual(['tweede.md']);
		expect(live.find('tweede')).toBeDefined();
		expect(live.reload()).toEqual({ changed: [], removed: [] });
	});

	it('logs a broken file once, not at every rescan', () => {
		writeFileSync(
			join(directory, 'kapot.md'),
			lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n')
		);
		writeFileSync(join(directory, 'Slechte Naam.md'), valid);
		start();
		live.reload();
		live.reload();
		expect(logged).toHaveLength(2);
		expect(logged[0]).toMatch(/^Slechte Naam\.md:1: /);
		expect(logged[1]).toMatch(/^kapot\.md:15: /);
	});

	it('logs a problem that a change to another file made in an unchanged one', () => {
		writeFileSync(join(directory, 'een.md'), inSeries(1, stelling('eerst')));
		writeFileSync(
			join(directory, 'twee.md'),
			inSeries(2, stelling('later', ' vergelijk="een#eerst"'))
		);
		start();
		expect(logged).toEqual([]);
		writeFileSync(join(directory, 'een.md'), inSeries(1, stelling('anders')));
		live.reload();
		expect(logged).toEqual([
			"twee.md:18: Blok 'later' vergelijkt met 'eerst' in de les 'een', maar die les heeft geen blok met die id. Gebruik de id van het blok in die les."
		]);
		live.reload();
		expect(logged).toHaveLength(1);
	});

	it('keeps the version a live session started with while the file changes', () => {
		writeFileSync(join(directory, 'les.md'), titled('Eerste versie'));
		start();
		const first = live.find('les')!;
		writeFileSync(join(directory, 'les.md'), titled('Tweede versie'));
		live.reload();
		expect(live.find('les')!.meta.title).toBe('Tweede versie');
		expect(live.find('les', first.version)!.meta.title).toBe('Eerste versie');
		rmSync(join(directory, 'les.md'));
		live.reload();
		expect(live.find('les')).toBeUndefined();
		expect(live.find('les', first.version)!.meta.title).toBe('Eerste versie');
	});

	it('gives the current version for a version it does not know', () => {
		writeFileSync(join(directory, 'les.md'), valid);
		start();
		expect(live.find('les', '0123456789abcdef')!.version).toBe(lessonVersion(valid));
		expect(live.find('nergens', '0123456789abcdef')).toBeUndefined();
	});

	it('forgets a replaced version nobody asked for in a week', () => {
		let now = 0;
		writeFileSync(join(directory, 'les.md'), titled('Eerste versie'));
		start(() => now);
		const first = live.find('les')!.version;
		writeFileSync(join(directory, 'les.md'), titled('Tweede versie'));
		live.reload();
		now = 6 * 24 * 3600_000;
		expect(live.find('les', first)!.meta.title).toBe('Eerste versie'); // asked for: kept longer
		now = 13 * 24 * 3600_000;
		writeFileSync(join(directory, 'les.md'), titled('Derde versie'));
		live.reload();
		expect(live.find('les', first)!.meta.title).toBe('Eerste versie');
		now = 21 * 24 * 3600_000;
		writeFileSync(join(directory, 'les.md'), titled('Vierde versie'));
		live.reload();
		expect(live.find('les', first)!.meta.title).toBe('Vierde versie');
	});

	it('reports a slug field that differs from the file name, and leaves the lesson out', () => {
		writeFileSync(
			join(directory, 'les.md'),
			valid.replace('title: Testles', 'slug: andere-les\ntitle: Testles')
		);
		start();
		expect(live.lessons.size).toBe(0);
		expect(live.problems).toEqual([
			expect.objectContaining({
				file: 'les.md',
				line: 2,
				code: 'slug-mismatch',
				params: { slug: 'andere-les', file: 'les.md' }
			})
		]);
	});

	it('keeps serving the last library when the folder is briefly gone', () => {
		writeFileSync(join(directory, 'les.md'), valid);
		start();
		rmSync(directory, { recursive: true });
		expect(live.reload()).toEqual({ changed: [], removed: [] });
		expect(live.find('les')).toBeDefined();
		expect(logged).toEqual([expect.stringContaining('Lessons folder cannot be read')]);
		mkdirSync(directory);
	});
});

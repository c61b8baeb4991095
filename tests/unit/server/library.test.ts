import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadLessonLibrary } from '../../../src/lib/server/library.ts';
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

// Reads the lessons folder once: every valid lesson by slug, the catalogue, and every problem
// found, so the site, the validator and the live session all see the same library.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { summariseLesson, type LessonSummary } from '../lessons/catalogue.ts';
import type { Lesson, LessonProblem } from '../lessons/model.ts';
import { parseLesson } from '../lessons/parse.ts';

export interface FileProblem extends LessonProblem {
	file: string;
}

export interface LessonLibrary {
	lessons: ReadonlyMap<string, Lesson>;
	catalogue: LessonSummary[];
	/** Files read, valid or not. */
	fileCount: number;
	problems: FileProblem[];
}

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Markdown files below `directory`, except README.md and files or folders starting with `_` or `.`. */
export function findLessonFiles(directory: string): string[] {
	const entries = readdirSync(directory, { withFileTypes: true, recursive: true });
	return entries
		.filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
		.map((entry) => join(entry.parentPath, entry.name))
		.filter(
			(path) =>
				!relative(directory, path)
					.split(sep)
					.some((part) => /^[_.]/.test(part))
		)
		.sort();
}

export function loadLessonLibrary(directory: string, displayRoot = process.cwd()): LessonLibrary {
	const lessons = new Map<string, Lesson>();
	const fileOfSlug = new Map<string, string>();
	const problems: FileProblem[] = [];
	const files = findLessonFiles(directory);

	for (const path of files) {
		const file = relative(displayRoot, path) || path;
		const slug = path.split(sep).at(-1)!.replace(/\.md$/, '');
		if (!slugPattern.test(slug)) {
			problems.push({ file, line: 1, code: 'file-name-invalid', params: {} });
			continue;
		}
		const other = fileOfSlug.get(slug);
		if (other !== undefined) {
			problems.push({ file, line: 1, code: 'slug-duplicate', params: { slug, other } });
			continue;
		}
		fileOfSlug.set(slug, file);
		const result = parseLesson(readFileSync(path, 'utf8'), slug);
		problems.push(...result.problems.map((problem) => ({ ...problem, file })));
		if (result.lesson && result.problems.length === 0) lessons.set(slug, result.lesson);
	}

	return {
		lessons,
		catalogue: [...lessons.values()].map(summariseLesson),
		fileCount: files.length,
		problems
	};
}

import { lessonSlug } from '$lib/components/workshop/slug';
import template from '$lib/components/workshop/template.md?raw';
import { lessonGrammar } from '$lib/lessons/grammar';
import { parseLesson } from '$lib/lessons/parse';
import { findLessonFiles } from '$lib/server/library';
import { useKlasgesprek } from '$lib/server/app';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { PageServerLoad } from './$types';

/** The source of a lesson in the library, found among the library's own files, never by a path built from input. */
function librarySource(directory: string, slug: string): string | null {
	const file = findLessonFiles(resolve(directory)).find((path) => basename(path) === `${slug}.md`);
	return file ? readFileSync(file, 'utf8') : null;
}

export const load: PageServerLoad = async ({ url, fetch }) => {
	const { library, config } = useKlasgesprek();
	const from = url.searchParams.get('from');
	const lesson = from ? library.lessons.get(from) : undefined;
	const source = lesson ? librarySource(config.lessonsDirectory, lesson.slug) : null;

	// The publish endpoint says whether this deployment has authors; without it, nobody publishes.
	const publishing = await fetch('/workshop/publish')
		.then(
			async (response) =>
				response.ok && ((await response.json()) as { enabled?: unknown }).enabled === true
		)
		.catch(() => false);

	const start =
		from === null
			? null
			: source !== null && lesson
				? { slug: lesson.slug, title: lesson.meta.title, source }
				: { slug: '', title: '', source: null };
	const format = { extraThemes: config.extraThemes };
	const initialSource = start?.source ?? template;

	return {
		wide: true,
		template,
		/** The deployment's own themes (LESSON_THEMES), known to the validator in the browser too. */
		format,
		/** The format's words for the editor's completions, so the browser needs no parser for them. */
		grammar: lessonGrammar(format),
		/** The first text's reading, so the page renders its preview before any script runs. */
		initial: parseLesson(initialSource, lessonSlug(initialSource), format),
		lessons: library.catalogue.map(({ slug, title }) => ({ slug, title })),
		/** `?from=`: the template (no source) or a copy of a library lesson; null when not asked. */
		start,
		publishing
	};
};

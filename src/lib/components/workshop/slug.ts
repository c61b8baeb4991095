// The name a lesson's file gets, known before the server is asked.

import { slugForLesson } from '$lib/lessons/slug';

/** A top-level frontmatter field's plain value, quotes taken off. */
function fieldOf(source: string, field: string): string {
	const frontmatter = source.split(/\n---/)[0] ?? '';
	const match = new RegExp(`^${field}[ \t]*:[ \t]*(.*)$`, 'm').exec(frontmatter);
	return match ? match[1].trim().replace(/^(['"])(.*)\1$/, '$2') : '';
}

/** The slug the draft will be published under, or 'les' while it has no title yet. */
export function lessonSlug(source: string): string {
	return slugForLesson(fieldOf(source, 'slug'), fieldOf(source, 'title')) || 'les';
}

// The name a lesson's file gets, known before the server is asked.

/**
 * The file name a lesson gets: its `slug` field, else made from its title, as the publish
 * endpoint derives it (src/lib/server/publishing.ts, which the browser cannot import).
 */
export function slugFromTitle(title: string): string {
	return title
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 60)
		.replace(/^-+|-+$/g, '');
}

/** A top-level frontmatter field's plain value, quotes taken off. */
function fieldOf(source: string, field: string): string {
	const frontmatter = source.split(/\n---/)[0] ?? '';
	const match = new RegExp(`^${field}[ \t]*:[ \t]*(.*)$`, 'm').exec(frontmatter);
	return match ? match[1].trim().replace(/^(['"])(.*)\1$/, '$2') : '';
}

/** The slug the draft will be published under, or 'les' while it has no title yet. */
export function lessonSlug(source: string): string {
	return fieldOf(source, 'slug') || slugFromTitle(fieldOf(source, 'title')) || 'les';
}

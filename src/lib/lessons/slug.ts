// A lesson's slug: its address on the site and its file's name. One owner for the browser (the
// workshop names a download) and the server (publishing names the file), so both agree. What a
// slug may look like is the format's (`slugPattern` in frontmatter.ts).

/** The slug made from a title: accents dropped, other characters between words become '-'. */
export function slugFromTitle(title: string): string {
	return title
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, 60)
		.replace(/^-+|-+$/g, '');
}

/** The slug a lesson is published under: its `slug` field, else made from its title. */
export function slugForLesson(declared: string | null, title: string): string {
	return declared || slugFromTitle(title);
}

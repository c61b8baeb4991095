// Builds lesson sources for tests: a valid frontmatter plus whatever body a test needs.

export const validFrontmatter = `---
title: Testles
summary: Een les om de lezer te testen.
kind: lesson
themes: [polarisatie]
audience: [mbo]
duration: 50
goals: [Testen]
language: nl
authors: [Test]
licence: CC BY-SA 4.0
version: '1.0'
---`;

/** Lines of frontmatter above the body, so tests can name body lines as file lines. */
export const frontmatterLines = validFrontmatter.split('\n').length;

export function lessonWithBody(body: string): string {
	return `${validFrontmatter}\n${body}`;
}

/** The file line of line `n` (1-based) of a body passed to lessonWithBody. */
export function bodyLine(n: number): number {
	return frontmatterLines + n;
}

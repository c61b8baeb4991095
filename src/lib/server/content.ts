// Long-form pages (the teacher guide, the accessibility statement) are Markdown files in
// content/, one per language, rendered once and sanitised like lessons. A line
// `<!-- slot: signalling-route -->` marks where the page puts something of the deployment's own
// (the municipality's route), so that it stands where the text points to it, on screen and on paper.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export interface ContentPage {
	/** The whole page, with nothing where a slot is. */
	html: string;
	headings: { id: string; text: string }[];
	/** The page cut at its slots: one more part than there are slots. */
	parts: string[];
	/** Each slot in order: its name and how many headings come before it (for the contents). */
	slots: { name: string; headingsBefore: number }[];
}

const slotLine = /^<!--\s*slot:\s*([a-z][a-z-]*)\s*-->[ \t]*$/gm;

const cache = new Map<string, ContentPage>();

function slugify(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

export function renderContentPage(source: string): ContentPage {
	const headings: ContentPage['headings'] = [];
	const slots: ContentPage['slots'] = [];
	const marked = new Marked({
		gfm: true,
		renderer: {
			heading({ tokens, depth }) {
				const text = this.parser.parseInline(tokens);
				if (depth !== 2) return `<h${depth}>${text}</h${depth}>\n`;
				const plain = sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} });
				const id = slugify(plain);
				headings.push({ id, text: plain });
				return `<h2 id="${id}">${text}</h2>\n`;
			}
		}
	});
	const render = (markdown: string) =>
		sanitizeHtml(marked.parse(markdown, { async: false }), {
			allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h2', 'h3', 'h4'],
			allowedAttributes: { a: ['href', 'title', 'rel'], h2: ['id'] },
			allowedSchemes: ['http', 'https', 'mailto', 'tel'],
			transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
		});
	// split() with a capturing group gives text, slot name, text, …
	const pieces = source.split(slotLine);
	const parts: string[] = [];
	for (let index = 0; index < pieces.length; index += 2) {
		if (index > 0) slots.push({ name: pieces[index - 1], headingsBefore: headings.length });
		parts.push(render(pieces[index]));
	}
	return { html: parts.join(''), headings, parts, slots };
}

/** `content/<name>.<language>.md`, falling back to Dutch when a translation is missing. */
export function loadContentPage(
	name: string,
	language: string,
	directory = 'content'
): ContentPage {
	const key = `${directory}/${name}.${language}`;
	const cached = cache.get(key);
	if (cached) return cached;
	let source: string;
	try {
		source = readFileSync(resolve(directory, `${name}.${language}.md`), 'utf8');
	} catch {
		source = readFileSync(resolve(directory, `${name}.nl.md`), 'utf8');
	}
	const page = renderContentPage(source);
	cache.set(key, page);
	return page;
}

// Long-form pages (the teacher guide, the accessibility statement) are Markdown files in
// content/, one per language, rendered once and sanitised like lessons.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

export interface ContentPage {
	html: string;
	headings: { id: string; text: string }[];
}

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
	const html = sanitizeHtml(marked.parse(source, { async: false }), {
		allowedTags: [...sanitizeHtml.defaults.allowedTags, 'h2', 'h3', 'h4'],
		allowedAttributes: { a: ['href', 'title', 'rel'], h2: ['id'] },
		allowedSchemes: ['http', 'https', 'mailto', 'tel'],
		transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
	});
	return { html, headings };
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

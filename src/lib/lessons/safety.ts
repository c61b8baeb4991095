// Lessons are trusted to be well meant, not to be safe: everything rendered from them passes
// through one allowlist, and the validator names whatever that allowlist would have removed.

import sanitizeHtml from 'sanitize-html';
import type { LessonProblem } from './model.ts';

const allowedSchemes = ['http', 'https', 'mailto', 'tel'];

const blockOptions: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'br',
		'hr',
		'h3',
		'h4',
		'h5',
		'h6',
		'strong',
		'em',
		'del',
		'code',
		'pre',
		'blockquote',
		'ul',
		'ol',
		'li',
		'a',
		'img',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td',
		'abbr',
		'span'
	],
	allowedAttributes: {
		a: ['href', 'title', 'rel'],
		img: ['src', 'alt', 'title', 'width', 'height'],
		abbr: ['title'],
		th: ['align', 'scope'],
		td: ['align'],
		ol: ['start'],
		span: ['lang']
	},
	allowedSchemes,
	allowedSchemesAppliedToAttributes: ['href', 'src'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: {
		// Links leave the tool: never hand the opened page a handle on ours.
		a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' })
	}
};

const inlineOptions: sanitizeHtml.IOptions = {
	...blockOptions,
	allowedTags: ['strong', 'em', 'del', 'code', 'a', 'br', 'abbr', 'span']
};

export function sanitizeBlockHtml(html: string): string {
	return sanitizeHtml(html, blockOptions);
}

export function sanitizeInlineHtml(html: string): string {
	return sanitizeHtml(html, inlineOptions);
}

export function stripHtml(html: string): string {
	return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/\s+/g, ' ')
		.trim();
}

const dangerousElement = /<\s*(script|iframe|frame|frameset|object|embed|style|link|meta|base|form|svg|math)\b/gi;
const eventHandler = /<[^>]*?\s(on[a-z]+)\s*=/gi;
const dangerousUrl = /^\s*(javascript|vbscript|data|file)\s*:/i;
const urlAttribute = /\s(?:href|src|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** What the sanitiser will remove from raw HTML in a lesson, as problems at `line`. */
export function findUnsafeHtml(html: string, line: number): LessonProblem[] {
	const problems: LessonProblem[] = [];
	for (const match of html.matchAll(dangerousElement)) {
		problems.push({ line, code: 'unsafe-html', params: { tag: match[1].toLowerCase() } });
	}
	for (const match of html.matchAll(eventHandler)) {
		problems.push({ line, code: 'unsafe-attribute', params: { attribute: match[1].toLowerCase() } });
	}
	for (const match of html.matchAll(urlAttribute)) {
		const url = decodeEntities(match[1] ?? match[2] ?? match[3] ?? '');
		if (dangerousUrl.test(url)) problems.push({ line, code: 'unsafe-link', params: { url: shorten(url) } });
	}
	return problems;
}

/** A Markdown link or image target the sanitiser would drop. */
export function findUnsafeUrl(url: string, line: number): LessonProblem | null {
	const decoded = decodeEntities(url);
	const scheme = /^\s*([a-z][a-z0-9+.-]*)\s*:/i.exec(decoded)?.[1]?.toLowerCase();
	if (scheme === undefined || allowedSchemes.includes(scheme)) return null;
	return { line, code: 'unsafe-link', params: { url: shorten(decoded) } };
}

function decodeEntities(text: string): string {
	return text
		.replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
		.replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
		.replace(/&colon;/gi, ':')
		// Browsers ignore control characters inside a URL scheme ('java\tscript:'), so do we.
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f]/g, '');
}

function shorten(text: string): string {
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { lessonWithBody } from './lesson-source.ts';

/** Parses a lesson and returns its problem codes and every string it would render. */
function parse(body: string): { codes: string[]; rendered: string } {
	const { lesson, problems } = parseLesson(lessonWithBody(body), 'x');
	const strings: string[] = [];
	const collect = (value: unknown) => {
		if (typeof value === 'string') strings.push(value);
		else if (Array.isArray(value)) value.forEach(collect);
		else if (value && typeof value === 'object') Object.values(value).forEach(collect);
	};
	collect(lesson);
	return { codes: problems.map((problem) => problem.code), rendered: strings.join('\n') };
}

const vectors: { name: string; markdown: string; code: string }[] = [
	{ name: 'a script element', markdown: 'Hallo <script>alert("x")</script> daar', code: 'unsafe-html' },
	{ name: 'a script element on its own lines', markdown: '<script>\nalert(1)\n</script>', code: 'unsafe-html' },
	{ name: 'an iframe', markdown: '<iframe src="https://example.org"></iframe>', code: 'unsafe-html' },
	{ name: 'an object', markdown: '<object data="x.swf"></object>', code: 'unsafe-html' },
	{ name: 'an embed', markdown: '<embed src="x.swf">', code: 'unsafe-html' },
	{ name: 'a style element', markdown: '<style>body{display:none}</style>', code: 'unsafe-html' },
	{ name: 'an svg with an onload', markdown: '<svg onload="alert(1)"></svg>', code: 'unsafe-html' },
	{ name: 'an onerror handler', markdown: 'Kijk <img src="x" onerror="alert(1)">', code: 'unsafe-attribute' },
	{ name: 'an onclick handler', markdown: '<a href="https://example.org" onclick="alert(1)">link</a>', code: 'unsafe-attribute' },
	{ name: 'a Markdown javascript: link', markdown: '[klik](javascript:alert(1))', code: 'unsafe-link' },
	{ name: 'an HTML javascript: link', markdown: '<a href="javascript:alert(1)">klik</a>', code: 'unsafe-link' },
	{ name: 'an entity-encoded javascript: link', markdown: '<a href="&#106;avascript:alert(1)">klik</a>', code: 'unsafe-link' },
	{ name: 'a mixed-case JaVaScRiPt: link', markdown: '[klik](JaVaScRiPt:alert(1))', code: 'unsafe-link' },
	{ name: 'a data: image', markdown: '![x](data:text/html;base64,PHNjcmlwdD4=)', code: 'unsafe-link' },
	{ name: 'a vbscript: link', markdown: '<a href="vbscript:msgbox(1)">klik</a>', code: 'unsafe-link' }
];

const dangerous = /<script|<iframe|<object|<embed|<style|<svg|\son\w+\s*=|javascript:|vbscript:|data:text/i;

const places = [
	{ place: 'board text', wrap: (markdown: string) => `## Stap\n\n${markdown}\n` },
	{ place: 'a block prompt', wrap: (markdown: string) => `## Stap\n:::stelling {#s}\n${markdown}\n:::\n` },
	{ place: 'a block option', wrap: (markdown: string) => `## Stap\n:::poll {#p}\nVraag?\n- ${markdown.replace(/\n/g, ' ')}\n- Nee\n:::\n` },
	{ place: 'a teacher note', wrap: (markdown: string) => `## Stap\nTekst.\n:::docent\n${markdown}\n:::\n` },
	{ place: 'the introduction', wrap: (markdown: string) => `${markdown}\n\n## Stap\nTekst.\n` }
];

const matrix = vectors.flatMap((vector) => places.map((place) => ({ ...vector, ...place })));

describe('lesson safety', () => {
	it.each(matrix)('reports $name in $place', ({ markdown, code, wrap }) => {
		expect(parse(wrap(markdown)).codes).toContain(code);
	});

	it.each(matrix)('renders $name in $place inert', ({ markdown, wrap }) => {
		const { rendered } = parse(wrap(markdown));
		expect(rendered.length).toBeGreaterThan(0);
		expect(rendered).not.toMatch(dangerous);
	});

	it('keeps ordinary links, images and emphasis', () => {
		const { codes, rendered } = parse(
			'## Stap\n\n**vet** [site](https://example.org) ![alt](https://example.org/a.png) <abbr title="Algemene verordening">AVG</abbr>\n'
		);
		expect(codes).toEqual([]);
		expect(rendered).toContain('<strong>vet</strong>');
		expect(rendered).toContain('<a href="https://example.org" rel="noopener noreferrer">site</a>');
		expect(rendered).toContain('<img src="https://example.org/a.png" alt="alt" />');
		expect(rendered).toContain('<abbr title="Algemene verordening">AVG</abbr>');
	});

	it('does not report safe links or text that only mentions a script tag', () => {
		const { codes, rendered } = parse('## Stap\n\nWe praten over een `<script>`-tag en [de wet](https://wetten.overheid.nl).\n');
		expect(codes).toEqual([]);
		expect(rendered).toContain('<code>&lt;script&gt;</code>');
	});
});

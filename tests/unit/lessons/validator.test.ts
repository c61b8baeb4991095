import { describe, expect, it } from 'vitest';
import { problemCodes, type LessonProblem, type ProblemCode } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { describeProblem, formatProblem } from '../../../src/lib/lessons/problem-messages.ts';
import { bodyLine, lessonWithBody, validFrontmatter } from './lesson-source.ts';

function problemsOf(source: string): LessonProblem[] {
	return parseLesson(source, 'test').problems;
}

const withFrontmatter = (lines: string[]) => ['---', ...lines, '---', '## Stap', 'Tekst.'].join('\n');
const validFields = validFrontmatter.split('\n').slice(1, -1);
const replaceField = (field: string, line: string | null) =>
	withFrontmatter(
		validFields.flatMap((existing) => (existing.startsWith(`${field}:`) ? (line === null ? [] : [line]) : [existing]))
	);
const lineOfField = (field: string) => validFields.findIndex((line) => line.startsWith(`${field}:`)) + 2;

interface Case {
	name: string;
	source: string;
	code: ProblemCode;
	line: number;
	params?: Record<string, string | number>;
}

const cases: Case[] = [
	{ name: 'a file without frontmatter', source: '## Stap\nTekst.', code: 'frontmatter-missing', line: 1 },
	{ name: 'frontmatter that is never closed', source: '---\ntitle: Test\n## Stap', code: 'frontmatter-unclosed', line: 1 },
	{
		name: 'frontmatter that is not YAML',
		source: withFrontmatter([...validFields, 'goals: [Testen', 'x: y']),
		code: 'frontmatter-yaml',
		line: validFields.length + 2
	},
	{ name: 'a missing required field', source: replaceField('kind', null), code: 'field-missing', line: 1, params: { field: 'kind' } },
	{
		name: 'an unknown kind',
		source: replaceField('kind', 'kind: les'),
		code: 'field-invalid',
		line: lineOfField('kind'),
		params: { field: 'kind', value: 'les', allowed: 'lesson, theatre-followup' }
	},
	{
		name: 'an unknown theme in a list',
		source: replaceField('themes', 'themes: [polarisatie, polarization]'),
		code: 'field-invalid',
		line: lineOfField('themes'),
		params: { field: 'themes', value: 'polarization' }
	},
	{
		name: 'a duration that is not a number of minutes',
		source: replaceField('duration', 'duration: een uur'),
		code: 'field-invalid',
		line: lineOfField('duration'),
		params: { field: 'duration', expected: 'minutes' }
	},
	{
		name: 'a field that does not exist, with a suggestion',
		source: withFrontmatter([...validFields, 'license: MIT']),
		code: 'field-unknown',
		line: validFields.length + 2,
		params: { field: 'license', suggestion: 'licence' }
	},
	{
		name: 'a theatre follow-up without a performance',
		source: replaceField('kind', 'kind: theatre-followup'),
		code: 'performance-missing',
		line: lineOfField('kind')
	},
	{
		name: 'a performance on an ordinary lesson',
		source: withFrontmatter([...validFields, 'performance: Het Plein']),
		code: 'performance-unexpected',
		line: validFields.length + 2,
		params: { field: 'performance' }
	},
	{ name: 'a level-one heading', source: lessonWithBody('# Titel\n## Stap\nTekst.'), code: 'heading-level-one', line: bodyLine(1) },
	{ name: 'a lesson without steps', source: lessonWithBody('Alleen tekst.'), code: 'no-steps', line: bodyLine(1) },
	{ name: 'an empty step', source: lessonWithBody('## Stap\nTekst.\n## Leeg\n'), code: 'step-empty', line: bodyLine(3), params: { title: 'Leeg' } },
	{
		name: 'an unknown block type, with a suggestion',
		source: lessonWithBody('## Stap\n\n:::stellin {#a}\nTekst.\n:::'),
		code: 'block-unknown-type',
		line: bodyLine(3),
		params: { type: 'stellin', suggestion: 'stelling' }
	},
	{
		name: 'a block that is never closed',
		source: lessonWithBody('## Stap\n:::stelling {#a}\nTekst.\n## Volgende\nTekst.'),
		code: 'block-unclosed',
		line: bodyLine(2)
	},
	{ name: 'a closing fence with nothing open', source: lessonWithBody('## Stap\nTekst.\n\n:::\n'), code: 'block-stray-close', line: bodyLine(4) },
	{
		name: 'a block before the first step',
		source: lessonWithBody(':::stelling {#a}\nTekst.\n:::\n## Stap\nTekst.'),
		code: 'block-outside-step',
		line: bodyLine(1)
	},
	{
		name: 'an answer block nested in another',
		source: lessonWithBody('## Stap\n:::open {#a}\nVraag?\n:::poll {#b}\nVraag\n- a\n- b\n:::\n:::'),
		code: 'block-nested',
		line: bodyLine(4),
		params: { type: 'poll', parent: 'open' }
	},
	{
		name: 'a header that cannot be read',
		source: lessonWithBody('## Stap\n:::stelling #a reason\nTekst.\n:::'),
		code: 'block-header-invalid',
		line: bodyLine(2)
	},
	{ name: 'a block without id', source: lessonWithBody('## Stap\n:::stelling\nTekst.\n:::'), code: 'block-id-missing', line: bodyLine(2) },
	{
		name: 'an id with capitals and spaces',
		source: lessonWithBody('## Stap\n:::stelling {#Mijn_Stelling}\nTekst.\n:::'),
		code: 'block-id-invalid',
		line: bodyLine(2)
	},
	{
		name: 'a duplicate block id, pointing at the first',
		source: lessonWithBody('## Stap\n:::stelling {#a}\nEen.\n:::\n\n:::stelling {#a}\nTwee.\n:::'),
		code: 'block-id-duplicate',
		line: bodyLine(6),
		params: { id: 'a', first: bodyLine(2) }
	},
	{
		name: 'an attribute the block does not have',
		source: lessonWithBody('## Stap\n:::stelling {#a timer=5}\nTekst.\n:::'),
		code: 'block-attribute-unknown',
		line: bodyLine(2),
		params: { attribute: 'timer' }
	},
	{
		name: 'an attribute value out of range',
		source: lessonWithBody('## Stap\n:::poll {#a min=0}\nVraag\n- a\n- b\n:::'),
		code: 'block-attribute-invalid',
		line: bodyLine(2),
		params: { attribute: 'min', value: '0' }
	},
	{
		name: 'a flag with a value that is not yes or no',
		source: lessonWithBody('## Stap\n:::stelling {#a pass=misschien}\nTekst.\n:::'),
		code: 'block-attribute-invalid',
		line: bodyLine(2)
	},
	{ name: 'a stelling without text', source: lessonWithBody('## Stap\n:::stelling {#a}\n:::'), code: 'block-prompt-missing', line: bodyLine(2) },
	{
		name: 'a poll without options',
		source: lessonWithBody('## Stap\n:::poll {#a}\nWelke?\n:::'),
		code: 'block-options-missing',
		line: bodyLine(2),
		params: { expected: '2-10' }
	},
	{
		name: 'vier hoeken with three corners',
		source: lessonWithBody('## Stap\n:::vier-hoeken {#a}\nWat?\n- a\n- b\n- c\n:::'),
		code: 'block-options-count',
		line: bodyLine(2),
		params: { expected: '4', found: 3 }
	},
	{
		name: 'a poll with the same option twice',
		source: lessonWithBody('## Stap\n:::poll {#a}\nWelke?\n- Ja\n- ja\n:::'),
		code: 'block-options-duplicate',
		line: bodyLine(2)
	},
	{
		name: 'a list in a stelling',
		source: lessonWithBody('## Stap\n:::stelling {#a}\nTekst.\n- a\n:::'),
		code: 'block-content-unexpected',
		line: bodyLine(2)
	},
	{
		name: 'a second vragenbus',
		source: lessonWithBody('## Stap\n:::vragenbus {#a}\n:::\n:::vragenbus {#b}\n:::'),
		code: 'block-once-per-lesson',
		line: bodyLine(4),
		params: { first: bodyLine(2) }
	},
	{
		name: 'a comparison with an id that does not exist',
		source: lessonWithBody('## Stap\n:::stelling {#a compare=nergens}\nTekst.\n:::'),
		code: 'compare-unknown',
		line: bodyLine(2)
	},
	{
		name: 'a comparison with a later block',
		source: lessonWithBody('## Stap\n:::stelling {#a compare=b}\nTekst.\n:::\n:::stelling {#b}\nTekst.\n:::'),
		code: 'compare-not-earlier',
		line: bodyLine(2)
	},
	{
		name: 'a comparison between different block types',
		source: lessonWithBody('## Stap\n:::stelling {#a}\nTekst.\n:::\n:::thermometer {#b compare=a}\nHoe?\n:::'),
		code: 'compare-mismatch',
		line: bodyLine(5)
	},
	{ name: 'a script element', source: lessonWithBody('## Stap\n\n<script>alert(1)</script>'), code: 'unsafe-html', line: bodyLine(3) },
	{ name: 'an inline event handler', source: lessonWithBody('## Stap\n\nTekst <img src="x.png" onerror="alert(1)">'), code: 'unsafe-attribute', line: bodyLine(3) },
	{ name: 'a javascript: link', source: lessonWithBody('## Stap\n\n[klik](javascript:alert(1))'), code: 'unsafe-link', line: bodyLine(3) }
];

describe('the lesson validator', () => {
	it.each(cases)('reports $name as $code on the right line', ({ source, code, line, params }) => {
		const problem = problemsOf(source).find((candidate) => candidate.code === code);
		expect(problem, JSON.stringify(problemsOf(source))).toBeDefined();
		expect(problem!.line).toBe(line);
		if (params) expect(problem!.params).toMatchObject(params);
	});

	it('has a test case for every problem code a single file can have', () => {
		const tested = new Set(cases.map((testCase) => testCase.code));
		const perFolder: ProblemCode[] = ['file-name-invalid', 'slug-duplicate'];
		expect(problemCodes.filter((code) => !tested.has(code) && !perFolder.includes(code))).toEqual([]);
	});

	it('reports nothing for a valid lesson', () => {
		expect(problemsOf(lessonWithBody('## Stap\nTekst.'))).toEqual([]);
	});

	it('reports every problem in a file, sorted by line', () => {
		const problems = problemsOf(
			lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n:::poll {#b}\nVraag\n:::\n:::stelling\nTekst.\n:::')
		);
		expect(problems.map((problem) => problem.code)).toEqual([
			'block-unknown-type',
			'block-options-missing',
			'block-id-missing'
		]);
		expect(problems.map((problem) => problem.line)).toEqual([bodyLine(2), bodyLine(5), bodyLine(8)]);
	});

	it('does not report an empty step when its only block was broken', () => {
		const codes = problemsOf(lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::')).map((problem) => problem.code);
		expect(codes).toEqual(['block-unknown-type']);
	});
});

describe('problem messages', () => {
	const example: LessonProblem = {
		line: 12,
		code: 'block-options-count',
		params: { type: 'vier-hoeken', expected: '4', found: 3 }
	};

	it('formats a problem as file:line: message in plain Dutch', () => {
		expect(formatProblem('lessons/x.md', example, 'nl')).toBe(
			"lessons/x.md:12: Het blok 'vier-hoeken' heeft 3 opties, maar moet er 4 hebben."
		);
	});

	it('speaks English when asked', () => {
		expect(describeProblem(example, 'en')).toBe("The block 'vier-hoeken' has 3 options but must have 4.");
	});

	it.each(problemCodes.flatMap((code) => (['nl', 'en'] as const).map((locale) => ({ code, locale }))))(
		'has a complete $locale sentence for $code',
		({ code, locale }) => {
			const params = { field: 'f', type: 't', id: 'i', target: 'g', first: 1, found: 2, expected: 'text', value: 'v', allowed: 'a', attribute: 'x', tag: 'script', url: 'u', title: 'T', header: 'h', detail: 'd', option: 'o', slug: 's', other: 'o', parent: 'p', suggestion: 'z', min: 1, max: 2 };
			const sentence = describeProblem({ line: 1, code, params }, locale);
			expect(sentence.length).toBeGreaterThan(20);
			expect(sentence).not.toMatch(/undefined|\{\w+\}/);
		}
	);
});

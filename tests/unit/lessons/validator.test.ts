import { describe, expect, it } from 'vitest';
import { problemCodes, type LessonProblem, type ProblemCode } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { describeProblem, formatProblem } from '../../../src/lib/lessons/problem-messages.ts';
import { troubleOfYamlCode, yamlTroubles, type YamlTrouble } from '../../../src/lib/lessons/yaml-trouble.ts';
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
		source: replaceField('duration', 'duration: 1000'),
		code: 'field-invalid',
		line: lineOfField('duration'),
		params: { field: 'duration', expected: 'minutes' }
	},
	{
		name: 'a version written as a number',
		source: replaceField('version', 'version: 1.0'),
		code: 'field-type',
		line: lineOfField('version'),
		params: { field: 'version', expected: 'version', found: 'number', value: '1.0' }
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
	{
		name: 'a series lesson without its part',
		source: withFrontmatter([...validFields, 'reeks: Mediawijs']),
		code: 'series-part-missing',
		line: validFields.length + 2,
		params: { field: 'deel', series: 'reeks' }
	},
	{
		name: 'a part of no series',
		source: withFrontmatter([...validFields, 'deel: 2']),
		code: 'series-missing',
		line: validFields.length + 2,
		params: { field: 'reeks', part: 'deel' }
	},
	{
		name: 'a part that is no whole number from 1 to 50',
		source: withFrontmatter([...validFields, 'reeks: Mediawijs', 'deel: 0']),
		code: 'field-invalid',
		line: validFields.length + 3,
		params: { field: 'deel', expected: 'part', min: 1, max: 50 }
	},
	{
		name: 'a part written as a word',
		source: withFrontmatter([...validFields, 'reeks: Mediawijs', 'deel: twee']),
		code: 'field-type',
		line: validFields.length + 3,
		params: { field: 'deel', expected: 'part', found: 'text' }
	},
	{
		name: 'the same field in Dutch and in English',
		source: withFrontmatter([...validFields, 'reeks: Mediawijs', 'deel: 1', 'series: Mediawijs']),
		code: 'field-twice',
		line: validFields.length + 4,
		params: { field: 'series', other: 'reeks', first: validFields.length + 2 }
	},
	{
		name: 'a series on a theatre module',
		source: withFrontmatter([
			...validFields.filter((line) => !line.startsWith('kind:')),
			'kind: theatre-followup',
			'performance: Het Plein',
			'reeks: Mediawijs',
			'deel: 1'
		]),
		code: 'series-and-performance',
		line: validFields.length + 3,
		params: { field: 'reeks' }
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
	{
		name: 'a tweegesprek that does not say which answers it pairs from',
		source: lessonWithBody('## Stap\n:::tweegesprek {#praat}\nWaarom?\n:::'),
		code: 'pairs-from-missing',
		line: bodyLine(2),
		params: { type: 'tweegesprek' }
	},
	{
		name: 'a tweegesprek after an id that does not exist',
		source: lessonWithBody('## Stap\n:::tweegesprek {#praat na=nergens}\nWaarom?\n:::'),
		code: 'pairs-from-unknown',
		line: bodyLine(2),
		params: { id: 'praat', target: 'nergens' }
	},
	{
		name: 'a tweegesprek after a later stelling',
		source: lessonWithBody(
			'## Stap\n:::tweegesprek {#praat from=a}\nWaarom?\n:::\n:::stelling {#a}\nTekst.\n:::'
		),
		code: 'pairs-from-not-earlier',
		line: bodyLine(2)
	},
	{
		name: 'a tweegesprek after a poll, whose answers lie on no line',
		source: lessonWithBody(
			'## Stap\n:::peiling {#a}\nVraag?\n- Ja\n- Nee\n:::\n\n:::pairs {#praat na=a}\nWaarom?\n:::'
		),
		code: 'pairs-from-type',
		line: bodyLine(8),
		params: { target: 'a', type: 'poll' }
	},
	{
		name: 'think time of an hour',
		source: lessonWithBody('## Stap\n:::stelling {#a denktijd=3600}\nTekst.\n:::'),
		code: 'block-attribute-invalid',
		line: bodyLine(2),
		params: { attribute: 'denktijd', value: '3600', expected: '5-300' }
	},
	{
		name: 'think time on the question box, which is open all lesson',
		source: lessonWithBody('## Stap\n:::vragenbus {#a denktijd=30}\n:::'),
		code: 'block-attribute-unknown',
		line: bodyLine(2),
		params: { attribute: 'denktijd' }
	},
	{
		name: 'agreement that is neither yes nor no',
		source: lessonWithBody('## Stap\n:::gespreksregels {#r instemmen=misschien}\n- Regel.\n:::'),
		code: 'block-attribute-invalid',
		line: bodyLine(2),
		params: { attribute: 'instemmen', value: 'misschien', expected: 'true, false' }
	},
	{
		name: 'agreement asked of a stelling',
		source: lessonWithBody('## Stap\n:::stelling {#a instemmen}\nTekst.\n:::'),
		code: 'block-attribute-unknown',
		line: bodyLine(2),
		params: { attribute: 'instemmen' }
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
		// The folder's, and the programmes' (tests/unit/lessons/programmes.test.ts).
		const perFolder: ProblemCode[] = [
			'file-name-invalid',
			'slug-duplicate',
			'slug-mismatch',
			'series-part-duplicate',
			'compare-lesson-unknown',
			'compare-lesson-elsewhere',
			'compare-lesson-not-earlier',
			'compare-lesson-block-unknown',
			'compare-lesson-mismatch'
		];
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
			"lessons/x.md:12: Het blok 'vier-hoeken' heeft 3 opties, maar moet er 4 hebben. Zet elke optie op een eigen regel die met - begint."
		);
	});

	it('speaks English when asked', () => {
		expect(describeProblem(example, 'en')).toBe(
			"The block 'vier-hoeken' has 3 options but must have 4. Put each option on a line of its own starting with -."
		);
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

const describeFirst = (source: string, code: ProblemCode, locale: 'nl' | 'en' = 'nl') => {
	const problem = problemsOf(source).find((candidate) => candidate.code === code);
	expect(problem, JSON.stringify(problemsOf(source))).toBeDefined();
	return describeProblem(problem!, locale);
};

describe('the format meets authors halfway', () => {
	const stelling = (header: string) => lessonWithBody(`## Stap\n:::stelling {#a ${header}}\nTekst.\n:::`);
	const settingsOf = (source: string) => {
		const result = parseLesson(source, 'test');
		expect(result.problems).toEqual([]);
		const part = result.lesson!.steps[0].board.find((candidate) => candidate.kind === 'block');
		return part?.kind === 'block' ? part.block.settings : null;
	};

	it('reads Dutch attribute names as the English ones', () => {
		expect(settingsOf(stelling('reden toon=live pas=nee'))).toMatchObject({ reason: true, reveal: 'live', pass: false });
		expect(
			settingsOf(lessonWithBody('## Stap\n:::poll {#a meerdere minimum=3}\nWelke?\n- a\n- b\n:::'))
		).toMatchObject({ multiple: true, minAnswers: 3 });
		expect(settingsOf(lessonWithBody('## Stap\n:::lagerhuis {#a tijd=8}\nStelling.\n:::'))).toMatchObject({
			timerMinutes: 8
		});
		expect(settingsOf(lessonWithBody('## Stap\n:::thermometer {#a schaal=cijfers}\nHoe?\n:::'))).toMatchObject({
			scale: 'numbers'
		});
		expect(settingsOf(lessonWithBody('## Stap\n:::woordwolk {#a woorden=2}\nWoord?\n:::'))).toMatchObject({
			words: 2
		});
		expect(settingsOf(lessonWithBody('## Stap\n:::open {#a lengte=100}\nVraag?\n:::'))).toMatchObject({
			maxLength: 100
		});
		expect(settingsOf(lessonWithBody('## Stap\n:::stil-debat {#a reacties=nee}\nVraag?\n:::'))).toMatchObject({
			replies: false
		});
		expect(settingsOf(stelling('toon=handmatig'))).toMatchObject({ reveal: 'manual' });
	});

	it('makes a word cloud teacher-first unless the author writes direct (or live)', () => {
		const cloud = (header: string) => lessonWithBody(`## Stap\n:::woordwolk {#w ${header}}\nWoord?\n:::`);
		expect(settingsOf(cloud('words=2'))).toMatchObject({ direct: false });
		expect(settingsOf(cloud('words=2 direct'))).toMatchObject({ direct: true, words: 2 });
		expect(settingsOf(cloud('live'))).toMatchObject({ direct: true });
		expect(settingsOf(cloud('direct=nee'))).toMatchObject({ direct: false });
		expect(problemsOf(cloud('direct=misschien'))[0]).toMatchObject({ code: 'block-attribute-invalid' });
		// Only a word cloud has it: a stelling is shown by the teacher anyway.
		expect(problemsOf(stelling('direct'))[0]).toMatchObject({ code: 'block-attribute-unknown' });
	});

	it('reads a block written by the name the interface shows, as its type', () => {
		const poll = parseLesson(lessonWithBody('## Stap\n:::peiling {#a}\nWelke?\n- a\n- b\n:::'), 'test');
		expect(poll.problems).toEqual([]);
		expect(poll.lesson!.steps[0].board).toMatchObject([{ kind: 'block', block: { type: 'poll', id: 'a' } }]);
		expect(settingsOf(lessonWithBody('## Stap\n:::Open-Vraag {#a lengte=90}\nVraag?\n:::'))).toMatchObject({
			maxLength: 90
		});
		const note = parseLesson(lessonWithBody('## Stap\nTekst.\n:::docentnotitie\nLet op.\n:::'), 'test');
		expect(note.problems).toEqual([]);
		expect(note.lesson!.steps[0].teacher).toMatchObject([{ type: 'docent' }]);
		const nested = parseLesson(
			lessonWithBody('## Stap\n:::open-vraag {#a}\nVraag?\n:::docentnotitie\nLet op.\n:::\n:::'),
			'test'
		);
		expect(nested.problems).toEqual([]);
		expect(nested.lesson!.steps[0].teacher).toMatchObject([{ type: 'docent', forBlock: 'a' }]);
	});

	it('keeps reading a block under its type id, and counts both names as one type', () => {
		expect(settingsOf(lessonWithBody('## Stap\n:::poll {#a multiple}\nWelke?\n- a\n- b\n:::'))).toMatchObject({
			multiple: true
		});
		const both = lessonWithBody('## Stap\n:::peiling {#a}\nW?\n- a\n- b\n:::\n:::poll {#b compare=a}\nW?\n- a\n- b\n:::');
		expect(problemsOf(both)).toEqual([]);
	});

	it('suggests a block type by any of its names, and names blocks as the interface does', () => {
		expect(problemsOf(lessonWithBody('## Stap\n:::peilng {#a}\nW?\n:::'))[0].params).toMatchObject({
			type: 'peilng',
			suggestion: 'peiling'
		});
		expect(problemsOf(lessonWithBody('## Stap\n:::open-vrag {#a}\nW?\n:::'))[0].params).toMatchObject({
			suggestion: 'open-vraag'
		});
		expect(describeFirst(lessonWithBody('## Stap\n:::peilng {#a}\nW?\n:::'), 'block-unknown-type')).toBe(
			"Het bloktype 'peilng' bestaat niet. Bedoel je 'peiling'?"
		);
		// Whichever name the author wrote, a problem names the block as the workshop shows it.
		expect(describeFirst(lessonWithBody('## Stap\n:::poll {#a}\nWelke?\n:::'), 'block-options-missing')).toContain(
			"'peiling'"
		);
	});

	it('compares with an earlier block under its Dutch name too', () => {
		const source = lessonWithBody('## Stap\n:::stelling {#a}\nEen.\n:::\n:::stelling {#b vergelijk=a}\nEen.\n:::');
		const result = parseLesson(source, 'test');
		expect(result.problems).toEqual([]);
	});

	it('suggests the attribute an unknown one most likely meant, Dutch or English', () => {
		expect(problemsOf(stelling('redenen'))[0].params).toMatchObject({ attribute: 'redenen', suggestion: 'reason' });
		expect(problemsOf(stelling('reveel=live'))[0].params).toMatchObject({ suggestion: 'reveal' });
		expect(describeFirst(stelling('redenen'), 'block-attribute-unknown')).toBe(
			"Het blok 'stelling' kent het kenmerk 'redenen' niet. Mogelijk: reveal, pass, min, compare, think-time, reason. Bedoel je 'reason'?"
		);
		expect(describeFirst(stelling('redenen'), 'block-attribute-unknown', 'en')).toContain("Did you mean 'reason'?");
	});

	it('does not suggest an attribute the block does not have', () => {
		// `tijd` is lagerhuis's timer: on a stelling it is unknown, and no other name is near it.
		const problem = problemsOf(stelling('tijd=5'))[0];
		expect(problem).toMatchObject({ code: 'block-attribute-unknown', params: { attribute: 'tijd', suggestion: '' } });
		expect(describeProblem(problem, 'nl')).not.toContain('Bedoel je');
	});

	it('reports a bad value under the name the author wrote', () => {
		expect(problemsOf(stelling('pas=misschien'))[0]).toMatchObject({
			code: 'block-attribute-invalid',
			params: { attribute: 'pas', value: 'misschien', expected: 'true, false' }
		});
	});

	it('suggests the field an unknown frontmatter name most likely meant, also from Dutch', () => {
		const withField = (line: string) => withFrontmatter([...validFields, line]);
		expect(problemsOf(withField('duur: 50'))[0].params).toMatchObject({ field: 'duur', suggestion: 'duration' });
		expect(problemsOf(withField('doelgroep: [mbo]'))[0].params).toMatchObject({ suggestion: 'audience' });
		expect(problemsOf(withField('sumary: Tekst'))[0].params).toMatchObject({ suggestion: 'summary' });
		expect(describeFirst(withField('licentie: MIT'), 'field-unknown')).toBe(
			"Het veld 'licentie' bestaat niet in een les. Bedoel je 'licence'?"
		);
		expect(problemsOf(withField('xyzzy: 1'))[0].params).toMatchObject({ suggestion: '' });
	});
});

describe('a lesson series in the frontmatter', () => {
	const seriesLesson = (...lines: string[]) => parseLesson(withFrontmatter([...validFields, ...lines]), 'test');

	it('reads reeks and deel, and their English names series and part', () => {
		expect(seriesLesson('reeks: Mediawijs', 'deel: 2').lesson?.meta).toMatchObject({ series: 'Mediawijs', part: 2 });
		expect(seriesLesson('series: Mediawijs', 'part: 3').lesson?.meta).toMatchObject({ series: 'Mediawijs', part: 3 });
		expect(parseLesson(withFrontmatter(validFields), 'test').lesson?.meta).toMatchObject({ series: null, part: null });
	});

	it('asks for the missing field in the language of the one written', () => {
		expect(seriesLesson('series: Mediawijs').problems[0].params).toMatchObject({ field: 'part', series: 'series' });
		expect(describeProblem(seriesLesson('reeks: Mediawijs').problems[0], 'nl')).toBe(
			"Een les in een reeks ('reeks') zegt het hoeveelste deel van de reeks hij is. Voeg een regel toe als 'deel: 1'."
		);
	});

	it('says how to write a part', () => {
		const [problem] = seriesLesson('reeks: Mediawijs', "deel: '2'").problems;
		expect(describeProblem(problem, 'nl')).toBe(
			"Het veld 'deel' is een tekst ('2'), maar hier hoort een getal. Schrijf alleen het nummer, zonder aanhalingstekens of woorden, bijvoorbeeld deel: 2"
		);
		expect(describeProblem(seriesLesson('reeks: Mediawijs', 'deel: 51').problems[0], 'en')).toBe(
			"The field 'deel' has a value that does not fit: '51'. Expected: a whole number from 1 to 50, the lesson's number in the series."
		);
	});

	it('suggests reeks for a Dutch word an author may reach for', () => {
		expect(seriesLesson('serie: Mediawijs').problems[0].params).toMatchObject({ suggestion: 'reeks' });
		expect(seriesLesson('reks: Mediawijs').problems[0].params).toMatchObject({ suggestion: 'reeks' });
	});
});

describe('structural problems say how to fix them', () => {
	it('tells an author to close an unclosed block with a line of only :::', () => {
		const source = lessonWithBody('## Stap\n:::stelling {#a}\nTekst.\n## Volgende\nTekst.');
		expect(problemsOf(source).find((p) => p.code === 'block-unclosed')?.params).toMatchObject({ missing: 1 });
		expect(describeFirst(source, 'block-unclosed')).toBe(
			"Het blok 'stelling' dat hier begint wordt niet afgesloten. Sluit het blok af met een regel met alleen ::: eronder. Staat er een blok in (zoals docent), dan heeft dat een eigen ::: nodig."
		);
	});

	it('counts the ::: lines a block with an open block inside it still needs', () => {
		const source = lessonWithBody('## Stap\n:::stelling {#a}\nTekst.\n:::docent\nLet op.\n## Volgende\nTekst.');
		const problem = problemsOf(source).find((p) => p.code === 'block-unclosed');
		expect(problem).toMatchObject({ line: bodyLine(2), params: { type: 'stelling', missing: 2 } });
		expect(describeProblem(problem!, 'nl')).toContain('er ontbreken 2 regels met alleen :::');
		expect(describeProblem(problem!, 'en')).toContain('2 lines containing only ::: are missing');
	});

	// Left out: the safety codes (the sanitiser fixes those itself), the codes that end with a
	// 'did you mean', and those whose one sentence already is the rule to follow.
	const selfExplaining: ProblemCode[] = ['unsafe-html', 'unsafe-attribute', 'unsafe-link', 'block-unknown-type', 'field-unknown', 'compare-unknown', 'compare-not-earlier', 'compare-mismatch', 'block-id-invalid', 'block-options-missing'];
	it.each(problemCodes.filter((code) => !selfExplaining.includes(code)))(
		'gives a way out for %s, not only the diagnosis',
		(code) => {
			const params = { field: 'f', type: 't', id: 'i', target: 'g', first: 1, found: 'number', expected: 'version', value: 'v', allowed: 'a', attribute: 'x', title: 'T', header: 'h', detail: 'd', option: 'o', slug: 's', other: 'o', file: 'f.md', parent: 'p', missing: 1, min: 1, max: 2 };
			const sentence = describeProblem({ line: 1, code, params }, 'nl');
			// Two sentences at least: what is wrong, then what to do (or what the value should be).
			expect(sentence.split(/[.:?!]\s/).length, sentence).toBeGreaterThan(1);
		}
	);
});

describe('frontmatter values of the wrong type', () => {
	const typeProblem = (field: string, line: string) =>
		problemsOf(replaceField(field, line)).find((problem) => problem.code === 'field-type');

	it('reports version: 1.0 as a number where the text "1.0" is meant, and says how to quote it', () => {
		const problem = typeProblem('version', 'version: 1.0')!;
		expect(problem.params).toMatchObject({ found: 'number', value: '1.0' });
		expect(describeProblem(problem, 'nl')).toBe(
			"Het veld 'version' is een getal (1.0), maar hier hoort een tekst. Zet de waarde tussen aanhalingstekens: version: '1.0'"
		);
		expect(describeProblem(problem, 'en')).toBe(
			"The field 'version' is a number (1.0), but a text belongs here. Put the value in quotes: version: '1.0'"
		);
	});

	it.each([
		['title', 'title: 2024', 'number'],
		['title', 'title: true', 'boolean'],
		['summary', 'summary: [een, twee]', 'list'],
		['kind', 'kind: { soort: les }', 'map'],
		['language', 'language: 1', 'number'],
		['licence', 'licence: 4.0', 'number'],
		['duration', "duration: '50'", 'text'],
		['duration', 'duration: 50 minuten', 'text'],
		['duration', 'duration: [50]', 'list'],
		['goals', 'goals: 3', 'number'],
		['goals', 'goals: { a: b }', 'map'],
		['authors', 'authors: [Anne, 2024]', 'number'],
		['themes', 'themes: [polarisatie, true]', 'boolean'],
		['summary', 'summary: 12345678901', 'number']
	])('reports %s written as `%s` as %s', (field, line, found) => {
		const problem = typeProblem(field, line);
		expect(problem, JSON.stringify(problemsOf(replaceField(field, line)))).toMatchObject({
			line: lineOfField(field),
			params: { field, found }
		});
		expect(describeProblem(problem!, 'nl')).not.toMatch(/undefined|\{\w+\}/);
	});

	it('tells an author to write minutes as a bare number', () => {
		expect(describeProblem(typeProblem('duration', "duration: '50'")!, 'nl')).toContain(
			'Schrijf alleen een heel getal, zonder aanhalingstekens of woorden, bijvoorbeeld duration: 50'
		);
	});

	it('shows a list item of the wrong type as written', () => {
		expect(typeProblem('authors', 'authors: [Anne, 2024]')!.params.value).toBe('2024');
	});

	it('accepts a single text where a list is meant, and a quoted version', () => {
		expect(problemsOf(replaceField('audience', 'audience: mbo'))).toEqual([]);
		expect(problemsOf(replaceField('audience', 'audience: [ouders]'))).toEqual([]);
		expect(problemsOf(replaceField('version', 'version: "2.1.3"'))).toEqual([]);
	});
});

describe('themes', () => {
	const withThemes = (line: string) => replaceField('themes', line);

	it('suggests the closest known theme for an unknown one', () => {
		const problem = problemsOf(withThemes('themes: [polarizatie]'))[0];
		expect(problem).toMatchObject({ code: 'field-invalid', params: { value: 'polarizatie', suggestion: 'polarisatie' } });
		expect(describeProblem(problem, 'nl')).toContain("Bedoel je 'polarisatie'?");
	});

	it("accepts a deployment's own theme only where it is configured", () => {
		expect(problemsOf(withThemes('themes: [nepnieuws]'))[0]).toMatchObject({ code: 'field-invalid' });
		const result = parseLesson(withThemes('themes: [nepnieuws, polarisatie]'), 'test', { extraThemes: ['nepnieuws'] });
		expect(result.problems).toEqual([]);
		expect(result.lesson!.meta.themes).toEqual(['nepnieuws', 'polarisatie']);
	});

	it("suggests a deployment's own theme and lists it with the known ones", () => {
		const problem = parseLesson(withThemes('themes: [nepniews]'), 'test', { extraThemes: ['nepnieuws'] }).problems[0];
		expect(problem.params).toMatchObject({ suggestion: 'nepnieuws' });
		expect(String(problem.params.allowed)).toMatch(/^polarisatie, .*signaleren, nepnieuws$/);
	});

	it('suggests the closest choice for other fields too', () => {
		expect(problemsOf(replaceField('audience', 'audience: [vo-bovebouw]'))[0].params).toMatchObject({
			suggestion: 'vo-bovenbouw'
		});
		expect(problemsOf(replaceField('kind', 'kind: lessen'))[0].params).toMatchObject({ suggestion: 'lesson' });
	});
});

describe('the slug field', () => {
	it('takes an optional slug that can be a web address', () => {
		const result = parseLesson(withFrontmatter([...validFields, 'slug: mijn-les']), 'mijn-les');
		expect(result.problems).toEqual([]);
		expect(result.lesson!.meta.slug).toBe('mijn-les');
		expect(parseLesson(lessonWithBody('## Stap\nTekst.'), 'x').lesson!.meta.slug).toBeNull();
	});

	it.each(['../etc/passwd', 'Mijn Les', 'a/b', 'a\\b', '-a', 'a--b'])('refuses the slug %s', (slug) => {
		const problem = problemsOf(withFrontmatter([...validFields, `slug: '${slug}'`]))[0];
		expect(problem).toMatchObject({ code: 'field-invalid', params: { field: 'slug', expected: 'slug' } });
	});
});

describe('frontmatter that is not YAML', () => {
	const after = (...lines: string[]) => withFrontmatter([...validFields, ...lines]);
	const next = validFields.length + 2;
	const yamlCases: { name: string; source: string; line: number; trouble: YamlTrouble; nl: RegExp; en: RegExp }[] = [
		{ name: 'a field written twice', source: after('title: Nog een titel'), line: next, trouble: 'duplicate-field', nl: /^Het veld 'title' staat twee keer in de kop \(regel 2 en 13\)\./, en: /^The field 'title' is in the frontmatter twice \(lines 2 and 13\)\./ },
		{ name: 'a tab as indentation', source: after('materials:', '\t- Papier'), line: next + 1, trouble: 'tab', nl: /met een tab\. Gebruik spaties/, en: /with a tab\. Use spaces/ },
		{ name: 'list items indented unevenly', source: after('materials:', '  - Papier', ' - Pen'), line: next + 2, trouble: 'indent', nl: /springt anders in/, en: /indented differently/ },
		{ name: 'a field indented under another', source: after('  preparation: Lees'), line: next, trouble: 'indent', nl: /springt anders in/, en: /indented differently/ },
		{ name: 'a list never closed', source: after('materials: [Papier, Pen', 'preparation: Lees'), line: next + 1, trouble: 'list-unclosed', nl: /^Wat met \[ begint, wordt niet gesloten\. Zet \]/, en: /^What starts with \[ is never closed\. Put \]/ },
		{ name: 'a group never closed', source: after('materials: {Papier', 'preparation: Lees'), line: next + 1, trouble: 'list-unclosed', nl: /met \{ begint.*Zet \}/, en: /with \{ is never closed\. Put \}/ },
		{ name: 'a list item on the field line', source: after('materials: - Papier'), line: next, trouble: 'list-on-field-line', nl: /op de regel van het veld/, en: /on the field's own line/ },
		{ name: 'a list in brackets that goes on with a dash', source: after('materials: [Papier,', ' - Pen]'), line: next + 1, trouble: 'block-in-list', nl: /loopt door op een volgende regel/, en: /continues on a next line/ },
		{ name: 'a comma missing in a list', source: after('materials: ["Papier" "Pen"]'), line: next, trouble: 'comma-missing', nl: /ontbreekt een komma/, en: /comma is missing/ },
		{ name: 'a colon inside a value', source: after('preparation: Lees vooraf: de casus'), line: next, trouble: 'colon-in-value', nl: /^De waarde van 'preparation' bevat een dubbele punt.*preparation: "…"/, en: /^The value of 'preparation' contains a colon.*preparation: "…"/ },
		{ name: 'a line without a colon', source: after('preparation'), line: next, trouble: 'colon-missing', nl: /geen dubbele punt/, en: /has no colon/ },
		{ name: 'a quote never closed', source: after('preparation: "Lees de casus', 'x: y'), line: next + 1, trouble: 'quote-unclosed', nl: /aanhalingsteken wordt niet gesloten/, en: /quote is never closed/ },
		{ name: 'text after a quoted value', source: after('preparation: "Lees" de casus'), line: next, trouble: 'text-after-value', nl: /staat nog tekst/, en: /more text after/ },
		{ name: 'an unknown backslash in double quotes', source: after('preparation: "Map C:\\lessen"'), line: next, trouble: 'bad-escape', nl: /backslash/, en: /backslash/ },
		{ name: 'a value starting with @', source: after('preparation: @docent lees'), line: next, trouble: 'special-character', nl: /iets bijzonders betekent/, en: /something special/ },
		{ name: 'Markdown emphasis read as a reference', source: after('preparation: *Lees* de casus'), line: next, trouble: 'special-character', nl: /aanhalingstekens/, en: /quotes/ },
		{ name: 'a reference to nothing', source: after('preparation: *Lees*'), line: next, trouble: 'special-character', nl: /aanhalingstekens/, en: /quotes/ },
		{ name: 'two anchors', source: after('preparation: &a &b Lees'), line: next, trouble: 'special-character', nl: /aanhalingstekens/, en: /quotes/ },
		{ name: 'a line with only ...', source: after('...', 'preparation: Lees'), line: next + 1, trouble: 'document-end', nl: /alleen \.\.\./, en: /only \.\.\./ },
		{ name: 'a field name over 1024 characters', source: after(`${'x'.repeat(1100)}: y`), line: next, trouble: 'key-too-long', nl: /te lang voor een veldnaam/, en: /too long for a field name/ },
		{
			name: 'references that multiply',
			source: withFrontmatter(['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', ...validFields]),
			line: 3,
			trouble: 'too-many-references',
			nl: /verwijst te vaak/,
			en: /refers to other values too often/
		}
	];

	it.each(yamlCases)('says what is wrong with $name, at its line, in Dutch and English', ({ source, line, trouble, nl, en }) => {
		const problems = problemsOf(source);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({ code: 'frontmatter-yaml', line, params: { detail: trouble } });
		const dutch = describeProblem(problems[0], 'nl');
		const english = describeProblem(problems[0], 'en');
		expect(dutch).toMatch(nl);
		expect(english).toMatch(en);
		for (const sentence of [dutch, english]) expect(sentence).not.toMatch(/[A-Z]{3,}_[A-Z_]+|undefined|\{\w+\}/);
		// The general hint about indentation is only for the troubles it fits.
		if (trouble !== 'indent') expect(dutch).not.toMatch(/inspringing/);
	});

	it('names the file and line of a duplicated field as the command line prints it', () => {
		const problem = problemsOf(after('title: Nog een titel'))[0];
		expect(formatProblem('lessons/les.md', problem, 'nl')).toBe(
			"lessons/les.md:13: Het veld 'title' staat twee keer in de kop (regel 2 en 13). Laat er één staan."
		);
	});

	it('has a trouble with a sentence in both languages for every error code of the yaml package', () => {
		expect(Object.keys(troubleOfYamlCode).length).toBeGreaterThanOrEqual(23);
		for (const trouble of new Set([...Object.values(troubleOfYamlCode), ...yamlTroubles])) {
			for (const locale of ['nl', 'en'] as const) {
				const params = { detail: trouble, field: 'title', first: 2, line: 9, opening: '[', closing: ']' };
				const sentence = describeProblem({ line: 9, code: 'frontmatter-yaml', params }, locale);
				expect(sentence.length, trouble).toBeGreaterThan(30);
				expect(sentence).not.toMatch(/undefined|\{\w+\}|[A-Z]{3,}_/);
			}
		}
		const covered = new Set(yamlCases.map((yamlCase) => yamlCase.trouble));
		expect(yamlTroubles.filter((trouble) => !covered.has(trouble))).toEqual(['key-not-text', 'other']);
	});
});

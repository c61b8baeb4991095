import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BoardBlock, Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { answerBlockTypes } from '../../../src/lib/lessons/vocabulary.ts';
import { bodyLine, lessonWithBody } from './lesson-source.ts';

const source = readFileSync(new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url), 'utf8');

function parsed(): Lesson {
	const result = parseLesson(source, 'alle-blokken');
	expect(result.problems).toEqual([]);
	return result.lesson!;
}

function blocks(lesson: Lesson): BoardBlock[] {
	return lesson.steps.flatMap((step) =>
		step.board.flatMap((part) => (part.kind === 'block' ? [part.block] : []))
	);
}

function block(id: string): BoardBlock {
	const found = blocks(parsed()).find((candidate) => candidate.id === id);
	if (!found) throw new Error(`no block ${id}`);
	return found;
}

describe('parseLesson', () => {
	it('reads the frontmatter into typed metadata with defaults filled in', () => {
		const { meta } = parsed();
		expect(meta).toMatchObject({
			title: 'Alle blokken',
			kind: 'lesson',
			themes: ['polarisatie', 'democratie'],
			audience: ['vo-onderbouw', 'mbo'],
			duration: 50,
			language: 'nl',
			version: '1.2',
			sensitivity: 'high',
			performance: null,
			phase: null
		});
	});

	it('makes a step of every level-two heading, in order, with its line', () => {
		const lesson = parsed();
		expect(lesson.steps.map((step) => step.title)).toEqual([
			'Landen en gespreksregels',
			'Wat weten we al?',
			'Perspectieven',
			'Verdieping',
			'Reflectie'
		]);
		expect(lesson.steps.map((step) => step.number)).toEqual([1, 2, 3, 4, 5]);
		expect(lesson.steps[0].line).toBe(source.split('\n').indexOf('## Landen en gespreksregels') + 1);
	});

	it('keeps text before the first step as the teacher introduction', () => {
		const lesson = parsed();
		expect(lesson.introduction).toContain('Inleiding voor de docent.');
		expect(lesson.introductionNotes.map((note) => note.html)).toEqual([
			'<p>Notitie bij de inleiding.</p>\n'
		]);
	});

	it('parses every answer block type and the ground rules', () => {
		const types = new Set(blocks(parsed()).map((candidate) => candidate.type));
		for (const type of [...answerBlockTypes, 'gespreksregels']) expect(types).toContain(type);
	});

	it('reads a poll with its options and attributes', () => {
		expect(block('bronnen')).toMatchObject({
			type: 'poll',
			prompt: '<p>Waar haal je nieuws vandaan?</p>\n',
			options: [
				{ index: 0, text: 'Sociale media' },
				{ index: 1, text: 'Televisie' },
				{ index: 2, text: 'Vrienden' }
			],
			settings: { multiple: true, minAnswers: 3, reveal: 'live', pass: true }
		});
	});

	it('hides a stelling until revealed by default and reads its reason flag', () => {
		expect(block('voor').settings).toMatchObject({ reveal: 'manual', reason: true, pass: true, minAnswers: 5 });
	});

	it('links a before/after pair and honours pass=false', () => {
		expect(block('na').settings).toMatchObject({ compareWith: 'voor', pass: false });
	});

	it('reads the settings of each block type', () => {
		expect(block('start').settings.scale).toBe('emoji');
		expect(block('woorden').settings.words).toBe(2);
		expect(block('debat').settings.timerMinutes).toBe(7);
		expect(block('waarom').settings.maxLength).toBe(200);
		expect(block('stil').settings).toMatchObject({ replies: true, multiple: true });
		expect(block('feestje').settings).toMatchObject({ reason: true, reveal: 'manual' });
		expect(block('vertrouwen').options.map((option) => option.text)).toEqual(['Geen', 'Veel']);
		expect(block('hoeken').options).toHaveLength(4);
		expect(block('afsluiting').options.map((option) => option.text)).toEqual([
			'Wat neem je mee?',
			'Wat wil je nog weten?'
		]);
		expect(block('regels').options).toHaveLength(2);
	});

	it('keeps a casus scene as its prompt and its list as choices', () => {
		const casus = block('feestje');
		expect(casus.prompt).toContain('Sam hoort een grap');
		expect(casus.options.map((option) => option.text)).toEqual(['Meelachen', 'Er iets van zeggen']);
	});

	it('keeps teacher notes out of the board, attached to their step and block', () => {
		const lesson = parsed();
		const perspectives = lesson.steps[2];
		expect(perspectives.teacher).toEqual([
			expect.objectContaining({ type: 'docent', forBlock: 'voor', html: '<p>Geheime aanwijzing bij de stelling.</p>\n' })
		]);
		const deepening = lesson.steps[3];
		expect(deepening.teacher[0]).toMatchObject({ type: 'vervolgvragen', forBlock: 'waarom' });
		const boardJson = JSON.stringify(lesson.steps.map((step) => step.board));
		expect(boardJson).not.toContain('Geheime aanwijzing');
		expect(boardJson).not.toContain('Wat bedoel je met boos');
		expect(boardJson).not.toContain('Sluit af met waar');
	});

	it('renders board Markdown as sanitised HTML', () => {
		const lesson = parsed();
		expect(lesson.steps[0].board[0]).toEqual({
			kind: 'markdown',
			html: '<p>Welkom bij <strong>de les</strong>.</p>\n'
		});
	});

	it('accepts Windows line endings and a byte order mark', () => {
		const windows = '\uFEFF' + source.replace(/\n/g, '\r\n');
		const result = parseLesson(windows, 'alle-blokken');
		expect(result.problems).toEqual([]);
		expect(blocks(result.lesson!).map((candidate) => candidate.id)).toEqual(blocks(parsed()).map((candidate) => candidate.id));
	});

	it('lets a directive interrupt a paragraph without a blank line', () => {
		const result = parseLesson(lessonWithBody('## Stap\nTekst vlak boven het blok.\n:::stelling {#s}\nStelling.\n:::\n'), 'x');
		expect(result.problems).toEqual([]);
		expect(result.lesson!.steps[0].board.map((part) => part.kind)).toEqual(['markdown', 'block']);
	});

	it('does not read directives inside a fenced code block', () => {
		const result = parseLesson(lessonWithBody('## Stap\n\n```\n:::onzin {#x}\n:::\n```\n'), 'x');
		expect(result.problems).toEqual([]);
		expect(result.lesson!.steps[0].board[0].kind).toBe('markdown');
	});

	it('gives each block the file line of its opening fence', () => {
		const result = parseLesson(lessonWithBody('\n## Stap\n\nTekst.\n\n:::stelling {#s}\nStelling.\n:::\n'), 'x');
		const first = result.lesson!.steps[0].board[1];
		expect(first.kind === 'block' && first.block.line).toBe(bodyLine(6));
	});
});

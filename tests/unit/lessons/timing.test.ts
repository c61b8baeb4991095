import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { describeWarning, formatWarning } from '../../../src/lib/lessons/problem-messages.ts';
import { minutesNamed } from '../../../src/lib/lessons/timing.ts';
import { bodyLine, lessonWithBody } from './lesson-source.ts';

// duration: 50 in the test frontmatter, on line 7.
const durationLine = 7;

function warningsOf(body: string) {
	const result = parseLesson(lessonWithBody(body), 'tijd');
	expect(result.problems).toEqual([]);
	return result.warnings ?? [];
}

/** A step with a teacher note whose first line is the time line. */
const step = (title: string, time: string, note = '', board = 'Tekst.') =>
	`## ${title}\n\n${board}\n\n:::docent\n${time}\n\n${note}\n:::\n\n`;

describe('the minutes of a lesson', () => {
	it('give no warning when the phases add up to the duration and every part fits', () => {
		const body =
			step('Landen', '**Tijd: 5 minuten.**') +
			step('Verkennen', '**Tijd: 20 minuten** (uitleg 8, stelling 12).', 'Laat ze 3 tot 4 minuten schrijven.') +
			step('Verdieping', '**Tijd: 20 minuten** (stil debat 10, casus 10).') +
			step('Afsluiting', '**Tijd: 5 minuten.**');
		expect(warningsOf(body)).toEqual([]);
	});

	it('give no warning to a lesson without any time line', () => {
		expect(warningsOf('## Stap\n\n:::docent\nLaat ze 90 minuten schrijven.\n:::\n')).toEqual([]);
	});

	it('warn at the duration when the phases add up to more or less than the lesson takes', () => {
		const over = step('Een', '**Tijd: 30 minuten.**') + step('Twee', '**Tijd: 25 minuten.**');
		expect(warningsOf(over)).toEqual([
			{ line: durationLine, code: 'time-total', params: { total: 55, duration: 50 } }
		]);
		const under = step('Een', '**Tijd: 30 minuten.**') + step('Twee', '**Tijd: 15 minuten.**');
		expect(warningsOf(under)[0]).toMatchObject({ code: 'time-total', params: { total: 45 } });
	});

	it('warn at the time line when its parts do not add up to it', () => {
		const body =
			step('Een', '**Tijd: 20 minuten** (woordwolk 3, stelling 5, vier hoeken 7).') +
			step('Twee', '**Tijd: 30 minuten.**');
		expect(warningsOf(body)).toEqual([
			{ line: bodyLine(6), code: 'time-parts', params: { minutes: 20, parts: 15 } }
		]);
	});

	it('read English time lines too', () => {
		const body =
			step('One', '**Time: 10 minutes** (debate 8, statement 4).') + step('Two', '**Time: 40 minutes.**');
		expect(warningsOf(body)).toEqual([
			{ line: bodyLine(6), code: 'time-parts', params: { minutes: 10, parts: 12 } }
		]);
	});

	it('warn at a note that names more minutes than its phase has', () => {
		const body =
			step('Een', '**Tijd: 10 minuten.**', 'Laat de eerste vijftien minuten alleen schrijven.') +
			step('Twee', '**Tijd: 40 minuten.**', 'Geef ze 3 tot 4 minuten.');
		expect(warningsOf(body)).toEqual([
			{
				line: bodyLine(8),
				code: 'time-mention',
				params: { minutes: 15, phase: 10, phaseLine: bodyLine(6) }
			}
		]);
	});

	it('count a step without a time line with the phase before it', () => {
		const body =
			step('Een', '**Tijd: 10 minuten.**') +
			'## Nog een stap\n\n:::docent\nDit duurt 12 minuten.\n:::\n\n' +
			step('Twee', '**Tijd: 40 minuten.**');
		const [warning] = warningsOf(body);
		expect(warning).toMatchObject({ code: 'time-mention', params: { minutes: 12, phase: 10 } });
	});

	it('look at notes only, not at what the board says', () => {
		const body =
			step('Een', '**Tijd: 10 minuten.**', '', 'De voorstelling duurt 45 minuten.') +
			step('Twee', '**Tijd: 40 minuten.**');
		expect(warningsOf(body)).toEqual([]);
	});

	it('warn when a lagerhuis timer runs longer than its phase', () => {
		const body =
			'## Debat\n\n:::lagerhuis {#debat tijd=8}\nStelling.\n:::\n\n:::docent\n**Tijd: 6 minuten.**\n:::\n\n' +
			step('Rest', '**Tijd: 44 minuten.**');
		expect(warningsOf(body)).toEqual([
			{ line: bodyLine(3), code: 'time-timer', params: { minutes: 8, phase: 6, phaseLine: bodyLine(8) } }
		]);
	});

	it('say what does not fit in words, with the line of the phase', () => {
		const body = step('Een', '**Tijd: 10 minuten.**', 'Laat ze 12 minuten schrijven.') + step('Twee', '**Tijd: 40 minuten.**');
		const [warning] = warningsOf(body);
		expect(describeWarning(warning, 'nl')).toBe(
			`Deze notitie noemt 12 minuten, maar de fase waar hij in staat heeft er 10 (regel ${bodyLine(6)}).`
		);
		expect(formatWarning('lessons/tijd.md', warning, 'en')).toBe(
			`lessons/tijd.md:${bodyLine(8)}: warning: This note names 12 minutes, but the phase it is in has 10 (line ${bodyLine(6)}).`
		);
	});
});

describe('minutes named in a note', () => {
	it('are read from digits, number words and ranges, the larger end counting', () => {
		expect(minutesNamed('Laat ze 3 minuten schrijven.')).toEqual([3]);
		expect(minutesNamed('Geef ze 3 tot 4 minuten, daarna één minuut nabespreken.')).toEqual([4, 1]);
		expect(minutesNamed('De eerste vijf minuten alleen schrijven; 10 min. praten.')).toEqual([5, 10]);
		expect(minutesNamed('Three rounds of four minutes.')).toEqual([4]);
	});

	it('are not read from other numbers', () => {
		expect(minutesNamed('Na vijf jaar, in groep 7, met 25 leerlingen.')).toEqual([]);
		expect(minutesNamed('Een paar minuten.')).toEqual([]);
	});
});

// Minutes that hold: each phase of a lesson says its time in a teacher note, on a line of its own
// that starts with `**Tijd: 12 minuten**` (English `**Time: 12 minutes**`), optionally followed by
// its parts: `(stelling 5, vier hoeken 7)`. The parts add up to the phase, the phases add up to
// the lesson's `duration`, and no minutes a note names (or a lagerhuis timer) exceed the phase
// they are in. What does not fit is a warning, never a problem: the lesson still works in class.

import type { Lesson, LessonWarning } from './model.ts';
import { blockTypeNamed, isOneOf, teacherBlockTypes } from './vocabulary.ts';

/** `**Tijd: 12 minuten.** (stelling 5, vier hoeken 7).` at the start of a line of a teacher note. */
const timeLine =
	/^\s*\*\*(?:tijd|time):\s*(\d+)\s*(?:minuten|minuut|min|minutes|minute)\.?\*\*\.?(?:\s*\(([^)]*)\))?/i;
const openingLine = /^:{3,}[ \t]*([A-Za-z][\w-]*)/;
const closingLine = /^:{3,}[ \t]*$/;
const stepHeading = /^##[ \t]/;
const fence = /^\s*(```|~~~)/;

const numberWords: Record<string, number> = {
	een: 1,
	één: 1,
	twee: 2,
	drie: 3,
	vier: 4,
	vijf: 5,
	zes: 6,
	zeven: 7,
	acht: 8,
	negen: 9,
	tien: 10,
	elf: 11,
	twaalf: 12,
	vijftien: 15,
	twintig: 20,
	dertig: 30,
	one: 1,
	two: 2,
	three: 3,
	four: 4,
	five: 5,
	six: 6,
	seven: 7,
	eight: 8,
	nine: 9,
	ten: 10,
	eleven: 11,
	twelve: 12,
	fifteen: 15,
	twenty: 20,
	thirty: 30
};
const amount = `\\d+|${Object.keys(numberWords).join('|')}`;
/** `3 minuten`, `3 tot 4 minuten`, `vijf minuten`, `10 min.`: the larger number of a range counts. */
const mentionPattern = new RegExp(
	`(?<![\\p{L}\\d])(${amount})(?:\\s*(?:-|–|tot|à|of|to|or)\\s*(${amount}))?\\s*(?:minuten|minuut|minutes|minute|min\\.?)(?![\\p{L}])`,
	'giu'
);

const valueOf = (word: string): number => numberWords[word.toLowerCase()] ?? Number(word);

/** Every number of minutes a line of a note names, with the larger end of a range. */
export function minutesNamed(text: string): number[] {
	return [...text.matchAll(mentionPattern)].map((match) =>
		Math.max(valueOf(match[1]), match[2] ? valueOf(match[2]) : 0)
	);
}

interface Phase {
	line: number;
	minutes: number;
	/** Index of the step the time line is in. */
	step: number;
}

/**
 * Checks the time lines of a parsed lesson against its source. A lesson without any time line
 * gets no warning: timing is the author's to add, and once added it has to hold.
 */
export function checkTiming(
	source: string,
	lesson: Lesson,
	bodyLine: number,
	durationLine: number
): LessonWarning[] {
	const lines = source.split('\n');
	const stepLines = lesson.steps.map((step) => step.line);
	const stepOf = (line: number) => {
		let index = -1;
		for (const [position, stepLine] of stepLines.entries()) if (stepLine <= line) index = position;
		return index;
	};

	const phases: Phase[] = [];
	const mentions: { line: number; minutes: number }[] = [];
	const warnings: LessonWarning[] = [];
	const open: string[] = [];
	let inFence = false;

	for (let index = bodyLine - 1; index < lines.length; index += 1) {
		const text = lines[index];
		const line = index + 1;
		if (fence.test(text)) inFence = !inFence;
		if (inFence) continue;
		if (stepHeading.test(text)) open.length = 0; // a step ends any block left open
		const opening = openingLine.exec(text);
		if (opening) {
			open.push(blockTypeNamed(opening[1]) ?? opening[1].toLowerCase());
			continue;
		}
		if (closingLine.test(text)) {
			open.pop();
			continue;
		}
		if (!open.some((type) => isOneOf(teacherBlockTypes, type))) continue;

		const time = timeLine.exec(text);
		let rest = text;
		if (time) {
			const minutes = Number(time[1]);
			phases.push({ line, minutes, step: stepOf(line) });
			const parts = (time[2] ?? '')
				.split(',')
				.map((part) => /(\d+)\s*(?:min\w*\.?)?\s*$/i.exec(part.trim()))
				.filter((match) => match !== null)
				.map((match) => Number(match[1]));
			const sum = parts.reduce((total, part) => total + part, 0);
			if (parts.length > 0 && sum !== minutes) {
				warnings.push({ line, code: 'time-parts', params: { minutes, parts: sum } });
			}
			rest = text.slice(time[0].length);
		}
		for (const minutes of minutesNamed(rest)) mentions.push({ line, minutes });
	}

	if (phases.length === 0) return [];

	const total = phases.reduce((sum, phase) => sum + phase.minutes, 0);
	if (total !== lesson.meta.duration) {
		warnings.push({
			line: durationLine,
			code: 'time-total',
			params: { total, duration: lesson.meta.duration }
		});
	}

	/** The phase a line belongs to: the time line of its step above it, else the step's first, else the one before. */
	const phaseOf = (line: number): Phase => {
		const step = stepOf(line);
		const ofStep = phases.filter((phase) => phase.step === step);
		const above = ofStep.filter((phase) => phase.line <= line).at(-1) ?? ofStep[0];
		if (above) return above;
		return phases.filter((phase) => phase.line <= line).at(-1) ?? phases[0];
	};

	for (const mention of mentions) {
		const phase = phaseOf(mention.line);
		if (mention.minutes > phase.minutes) {
			warnings.push({
				line: mention.line,
				code: 'time-mention',
				params: { minutes: mention.minutes, phase: phase.minutes, phaseLine: phase.line }
			});
		}
	}
	for (const step of lesson.steps) {
		for (const part of step.board) {
			if (part.kind !== 'block' || part.block.type !== 'lagerhuis') continue;
			const phase = phaseOf(part.block.line);
			const minutes = part.block.settings.timerMinutes;
			if (minutes > phase.minutes) {
				warnings.push({
					line: part.block.line,
					code: 'time-timer',
					params: { minutes, phase: phase.minutes, phaseLine: phase.line }
				});
			}
		}
	}
	return warnings.sort((a, b) => a.line - b.line);
}

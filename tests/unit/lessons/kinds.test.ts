import { describe, expect, it } from 'vitest';
import { blockRules } from '../../../src/lib/lessons/blocks.ts';
import {
	answerOf,
	blockHeadline,
	blockKinds,
	isTapType,
	isWrittenType,
	kindOf,
	wordsWait
} from '../../../src/lib/lessons/kinds.ts';

describe('the table of block kinds', () => {
	it('knows every block type the format has, and no other', () => {
		expect(Object.keys(blockKinds).toSorted()).toEqual(Object.keys(blockRules).toSorted());
	});

	it('tells written blocks from tapped ones and from the ground rules', () => {
		expect(isWrittenType('open')).toBe(true);
		expect(isWrittenType('exit-ticket')).toBe(true);
		expect(isWrittenType('stelling')).toBe(false);
		expect(isTapType('stelling')).toBe(true);
		expect(isTapType('gespreksregels')).toBe(false);
		expect(isWrittenType('gespreksregels')).toBe(false);
		expect(isTapType('docent')).toBe(false);
	});

	it('keeps exit tickets for the teacher alone, off every wall', () => {
		expect(kindOf('exit-ticket')).toMatchObject({ teacherOnly: true, wall: false });
		expect(kindOf('vragenbus')).toMatchObject({ wholeLesson: true, wall: true });
	});

	it('knows the word cloud, the questions of an exit ticket and the end of a lesson by their columns', () => {
		const where = (column: 'words' | 'questions' | 'closing') =>
			Object.entries(blockKinds)
				.filter(([, kind]) => kind[column])
				.map(([type]) => type);
		expect(where('words')).toEqual(['woordwolk']);
		expect(where('questions')).toEqual(['exit-ticket']);
		expect(where('closing')).toEqual(['exit-ticket']);
	});

	it('counts a thermometer from 1 and every other kind from 0', () => {
		const fromOne = Object.entries(blockKinds)
			.filter(([, kind]) => kind.firstPosition === 1)
			.map(([type]) => type);
		expect(fromOne).toEqual(['thermometer']);
	});

	it('letters the options of polls, cases and four corners only', () => {
		const lettered = Object.entries(blockKinds)
			.filter(([, kind]) => kind.lettered)
			.map(([type]) => type);
		expect(lettered.toSorted()).toEqual(['casus', 'poll', 'vier-hoeken']);
	});

	it('lets words wait for the teacher only where the board can show them; exit tickets are read', () => {
		const read = Object.entries(blockKinds)
			.filter(([, kind]) => kind.responses === 'read')
			.map(([type]) => type);
		expect(read).toEqual(['exit-ticket']);
		// What is read never waits, and only what the teacher alone reads is read.
		for (const kind of Object.values(blockKinds))
			expect(kind.responses === 'read').toBe(kind.teacherOnly);
		expect(wordsWait('open')).toBe(true);
		expect(wordsWait('vragenbus')).toBe(true);
		// A stelling's reasons can stand on the board per position, so they wait with 'Toon'.
		expect(wordsWait('stelling')).toBe(true);
		expect(wordsWait('exit-ticket')).toBe(false);
		// What a class suggests to add to its ground rules waits too: the board shows it under them.
		expect(wordsWait('gespreksregels')).toBe(true);
		expect(wordsWait('tweegesprek')).toBe(false);
	});

	it('names a block by its prompt, and an exit ticket by its questions, in one shortened line', () => {
		const block = (type: 'open' | 'exit-ticket', prompt: string, questions: string[] = []) => ({
			type,
			prompt,
			options: questions.map((text) => ({ text }))
		});
		expect(blockHeadline(block('open', '<p>Wat heb <em>jij</em> nodig?</p>'))).toBe(
			'Wat heb jij nodig?'
		);
		expect(
			blockHeadline(
				block('exit-ticket', '<p>Voordat je gaat:</p>', ['Welke regel vind jij belangrijk?', 'Nog iets?'])
			)
		).toBe('Welke regel vind jij belangrijk? · Nog iets?');
		const long = blockHeadline(
			block('exit-ticket', '', [
				'Wat is het verschil tussen democratie en rechtsstaat? Zeg het in één zin.',
				'Welke manier om invloed te hebben zou jij kiezen, en waarvoor?'
			]),
			60
		);
		expect(long.length).toBeLessThanOrEqual(60);
		expect(long).toBe('Wat is het verschil tussen democratie en rechtsstaat? Zeg…');
		expect(blockHeadline(block('open', '<p>Tom &amp; Jerry &lt;3</p>'))).toBe('Tom & Jerry <3');
	});

	it('gives the lagerhuis and the tweegesprek a speaking timer', () => {
		const timed = Object.entries(blockKinds)
			.filter(([, kind]) => kind.timed)
			.map(([type]) => type);
		expect(timed).toEqual(['lagerhuis', 'tweegesprek']);
	});

	it('pairs only across answers that lie on a line, and lets only the ground rules be agreed to', () => {
		const where = (test: (kind: (typeof blockKinds)[keyof typeof blockKinds]) => boolean) =>
			Object.entries(blockKinds)
				.filter(([, kind]) => test(kind))
				.map(([type]) => type);
		expect(where((kind) => kind.pairable)).toEqual(['stelling', 'positielijn', 'thermometer']);
		expect(where((kind) => kind.agreement)).toEqual(['gespreksregels']);
		expect(where((kind) => kind.answer === 'talk')).toEqual(['tweegesprek']);
	});

	it('takes one tap of ground rules only where the author lets the class agree to them', () => {
		const rules = (agree: boolean) => ({ type: 'gespreksregels' as const, settings: { agree } });
		expect(answerOf(rules(true))).toBe('tap');
		expect(answerOf(rules(false))).toBe('none');
		expect(answerOf({ type: 'stelling', settings: { agree: false } })).toBe('tap');
	});
});

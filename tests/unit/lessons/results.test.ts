import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/lib/lessons/blocks.ts';
import type { AnswerValue } from '../../../src/lib/lessons/answers.ts';
import type { BlockSettings, BoardBlock } from '../../../src/lib/lessons/model.ts';
import {
	countsOf,
	presentResults,
	tallyFromCounts,
	resultRows,
	share,
	tallyAnswers,
	wordState,
	type WordScreen
} from '../../../src/lib/lessons/results.ts';

function block(type: BoardBlock['type'], options = 0, settings: Partial<BlockSettings> = {}): BoardBlock {
	return {
		id: `${type}-1`,
		type,
		line: 1,
		prompt: '<p>?</p>',
		options: Array.from({ length: options }, (_, index) => ({ index, html: `o${index}`, text: `o${index}` })),
		settings: { ...defaultSettings, ...settings }
	};
}

const scale = (value: number) => ({ kind: 'scale' as const, value });

describe('the order of a chart’s bars', () => {
	it('reads a stelling from helemaal oneens to helemaal eens, with weet niet after the scale', () => {
		const stelling = block('stelling');
		const tally = tallyAnswers(stelling, [scale(0), scale(1), scale(5), scale(5), scale(3)]);
		expect(resultRows(stelling, tally.distribution)).toEqual([
			{ label: 1, count: 1, extra: false },
			{ label: 2, count: 0, extra: false },
			{ label: 3, count: 1, extra: false },
			{ label: 4, count: 0, extra: false },
			{ label: 5, count: 2, extra: false },
			{ label: 0, count: 1, extra: true }
		]);
	});

	it('reads a thermometer from 1 to 5, each bar naming its mood', () => {
		const thermometer = block('thermometer');
		const tally = tallyAnswers(thermometer, [scale(1), scale(4), scale(4)]);
		expect(resultRows(thermometer, tally.distribution).map(({ label, count }) => [label, count])).toEqual([
			[0, 1],
			[1, 0],
			[2, 0],
			[3, 2],
			[4, 0]
		]);
	});

	it('keeps a poll’s options in the lesson’s order', () => {
		const poll = block('poll', 3);
		const tally = tallyAnswers(poll, [{ kind: 'choice', options: [2] }, { kind: 'choice', options: [2] }]);
		expect(resultRows(poll, tally.distribution).map(({ label, count }) => [label, count])).toEqual([
			[0, 0],
			[1, 0],
			[2, 2]
		]);
	});

	it('has no bars for a position line or a word cloud', () => {
		const line = block('positielijn', 2);
		expect(resultRows(line, tallyAnswers(line, [{ kind: 'position', value: 40 }]).distribution)).toEqual([]);
	});
});

describe('a share of the answers', () => {
	it('is a whole percentage, and 0 when nobody answered', () => {
		expect(share(1, 3)).toBe(33);
		expect(share(2, 3)).toBe(67);
		expect(share(0, 0)).toBe(0);
	});
});

describe('a word cloud: the teacher first, unless the author chose a live cloud', () => {
	const answers: AnswerValue[] = [
		{ kind: 'words', words: ['vrijheid', 'kutwoord'] },
		{ kind: 'words', words: ['Vrijheid', 'stemmen'] },
		{ kind: 'words', words: ['mening'] }
	];
	/** A filter that holds one word, and the teacher's decisions so far. */
	const screening =
		(decisions: Record<string, WordScreen['decision']> = {}) =>
		(word: string): WordScreen => ({
			flags: word === 'kutwoord' ? [{ kind: 'insult', match: 'kut' }] : [],
			decision: decisions[word] ?? null
		});
	const cloud = (direct: boolean, decisions?: Record<string, WordScreen['decision']>, given = answers) => {
		const target = block('woordwolk', 0, { direct, minAnswers: 1 });
		const tally = tallyAnswers(target, given, [], screening(decisions));
		return {
			board: presentResults(target, tally, { revealed: false, forTeacher: false }),
			teacher: presentResults(target, tally, { revealed: false, forTeacher: true })
		};
	};
	const boardWords = (results: ReturnType<typeof cloud>['board']) =>
		results.distribution?.kind === 'words' ? results.distribution.words.map((entry) => entry.word) : null;

	it('puts no word on the board before the teacher lets it through, and says how many wait', () => {
		const { board, teacher } = cloud(false);
		expect(board.distribution).toEqual({ kind: 'words', words: [], waiting: 4 });
		expect(board.words).toBeUndefined();
		expect(teacher.distribution).toEqual(board.distribution);
		expect(teacher.words).toEqual([
			{ word: 'vrijheid', count: 2, flags: [], decision: null, state: 'waiting' },
			{ word: 'kutwoord', count: 1, flags: [{ kind: 'insult', match: 'kut' }], decision: null, state: 'held' },
			{ word: 'mening', count: 1, flags: [], decision: null, state: 'waiting' },
			{ word: 'stemmen', count: 1, flags: [], decision: null, state: 'waiting' }
		]);
	});

	it('shows a live cloud’s words at once, but still holds what the filter flags', () => {
		const { board, teacher } = cloud(true);
		expect(boardWords(board)).toEqual(['vrijheid', 'mening', 'stemmen']);
		expect(board.distribution).toMatchObject({ waiting: 1 });
		expect(teacher.words?.map((entry) => entry.state)).toEqual(['shown', 'held', 'shown', 'shown']);
	});

	it('shows exactly the words the teacher let through, and the rest wait', () => {
		const { board } = cloud(false, { vrijheid: 'allowed' });
		expect(boardWords(board)).toEqual(['vrijheid']);
		expect(board.distribution).toMatchObject({ waiting: 3 });
	});

	it('keeps a word sent after the whole cloud was let through waiting', () => {
		// 'Toon alle woorden' let through every word that waited: vrijheid, mening, stemmen.
		const released = { vrijheid: 'allowed', mening: 'allowed', stemmen: 'allowed' } as const;
		const later = [...answers, { kind: 'words', words: ['hoop', 'vrijheid'] } as AnswerValue];
		const { board, teacher } = cloud(false, released, later);
		expect(boardWords(board)).toEqual(['vrijheid', 'mening', 'stemmen']);
		expect(board.distribution).toMatchObject({ waiting: 2 });
		expect(teacher.words?.find((entry) => entry.word === 'hoop')?.state).toBe('waiting');
		expect(teacher.words?.find((entry) => entry.word === 'vrijheid')?.count).toBe(3);
	});

	it('never counts a held word as waiting to be let through with the whole cloud', () => {
		for (const direct of [false, true]) {
			expect(wordState({ flags: [{ kind: 'slur', match: 'x' }], decision: null }, direct)).toBe('held');
		}
		expect(wordState({ flags: [{ kind: 'slur', match: 'x' }], decision: 'allowed' }, false)).toBe('shown');
	});

	it('takes a word the teacher removed off the board in either mode, and undoing it lets the mode decide again', () => {
		for (const direct of [false, true]) {
			const { board, teacher } = cloud(direct, { vrijheid: 'removed', mening: 'allowed' });
			expect(boardWords(board)).not.toContain('vrijheid');
			expect(boardWords(board)).toContain('mening');
			expect(teacher.words?.find((entry) => entry.word === 'vrijheid')?.state).toBe('removed');
		}
		expect(wordState({ flags: [], decision: null }, false)).toBe('waiting');
		expect(wordState({ flags: [], decision: null }, true)).toBe('shown');
	});

	it('gives the board nothing of the words below the minimum number of answers', () => {
		const target = block('woordwolk', 0, { minAnswers: 5 });
		const tally = tallyAnswers(target, answers, [], screening({ vrijheid: 'allowed' }));
		for (const forTeacher of [false, true]) {
			const shown = presentResults(target, tally, { revealed: true, forTeacher });
			expect(shown).toMatchObject({ distribution: null, withheld: 'too-few' });
			expect(shown.words).toBeUndefined();
		}
	});
});

describe('counts kept past retention', () => {
	it('keeps counts per option and gives the same chart back, without a reason', () => {
		const stelling = block('stelling', 0, { reason: true });
		const answers: AnswerValue[] = [
			{ kind: 'scale', value: 2, reason: 'omdat' },
			scale(2),
			scale(5),
			scale(0),
			{ kind: 'pass' }
		];
		const tally = tallyAnswers(stelling, answers);
		const kept = countsOf(tally)!;
		expect(kept).toEqual({ counts: [1, 0, 2, 0, 0, 1], answered: 4, passes: 1 });
		expect(tallyFromCounts(stelling, kept)).toEqual({ ...tally, reasons: [] });
	});

	it('counts the pupils of a poll with several choices, not their choices', () => {
		const poll = block('poll', 3, { multiple: true });
		const tally = tallyAnswers(poll, [
			{ kind: 'choice', options: [0, 1] },
			{ kind: 'choice', options: [1, 2] }
		]);
		const again = tallyFromCounts(poll, countsOf(tally)!)!;
		expect(again).toMatchObject({ answered: 2, distribution: { counts: [1, 2, 1] } });
		// A run kept without the number of pupils counts a one-choice block's answers.
		expect(tallyFromCounts(block('casus', 2), { counts: [3, 4] })).toMatchObject({ answered: 7, passes: 0 });
	});

	it('keeps nothing of a word cloud', () => {
		const cloud = block('woordwolk');
		expect(countsOf(tallyAnswers(cloud, [{ kind: 'words', words: ['vrijheid'] }]))).toBeNull();
		expect(tallyFromCounts(cloud, { counts: [1] })).toBeNull();
	});

	it('makes no chart of counts that do not fit the block', () => {
		expect(tallyFromCounts(block('stelling'), { counts: [1, 2, 3] })).toBeNull();
		expect(tallyFromCounts(block('poll', 2), { counts: [1, 2, 3] })).toBeNull();
		expect(tallyFromCounts(block('positielijn', 2), { counts: [1] })).toBeNull();
		expect(tallyFromCounts(block('poll', 2), { counts: [1, -2] })).toBeNull();
		expect(tallyFromCounts(block('poll', 2), { counts: [1, 0.5] })).toBeNull();
	});
});

import { describe, expect, it } from 'vitest';
import { checkAnswer, type AnswerValue } from '../../../src/lib/lessons/answers.ts';
import { defaultSettings } from '../../../src/lib/lessons/blocks.ts';
import type { BoardBlock, BlockSettings } from '../../../src/lib/lessons/model.ts';
import { presentResults, tallyAnswers } from '../../../src/lib/lessons/results.ts';

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

const poll = block('poll', 3);
const problem = (target: BoardBlock, value: unknown) => {
	const result = checkAnswer(target, value as AnswerValue);
	return result.ok ? null : result.problem;
};

describe('checking an answer against its block', () => {
	it('accepts one option of a poll and stores it as given', () => {
		expect(checkAnswer(poll, { kind: 'choice', options: [2] })).toEqual({ ok: true, value: { kind: 'choice', options: [2] } });
	});

	it('accepts several options only where the poll allows it, sorted', () => {
		expect(problem(poll, { kind: 'choice', options: [0, 1] })).toBe('one-option-only');
		const multiple = block('poll', 3, { multiple: true });
		expect(checkAnswer(multiple, { kind: 'choice', options: [2, 0] })).toEqual({ ok: true, value: { kind: 'choice', options: [0, 2] } });
		expect(problem(multiple, { kind: 'choice', options: [1, 1] })).toBe('duplicate-option');
	});

	it.each([[-1], [3], [1.5], [Number.NaN]])('refuses option %s', (option) => {
		expect(problem(poll, { kind: 'choice', options: [option] })).toBe('option-out-of-range');
	});

	it('refuses an empty choice and the wrong kind of answer', () => {
		expect(problem(poll, { kind: 'choice', options: [] })).toBe('empty-answer');
		expect(problem(poll, { kind: 'scale', value: 3 })).toBe('wrong-kind');
	});

	it('lets pupils pass unless the block forbids it', () => {
		expect(checkAnswer(poll, { kind: 'pass' }).ok).toBe(true);
		expect(problem(block('poll', 2, { pass: false }), { kind: 'pass' })).toBe('pass-not-allowed');
	});

	it('accepts a stelling from weet niet (0) to 5 with a trimmed reason where allowed', () => {
		const stelling = block('stelling', 0, { reason: true });
		expect(checkAnswer(stelling, { kind: 'scale', value: 0 }).ok).toBe(true);
		expect(checkAnswer(stelling, { kind: 'scale', value: 4, reason: '  omdat   het zo is ' })).toEqual({
			ok: true,
			value: { kind: 'scale', value: 4, reason: 'omdat het zo is' }
		});
		expect(problem(stelling, { kind: 'scale', value: 6 })).toBe('scale-out-of-range');
		expect(problem(stelling, { kind: 'scale', value: 3, reason: 'x'.repeat(141) })).toBe('reason-too-long');
		expect(problem(block('stelling'), { kind: 'scale', value: 3, reason: 'waarom' })).toBe('reason-not-allowed');
	});

	it('has no weet niet on a thermometer', () => {
		expect(problem(block('thermometer'), { kind: 'scale', value: 0 })).toBe('scale-out-of-range');
	});

	it('rounds a position and keeps it between the poles', () => {
		expect(checkAnswer(block('positielijn', 2), { kind: 'position', value: 33.6 })).toEqual({ ok: true, value: { kind: 'position', value: 34 } });
		expect(problem(block('positielijn', 2), { kind: 'position', value: 101 })).toBe('position-out-of-range');
	});

	it('takes up to the block’s number of words, trimmed and not too long', () => {
		const cloud = block('woordwolk', 0, { words: 2 });
		expect(checkAnswer(cloud, { kind: 'words', words: [' vrijheid ', '', 'stemmen'] })).toEqual({
			ok: true,
			value: { kind: 'words', words: ['vrijheid', 'stemmen'] }
		});
		expect(problem(cloud, { kind: 'words', words: ['a', 'b', 'c'] })).toBe('too-many-words');
		expect(problem(cloud, { kind: 'words', words: ['x'.repeat(31)] })).toBe('word-too-long');
		expect(problem(cloud, { kind: 'words', words: ['  '] })).toBe('empty-answer');
	});

	it('stores words and reasons without direction controls and invisible characters', () => {
		const cloud = block('woordwolk', 0, { words: 2 });
		expect(checkAnswer(cloud, { kind: 'words', words: ['\u202Erekkilf', 'vr\u200Bij\u00ADheid'] })).toEqual({
			ok: true,
			value: { kind: 'words', words: ['rekkilf', 'vrijheid'] }
		});
		expect(problem(cloud, { kind: 'words', words: ['\u200B\u2060'] })).toBe('empty-answer');
		const withReason = block('stelling', 0, { reason: true });
		expect(checkAnswer(withReason, { kind: 'scale', value: 2, reason: 'om\u200Bdat \u202Eja' })).toEqual({
			ok: true,
			value: { kind: 'scale', value: 2, reason: 'omdat ja' }
		});
	});

	it('gives lagerhuis its three sides', () => {
		expect(checkAnswer(block('lagerhuis'), { kind: 'choice', options: [2] }).ok).toBe(true);
		expect(problem(block('lagerhuis'), { kind: 'choice', options: [3] })).toBe('option-out-of-range');
	});

	it('does not take answers for written or board-only blocks here', () => {
		expect(problem(block('open'), { kind: 'pass' })).toBe('block-not-answerable');
		expect(problem(block('gespreksregels', 2), { kind: 'pass' })).toBe('block-not-answerable');
	});
});

describe('tallying answers', () => {
	it('counts choices and passes', () => {
		const tally = tallyAnswers(poll, [
			{ kind: 'choice', options: [0] },
			{ kind: 'choice', options: [2] },
			{ kind: 'choice', options: [2] },
			{ kind: 'pass' }
		]);
		expect(tally).toMatchObject({ answered: 3, passes: 1, distribution: { kind: 'choice', counts: [1, 0, 2] } });
	});

	it('counts a stelling with weet niet apart from the average, and keeps reasons for the teacher', () => {
		const stelling = block('stelling', 0, { reason: true });
		const tally = tallyAnswers(stelling, [
			{ kind: 'scale', value: 5, reason: 'vrijheid' },
			{ kind: 'scale', value: 4 },
			{ kind: 'scale', value: 0 }
		]);
		expect(tally.distribution).toEqual({ kind: 'scale', counts: [1, 0, 0, 0, 1, 1], average: 4.5 });
		expect(tally.reasons).toEqual([{ position: 5, text: 'vrijheid' }]);
	});

	it('buckets positions and finds the median', () => {
		const tally = tallyAnswers(block('positielijn', 2), [0, 15, 55, 100].map((value) => ({ kind: 'position', value }) as AnswerValue));
		expect(tally.distribution).toEqual({ kind: 'position', buckets: [1, 1, 0, 0, 0, 1, 0, 0, 0, 1], median: 35 });
	});

	it('counts words case-insensitively, once per pupil, most frequent first', () => {
		const tally = tallyAnswers(block('woordwolk', 0, { direct: true }), [
			{ kind: 'words', words: ['Vrijheid', 'vrijheid', 'stemmen'] },
			{ kind: 'words', words: ['VRIJHEID'] }
		]);
		expect(tally.distribution).toEqual({
			kind: 'words',
			words: [
				{ word: 'vrijheid', count: 2 },
				{ word: 'stemmen', count: 1 }
			],
			waiting: 0
		});
	});
});

describe('presenting results', () => {
	const stelling = block('stelling', 0, { reason: true, minAnswers: 3, reveal: 'manual' });
	const answers: AnswerValue[] = [3, 4, 5].map((value) => ({ kind: 'scale', value, reason: 'r' }));

	it('withholds the distribution from everyone below the minimum number of answers', () => {
		const tally = tallyAnswers(stelling, answers.slice(0, 2));
		for (const forTeacher of [true, false]) {
			const shown = presentResults(stelling, tally, { revealed: true, forTeacher });
			expect(shown).toMatchObject({ answered: 2, distribution: null, withheld: 'too-few' });
			expect(shown.reasons).toBeUndefined();
		}
	});

	it('hides a manual block from the board until revealed, but not from the teacher', () => {
		const tally = tallyAnswers(stelling, answers);
		expect(presentResults(stelling, tally, { revealed: false, forTeacher: false })).toMatchObject({ distribution: null, withheld: 'not-revealed' });
		expect(presentResults(stelling, tally, { revealed: false, forTeacher: true }).distribution).not.toBeNull();
		expect(presentResults(stelling, tally, { revealed: true, forTeacher: false }).withheld).toBeNull();
	});

	it('gives reasons to the teacher only', () => {
		const tally = tallyAnswers(stelling, answers);
		expect(presentResults(stelling, tally, { revealed: true, forTeacher: false }).reasons).toBeUndefined();
		expect(presentResults(stelling, tally, { revealed: true, forTeacher: true }).reasons).toHaveLength(3);
	});
});

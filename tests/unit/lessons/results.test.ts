import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/lib/lessons/blocks.ts';
import type { BoardBlock } from '../../../src/lib/lessons/model.ts';
import { resultRows, share, tallyAnswers } from '../../../src/lib/lessons/results.ts';

function block(type: BoardBlock['type'], options = 0): BoardBlock {
	return {
		id: `${type}-1`,
		type,
		line: 1,
		prompt: '<p>?</p>',
		options: Array.from({ length: options }, (_, index) => ({ index, html: `o${index}`, text: `o${index}` })),
		settings: { ...defaultSettings }
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

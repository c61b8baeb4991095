import { describe, expect, it } from 'vitest';
import { discrepancy, sameState, stateOf } from '../../bench/load/poll-state.ts';
import { summarise } from '../../bench/load/stats.ts';

const shown = (counts: number[], passes = 0) => ({
	answered: counts.reduce((a, b) => a + b, 0),
	passes,
	distribution: { kind: 'choice', counts }
});

describe('poll state', () => {
	it('counts each pupil once, passes apart', () => {
		const answers = new Map([
			[1, 0],
			[2, 2],
			[3, -1],
			[4, 2]
		]);
		expect(stateOf(answers, 3)).toEqual({ counts: [1, 0, 2], passes: 1 });
	});

	it('matches a board only on exactly the same counts', () => {
		const state = { counts: [3, 2, 1], passes: 1 };
		expect(sameState(shown([3, 2, 1], 1), state, 5)).toBe(true);
		expect(sameState(shown([2, 3, 1], 1), state, 5)).toBe(false);
		expect(sameState(shown([3, 2, 1], 0), state, 5)).toBe(false);
	});

	it('compares only totals while the server withholds a small distribution', () => {
		const withheld = { answered: 3, passes: 0, distribution: null };
		expect(sameState(withheld, { counts: [1, 2, 0], passes: 0 }, 5)).toBe(true);
		expect(sameState(withheld, { counts: [1, 1, 0], passes: 0 }, 5)).toBe(false);
		// With five answers the distribution must be there.
		expect(sameState({ ...withheld, answered: 5 }, { counts: [3, 2, 0], passes: 0 }, 5)).toBe(
			false
		);
	});

	it('splits a difference into answers lost and answers counted twice', () => {
		const expected = { counts: [3, 2, 1], passes: 1 };
		expect(discrepancy(shown([3, 2, 1], 1), expected)).toEqual({ lost: 0, double: 0 });
		expect(discrepancy(shown([2, 2, 1], 1), expected)).toEqual({ lost: 1, double: 0 });
		expect(discrepancy(shown([3, 3, 1], 2), expected)).toEqual({ lost: 0, double: 2 });
		expect(discrepancy(shown([4, 1, 1], 1), expected)).toEqual({ lost: 1, double: 1 });
		expect(discrepancy(null, expected)).toEqual({ lost: 7, double: 0 });
	});
});

describe('summarise', () => {
	it('gives nearest-rank percentiles', () => {
		const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
		expect(summarise(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
		expect(summarise([7])).toMatchObject({ p50: 7, p99: 7, max: 7 });
		expect(summarise([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
	});
});

import { describe, expect, it } from 'vitest';
import { describeSpread, regionsOf } from '../../../src/lib/lessons/spread';

// Ten buckets of ten points, from the first pole (0) to the second (100).
const line = (...counts: number[]) => [...counts, ...new Array(10 - counts.length).fill(0)];

describe('a class on a position line, in words', () => {
	it('says nothing of a line nobody stood on', () => {
		expect(describeSpread(line())).toBeNull();
	});

	it('counts the pupils near each pole and around the middle', () => {
		expect(regionsOf(line(1, 0, 2, 3, 0, 0, 1, 4, 0, 5))).toEqual({
			nearFrom: 3,
			middle: 4,
			nearTo: 9
		});
	});

	it('finds most of the class close to one pole', () => {
		expect(describeSpread(line(0, 0, 0, 0, 0, 0, 0, 3, 0, 2))).toEqual({ kind: 'near', pole: 'to' });
		expect(describeSpread(line(4, 2, 0, 0, 1, 0, 0, 0, 0, 1))).toEqual({
			kind: 'near',
			pole: 'from'
		});
	});

	it('finds most of the class close to the middle', () => {
		expect(describeSpread(line(0, 0, 1, 2, 4, 5, 1, 0, 0, 0))).toEqual({ kind: 'near-middle' });
	});

	it('says a class is divided when both poles hold a group and the middle is thin', () => {
		expect(describeSpread(line(3, 2, 0, 0, 1, 0, 0, 0, 2, 4))).toEqual({ kind: 'split' });
	});

	it('says where a class leans when it fills the middle and one side', () => {
		expect(describeSpread(line(0, 0, 0, 0, 3, 2, 0, 2, 2, 0))).toEqual({
			kind: 'toward',
			pole: 'to'
		});
	});

	it('says a class is spread when it stands everywhere', () => {
		expect(describeSpread(line(2, 0, 1, 1, 1, 1, 1, 1, 0, 2))).toEqual({ kind: 'wide' });
	});
});

import { describe, expect, it } from 'vitest';
import {
	makeGroups,
	positionOnLine,
	withPupil,
	withoutPupil,
	type Candidate,
	type Group
} from '../../../src/lib/server/pairing.ts';
import { signOf } from '../../../src/lib/pair-signs.ts';

/** A seeded random (mulberry32), so a round can be made again and a tie broken otherwise. */
function seeded(seed: number) {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}

/** Pupils on a stelling's scale: p1 answered values[0], p2 values[1], … */
const stelling = (...values: number[]): Candidate[] =>
	values.map((value, index) => ({
		key: `p${index + 1}`,
		position: positionOnLine({ kind: 'scale', value })!
	}));

const positionsOf = (candidates: Candidate[]) =>
	new Map(candidates.map((candidate) => [candidate.key, candidate.position]));

/** Each group's answers, in the order the group lists its members. */
const answersIn = (groups: Group[], candidates: Candidate[]) => {
	const positions = positionsOf(candidates);
	return groups.map((group) => group.members.map((key) => positions.get(key)! * 4 + 1));
};

const everyone = (groups: Group[]) => groups.flatMap((group) => group.members).sort();

describe('where an answer lies on the line', () => {
	it('puts a stelling and a thermometer from 1 to 5 on 0 to 1, and weet niet in the middle', () => {
		expect(positionOnLine({ kind: 'scale', value: 1 })).toBe(0);
		expect(positionOnLine({ kind: 'scale', value: 5 })).toBe(1);
		expect(positionOnLine({ kind: 'scale', value: 0 })).toBe(0.5);
		expect(positionOnLine({ kind: 'position', value: 25 })).toBe(0.25);
	});

	it('gives a pass, a choice and words no place', () => {
		expect(positionOnLine({ kind: 'pass' })).toBeNull();
		expect(positionOnLine({ kind: 'choice', options: [1] })).toBeNull();
		expect(positionOnLine({ kind: 'words', words: ['x'] })).toBeNull();
	});
});

describe('making the groups of a round', () => {
	it('pairs every pupil with someone across the spread when the class is spread', () => {
		// 1 1 2 2 3 4 4 5 5 5: the lower five with the upper five.
		const class10 = stelling(1, 1, 2, 2, 3, 4, 4, 5, 5, 5);
		const groups = makeGroups(class10, seeded(1));
		expect(groups).toHaveLength(5);
		expect(everyone(groups)).toEqual(class10.map((pupil) => pupil.key).sort());
		for (const [low, high] of answersIn(groups, class10)) {
			expect(high).not.toBe(low);
			// Each pair spans at least two steps of the scale.
			expect(Math.abs(high - low)).toBeGreaterThanOrEqual(2);
		}
		expect(groups.every((group) => group.across)).toBe(true);
	});

	it('makes as many pairs across as one large answer allows, and the rest among its own', () => {
		// Seven agree fully, three disagree: three pairs across, two pairs of agreeing pupils.
		const class10 = stelling(5, 5, 5, 5, 5, 5, 5, 1, 1, 2);
		const groups = makeGroups(class10, seeded(2));
		expect(groups).toHaveLength(5);
		expect(groups.filter((group) => group.across)).toHaveLength(3);
		for (const group of groups.filter((each) => !each.across))
			expect(answersIn([group], class10)[0]).toEqual([5, 5]);
	});

	it('pairs at random where everyone gave the same answer, and says nobody answered otherwise', () => {
		const class6 = stelling(3, 3, 3, 3, 3, 3);
		const groups = makeGroups(class6, seeded(3));
		expect(groups).toHaveLength(3);
		expect(groups.some((group) => group.across)).toBe(false);
	});

	it('breaks ties at random, so another round makes other pairs', () => {
		const class8 = stelling(1, 1, 1, 1, 5, 5, 5, 5);
		const rounds = [1, 2, 3, 4, 5, 6].map((seed) =>
			makeGroups(class8, seeded(seed))
				.map((group) => [...group.members].sort().join('+'))
				.sort()
				.join(' ')
		);
		expect(new Set(rounds).size).toBeGreaterThan(1);
		// Whatever the draw, every pair still holds a 1 and a 5.
		for (const seed of [1, 2, 3, 4, 5, 6])
			for (const group of answersIn(makeGroups(class8, seeded(seed)), class8))
				expect(group.sort()).toEqual([1, 5]);
	});

	it('makes one three from an odd number: the middle pupil joins the pair furthest apart', () => {
		const class5 = stelling(1, 2, 3, 4, 5);
		const groups = makeGroups(class5, seeded(4));
		expect(groups.map((group) => group.members.length).sort()).toEqual([2, 3]);
		const three = answersIn(groups, class5).find((group) => group.length === 3)!;
		expect(three.sort()).toEqual([1, 3, 4]);
		expect(everyone(groups)).toHaveLength(5);
	});

	it('makes a three of three pupils', () => {
		const groups = makeGroups(stelling(1, 3, 5), seeded(5));
		expect(groups).toEqual([
			{ members: expect.arrayContaining(['p1', 'p2', 'p3']), across: true, sign: 0 }
		]);
	});

	it('makes one pair of two pupils, across or not', () => {
		expect(makeGroups(stelling(1, 5), seeded(6))).toEqual([
			{ members: ['p1', 'p2'], across: true, sign: 0 }
		]);
		expect(makeGroups(stelling(4, 4), seeded(6))[0].across).toBe(false);
	});

	it('makes no group of one pupil or none', () => {
		expect(makeGroups(stelling(3), seeded(7))).toEqual([]);
		expect(makeGroups([], seeded(7))).toEqual([]);
	});

	it('counts a pupil named twice once', () => {
		const groups = makeGroups([...stelling(1, 5), { key: 'p1', position: 0 }], seeded(8));
		expect(everyone(groups)).toEqual(['p1', 'p2']);
	});

	it('places weet niet in the middle of the line', () => {
		// 1, weet niet, 5, 5: the 1 goes with a 5, and so does weet niet.
		const class4 = stelling(1, 0, 5, 5);
		for (const group of answersIn(makeGroups(class4, seeded(9)), class4))
			expect(group).toContain(5);
	});
});

describe('a pupil stepping out or back in', () => {
	const class6 = stelling(1, 1, 3, 3, 5, 5);
	const positions = positionsOf(class6);
	const groups: Group[] = [
		{ members: ['p1', 'p5'], across: true, sign: 0 },
		{ members: ['p2', 'p6'], across: true, sign: 1 },
		{ members: ['p3', 'p4'], across: false, sign: 2 }
	];

	it('moves the partner left alone to the pair whose answers lie furthest from theirs', () => {
		const after = withoutPupil(groups, 'p1', positions);
		expect(everyone(after)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6']);
		// p5 (a 5) joins p3 and p4 (3 and 3), not p2 and p6 (1 and 5).
		// Each group keeps its sign: the pupils of the others go on looking for the same one.
		expect(after).toEqual([
			{ members: ['p2', 'p6'], across: true, sign: 1 },
			{ members: ['p3', 'p4', 'p5'], across: true, sign: 2 }
		]);
	});

	it('leaves a three a pair', () => {
		const three = [{ members: ['p1', 'p3', 'p5'], across: true, sign: 4 }];
		expect(withoutPupil(three, 'p3', positions)).toEqual([
			{ members: ['p1', 'p5'], across: true, sign: 4 }
		]);
	});

	it('leaves the last partner without a group when no group is left', () => {
		expect(
			withoutPupil([{ members: ['p1', 'p5'], across: true, sign: 0 }], 'p5', positions)
		).toEqual([]);
	});

	it('changes nothing for a pupil in no group', () => {
		expect(withoutPupil(groups, 'p9', positions)).toEqual(groups);
	});

	it('lets a pupil who steps back in join the pair furthest from their answer', () => {
		const fewer = withoutPupil(groups, 'p3', positions);
		const back = withPupil(withoutPupil(fewer, 'p4', positions), 'p4', positions);
		// p4 (a 3) is as far from both pairs of a 1 and a 5: it joins a pair, never makes a four.
		expect(back.map((group) => group.members.length).sort()).toEqual([2, 3]);
		expect(withPupil(groups, 'p1', positions)).toEqual(groups);
		expect(withPupil([], 'p1', positions)).toEqual([]);
	});
});

describe('the signs of a round', () => {
	it('gives every group its own number, with a colour and a shape beside it', () => {
		const signs = Array.from({ length: 40 }, (_, index) => signOf(index));
		expect(new Set(signs.map((sign) => sign.number)).size).toBe(40);
		expect(new Set(signs.map((sign) => `${sign.colour} ${sign.shape}`)).size).toBe(40);
		expect(signOf(0)).toEqual({ number: 1, colour: 'blauw', shape: 'cirkel' });
	});
});

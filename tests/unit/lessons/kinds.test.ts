import { describe, expect, it } from 'vitest';
import { blockRules } from '../../../src/lib/lessons/blocks.ts';
import { blockKinds, isTapType, isWrittenType, kindOf } from '../../../src/lib/lessons/kinds.ts';

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

	it('letters the options of polls, cases and four corners only', () => {
		const lettered = Object.entries(blockKinds)
			.filter(([, kind]) => kind.lettered)
			.map(([type]) => type);
		expect(lettered.toSorted()).toEqual(['casus', 'poll', 'vier-hoeken']);
	});

	it('gives only the lagerhuis a speaking timer', () => {
		const timed = Object.entries(blockKinds)
			.filter(([, kind]) => kind.timed)
			.map(([type]) => type);
		expect(timed).toEqual(['lagerhuis']);
	});
});

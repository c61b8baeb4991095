// The cached tallies beside a store: a bound on the sessions kept, so a node that runs all day
// does not keep every lesson it ever served.

import { describe, expect, it } from 'vitest';
import { TallyCache } from '../../../src/lib/server/store/tally-cache.ts';

const read = (revision: number, ...values: string[]) => ({
	answers: values.map((value, index) => ({ pupilKey: `p${index}`, updatedAt: index, value })),
	moves: [],
	decisions: new Map(),
	revision
});

describe('the tally cache', () => {
	it('forgets the session cached first once it holds as many as it may keep', () => {
		const cache = new TallyCache(2);
		cache.put('s1', 'b1', read(1, 'a'));
		cache.put('s2', 'b1', read(1, 'b'));
		// Another block of a session it keeps costs no session its place.
		cache.put('s1', 'b2', read(3, 'c'));
		expect(cache.get('s1', 'b1')?.answers).toEqual(['a']);
		cache.put('s3', 'b1', read(2, 'd'));
		expect(cache.get('s1', 'b1')).toBeNull();
		expect(cache.get('s1', 'b2')).toBeNull();
		expect(cache.get('s2', 'b1')?.answers).toEqual(['b']);
		expect(cache.get('s3', 'b1')).toMatchObject({ answers: ['d'], revision: 2 });
	});

	it('keeps every session without a bound, and follows a committed answer and revision', () => {
		const cache = new TallyCache();
		for (let index = 0; index < 50; index += 1) cache.put(`s${index}`, 'b1', read(0));
		expect(cache.get('s0', 'b1')).toMatchObject({ answers: [], revision: 0 });
		cache.answered('s0', 'b1', 'p0', '"x"', 5);
		cache.revised('s0', 'b1');
		expect(cache.get('s0', 'b1')).toMatchObject({ answers: ['x'], revision: 1 });
		// Nothing cached, nothing followed.
		cache.answered('s99', 'b1', 'p0', '"x"', 5);
		expect(cache.get('s99', 'b1')).toBeNull();
	});
});

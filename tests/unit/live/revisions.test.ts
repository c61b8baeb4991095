// A host or board never shows older counts than it has shown, whichever process sent them.

import { describe, expect, it } from 'vitest';
import { isCurrent, isNewerView, withSnapshot } from '../../../src/lib/live/revisions.ts';
import type { LiveResults, SessionView } from '../../../src/lib/protocol.ts';

const results = (blockId: string, revision: number, answered: number): LiveResults => ({
	blockId,
	answered,
	passes: 0,
	distribution: null,
	withheld: null,
	revision
});

describe('results by revision', () => {
	it('takes the first results of a block', () => {
		expect(isCurrent({}, results('peiling', 3, 3))).toBe(true);
	});

	it('takes newer results and ignores older ones that arrive late', () => {
		const shown = { peiling: results('peiling', 5, 5) };
		expect(isCurrent(shown, results('peiling', 6, 6))).toBe(true);
		expect(isCurrent(shown, results('peiling', 4, 4))).toBe(false);
	});

	it('takes results of the same revision, as a reveal of the same answers', () => {
		const shown = { peiling: { ...results('peiling', 5, 5), withheld: 'not-revealed' as const } };
		expect(isCurrent(shown, results('peiling', 5, 5))).toBe(true);
	});

	it('judges each block by its own revision', () => {
		const shown = { peiling: results('peiling', 9, 9) };
		expect(isCurrent(shown, results('stelling', 1, 1))).toBe(true);
	});

	it('keeps an update that overtook the snapshot it came with', () => {
		const shown = { peiling: results('peiling', 7, 7), stelling: results('stelling', 2, 2) };
		const snapshot = { peiling: results('peiling', 6, 6), stelling: results('stelling', 3, 3) };
		expect(withSnapshot(shown, snapshot)).toEqual({
			peiling: results('peiling', 7, 7),
			stelling: results('stelling', 3, 3)
		});
	});

	it('lets the snapshot say which blocks have results', () => {
		const shown = { weg: results('weg', 4, 4) };
		expect(withSnapshot(shown, { peiling: results('peiling', 1, 1) })).toEqual({
			peiling: results('peiling', 1, 1)
		});
	});
});

const view = (version: number, changes: Partial<SessionView> = {}): SessionView => ({
	id: 's1',
	version,
	joinCode: '123456',
	lessonSlug: 'les',
	lessonTitle: 'Les',
	language: 'nl',
	step: version,
	stepCount: 9,
	openBlockId: null,
	opened: [],
	revealed: [],
	locked: false,
	countsInOverview: false,
	parents: false,
	status: 'live',
	timer: null,
	thinking: null,
	pairs: null,
	stage: { mode: 'step', paused: [], sortByVotes: false, blank: false, codeLarge: false },
	...changes
});

describe('session views by version', () => {
	it('takes the first view, and a view of another session', () => {
		expect(isNewerView(null, view(4))).toBe(true);
		expect(isNewerView(view(9), view(2, { id: 's2' }))).toBe(true);
	});

	it('takes newer and equal versions, and ignores an older view that arrives late', () => {
		expect(isNewerView(view(5), view(6))).toBe(true);
		expect(isNewerView(view(5), view(5))).toBe(true);
		expect(isNewerView(view(5), view(4))).toBe(false);
	});

	it('always takes the end of a session, which no screen may miss', () => {
		expect(isNewerView(view(8), view(3, { status: 'ended' }))).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import { focusedBlock, showsStep } from '../../../src/lib/lessons/board-focus.ts';
import type { SessionView } from '../../../src/lib/protocol.ts';

const blocks = [{ id: 'regels' }, { id: 'start' }, { id: 'vragen' }];
const view = (change: Partial<SessionView> = {}, stage: Partial<SessionView['stage']> = {}) =>
	({
		status: 'live',
		openBlockId: null,
		revealed: [],
		...change,
		stage: { mode: 'step', paused: [], sortByVotes: false, blank: false, codeLarge: false, ...stage }
	}) satisfies Pick<SessionView, 'status' | 'openBlockId' | 'revealed' | 'stage'>;

describe('what the board shows of its step', () => {
	it('focuses the open block, else the block of the step whose results came out last', () => {
		expect(focusedBlock(blocks, view({ openBlockId: 'start' }))?.id).toBe('start');
		expect(focusedBlock(blocks, view({ revealed: ['start', 'elders'] }))?.id).toBe('start');
		expect(focusedBlock(blocks, view({ openBlockId: 'elders', revealed: [] }))).toBeUndefined();
	});

	it('shows the step itself only while live, lit, past the join code, in step view and unfocused', () => {
		expect(showsStep(blocks, view())).toBe(true);
		expect(showsStep(blocks, view({ openBlockId: 'start' }))).toBe(false);
		expect(showsStep(blocks, view({ revealed: ['start'] }))).toBe(false);
		expect(showsStep(blocks, view({ openBlockId: 'elders' }))).toBe(true);
		expect(showsStep(blocks, view({}, { blank: true }))).toBe(false);
		expect(showsStep(blocks, view({}, { codeLarge: true }))).toBe(false);
		expect(showsStep(blocks, view({}, { mode: 'rules' }))).toBe(false);
		expect(showsStep(blocks, view({}, { mode: 'discussion' }))).toBe(false);
		expect(showsStep(blocks, view({ status: 'ended' }))).toBe(false);
	});
});

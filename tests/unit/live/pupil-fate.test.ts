import { describe, expect, it } from 'vitest';
import { PupilSession } from '../../../src/lib/live/pupil-session.svelte.ts';
import type { OwnResponse, PupilBlock, SessionView } from '../../../src/lib/protocol.ts';
import { MemoryStorage } from '../../fixtures/memory-storage.ts';

// What the phone tells a pupil about their answer is what happened to it, and nothing it cannot
// know: 'on the board' only while the board shows that block (and, for results, once revealed).

function block(overrides: Partial<PupilBlock> = {}): PupilBlock {
	return {
		id: 'b1',
		type: 'stelling',
		prompt: '<p>Iedereen mag zijn mening zeggen.</p>',
		options: [],
		pass: true,
		multiple: false,
		reason: true,
		words: 0,
		scale: 'numbers',
		maxLength: 280,
		replies: false,
		reveal: 'manual',
		direct: false,
		agree: false,
		...overrides
	};
}

function view(overrides: Partial<SessionView> = {}, stage: Partial<SessionView['stage']> = {}) {
	return {
		id: 's1',
		version: 1,
		joinCode: '123456',
		lessonSlug: 'demo',
		lessonTitle: 'Demo',
		language: 'nl',
		step: 2,
		stepCount: 6,
		openBlockId: 'b1',
		opened: ['b1'],
		revealed: [],
		locked: false,
		countsInOverview: false,
		parents: false,
		status: 'live',
		timer: null,
		thinking: null,
		pairs: null,
		stage: {
			mode: 'step',
			paused: [],
			sortByVotes: false,
			blank: false,
			codeLarge: false,
			...stage
		},
		...overrides
	} satisfies SessionView;
}

function session(open: PupilBlock = block(), shown: SessionView = view()) {
	const live = new PupilSession('123456', {
		storage: { local: new MemoryStorage(), session: new MemoryStorage() }
	});
	live.block = open;
	live.view = shown;
	return live;
}

const own = (status: OwnResponse['status']): OwnResponse => ({
	id: 'r1',
	question: null,
	text: 'Dat niemand lacht',
	status,
	returnPrompt: null
});

describe('what the phone says became of a tapped answer', () => {
	it('says nothing before the pupil answered', () => {
		expect(session().fate).toEqual({ state: 'none' });
	});

	it('says received, and that the results wait for the teacher, while they are not revealed', () => {
		const live = session();
		live.answers.b1 = { kind: 'scale', value: 4 };
		expect(live.fate).toEqual({ state: 'received', withReason: false, resultsOnBoard: false });
	});

	it('says the results are on the board only while the board shows this block, revealed', () => {
		const live = session(block(), view({ revealed: ['b1'] }));
		live.answers.b1 = { kind: 'scale', value: 4 };
		expect(live.fate).toMatchObject({ resultsOnBoard: true });

		live.view = view({ revealed: ['b1'] }, { blank: true });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
		live.view = view({ revealed: ['b1'] }, { codeLarge: true });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
		live.view = view({ revealed: ['b1'] }, { mode: 'rules' });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
		// The reasons' wall is on the board, not the results.
		live.view = view({ revealed: ['b1'] }, { mode: 'discussion' });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
		live.view = view({ revealed: ['other'] });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
	});

	it('counts a block with live results as shown while it is on the board', () => {
		const live = session(block({ reveal: 'live' }));
		live.answers.b1 = { kind: 'scale', value: 2 };
		expect(live.fate).toMatchObject({ resultsOnBoard: true });
		live.view = view({}, { mode: 'rules' });
		expect(live.fate).toMatchObject({ resultsOnBoard: false });
	});

	it('says the reason came with it once the server has the answer with its reason', () => {
		const live = session();
		live.answers.b1 = { kind: 'scale', value: 4, reason: 'Omdat het kan' };
		expect(live.fate).toMatchObject({ state: 'received', withReason: true });
	});

	it('says an answer made without a connection waits, and never that it was received', async () => {
		const live = session();
		live.answers.b1 = { kind: 'scale', value: 4 };
		void live.answer({ kind: 'scale', value: 1 });
		await Promise.resolve();
		expect(live.fate).toEqual({ state: 'queued' });
		expect(live.myAnswer).toEqual({ kind: 'scale', value: 1 });
	});

	it('says a refusal as one, and whether the earlier answer still counts', () => {
		const live = session();
		live.answers.b1 = { kind: 'scale', value: 4 };
		live.sendError = 'block-not-open';
		expect(live.fate).toEqual({ state: 'refused', error: 'block-not-open', kept: true });
	});

	it('says the pupil passed', () => {
		const live = session();
		live.answers.b1 = { kind: 'pass' };
		expect(live.fate).toEqual({ state: 'passed' });
	});
});

describe('what the phone says became of a written response', () => {
	it('says sent, to be read first, for a response that may reach the board', () => {
		const live = session(block({ type: 'open', reason: false }));
		live.own = [own('pending')];
		expect(live.fate).toEqual({
			state: 'sent',
			teacherOnly: false,
			latest: 'pending',
			onBoard: true
		});
	});

	it('says what the teacher decided of the latest response, and whether the board shows it now', () => {
		const live = session(block({ type: 'stil-debat', reason: false }));
		live.own = [own('pending'), { ...own('approved'), id: 'r2' }];
		expect(live.fate).toMatchObject({ state: 'sent', latest: 'approved', onBoard: true });
		live.view = view({}, { blank: true });
		expect(live.fate).toMatchObject({ latest: 'approved', onBoard: false });
		live.own = [...live.own, { ...own('pending'), id: 'r3' }];
		expect(live.fate).toMatchObject({ latest: 'pending' });
	});

	it('says an exit ticket is for the teacher only', () => {
		const live = session(block({ type: 'exit-ticket', reason: false }));
		live.own = [own('pending')];
		expect(live.fate).toMatchObject({ state: 'sent', teacherOnly: true });
	});

	it('puts a request to rephrase above sent', () => {
		const live = session(block({ type: 'open', reason: false }));
		live.own = [own('approved'), { ...own('returned'), id: 'r2' }];
		expect(live.fate).toEqual({ state: 'returned' });
	});

	it('remembers a pass on this block only, without sending anything', () => {
		const live = session(block({ type: 'open', reason: false }));
		live.passWritten();
		expect(live.fate).toEqual({ state: 'passed' });
		expect(live.queued).toBe(0);
		live.block = block({ id: 'b2', type: 'open', reason: false });
		expect(live.fate).toEqual({ state: 'none' });
	});

	it('says a written block is on the board only while the board shows it', () => {
		const live = session(block({ type: 'open', reason: false }));
		expect(live.blockOnBoard).toBe(true);
		live.view = view({}, { mode: 'discussion' });
		expect(live.blockOnBoard).toBe(true);
		live.view = view({ openBlockId: 'b9' });
		expect(live.blockOnBoard).toBe(false);
		live.view = view({ status: 'ended' });
		expect(live.blockOnBoard).toBe(false);
	});
});

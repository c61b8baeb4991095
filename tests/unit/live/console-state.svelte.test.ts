// The console's derived state: each block's state, what waits and where, whether a board is
// attached, and what each key does, from the demo lesson and a live session told as the server
// tells it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BoardBlock, Lesson } from '../../../src/lib/lessons/model.ts';
import { parseLesson } from '../../../src/lib/lessons/parse.ts';
import { ConsoleState, type ConsoleSource } from '../../../src/lib/live/console-state.svelte.ts';
import type { QueuedResponse, SessionView } from '../../../src/lib/protocol.ts';

const lesson: Lesson = parseLesson(
	readFileSync(new URL('../../../lessons/klasgesprek-uitproberen.md', import.meta.url), 'utf8'),
	'klasgesprek-uitproberen'
).lesson!;

const view = (changes: Partial<SessionView> = {}): SessionView => ({
	id: 's1',
	version: 1,
	joinCode: '123456',
	lessonSlug: lesson.slug,
	lessonTitle: lesson.meta.title,
	language: 'nl',
	step: 1,
	stepCount: lesson.steps.length,
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

let sequence = 0;
const response = (blockId: string, changes: Partial<QueuedResponse> = {}): QueuedResponse => ({
	id: `r${++sequence}`,
	blockId,
	parentId: null,
	question: null,
	text: 'Een reactie',
	status: 'pending',
	flags: [],
	pinned: false,
	returnPrompt: null,
	withdrawn: false,
	votes: 0,
	sequence,
	...changes,
	// As the server says it: a pending response to a moderated kind waits for the teacher.
	waiting: changes.waiting ?? ((changes.status ?? 'pending') === 'pending' && !changes.withdrawn)
});

/** A live session as a ControlSession holds it: reactive, changed as the server's updates are. */
function session() {
	const live = $state<ConsoleSource>({
		view: view(),
		presence: { pupils: 0, boards: 0 },
		results: {},
		queue: [],
		walls: {}
	});
	return { live, console: new ConsoleState(lesson, () => live) };
}

const block = (id: string): BoardBlock => {
	const found = lesson.steps
		.flatMap((step) => step.board)
		.flatMap((part) => (part.kind === 'block' ? [part.block] : []))
		.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`no block ${id}`);
	return found;
};

describe('the console state', () => {
	it('shows nothing steered and no board before the session answers', () => {
		const state = new ConsoleState(lesson, () => null);
		expect(state.stepNumber).toBe(1);
		expect(state.boardAttached).toBe(false);
		expect(state.stateOf(block('start'))).toBe('unopened');
		expect(state.commandFor('PageDown')).toBeNull();
		expect(state.commandFor('?')).toBe('help');
		expect(state.known).toBe(false);
	});

	it('knows where the session stands only once the server said so, whatever the step', () => {
		const live = $state<ConsoleSource>({
			view: null,
			presence: { pupils: 0, boards: 0 },
			results: {},
			queue: [],
			walls: {}
		});
		const state = new ConsoleState(lesson, () => live);
		expect(state.known).toBe(false);
		live.view = view({ step: 4 });
		expect(state.known).toBe(true);
		expect(state.stepNumber).toBe(4);
	});

	it('lists the blocks of the step a teacher opens, not the ground rules', () => {
		const { console } = session();
		expect(console.stepBlocks.map((each) => each.id)).toEqual(['vragen', 'start']);
	});

	it('tells a block never opened from one open now, one closed with its answers and one revealed', () => {
		const { live, console } = session();
		live.view = view({ step: 2, openBlockId: 'werkvormen', opened: ['werkvormen'] });
		expect(console.stateOf(block('werkvormen'))).toBe('open');
		expect(console.stateOf(block('stelling-voor'))).toBe('unopened');

		live.view = view({ step: 2, openBlockId: null, opened: ['werkvormen'] });
		live.results = {
			werkvormen: {
				blockId: 'werkvormen',
				answered: 4,
				passes: 1,
				distribution: null,
				withheld: null,
				revision: 1
			}
		};
		expect(console.stateOf(block('werkvormen'))).toBe('closed');
		expect(console.answersTo(block('werkvormen'))).toBe(4);

		live.view = view({
			step: 2,
			opened: ['werkvormen', 'stelling-voor'],
			revealed: ['stelling-voor']
		});
		expect(console.stateOf(block('stelling-voor'))).toBe('revealed');
	});

	it('counts a written block’s responses as its answers, and calls it opened only once it was', () => {
		const { live, console } = session();
		live.queue = [
			response('vragen'),
			response('vragen', { status: 'approved' }),
			response('vragen', { withdrawn: true })
		];
		expect(console.answersTo(block('vragen'))).toBe(2);
		// The vragenbus takes questions all lesson, before the teacher opened it.
		expect(console.stateOf(block('vragen'))).toBe('unopened');
		live.view = view({ opened: ['vragen'] });
		expect(console.stateOf(block('vragen'))).toBe('closed');
	});

	it('names the open block that opening another closes, and none for the open block itself', () => {
		const { live, console } = session();
		live.view = view({ step: 3, openBlockId: 'ervaring', opened: ['ervaring'] });
		expect(console.closedByOpening(block('lagerhuis'))?.id).toBe('ervaring');
		expect(console.closedByOpening(block('ervaring'))).toBeNull();
		live.view = view({ step: 3 });
		expect(console.closedByOpening(block('lagerhuis'))).toBeNull();
	});

	it('counts what waits, oldest first, in every step, and leaves decided or withdrawn responses out', () => {
		const { live, console } = session();
		live.view = view({ step: 5 });
		live.queue = [
			response('vragen'),
			response('open-vraag', { status: 'approved' }),
			response('open-vraag'),
			response('open-vraag', { withdrawn: true })
		];
		expect(console.waiting).toBe(2);
		expect(console.pending[0].blockId).toBe('vragen');
		expect(console.waitingIn('open-vraag')).toBe(1);
		// The vragenbus of step 1 has a queue in step 5 too, after the step's own.
		expect(console.queues.map((each) => each.id)).toEqual(['open-vraag', 'stil-debat', 'vragen']);
	});

	it('knows a board is attached once the server counts one', () => {
		const { live, console } = session();
		expect(console.boardAttached).toBe(false);
		live.presence = { pupils: 3, boards: 1 };
		expect(console.boardAttached).toBe(true);
	});

	it('maps keys to commands, and steers nothing once the lesson has ended', () => {
		const { live, console } = session();
		expect(console.commandFor('PageDown')).toBe('next');
		expect(console.commandFor('ArrowLeft')).toBe('previous');
		expect(console.commandFor('R')).toBe('reveal');
		expect(console.commandFor('b')).toBe('blank');
		expect(console.commandFor('g')).toBe('rules');
		expect(console.commandFor('x')).toBeNull();
		expect(console.stepTarget('previous')).toBeNull();
		expect(console.stepTarget('next')).toBe(2);
		live.view = view({ step: 6 });
		expect(console.stepTarget('next')).toBeNull();
		live.view = view({ status: 'ended' });
		expect(console.ended).toBe(true);
		expect(console.commandFor('PageDown')).toBeNull();
		expect(console.commandFor('?')).toBe('help');
	});

	it('reveals with R the open block’s result, or the step’s only one that waits', () => {
		const { live, console } = session();
		live.view = view({ step: 2 });
		// Step 2: a poll shown live and a stelling revealed by hand.
		expect(console.revealTarget?.id).toBe('stelling-voor');
		live.view = view({ step: 6, openBlockId: 'stelling-na' });
		expect(console.revealTarget?.id).toBe('stelling-na');
		// Step 3 shows its results live: nothing to reveal.
		live.view = view({ step: 3, openBlockId: 'hoeken' });
		expect(console.revealTarget).toBeNull();
	});
});

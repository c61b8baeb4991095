// What the teacher's console shows, derived from the lesson and the live session: the step and its
// blocks, each block's state (not opened yet, open, closed with its answers, results on the
// board), what waits for the teacher and where, whether a board is attached, and what each key
// does. Components read it; the ControlSession sends the commands.

import { answerOf, kindOf, takesWords } from '$lib/lessons/kinds';
import type { BoardBlock, Lesson } from '$lib/lessons/model';
import type {
	LiveResults,
	Presence,
	QueuedResponse,
	SessionView,
	WallResponse
} from '$lib/protocol';

/** What the console reads of a live session (a ControlSession, or a test's stand-in). */
export interface ConsoleSource {
	view: SessionView | null;
	presence: Presence;
	results: Record<string, LiveResults>;
	queue: QueuedResponse[];
	walls: Record<string, WallResponse[]>;
}

/**
 * A block's state as the teacher needs to know it: 'unopened' (pupils have not seen it), 'open'
 * (pupils can answer now), 'closed' (answered before, no longer open), 'revealed' (its results are
 * on the board, held back until the teacher showed them).
 */
export type BlockState = 'unopened' | 'open' | 'closed' | 'revealed';

/** What a key asks of the console; the page carries it out. */
export type KeyCommand = 'next' | 'previous' | 'reveal' | 'blank' | 'rules' | 'help';

/** The keys, in the order the help lists them: a presenter's clicker sends PageDown and PageUp. */
export const keyMap: readonly { keys: readonly string[]; command: KeyCommand }[] = [
	{ keys: ['PageDown', 'ArrowRight'], command: 'next' },
	{ keys: ['PageUp', 'ArrowLeft'], command: 'previous' },
	{ keys: ['r', 'R'], command: 'reveal' },
	{ keys: ['b', 'B'], command: 'blank' },
	{ keys: ['g', 'G'], command: 'rules' },
	{ keys: ['?'], command: 'help' }
];

const blocksOf = (board: Lesson['steps'][number]['board']) =>
	board.flatMap((part) => (part.kind === 'block' ? [part.block] : []));

/** Answered by a tap and counted into results (ground rules the class agrees to among them). */
export const isTapBlock = (block: BoardBlock) => answerOf(block) === 'tap';
/** Answered in writing, read by the teacher first. */
export const isWrittenBlock = (block: BoardBlock) => kindOf(block.type).answer === 'written';
/** The teacher opens and closes it: every block a pupil answers, and the tweegesprek. */
export const isSteered = (block: BoardBlock) => answerOf(block) !== 'none';
/** Pupils talk in pairs the teacher makes: a tweegesprek. */
export const isPairs = (block: BoardBlock) => kindOf(block.type).answer === 'talk';
/** Its responses (or reasons, or suggestions to add) come to the teacher's queue. */
export const hasQueue = (block: BoardBlock) =>
	takesWords(block.type, block.settings.agree) || Boolean(block.settings.reason);
/** Its results wait on the board until the teacher reveals them. */
export const canReveal = (block: BoardBlock) =>
	kindOf(block.type).revealable && block.settings.reveal === 'manual';
/** It has a speaking timer the teacher starts. */
export const isTimed = (block: BoardBlock) => kindOf(block.type).timed;

export class ConsoleState {
	readonly #lesson: Lesson;
	readonly #source: () => ConsoleSource | null;

	constructor(lesson: Lesson, source: () => ConsoleSource | null) {
		this.#lesson = lesson;
		this.#source = source;
	}

	get lesson(): Lesson {
		return this.#lesson;
	}

	/** The live session, once there is one. */
	get live(): ConsoleSource | null {
		return this.#source();
	}

	view = $derived(this.live?.view ?? null);
	/**
	 * Where the session stands has arrived. Until then the console shows no step, not even the
	 * first: after a reload at step four, step one's cards and controls would be untrue.
	 */
	known = $derived(this.view !== null);
	stepCount = $derived(this.lesson.steps.length);
	stepNumber = $derived(Math.min(Math.max(this.view?.step ?? 1, 1), this.stepCount));
	step = $derived(this.lesson.steps[this.stepNumber - 1]);
	ended = $derived(this.view?.status === 'ended');

	/** Every board block of the lesson, in order. */
	allBlocks = $derived(this.lesson.steps.flatMap((step) => blocksOf(step.board)));
	/** The blocks of this step the teacher opens and closes. */
	stepBlocks = $derived(blocksOf(this.step.board).filter(isSteered));
	/** Which step a block is on: a lesson may ask the same stelling twice, before and after. */
	stepOf: Record<string, number> = $derived(
		Object.fromEntries(
			this.lesson.steps.flatMap((step) =>
				blocksOf(step.board).map((block) => [block.id, step.number] as const)
			)
		)
	);
	/** The block open now, on whichever step. */
	openBlock = $derived(this.allBlocks.find((block) => block.id === this.view?.openBlockId) ?? null);

	// The badge links to the oldest response still waiting, whichever step its block is on.
	pending = $derived(
		(this.live?.queue ?? [])
			.filter((response) => response.waiting)
			.toSorted((a, b) => a.sequence - b.sequence)
	);
	waiting = $derived(this.pending.length);

	waitingIn(blockId: string) {
		return this.pending.filter((response) => response.blockId === blockId).length;
	}

	// The queues of this step, then those of any other step with responses (the vragenbus is
	// open all lesson), so what waits is reachable from every step.
	queues = $derived([
		...this.stepBlocks.filter(hasQueue),
		...this.allBlocks.filter(
			(block) =>
				hasQueue(block) &&
				!this.stepBlocks.includes(block) &&
				(this.live?.queue.some((response) => response.blockId === block.id) ?? false)
		)
	]);

	boardMode = $derived(this.view?.stage.mode ?? 'step');
	boardBlank = $derived(this.view?.stage.blank ?? false);
	/** A board (the beamer, another PC) shows the session: until then the console offers it first. */
	boardAttached = $derived((this.live?.presence.boards ?? 0) > 0);

	/** How many answers (or written responses) a block has, as the teacher counts them. */
	answersTo(block: BoardBlock): number {
		const source = this.live;
		if (!source) return 0;
		if (isWrittenBlock(block))
			return source.queue.filter((response) => response.blockId === block.id && !response.withdrawn)
				.length;
		const results = source.results[block.id];
		// As the board counts: a pass is no answer ('4 van 5 leerlingen hebben geantwoord').
		return results?.answered ?? 0;
	}

	stateOf(block: BoardBlock): BlockState {
		const view = this.view;
		if (view?.openBlockId === block.id) return 'open';
		if (canReveal(block) && view?.revealed.includes(block.id)) return 'revealed';
		// Opened, not by answers: the vragenbus takes questions all lesson without being opened.
		if (view?.opened.includes(block.id)) return 'closed';
		return 'unopened';
	}

	isRevealed(block: BoardBlock) {
		return this.view?.revealed.includes(block.id) ?? false;
	}

	/** The block that opening this one closes: pupils can answer one block at a time. */
	closedByOpening(block: BoardBlock): BoardBlock | null {
		const open = this.openBlock;
		return open && open.id !== block.id ? open : null;
	}

	/** The timer of a block, while it is on the block's step. */
	timerOf(block: BoardBlock) {
		const timer = this.view?.timer;
		return timer && timer.blockId === block.id ? timer : null;
	}

	/** The block's think time, while it runs. */
	thinkingOf(block: BoardBlock) {
		const thinking = this.view?.thinking;
		return thinking && thinking.blockId === block.id ? thinking : null;
	}

	/** A tweegesprek's groups, counted, while it is open. */
	pairsOf(block: BoardBlock) {
		const pairs = this.view?.pairs;
		return pairs && pairs.blockId === block.id ? pairs : null;
	}

	/** R: the open block's result if it waits for the teacher, else the step's only such result. */
	revealTarget = $derived.by(() => {
		const open = this.stepBlocks.find((block) => block.id === this.view?.openBlockId);
		if (open && canReveal(open)) return open;
		const revealable = this.stepBlocks.filter(canReveal);
		return revealable.length === 1 ? revealable[0] : null;
	});

	/** The step a key moves to, or null where there is none. */
	stepTarget(command: 'next' | 'previous'): number | null {
		const target = this.stepNumber + (command === 'next' ? 1 : -1);
		return this.ended || target < 1 || target > this.stepCount ? null : target;
	}

	/** What a key does now, or null: nothing steers once the lesson has ended but the help. */
	commandFor(key: string): KeyCommand | null {
		const command = keyMap.find((entry) => entry.keys.includes(key))?.command ?? null;
		if (command === null || command === 'help') return command;
		return this.ended || !this.view ? null : command;
	}
}

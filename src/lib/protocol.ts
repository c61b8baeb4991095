// The realtime contract between browsers and the server: every event, its payload schema and
// its answer, in one file that client and server both import. Event names read `entity:verb`.
// Every command is acknowledged with { data } or { error }.

import * as v from 'valibot';
import type { AnswerValue } from './lessons/answers.ts';
import { joinCodeLength, wordsReleasedAtOnce } from './limits.ts';
import type { BlockResults } from './lessons/results.ts';
import type { BoardBlockType } from './lessons/kinds.ts';
import type { PairSign } from './pair-signs.ts';

export const errorCodes = [
	'invalid-payload',
	'rate-limited',
	'too-many-joins',
	'too-many-connections',
	'address-unknown',
	'not-attached',
	'internal-error',
	// the store could not be reached (region mode: PostgreSQL down); nothing was acknowledged
	'store-unavailable',
	// from the domain (src/lib/server/sessions.ts)
	'lesson-not-found',
	'session-not-found',
	'session-ended',
	'unknown-code',
	'room-locked',
	'not-host',
	'not-board',
	'too-many-starts',
	'no-free-code',
	'invalid-token',
	'block-not-found',
	'block-not-open',
	'step-out-of-range',
	'no-timer',
	'open-all-lesson',
	'block-not-answerable',
	'pass-not-allowed',
	'wrong-kind',
	'option-out-of-range',
	'one-option-only',
	'duplicate-option',
	'reason-not-allowed',
	'reason-too-long',
	'scale-out-of-range',
	'position-out-of-range',
	'too-many-words',
	'word-too-long',
	'empty-answer',
	'not-a-word-cloud',
	'not-a-tweegesprek',
	// an answer sent while the block's think time runs: the phone sends it again once it is over
	'think-time',
	'no-think-time',
	// from the moderation (src/lib/server/moderation/moderation.ts)
	'submissions-paused',
	'not-a-written-block',
	'text-empty',
	'text-too-long',
	'question-out-of-range',
	'one-response-only',
	'replies-not-allowed',
	'reply-target-invalid',
	'response-not-found',
	'not-your-response',
	'already-shown',
	'not-shown',
	'own-response',
	'teacher-only',
	'too-many-pending'
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type Ack<T> = { data: T } | { error: ErrorCode };
export type Reply<T> = (response: Ack<T>) => void;

// ---- payload schemas: the server parses every incoming payload with these first ----

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[\w-]+$/));
const secret = v.pipe(v.string(), v.minLength(16), v.maxLength(128));
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const schemas = {
	hostAttach: v.strictObject({ sessionId: id, hostSecret: secret }),
	boardAttach: v.strictObject({ sessionId: id, boardSecret: secret }),
	pupilJoin: v.strictObject({
		code: v.pipe(v.string(), v.regex(new RegExp(`^\\d{${joinCodeLength}}$`))),
		/** Resume in the same round trip: the answer then carries the snapshot too. */
		resume: v.optional(v.literal(true))
	}),
	pupilResume: v.strictObject({
		sessionId: id,
		token: v.pipe(v.string(), v.minLength(10), v.maxLength(80))
	}),
	step: v.strictObject({ step: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)) }),
	block: v.strictObject({ blockId: id }),
	reveal: v.strictObject({ blockId: id, revealed: v.boolean() }),
	lock: v.strictObject({ locked: v.boolean() }),
	timerExtend: v.strictObject({
		minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)),
		/** The teacher's id for this extension, so a resend adds its minutes once. */
		extensionId: v.pipe(v.string(), v.minLength(4), v.maxLength(40), v.regex(/^[\w-]+$/))
	}),
	thinkExtend: v.strictObject({
		seconds: v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(300)),
		/** The teacher's id for this extension, so a resend adds its seconds once. */
		extensionId: v.pipe(v.string(), v.minLength(4), v.maxLength(40), v.regex(/^[\w-]+$/))
	}),
	takePart: v.strictObject({ blockId: id, takesPart: v.boolean() }),
	empty: v.optional(v.strictObject({})),
	responseSubmit: v.strictObject({
		blockId: id,
		text: v.pipe(v.string(), v.maxLength(2000)),
		clientId: v.pipe(v.string(), v.minLength(4), v.maxLength(40), v.regex(/^[\w-]+$/)),
		parentId: v.optional(id),
		question: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9))),
		replaces: v.optional(id)
	}),
	response: v.strictObject({ responseId: id }),
	responsePin: v.strictObject({ responseId: id, pinned: v.boolean() }),
	responseReturn: v.strictObject({
		responseId: id,
		prompt: v.pipe(v.string(), v.minLength(1), v.maxLength(200))
	}),
	pause: v.strictObject({ blockId: id, paused: v.boolean() }),
	boardMode: v.strictObject({ mode: v.picklist(['step', 'rules', 'discussion']) }),
	wallOrder: v.strictObject({ byVotes: v.boolean() }),
	word: v.strictObject({
		blockId: id,
		word: v.pipe(v.string(), v.minLength(1), v.maxLength(100))
	}),
	wordsRelease: v.strictObject({
		blockId: id,
		words: v.pipe(
			v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
			v.maxLength(wordsReleasedAtOnce)
		)
	}),
	boardBlank: v.strictObject({ blank: v.boolean() }),
	boardCode: v.strictObject({ large: v.boolean() }),
	answer: v.strictObject({
		blockId: id,
		value: v.variant('kind', [
			v.strictObject({ kind: v.literal('pass') }),
			v.strictObject({
				kind: v.literal('choice'),
				options: v.pipe(v.array(v.pipe(v.number(), v.integer())), v.maxLength(10)),
				reason: v.optional(shortText(400))
			}),
			v.strictObject({
				kind: v.literal('scale'),
				value: v.pipe(v.number(), v.integer()),
				reason: v.optional(shortText(400))
			}),
			v.strictObject({ kind: v.literal('position'), value: v.number() }),
			v.strictObject({
				kind: v.literal('words'),
				words: v.pipe(v.array(shortText(100)), v.maxLength(10))
			}),
			v.strictObject({ kind: v.literal('agree') })
		])
	})
};

export type HostAttach = v.InferOutput<typeof schemas.hostAttach>;
export type BoardAttach = v.InferOutput<typeof schemas.boardAttach>;
export type AnswerSubmit = { blockId: string; value: AnswerValue };
export interface ResponseSubmit {
	blockId: string;
	text: string;
	/** The phone's id for this submission, so a resend is recognised. */
	clientId: string;
	parentId?: string;
	question?: number;
	/** A response the teacher returned, which this one rephrases. */
	replaces?: string;
}

// ---- what the server sends ----

export interface TimerView {
	blockId: string;
	durationMs: number;
	remainingMs: number;
	running: boolean;
	/** Server time the remaining time was measured at. */
	at: number;
}

/** Think time of the open block: its answers are refused until it is over. */
export interface ThinkingView {
	blockId: string;
	durationMs: number;
	remainingMs: number;
	/** Server time the remaining time was measured at. */
	at: number;
}

/** A tweegesprek's groups as everyone may know them: how many, never who. */
export interface PairsView {
	blockId: string;
	/** Grows with every change of the groups: a phone asks again for its own sign. */
	revision: number;
	/** How many rounds the teacher made; 0 before the first. */
	round: number;
	groups: number;
	/** Pupils in a group. */
	pupils: number;
}

/**
 * One pupil's place in the tweegesprek open now, for their own phone only: their group's sign,
 * how many partners, and whether someone in it answered otherwise. Never who, never an answer.
 */
export interface PupilPairing {
	blockId: string;
	revision: number;
	/**
	 * 'waiting': no groups yet; 'paired': in a group; 'out': chose not to take part;
	 * 'unpaired': groups were made without this pupil.
	 */
	state: 'waiting' | 'paired' | 'out' | 'unpaired';
	sign: PairSign | null;
	/** 1 in a pair, 2 in a three. */
	partners: number;
	/** Someone in the group gave another answer than this pupil. */
	across: boolean;
	/**
	 * Why an unpaired pupil has no group: they passed, gave no answer, or were left without a
	 * partner (no group to join). Null otherwise.
	 */
	why: 'passed' | 'no-answer' | 'alone' | null;
}

/** A written response as the teacher's queue shows it: never who wrote it. */
export interface QueuedResponse {
	id: string;
	blockId: string;
	parentId: string | null;
	question: number | null;
	text: string;
	status: 'pending' | 'approved' | 'hidden' | 'returned';
	flags: { kind: string; match: string }[];
	pinned: boolean;
	returnPrompt: string | null;
	/** The pupil took it back while it was held or hidden: shown to the teacher as withdrawn. */
	withdrawn: boolean;
	/**
	 * It waits for the teacher's decision: pending, not taken back, and in a block whose words
	 * are moderated (an exit ticket's are read, never waiting; see `responses` in kinds.ts).
	 */
	waiting: boolean;
	votes: number;
	sequence: number;
}

/** An approved response as the board and the class see it. */
export interface WallResponse {
	id: string;
	parentId: string | null;
	/** For a reason given with a stelling, corner or choice: the position it argues for. */
	position: number | null;
	text: string;
	pinned: boolean;
	votes: number;
	sequence: number;
}

/** A pupil's own response, with where it stands. */
export interface OwnResponse {
	id: string;
	question: number | null;
	text: string;
	status: 'pending' | 'approved' | 'hidden' | 'returned' | 'withdrawn';
	returnPrompt: string | null;
}

export interface Conversation {
	blockId: string;
	wall: WallResponse[];
}

export interface PupilConversation extends Conversation {
	own: OwnResponse[];
	/** Wall responses this pupil said they recognise. */
	voted: string[];
}

export interface SessionView {
	id: string;
	/**
	 * The stored session's version: views from two processes can cross on the way, and a screen
	 * keeps the newest it has seen.
	 */
	version: number;
	joinCode: string;
	lessonSlug: string;
	lessonTitle: string;
	language: string;
	step: number;
	stepCount: number;
	openBlockId: string | null;
	/** Blocks opened at least once in this session: a closed block is told from an unopened one. */
	opened: string[];
	revealed: string[];
	locked: boolean;
	status: 'live' | 'ended';
	/** Its totals count in the municipality's anonymous overview: the phones' privacy text says so. */
	countsInOverview: boolean;
	/**
	 * The lesson is for parents and carers (a parents' evening): the phones speak to them as such,
	 * and their exit screen says where a parent goes with a worry. A training for professionals
	 * keeps the pupils' wording: they try out what their pupils will see.
	 */
	parents: boolean;
	timer: TimerView | null;
	/** The open block's think time, while it lasts. */
	thinking: ThinkingView | null;
	/** The open tweegesprek's groups, counted. */
	pairs: PairsView | null;
	stage: {
		mode: 'step' | 'rules' | 'discussion';
		paused: string[];
		sortByVotes: boolean;
		/** The board shows nothing, until the host turns it back on. */
		blank: boolean;
		/** The join code and QR code fill the board (while pupils join, or on the host's request). */
		codeLarge: boolean;
	};
}

/** The open block as a pupil's phone shows it. */
export interface PupilBlock {
	id: string;
	type: BoardBlockType;
	prompt: string;
	options: { index: number; html: string; text: string }[];
	pass: boolean;
	multiple: boolean;
	reason: boolean;
	words: number;
	/** Word cloud: words go to the board at once; otherwise the teacher looks at them first. */
	direct: boolean;
	scale: 'numbers' | 'emoji';
	/** Longest written response, in characters. */
	maxLength: number;
	/** Pupils may reply to a response on the wall (a stil debat, unless its author said not). */
	replies: boolean;
	/** 'manual': the results reach the board only when the teacher reveals them. */
	reveal: 'manual' | 'live';
	/** Ground rules: the pupil may agree to them, or suggest an addition. */
	agree: boolean;
}

export interface PupilUpdate {
	view: SessionView;
	block: PupilBlock | null;
	/** The lesson's vragenbus, open the whole lesson, or null. */
	questionBox: PupilBlock | null;
	/** The board shows the vragenbus's step, with the questions the teacher let through. */
	questionsOnBoard: boolean;
}

export interface PupilSnapshot extends PupilUpdate {
	/** This pupil's own answer to the open block, so a reload shows what they sent. */
	myAnswer: AnswerValue | null;
	/** This pupil's place in the open tweegesprek, so a reconnect shows their own sign again. */
	pairing: PupilPairing | null;
}

/**
 * A block's results as they go out live, with the store's revision of the block they were made
 * from: several processes send results, and a screen never goes back to older counts.
 */
export type LiveResults = BlockResults & { revision: number };

export interface Presence {
	pupils: number;
	/** Boards showing the session (a beamer, a second PC): until one is, the console offers it first. */
	boards: number;
}

export interface ControlSnapshot {
	view: SessionView;
	presence: Presence;
	/** Results of every answer block of the lesson that has answers, by block id. */
	results: Record<string, LiveResults>;
	/** Approved responses per written block, as the board shows them. */
	walls: Record<string, WallResponse[]>;
	/** Every response waiting or decided, for the host only (empty for a board). */
	queue: QueuedResponse[];
}

export interface ClientToServerEvents {
	'host:attach': (payload: HostAttach, reply: Reply<ControlSnapshot>) => void;
	'board:attach': (payload: BoardAttach, reply: Reply<ControlSnapshot>) => void;
	'session:step': (payload: { step: number }, reply: Reply<SessionView>) => void;
	'session:lock': (payload: { locked: boolean }, reply: Reply<SessionView>) => void;
	'session:end': (payload: Record<string, never> | undefined, reply: Reply<SessionView>) => void;
	'block:open': (payload: { blockId: string }, reply: Reply<SessionView>) => void;
	'block:close': (payload: Record<string, never> | undefined, reply: Reply<SessionView>) => void;
	'block:reveal': (
		payload: { blockId: string; revealed: boolean },
		reply: Reply<SessionView>
	) => void;
	'timer:start': (payload: { blockId: string }, reply: Reply<SessionView>) => void;
	'timer:pause': (payload: Record<string, never> | undefined, reply: Reply<SessionView>) => void;
	'timer:extend': (
		payload: { minutes: number; extensionId: string },
		reply: Reply<SessionView>
	) => void;
	/** Think time: let pupils answer now, or give them more time. */
	'think:skip': (payload: Record<string, never> | undefined, reply: Reply<SessionView>) => void;
	'think:extend': (
		payload: { seconds: number; extensionId: string },
		reply: Reply<SessionView>
	) => void;
	/** Tweegesprek: make the groups (again, as a new round) from the source block's answers. */
	'pairs:make': (payload: { blockId: string }, reply: Reply<SessionView>) => void;
	/** A pupil's own place in the open tweegesprek. */
	'pairs:mine': (payload: { blockId: string }, reply: Reply<PupilPairing>) => void;
	/** A pupil says 'ik doe niet mee', or takes part again. */
	'pairs:take-part': (
		payload: { blockId: string; takesPart: boolean },
		reply: Reply<PupilPairing>
	) => void;
	'pupil:join': (
		payload: { code: string; resume?: true },
		reply: Reply<{ sessionId: string; token: string; snapshot?: PupilSnapshot }>
	) => void;
	'pupil:resume': (
		payload: { sessionId: string; token: string },
		reply: Reply<PupilSnapshot>
	) => void;
	'answer:submit': (payload: AnswerSubmit, reply: Reply<{ stored: true }>) => void;
	'conversation:sync': (payload: { blockId: string }, reply: Reply<PupilConversation>) => void;
	'response:submit': (payload: ResponseSubmit, reply: Reply<OwnResponse>) => void;
	'response:withdraw': (payload: { responseId: string }, reply: Reply<OwnResponse>) => void;
	'response:vote': (payload: { responseId: string }, reply: Reply<{ counted: boolean }>) => void;
	'response:approve': (payload: { responseId: string }, reply: Reply<true>) => void;
	'response:hide': (payload: { responseId: string }, reply: Reply<true>) => void;
	'response:pin': (payload: { responseId: string; pinned: boolean }, reply: Reply<true>) => void;
	'response:return': (payload: { responseId: string; prompt: string }, reply: Reply<true>) => void;
	'responses:approve-all': (
		payload: { blockId: string },
		reply: Reply<{ approved: number }>
	) => void;
	'block:pause': (payload: { blockId: string; paused: boolean }, reply: Reply<SessionView>) => void;
	/** Word clouds: show a word the filter held, take any word off, or undo either. */
	'words:allow': (
		payload: { blockId: string; word: string },
		reply: Reply<{ word: string }>
	) => void;
	'words:remove': (
		payload: { blockId: string; word: string },
		reply: Reply<{ word: string }>
	) => void;
	'words:restore': (
		payload: { blockId: string; word: string },
		reply: Reply<{ word: string }>
	) => void;
	/**
	 * Word clouds: let through, of the words the teacher saw waiting, those still waiting.
	 * A word the filter holds is never among them; it needs its own 'words:allow'.
	 */
	'words:release-all': (
		payload: { blockId: string; words: string[] },
		reply: Reply<{ released: number }>
	) => void;
	'wall:clear': (payload: { blockId: string }, reply: Reply<SessionView>) => void;
	'wall:order': (payload: { byVotes: boolean }, reply: Reply<SessionView>) => void;
	'board:mode': (
		payload: { mode: 'step' | 'rules' | 'discussion' },
		reply: Reply<SessionView>
	) => void;
	'board:blank': (payload: { blank: boolean }, reply: Reply<SessionView>) => void;
	'board:code': (payload: { large: boolean }, reply: Reply<SessionView>) => void;
}

export interface ServerToClientEvents {
	/** To hosts and boards: the session changed. */
	'session:update': (view: SessionView) => void;
	/** To pupils: the session changed, with the block now open. */
	'pupil:update': (update: PupilUpdate) => void;
	/** To hosts and boards: new results for one block, coalesced. */
	'results:update': (results: LiveResults) => void;
	'presence:update': (presence: Presence) => void;
	/** To hosts: the whole moderation queue after any change. */
	'queue:update': (queue: QueuedResponse[]) => void;
	/** To boards and pupils: the approved responses of one written block. */
	'wall:update': (conversation: Conversation) => void;
	/** To one pupil's own phones: their responses to one block, e.g. one returned for rephrasing. */
	'own:update': (update: { blockId: string; own: OwnResponse[] }) => void;
}

/** A command's name, what it carries and what its acknowledgement holds, from the map above. */
export type CommandEvent = keyof ClientToServerEvents;
export type CommandPayload<E extends CommandEvent> = Parameters<ClientToServerEvents[E]>[0];
export type CommandResult<E extends CommandEvent> =
	Parameters<ClientToServerEvents[E]>[1] extends Reply<infer T> ? T : never;

/** Between the processes of a region (through the adapter), never from or to a browser. */
export interface InterServerEvents {
	/** Asks every other process for the pseudonyms of a session's pupils, and its boards, connected to it. */
	'presence:local': (
		sessionId: string,
		reply: (present: { pupilKeys: string[]; boards: number }) => void
	) => void;
}

/** What the server keeps per connection: never a name, address or device detail. */
export interface SocketData {
	sessionId?: string;
	role?: 'host' | 'board' | 'pupil';
	/** The pupil's per-session pseudonym (a hash), never their token. */
	pupilKey?: string;
}

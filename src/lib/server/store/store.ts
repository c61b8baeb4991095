// The Store interface: what the domain needs to keep, and nothing about how. The domain
// talks only to this; sqlite.ts is the implementation on node:sqlite.

export interface TimerState {
	blockId: string;
	/** Total length in ms, including extensions. */
	durationMs: number;
	/** When it was last started, or null while paused. */
	runningSince: number | null;
	/** Time already used before runningSince, in ms. */
	elapsedMs: number;
	/** The latest extensions' ids, so a resent extension adds its minutes once. */
	extensions?: string[];
}

/** How the class conversation is staged on the board, apart from the step it shows. */
export interface StageState {
	/** 'rules': the ground rules over the board; 'discussion': only the pinned response, large. */
	mode: 'step' | 'rules' | 'discussion';
	/** Written blocks that take no new responses for now. */
	paused: string[];
	/** Per block: responses up to this arrival number are cleared from the wall. */
	clearedThrough: Record<string, number>;
	/** The wall shows the most recognised responses first instead of in order of arrival. */
	sortByVotes?: boolean;
	/** The board shows nothing at all, for a moment of attention in the room. */
	blank?: boolean;
	/** The join code and QR code fill the board: while pupils join, or when the host asks again. */
	codeLarge?: boolean;
}

export const initialStage: StageState = {
	mode: 'step',
	paused: [],
	clearedThrough: {},
	sortByVotes: false,
	blank: false,
	codeLarge: true
};

export interface SessionRecord {
	id: string;
	joinCode: string;
	/** SHA-256 of the host secret: the secret itself is never stored. */
	hostKey: string;
	/** SHA-256 of the board secret, which shows the class view and steers nothing; '' if none. */
	boardKey: string;
	/** Signs the pupil tokens of this session, so a token cannot be made up. */
	tokenKey: string;
	lessonSlug: string;
	/** 1-based step the board shows. */
	step: number;
	openBlockId: string | null;
	revealed: string[];
	locked: boolean;
	timer: TimerState | null;
	stage: StageState;
	status: 'live' | 'ended';
	createdAt: number;
	endedAt: number | null;
	/** When retention deletes the session and everything in it. */
	expiresAt: number;
	/** When the teacher last changed anything: a live session idle too long ends itself. */
	activeAt: number;
}

export interface StoredAnswer {
	/** Per-session pseudonym of a pupil: a hash of their token, never the token. */
	pupilKey: string;
	value: unknown;
	updatedAt: number;
}

export interface AnswerWrite {
	sessionId: string;
	blockId: string;
	pupilKey: string;
	value: unknown;
	at: number;
}

export interface AnswerWriteResult {
	/** The answer this pupil had before, if any. */
	previous: unknown | null;
	/** False when the same answer was sent again (a retry): nothing changed. */
	changed: boolean;
}

export interface MoveCount {
	from: number;
	to: number;
	count: number;
}

export type ResponseStatus = 'pending' | 'approved' | 'hidden' | 'returned' | 'withdrawn';

export interface ResponseRecord {
	id: string;
	sessionId: string;
	blockId: string;
	/** The writer's per-session pseudonym: used to let them withdraw or rephrase, never shown. */
	pupilKey: string;
	clientId: string;
	parentId: string | null;
	/** For exit tickets: the index of the question answered. */
	question: number | null;
	text: string;
	status: ResponseStatus;
	/** Why the filter held it, as JSON-ready data. */
	flags: { kind: string; match: string }[];
	pinned: boolean;
	returnPrompt: string | null;
	/**
	 * Set when the pupil withdrew it while the filter held it ('pending') or the teacher had hidden
	 * it ('hidden'): the teacher still sees it, marked withdrawn.
	 */
	withdrawnFrom: 'pending' | 'hidden' | null;
	/** Order of arrival in the session: the only order there is. */
	sequence: number;
	createdAt: number;
}

/** The teacher's decision on a word-cloud word: shown although the filter held it, or taken off. */
export type WordDecision = 'allowed' | 'removed';

export interface Store {
	insertSession(session: SessionRecord): void;
	getSession(id: string): SessionRecord | null;
	/** The live session with this join code, if any. */
	getLiveSessionByCode(joinCode: string): SessionRecord | null;
	liveSessions(): SessionRecord[];
	updateSession(session: SessionRecord): void;
	deleteSession(id: string): void;
	/** Deletes sessions whose retention ended before `now`; returns them as they were. */
	deleteExpiredSessions(now: number): SessionRecord[];

	/**
	 * Stores pupils' answers to blocks in one transaction, all or none; each replaces the pupil's
	 * earlier answer to that block: one answer per pupil per block.
	 */
	writeAnswers(writes: AnswerWrite[]): AnswerWriteResult[];
	answers(sessionId: string, blockId: string): StoredAnswer[];
	answerOf(sessionId: string, blockId: string, pupilKey: string): StoredAnswer | null;

	/** Counts a pupil moving from one option to another, without saying who. */
	recordMove(sessionId: string, blockId: string, from: number, to: number): void;
	moves(sessionId: string, blockId: string): MoveCount[];

	/** Stores a new response; a resent one (same pupil and client id) returns the stored one. */
	insertResponse(response: Omit<ResponseRecord, 'sequence' | 'withdrawnFrom'>): {
		response: ResponseRecord;
		created: boolean;
	};
	getResponse(id: string): ResponseRecord | null;
	responses(sessionId: string, blockId?: string): ResponseRecord[];
	updateResponse(response: ResponseRecord): void;
	/** Counts a pupil's vote once; returns false when they had voted already. */
	addVote(responseId: string, pupilKey: string): boolean;
	voteCounts(sessionId: string): Map<string, number>;
	votedBy(sessionId: string, pupilKey: string): Set<string>;

	/** Records (or with null, forgets) the teacher's decision on a normalised word of a word cloud. */
	setWordDecision(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): void;
	wordDecisions(sessionId: string, blockId: string): Map<string, WordDecision>;

	close(): void;
}

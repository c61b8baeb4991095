// The Store interface: what the domain needs to keep, and nothing about how. The domain talks
// only to this; sqlite.ts keeps it in one node:sqlite file (one process), postgres.ts in
// PostgreSQL (region mode: several processes at once). Every method is one transaction, and
// every step that must be atomic (one response per client id, one pinned response, the
// session's read-modify-write, the arrival order, a unique live join code, one answer per pupil
// per block) is guaranteed by the database, never by "nothing else runs in between": in region
// mode other processes always do.

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
	/** Blocks opened at least once, so the console tells a closed block from an unopened one. */
	opened?: string[];
	/**
	 * The tweegesprek open now: who talks with whom, by pseudonym. Dropped the moment its block
	 * closes (or the session ends), so nothing of who was paired with whom is kept.
	 */
	pairing?: PairingState | null;
	/** Per tweegesprek, how many groups and pupils its last round had: counts, never who. */
	pairCounts?: Record<string, { groups: number; pupils: number }>;
	/** The think time of the block open now: its answers are refused until it is over. */
	thinking?: ThinkingState | null;
}

/** A group of a tweegesprek: two or three pupils' pseudonyms. */
export interface PairGroup {
	members: string[];
	/** Not everyone in it gave the same answer. */
	across: boolean;
	/** Its place in the round it was made in: its sign, which stays while other groups change. */
	sign: number;
}

export interface PairingState {
	blockId: string;
	/** Grows with every change of the groups (a new round, a pupil out or back): phones ask again. */
	revision: number;
	/** How many rounds the teacher made; 0 before the first. */
	round: number;
	/** The groups of the round, in order: a group's place gives its sign. */
	groups: PairGroup[];
	/** Pupils who said 'ik doe niet mee'. */
	optedOut: string[];
}

export interface ThinkingState {
	blockId: string;
	/** When pupils may answer (ms). */
	untilMs: number;
	/** The whole think time, extensions included (ms). */
	durationMs: number;
	/** The latest extensions' ids, so a resent extension adds its time once. */
	extensions?: string[];
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
	/**
	 * Which version of the lesson the session started with (a hash of its file, '' if unknown):
	 * a live session keeps that version while an author changes the file.
	 */
	lessonVersion: string;
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
	/**
	 * Grows by one with every stored change: a change is stored only onto the version it was
	 * made from, so two teacher devices (on two processes) never undo each other's changes.
	 */
	version: number;
	/**
	 * The signed-in teacher whose session this is (their pseudonymous key), or null: started
	 * without signing in and not claimed. Host secret and board key work either way.
	 */
	teacherKey: string | null;
	/** The teacher's class it ran for (its id), or null. Never linked to a pupil. */
	classId: string | null;
	/** The teacher lets its aggregates count in the municipality's anonymous overview. */
	countsInOverview: boolean;
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
	/**
	 * For a four-corners block, the corner the answer stands in (else null): when a pupil's corner
	 * changes, the move is counted in the same transaction, without saying who moved.
	 */
	position: number | null;
	at: number;
}

export type AnswerWriteResult =
	| {
			stored: true;
			/** The answer this pupil had before, if any. */
			previous: unknown | null;
			/** False when the same answer was sent again (a retry): nothing changed. */
			changed: boolean;
	  }
	| {
			/**
			 * Checked in the same transaction as the write: an answer is stored only while its
			 * block is the open block of a live session, whichever process closed it.
			 */
			stored: false;
			refused: 'block-not-open' | 'session-ended' | 'session-not-found';
	  };

export interface MoveCount {
	from: number;
	to: number;
	count: number;
}

/** What a block's results are made of, read at one moment. */
export interface BlockTallySource {
	/** Every pupil's current answer, in order of last change. */
	answers: unknown[];
	moves: MoveCount[];
	decisions: Map<string, WordDecision>;
	/**
	 * Grows with every stored change to the block's answers, moves or word decisions, in the order
	 * they were committed, on every process: results made from a higher revision are newer.
	 */
	revision: number;
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
	/** For exit tickets: the index of the question answered; for reasons, the position. */
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
	/** Order of arrival in the session, unique in it: the only order there is. */
	sequence: number;
	createdAt: number;
}

/** A response as the domain makes it; the store gives it its place in the arrival order. */
export type NewResponse = Omit<ResponseRecord, 'sequence' | 'withdrawnFrom'>;

/** The rules a new response must meet, checked in the transaction that stores it. */
export interface SubmitRules {
	/** The pupil's returned response this one rephrases: it becomes 'withdrawn' in the same transaction. */
	replaces: string | null;
	/**
	 * A structured-dialogue reason: the pupil's earlier reasons to the block that still wait
	 * ('pending' or 'returned') become 'withdrawn', so the newest reason is the one that counts.
	 */
	replacesEarlierReasons: boolean;
	/**
	 * At most one open response ('pending', 'approved' or 'returned') per pupil, block and
	 * question, not counting replies and the one it replaces.
	 */
	oneOpenResponse: boolean;
	/** At most this many of the pupil's responses may wait ('pending') in the block, and in the session. */
	pendingPerBlock: number;
	pendingPerSession: number;
}

export type SubmitResult =
	| { outcome: 'created'; response: ResponseRecord }
	/** The same pupil and client id were stored before (a resend): the stored response, unchanged. */
	| { outcome: 'resent'; response: ResponseRecord }
	| { outcome: 'refused'; reason: 'one-response-only' | 'too-many-pending' | 'not-your-response' };

/** The teacher's decision on a word-cloud word: shown although the filter held it, or taken off. */
export type WordDecision = 'allowed' | 'removed';

/** A teacher as the tool knows them: a pseudonymous key and, if they chose one, a name. */
export interface TeacherRecord {
	/**
	 * SHA-256 of the identity provider's issuer and subject for a school account; random for a
	 * space opened with a secret link. Never an e-mail address.
	 */
	key: string;
	displayName: string | null;
	createdAt: number;
}

/** One browser signed in as a teacher: the cookie holds a secret, the store its SHA-256. */
export interface SignInRecord {
	/** SHA-256 of the cookie's secret. */
	secretKey: string;
	teacherKey: string;
	/** The identity provider (or a coordinator key) gave this sign-in the coordinator role. */
	coordinator: boolean;
	createdAt: number;
	expiresAt: number;
}

/** A class as the teacher names it ("3B", "mentorgroep dinsdag"): all the tool knows of it. */
export interface ClassRecord {
	id: string;
	teacherKey: string;
	name: string;
	createdAt: number;
}

/** A session of a teacher's, with how many pupils joined it. */
export interface TeacherSession {
	session: SessionRecord;
	pupilsJoined: number;
}

/** The teacher's own space: who they are, where they are signed in, their classes and sessions. */
export interface TeacherStore {
	/** The teacher with this key, made (with no name) when new. */
	ensureTeacher(key: string, now: number): Promise<TeacherRecord>;
	getTeacher(key: string): Promise<TeacherRecord | null>;
	/** False when there is no such teacher. */
	setDisplayName(key: string, displayName: string | null): Promise<boolean>;
	/**
	 * Forgets the teacher: their sign-ins, link and classes. Their sessions run on as sessions
	 * started without signing in; retention deletes them as always.
	 */
	deleteTeacher(key: string): Promise<boolean>;

	addSignIn(signIn: SignInRecord): Promise<void>;
	/** The sign-in whose secret hashes to `secretKey`, while it has not expired at `now`. */
	signIn(secretKey: string, now: number): Promise<SignInRecord | null>;
	deleteSignIn(secretKey: string): Promise<void>;
	/** Signs the teacher out on every device. */
	deleteSignInsOf(teacherKey: string): Promise<void>;

	/**
	 * The teacher's personal secret link (its SHA-256): replaces the one they had, which stops
	 * working at once.
	 */
	setLink(teacherKey: string, linkKey: string, now: number): Promise<void>;
	/** The teacher whose link hashes to `linkKey`. */
	teacherByLink(linkKey: string): Promise<TeacherRecord | null>;
	/** Revokes the teacher's link, if any. */
	deleteLink(teacherKey: string): Promise<void>;
	/** Whether the teacher has a link now (never the link itself: only its hash is kept). */
	hasLink(teacherKey: string): Promise<boolean>;

	/** Stores a new class; false when the teacher has a class of that name already. */
	addClass(record: ClassRecord): Promise<boolean>;
	/** The teacher's classes by name. */
	classesOf(teacherKey: string): Promise<ClassRecord[]>;
	/** False when the class is not the teacher's, or the name is taken. */
	renameClass(id: string, teacherKey: string, name: string): Promise<boolean>;
	/** False when the class is not the teacher's. Its sessions and runs keep their (now unknown) class id. */
	deleteClass(id: string, teacherKey: string): Promise<boolean>;

	/** Every session the teacher started or claimed that retention kept, newest first. */
	sessionsOf(teacherKey: string): Promise<TeacherSession[]>;
}

/** A tap block's result as kept past retention: counts per option, never an answer. */
export interface RunBlock {
	blockId: string;
	/** How many pupils chose each option (for a scale, each position), in the block's order. */
	counts: number[];
	/**
	 * Pupils who answered (passes not included) and who passed: a poll with several choices has
	 * more choices than pupils. Absent, the counts of a one-choice block add up to the answers.
	 */
	answered?: number;
	passes?: number;
}

/**
 * What stays of a session after retention: when and for which class it ran, how many pupils
 * joined and each tap block's counts. No text, no pupil key; what a class thread and the
 * municipality's overview need.
 */
export interface RunRecord {
	sessionId: string;
	teacherKey: string | null;
	classId: string | null;
	lessonSlug: string;
	ranAt: number;
	pupilsJoined: number;
	countsInOverview: boolean;
	blocks: RunBlock[];
}

export interface RunStore {
	/** Stores the run of a session, replacing the one stored before (a session ended again). */
	saveRun(run: RunRecord): Promise<void>;
	runOf(sessionId: string): Promise<RunRecord | null>;
	/** False when there was none. */
	setRunCounted(sessionId: string, countsInOverview: boolean): Promise<boolean>;
	/** The teacher deleted the session: its run goes too. */
	deleteRun(sessionId: string): Promise<void>;
	/** The runs of a class, newest first; only `lessonSlugs` when given. */
	runsOfClass(classId: string, lessonSlugs?: string[]): Promise<RunRecord[]>;
	/** Runs whose teacher let them count, of these lessons, that ran in [from, to). */
	countedRuns(lessonSlugs: string[], from: number, to: number): Promise<RunRecord[]>;
}

export interface Store {
	teachers: TeacherStore;
	runs: RunStore;

	/** Stores a new session; false when a live session already has its join code (take another). */
	insertSession(session: SessionRecord): Promise<boolean>;
	getSession(id: string): Promise<SessionRecord | null>;
	/**
	 * The session as this process last read or wrote it, if that was a moment ago (region mode:
	 * another process may have changed it since); else as `getSession`. Only for checks the
	 * store makes again as it writes, such as whether an answer's block is open.
	 */
	recentSession(id: string): Promise<SessionRecord | null>;
	/** The live session with this join code, if any. */
	getLiveSessionByCode(joinCode: string): Promise<SessionRecord | null>;
	/**
	 * The live session with this code as this process read it a moment ago (see
	 * `recentSession`), else as `getLiveSessionByCode`: for a pupil's join, whose refusals are
	 * decided on a fresh read.
	 */
	recentLiveSessionByCode(joinCode: string): Promise<SessionRecord | null>;
	liveSessions(): Promise<SessionRecord[]>;
	/**
	 * Stores `session` if the stored one is still at `session.version`, and returns it as stored
	 * (version + 1). Null when someone else changed or deleted it first: read it again, decide again.
	 * Code, secrets, lesson, class and creation time are fixed at the start: only the rest changes
	 * (a teacher claims a session by setting its teacherKey this way).
	 */
	updateSession(session: SessionRecord): Promise<SessionRecord | null>;
	/** One more pupil joined the session (a new token, not a reload); counted, never listed. */
	countJoin(sessionId: string): Promise<void>;
	pupilsJoined(sessionId: string): Promise<number>;
	/** Deletes a session and everything in it; returns it as it was, or null when it was gone. */
	deleteSession(id: string): Promise<SessionRecord | null>;
	/** Deletes sessions whose retention ended before `now`; returns each once, as it was. */
	deleteExpiredSessions(now: number): Promise<SessionRecord[]>;

	/**
	 * Stores pupils' answers in one transaction; each replaces the pupil's earlier answer to that
	 * block (one answer per pupil per block). A write whose block is not open is refused alone:
	 * the others are stored.
	 */
	writeAnswers(writes: AnswerWrite[]): Promise<AnswerWriteResult[]>;
	/**
	 * How long the answers' group commit gathers answers before it writes them (milliseconds):
	 * 0 writes what arrived in one turn of the event loop. A commit that costs the database more
	 * than the wait costs a pupil may wait for a few more answers to share it.
	 */
	readonly answerCommitWindowMs: number;
	answerOf(sessionId: string, blockId: string, pupilKey: string): Promise<StoredAnswer | null>;
	/**
	 * Every pupil's current answer to a block, with their pseudonym, by pseudonym: for pairing
	 * pupils across their answers (a tweegesprek), never for showing.
	 */
	answersOf(sessionId: string, blockId: string): Promise<StoredAnswer[]>;
	blockTally(sessionId: string, blockId: string): Promise<BlockTallySource>;
	/** The session with one block's tally, read as one snapshot: a results update needs both. */
	sessionWithTally(
		sessionId: string,
		blockId: string
	): Promise<{ session: SessionRecord; tally: BlockTallySource } | null>;

	/** Stores a new response if it meets `rules`; a resend returns the stored one. */
	submitResponse(response: NewResponse, rules: SubmitRules): Promise<SubmitResult>;
	getResponse(id: string): Promise<ResponseRecord | null>;
	/** In order of arrival. */
	responses(sessionId: string, blockId?: string): Promise<ResponseRecord[]>;
	/**
	 * Stores the response's status, pin, prompt and withdrawal if its stored status is still
	 * `expected`; false when it changed meanwhile (a pupil withdrew it as the teacher approved).
	 */
	updateResponse(response: ResponseRecord, expected: ResponseStatus): Promise<boolean>;
	/**
	 * Pins (or unpins) an approved response; pinning unpins every other in its block, in the same
	 * transaction. False when it is not (or no longer) approved.
	 */
	pinResponse(responseId: string, pinned: boolean): Promise<boolean>;
	/** Approves every waiting response of the block the filter did not flag; returns how many. */
	approveUnflagged(sessionId: string, blockId: string): Promise<number>;
	/** Counts a pupil's vote once; returns false when they had voted already. */
	addVote(responseId: string, pupilKey: string): Promise<boolean>;
	voteCounts(sessionId: string): Promise<Map<string, number>>;
	votedBy(sessionId: string, pupilKey: string): Promise<Set<string>>;

	/**
	 * Records (or with null, forgets) the teacher's decision on a normalised word of a word cloud;
	 * the block's revision grows.
	 */
	setWordDecision(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): Promise<void>;
	/**
	 * Records one decision on many normalised words of a word cloud at once, in one transaction:
	 * only words with no decision yet get it (a word the teacher decided meanwhile keeps theirs).
	 * Returns how many were recorded; the block's revision grows when any was.
	 */
	setWordDecisions(
		sessionId: string,
		blockId: string,
		words: string[],
		decision: WordDecision
	): Promise<number>;

	close(): Promise<void>;
}

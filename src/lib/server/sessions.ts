// Live sessions: a teacher runs a lesson, pupils answer. This module owns the rules (who may
// do what, which block is open, one answer per pupil per block) and knows nothing of sockets.
// Expected failures are values: { ok: false, error: 'room-locked' }.

import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import {
	checkAnswer,
	isLiveAnswerBlock,
	normaliseWord,
	type AnswerProblem,
	type AnswerValue
} from '../lessons/answers.ts';
import { showsStep } from '../lessons/board-focus.ts';
import { answerOf, kindOf } from '../lessons/kinds.ts';
import type { BoardBlock, Lesson } from '../lessons/model.ts';
import { comparable } from '../lessons/blocks.ts';
import {
	countsOf,
	presentResults,
	tallyAnswers,
	tallyFromCounts,
	type BlockResults,
	type BlockTally,
	type EarlierRun,
	type WordScreen
} from '../lessons/results.ts';
import { signOf, type PairSign } from '../pair-signs.ts';
import { AttemptCounter } from './attempt-counter.ts';
import { noEvents, type DomainEvents } from './events.ts';
import {
	joinCodeAttempts,
	joinCodeLength,
	rememberedExtensions,
	startsPerAddressPerHour
} from './limits.ts';
import { ResponseFilter, type Flag } from './moderation/filter.ts';
import { makeGroups, positionOnLine, withPupil, withoutPupil } from './pairing.ts';
import { AnswerGroupCommit } from './store/group-commit.ts';
import {
	initialStage,
	type BlockTallySource,
	type PairingState,
	type RunBlock,
	type RunRecord,
	type SessionRecord,
	type StageState,
	type Store,
	type TimerState,
	type WordDecision
} from './store/store.ts';

export type SessionError =
	| 'lesson-not-found'
	| 'session-not-found'
	| 'session-ended'
	| 'unknown-code'
	| 'room-locked'
	| 'not-host'
	| 'not-board'
	| 'too-many-starts'
	| 'no-free-code'
	| 'invalid-token'
	| 'block-not-found'
	| 'block-not-open'
	| 'step-out-of-range'
	| 'no-timer'
	/** A block open the whole lesson (the vragenbus) is never opened or closed by the teacher. */
	| 'open-all-lesson'
	| 'not-a-word-cloud'
	| 'not-a-tweegesprek'
	/** An answer to a block whose think time is not over yet. */
	| 'think-time'
	| 'no-think-time'
	/** A session changed by others every time we tried: a bug or a storm, never a normal case. */
	| 'internal-error'
	| AnswerProblem;

/** Why a session could not be added to a teacher's lessons. */
export type ClaimError = 'session-not-found' | 'not-host' | 'claimed-by-another';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SessionError };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T = never>(error: SessionError): Outcome<T> => ({ ok: false, error });

const dayMs = 24 * 60 * 60 * 1000;
/**
 * How often a steering command reads the session again after another device (on this or
 * another process) changed it first. Each round one of the rivals wins, so this many changes
 * at the same moment all get through; two teacher devices are the usual case.
 */
const steerAttempts = 20;

export interface SessionsOptions {
	store: Store;
	/** The lesson by slug; with a version, that version of it if the library still has it. */
	findLesson: (slug: string, version?: string) => Lesson | undefined;
	/** The library's version of a lesson (a hash of its file), '' when it offers none. */
	lessonVersion?: (slug: string) => string;
	/** Told of every change once it is stored. */
	events?: DomainEvents;
	retentionDays: number;
	/** Word-cloud words pass the same filter as written responses. */
	filter?: ResponseFilter;
	/** A live session the teacher has not changed for this long ends itself (never without it). */
	idleHours?: number;
	now?: () => number;
	/** Draws the order of equal answers when pupils are paired (tests fix it). */
	random?: () => number;
}

/**
 * One pupil's place in the tweegesprek open now, for their own phone only: their group's sign,
 * how many partners, and whether someone in it answered otherwise. Never who, never an answer.
 * The realtime layer sends it as the contract's `PupilPairing`.
 */
export interface PairingPlace {
	blockId: string;
	revision: number;
	state: 'waiting' | 'paired' | 'out' | 'unpaired';
	sign: PairSign | null;
	partners: number;
	across: boolean;
	why: 'passed' | 'no-answer' | 'alone' | null;
}

/** Results of a block as the board and host get them, with the revision they were made from. */
export type RevisedResults = BlockResults & { revision: number };

/**
 * What a steering command decides from the session as it is now: a refusal, the changes to
 * store, or null when nothing needs to change (a command sent twice).
 */
type Decision = Outcome<Partial<SessionRecord> | null>;

/** Distinct words whose filter outcome is remembered; a word cloud has a few dozen. */
const remembered = 5000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hourMs = 60 * 60 * 1000;

/**
 * The board's secret follows from the host secret, so the host view can always show the board
 * link, while the board's secret tells nothing of the host's.
 */
const boardSecretFrom = (sessionId: string, hostSecret: string) =>
	createHmac('sha256', hostSecret).update(`board:${sessionId}`).digest('base64url');

/** A pupil's pseudonym: the store only ever sees this hash, so even the database cannot link answers to a phone. */
const pupilKeyOf = (sessionId: string, nonce: string) => sha256(`${sessionId}:${nonce}`);

function sameSecret(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * What belongs to the open block goes with it: a closed tweegesprek's groups (so nothing of who
 * talked with whom is kept) and a closed block's think time.
 */
function forgetClosed(session: SessionRecord): SessionRecord {
	const { pairing, thinking } = session.stage;
	const pairingGone = Boolean(pairing) && pairing!.blockId !== session.openBlockId;
	const thinkingGone = Boolean(thinking) && thinking!.blockId !== session.openBlockId;
	if (!pairingGone && !thinkingGone) return session;
	return {
		...session,
		stage: {
			...session.stage,
			...(pairingGone && { pairing: null }),
			...(thinkingGone && { thinking: null })
		}
	};
}

/** The stage with the tweegesprek's groups as they are now, and their counts kept for the workbook. */
function withPairing(stage: StageState, pairing: PairingState): StageState {
	return {
		...stage,
		pairing,
		pairCounts: {
			...stage.pairCounts,
			[pairing.blockId]: {
				groups: pairing.groups.length,
				pupils: pairing.groups.reduce((sum, group) => sum + group.members.length, 0)
			}
		}
	};
}

export function blocksOf(lesson: Lesson): { block: BoardBlock; step: number }[] {
	return lesson.steps.flatMap((step) =>
		step.board.flatMap((part) =>
			part.kind === 'block' ? [{ block: part.block, step: step.number }] : []
		)
	);
}

export class Sessions {
	private readonly store: Store;
	private readonly findLesson: (slug: string, version?: string) => Lesson | undefined;
	private readonly lessonVersion: (slug: string) => string;
	private readonly events: DomainEvents;
	private readonly retentionMs: number;
	private readonly idleMs: number;
	/** The clock the session's times are measured by; what is sent of them is measured by it too. */
	readonly now: () => number;
	private readonly random: () => number;
	private readonly answers: AnswerGroupCommit;
	private readonly filter: ResponseFilter;
	private readonly wordFlags = new Map<string, Flag[]>();
	/** Lessons started per network address in the last hour, in memory only. */
	private readonly starts: AttemptCounter;

	constructor(options: SessionsOptions) {
		this.store = options.store;
		this.answers = new AnswerGroupCommit(options.store);
		this.findLesson = options.findLesson;
		this.lessonVersion = options.lessonVersion ?? (() => '');
		this.events = options.events ?? noEvents;
		this.retentionMs = options.retentionDays * dayMs;
		this.filter = options.filter ?? new ResponseFilter();
		this.idleMs = (options.idleHours ?? Infinity) * hourMs;
		this.now = options.now ?? Date.now;
		this.random = options.random ?? Math.random;
		this.starts = new AttemptCounter(startsPerAddressPerHour, hourMs, this.now);
	}

	/**
	 * A new live session. `startedFrom` (the teacher's network address; every page passes it)
	 * bounds how many one address starts per hour: each live code is one more to guess.
	 */
	async start(
		lessonSlug: string,
		{
			startedFrom,
			teacherKey = null,
			classId = null,
			countsInOverview = false
		}: {
			startedFrom?: string;
			/** The signed-in teacher starting it, and the class of theirs it is for. */
			teacherKey?: string | null;
			classId?: string | null;
			/** Whether its aggregates count in the municipality's overview (the teacher may change it). */
			countsInOverview?: boolean;
		} = {}
	): Promise<Outcome<{ session: SessionRecord; hostSecret: string; boardSecret: string }>> {
		const lesson = this.findLesson(lessonSlug);
		if (!lesson) return fail('lesson-not-found');
		if (startedFrom !== undefined && this.starts.exhausted(startedFrom))
			return fail('too-many-starts');
		// Counted before the first await, so parallel starts from one address cannot pass together.
		if (startedFrom !== undefined) this.starts.count(startedFrom);
		const hostSecret = randomBytes(24).toString('base64url');
		const createdAt = this.now();
		const lessonVersion = this.lessonVersion(lessonSlug);
		for (let attempt = 0; attempt < joinCodeAttempts; attempt += 1) {
			const joinCode = String(randomInt(0, 10 ** joinCodeLength)).padStart(joinCodeLength, '0');
			const id = randomBytes(12).toString('base64url');
			const boardSecret = boardSecretFrom(id, hostSecret);
			const session: SessionRecord = {
				id,
				joinCode,
				hostKey: sha256(hostSecret),
				boardKey: sha256(boardSecret),
				tokenKey: randomBytes(32).toString('base64url'),
				lessonSlug,
				lessonVersion,
				step: 1,
				openBlockId: null,
				revealed: [],
				locked: false,
				timer: null,
				stage: initialStage,
				status: 'live',
				createdAt,
				endedAt: null,
				expiresAt: createdAt + this.retentionMs,
				activeAt: createdAt,
				version: 1,
				teacherKey,
				classId: teacherKey === null ? null : classId,
				countsInOverview
			};
			// The store refuses a code another live session holds, on whichever process it started.
			if (await this.store.insertSession(session)) return ok({ session, hostSecret, boardSecret });
		}
		return fail('no-free-code');
	}

	/** The board's view-only secret, for the host who holds `hostSecret`. */
	boardSecret(session: SessionRecord, hostSecret: string): string {
		return boardSecretFrom(session.id, hostSecret);
	}

	/**
	 * The session, when `boardSecret` is its board's: it may show what the class sees, nothing
	 * more. The board of the owner's credential follows from it as the board secret follows
	 * from the host secret, and dies with it.
	 */
	async asBoard(sessionId: string, boardSecret: string): Promise<Outcome<SessionRecord>> {
		const session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		if (session.boardKey && sameSecret(sha256(boardSecret), session.boardKey)) return ok(session);
		const owner = this.ownerSecret(session);
		if (owner && sameSecret(boardSecret, boardSecretFrom(session.id, owner))) return ok(session);
		return fail('not-board');
	}

	/**
	 * The session, when `hostSecret` is the one it was started with, or the owner's credential
	 * for the teacher whose session it is now.
	 */
	async asHost(sessionId: string, hostSecret: string): Promise<Outcome<SessionRecord>> {
		const session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		if (sameSecret(sha256(hostSecret), session.hostKey)) return ok(session);
		const owner = this.ownerSecret(session);
		if (owner && sameSecret(hostSecret, owner)) return ok(session);
		return fail('not-host');
	}

	/**
	 * The credential with which the signed-in teacher who owns the session steers it from any
	 * device, where the host secret (of which only a hash is stored) is not at hand. It is made
	 * from the session's own signing key and the owner's key, so nothing new is stored, and it
	 * stops working the moment the session has another owner or none (their space deleted).
	 * Null while the session belongs to nobody.
	 */
	ownerSecret(session: SessionRecord): string | null {
		if (session.teacherKey === null) return null;
		// 'owner:' cannot begin a pupil token's message (`<id>:<nonce>`), signed with the same key.
		return createHmac('sha256', session.tokenKey)
			.update(`owner:${session.id}:${session.teacherKey}`)
			.digest('base64url');
	}

	/**
	 * Makes a session started without signing in (or already theirs) the teacher's: proven with
	 * its host secret. Also an ended one, so its summary shows up in their lessons.
	 */
	async claim(
		sessionId: string,
		hostSecret: string,
		teacherKey: string
	): Promise<{ ok: true; value: SessionRecord } | { ok: false; error: ClaimError }> {
		for (let attempt = 0; attempt < steerAttempts; attempt += 1) {
			const session = await this.store.getSession(sessionId);
			if (!session) return { ok: false, error: 'session-not-found' };
			// Only the secret it started with: an owner's credential cannot hand a session on.
			if (!sameSecret(sha256(hostSecret), session.hostKey)) return { ok: false, error: 'not-host' };
			if (session.teacherKey === teacherKey) return { ok: true, value: session };
			if (session.teacherKey !== null) return { ok: false, error: 'claimed-by-another' };
			const updated = await this.store.updateSession({ ...session, teacherKey });
			if (updated) return { ok: true, value: updated };
		}
		return { ok: false, error: 'session-not-found' };
	}

	/**
	 * A new pupil: a fresh token for the live session with this code, and the pseudonym it stands
	 * for (what `asPupil` finds from the token), so the joining phone can be attached at once.
	 */
	async join(
		joinCode: string
	): Promise<Outcome<{ session: SessionRecord; pupilToken: string; pupilKey: string }>> {
		// A session read a moment ago will do (a lock or an end on another process holds within a
		// second); a refusal is decided on a fresh read.
		let session = await this.store.recentLiveSessionByCode(joinCode);
		if (!session || session.locked) session = await this.store.getLiveSessionByCode(joinCode);
		if (!session) return fail('unknown-code');
		if (session.locked) return fail('room-locked');
		const nonce = randomBytes(16).toString('base64url');
		await this.store.countJoin(session.id);
		return ok({
			session,
			pupilToken: `${nonce}.${this.sign(session, nonce)}`,
			pupilKey: pupilKeyOf(session.id, nonce)
		});
	}

	/** A returning pupil (reload, reconnect, restart): their session and pseudonym, if the token is one we gave. */
	async asPupil(
		sessionId: string,
		pupilToken: string
	): Promise<Outcome<{ session: SessionRecord; pupilKey: string }>> {
		// The token is checked against the session's signing key, which never changes: a session
		// read a moment ago will do (callers that show the session read it again).
		const session = await this.store.recentSession(sessionId);
		if (!session) return fail('session-not-found');
		const [nonce, signature, extra] = pupilToken.split('.');
		if (
			!nonce ||
			!signature ||
			extra !== undefined ||
			!sameSecret(signature, this.sign(session, nonce))
		) {
			return fail('invalid-token');
		}
		return ok({ session, pupilKey: pupilKeyOf(session.id, nonce) });
	}

	private sign(session: SessionRecord, nonce: string): string {
		return createHmac('sha256', session.tokenKey)
			.update(`${session.id}:${nonce}`)
			.digest('base64url')
			.slice(0, 22);
	}

	/** The lesson as the session started it, so a file edited meanwhile does not change it. */
	lessonOf(session: SessionRecord): Lesson | undefined {
		return this.findLesson(session.lessonSlug, session.lessonVersion || undefined);
	}

	findBlock(
		session: SessionRecord,
		blockId: string
	): { block: BoardBlock; step: number } | undefined {
		const lesson = this.lessonOf(session);
		return lesson ? blocksOf(lesson).find((entry) => entry.block.id === blockId) : undefined;
	}

	/**
	 * Reads the session, decides, and stores the decision onto the version it was made from.
	 * When another device changed the session first, it reads again and decides again, so
	 * neither change is lost; the refusals (an ended session, a step out of range) are made
	 * from the session as it is now.
	 */
	private async steer(
		sessionId: string,
		decide: (session: SessionRecord) => Decision,
		/** A pupil's change (stepping out of a tweegesprek) is no sign of the teacher being there. */
		{ byTeacher = true }: { byTeacher?: boolean } = {}
	): Promise<Outcome<SessionRecord>> {
		for (let attempt = 0; attempt < steerAttempts; attempt += 1) {
			const session = await this.store.getSession(sessionId);
			if (!session) return fail('session-not-found');
			const decided = decide(session);
			if (!decided.ok) return decided;
			if (decided.value === null) return ok(session);
			if (session.status === 'ended') return fail('session-ended');
			const updated = await this.store.updateSession(
				forgetClosed({
					...session,
					...decided.value,
					activeAt: byTeacher ? this.now() : session.activeAt
				})
			);
			if (updated) {
				this.events.sessionChanged(updated);
				return ok(updated);
			}
			// A moment's jitter, so rivals that lost together do not meet again in lockstep.
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
		}
		return fail('internal-error');
	}

	goToStep(sessionId: string, step: number): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const stepCount = this.lessonOf(session)?.steps.length ?? 0;
			if (!Number.isInteger(step) || step < 1 || step > stepCount) return fail('step-out-of-range');
			// Moving on closes what was open: pupils answer what the board shows.
			const openBlockStays =
				session.openBlockId !== null && this.findBlock(session, session.openBlockId)?.step === step;
			return ok({
				step,
				openBlockId: openBlockStays ? session.openBlockId : null,
				timer: this.timerLeaving(session, step),
				stage: this.lessonRuns(session)
			});
		});
	}

	/** A timer belongs to its block: moving to a step without it pauses it, to resume on return. */
	private timerLeaving(session: SessionRecord, step: number): TimerState | null {
		const timer = session.timer;
		if (!timer || timer.runningSince === null) return timer;
		if (this.findBlock(session, timer.blockId)?.step === step) return timer;
		return {
			...timer,
			runningSince: null,
			elapsedMs: timer.elapsedMs + (this.now() - timer.runningSince)
		};
	}

	/** Once the teacher moves on, the join code makes room for the lesson. */
	private lessonRuns(session: SessionRecord): StageState {
		return session.stage.codeLarge === false
			? session.stage
			: { ...session.stage, codeLarge: false };
	}

	openBlock(sessionId: string, blockId: string): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const found = this.findBlock(session, blockId);
			if (!found) return fail('block-not-found');
			if (answerOf(found.block) === 'none') return fail('block-not-answerable');
			if (kindOf(found.block.type).wholeLesson) return fail('open-all-lesson');
			let stage = this.lessonRuns(session);
			const opened = stage.opened ?? [];
			if (!opened.includes(blockId)) {
				stage = { ...stage, opened: [...opened, blockId] };
				// Think time runs when a block first opens: a block opened again is answered at once.
				const thinkMs = found.block.settings.thinkSeconds * 1000;
				if (thinkMs > 0)
					stage = {
						...stage,
						thinking: { blockId, untilMs: this.now() + thinkMs, durationMs: thinkMs }
					};
			}
			// A tweegesprek starts without groups: pupils may step out before the teacher makes them.
			if (kindOf(found.block.type).answer === 'talk' && stage.pairing?.blockId !== blockId)
				stage = {
					...stage,
					pairing: { blockId, revision: 1, round: 0, groups: [], optedOut: [] }
				};
			return ok({
				openBlockId: blockId,
				step: found.step,
				timer: this.timerLeaving(session, found.step),
				stage
			});
		});
	}

	/** How long the block's think time still runs, in ms; 0 when it has none or it is over. */
	thinkingLeft(session: SessionRecord, blockId: string): number {
		const thinking = session.stage.thinking;
		if (!thinking || thinking.blockId !== blockId || session.openBlockId !== blockId) return 0;
		return Math.max(0, thinking.untilMs - this.now());
	}

	/** 'Sla over': pupils may answer now. */
	skipThinking(sessionId: string): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const thinking = session.stage.thinking;
			if (!thinking || this.thinkingLeft(session, thinking.blockId) === 0)
				return fail('no-think-time');
			return ok({ stage: { ...session.stage, thinking: null } });
		});
	}

	/** More think time, once per extension id: the same extension sent again changes nothing. */
	extendThinking(
		sessionId: string,
		extraMs: number,
		extensionId: string
	): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const thinking = session.stage.thinking;
			if (!thinking) return fail('no-think-time');
			const extensions = thinking.extensions ?? [];
			if (extensions.includes(extensionId)) return ok(null);
			if (this.thinkingLeft(session, thinking.blockId) === 0) return fail('no-think-time');
			return ok({
				stage: {
					...session.stage,
					thinking: {
						...thinking,
						untilMs: thinking.untilMs + extraMs,
						durationMs: thinking.durationMs + extraMs,
						extensions: [...extensions, extensionId].slice(-rememberedExtensions)
					}
				}
			});
		});
	}

	/**
	 * A tweegesprek's groups, made again as a new round: the pupils who answered its source block
	 * (not those who passed or stepped out), paired across their answers.
	 */
	async makePairs(sessionId: string, blockId: string): Promise<Outcome<SessionRecord>> {
		const session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		const found = this.tweegesprek(session, blockId);
		if (!found.ok) return found;
		const positions = await this.positionsFor(session, found.value);
		return this.steer(sessionId, (current) => {
			const pairing = current.stage.pairing;
			if (current.openBlockId !== blockId || pairing?.blockId !== blockId)
				return fail('block-not-open');
			const candidates = [...positions]
				.filter(([key]) => !pairing.optedOut.includes(key))
				.map(([key, position]) => ({ key, position }));
			return ok({
				stage: withPairing(current.stage, {
					...pairing,
					revision: pairing.revision + 1,
					round: pairing.round + 1,
					groups: makeGroups(candidates, this.random)
				})
			});
		});
	}

	/**
	 * A pupil says 'ik doe niet mee' (their partner joins another group), or takes part again
	 * (they join a group, when groups were made and they answered the source block).
	 */
	async takePart(
		sessionId: string,
		pupilKey: string,
		blockId: string,
		takesPart: boolean
	): Promise<Outcome<PairingPlace>> {
		const session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		const found = this.tweegesprek(session, blockId);
		if (!found.ok) return found;
		const positions = await this.positionsFor(session, found.value);
		const outcome = await this.steer(
			sessionId,
			(current) => {
				const pairing = current.stage.pairing;
				if (current.openBlockId !== blockId || pairing?.blockId !== blockId)
					return fail('block-not-open');
				if (pairing.optedOut.includes(pupilKey) !== takesPart) return ok(null);
				const optedOut = takesPart
					? pairing.optedOut.filter((key) => key !== pupilKey)
					: [...pairing.optedOut, pupilKey];
				let groups = pairing.groups;
				if (pairing.round > 0 && !takesPart) groups = withoutPupil(groups, pupilKey, positions);
				else if (pairing.round > 0 && positions.has(pupilKey))
					// Back in: into a group; with none left, with whoever was left without one.
					groups =
						groups.length > 0
							? withPupil(groups, pupilKey, positions)
							: makeGroups(
									[...positions]
										.filter(([key]) => !optedOut.includes(key))
										.map(([key, position]) => ({ key, position })),
									this.random
								);
				return ok({
					stage: withPairing(current.stage, {
						...pairing,
						revision: pairing.revision + 1,
						optedOut,
						groups
					})
				});
			},
			{ byTeacher: false }
		);
		if (!outcome.ok) return outcome;
		const pairing = await this.pairingOf(outcome.value, pupilKey);
		return pairing ? ok(pairing) : fail('block-not-open');
	}

	/** The pupil's place in the open tweegesprek, for their own phone; null when none is open. */
	async pairingOf(session: SessionRecord, pupilKey: string): Promise<PairingPlace | null> {
		const pairing = session.stage.pairing;
		if (!pairing || session.openBlockId !== pairing.blockId) return null;
		const none = { sign: null, partners: 0, across: false, why: null };
		const base = { blockId: pairing.blockId, revision: pairing.revision };
		if (pairing.optedOut.includes(pupilKey)) return { ...base, ...none, state: 'out' };
		if (pairing.round === 0) return { ...base, ...none, state: 'waiting' };
		const group = pairing.groups.find((candidate) => candidate.members.includes(pupilKey));
		if (group)
			return {
				...base,
				state: 'paired',
				sign: signOf(group.sign),
				partners: group.members.length - 1,
				across: group.across,
				why: null
			};
		// Their own answer says why they have no group; nobody else's is read.
		const source = this.findBlock(session, pairing.blockId)?.block.settings.pairsFrom;
		const own = source ? await this.store.answerOf(session.id, source, pupilKey) : null;
		const value = own?.value as AnswerValue | undefined;
		const why = !value ? 'no-answer' : value.kind === 'pass' ? 'passed' : 'alone';
		return { ...base, ...none, state: 'unpaired', why };
	}

	private tweegesprek(session: SessionRecord, blockId: string): Outcome<BoardBlock> {
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		if (kindOf(found.block.type).answer !== 'talk') return fail('not-a-tweegesprek');
		return ok(found.block);
	}

	/** Where each pupil who answered the tweegesprek's source block lies on its line, by pseudonym. */
	private async positionsFor(
		session: SessionRecord,
		block: BoardBlock
	): Promise<Map<string, number>> {
		const source = block.settings.pairsFrom;
		const positions = new Map<string, number>();
		if (!source) return positions;
		for (const { pupilKey, value } of await this.store.answersOf(session.id, source)) {
			const position = positionOnLine(value as AnswerValue);
			if (position !== null) positions.set(pupilKey, position);
		}
		return positions;
	}

	closeBlock(sessionId: string): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, () => ok({ openBlockId: null }));
	}

	async setRevealed(
		sessionId: string,
		blockId: string,
		revealed: boolean
	): Promise<Outcome<SessionRecord>> {
		const outcome = await this.steer(sessionId, (session) => {
			if (!this.findBlock(session, blockId)) return fail('block-not-found');
			const others = session.revealed.filter((id) => id !== blockId);
			return ok({ revealed: revealed ? [...others, blockId] : others });
		});
		if (outcome.ok) this.events.resultsChanged(sessionId, blockId, { immediate: true });
		return outcome;
	}

	/** What the board puts first: the step, the ground rules, or the pinned response alone. */
	setBoardMode(sessionId: string, mode: StageState['mode']): Promise<Outcome<SessionRecord>> {
		return this.setStage(sessionId, (stage) => ({ ...stage, mode }));
	}

	/** A blank board, at once and until the host turns it back on. */
	setBlank(sessionId: string, blank: boolean): Promise<Outcome<SessionRecord>> {
		return this.setStage(sessionId, (stage) => ({ ...stage, blank }));
	}

	/** The join code large on the board again, for latecomers; moving on makes it small. */
	setCodeLarge(sessionId: string, codeLarge: boolean): Promise<Outcome<SessionRecord>> {
		return this.setStage(sessionId, (stage) => ({ ...stage, codeLarge }));
	}

	setWallOrder(sessionId: string, sortByVotes: boolean): Promise<Outcome<SessionRecord>> {
		return this.setStage(sessionId, (stage) => ({ ...stage, sortByVotes }));
	}

	/** The lesson's question box, open to pupils the whole lesson while the session is live. */
	questionBox(session: SessionRecord): BoardBlock | null {
		const box = this.questionBoxOf(session);
		return box && session.status === 'live' ? box.block : null;
	}

	/** The board shows the question box's step now, and with it the questions let through. */
	questionsOnBoard(session: SessionRecord): boolean {
		const box = this.questionBoxOf(session);
		if (!box || box.step !== session.step) return false;
		const stepBlocks = this.stepBlocks(session, box.step);
		const { mode, blank = false, codeLarge = false } = session.stage;
		return showsStep(stepBlocks, {
			status: session.status,
			openBlockId: session.openBlockId,
			revealed: session.revealed,
			stage: { mode, blank, codeLarge }
		});
	}

	private questionBoxOf(session: SessionRecord) {
		const lesson = this.lessonOf(session);
		return lesson
			? blocksOf(lesson).find(({ block }) => kindOf(block.type).wholeLesson)
			: undefined;
	}

	private stepBlocks(session: SessionRecord, step: number): BoardBlock[] {
		const lesson = this.lessonOf(session);
		if (!lesson) return [];
		return blocksOf(lesson).flatMap((found) => (found.step === step ? [found.block] : []));
	}

	/**
	 * Changes the staging of written blocks (pauses, cleared walls); the moderation owns the
	 * rules. `change` makes the new stage from the one stored now, and may be asked again.
	 */
	setStage(
		sessionId: string,
		change: (stage: StageState) => StageState
	): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => ok({ stage: change(session.stage) }));
	}

	setLocked(sessionId: string, locked: boolean): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, () => ok({ locked }));
	}

	async end(sessionId: string): Promise<Outcome<SessionRecord>> {
		const ended = await this.steer(sessionId, () => ok(this.ending()));
		if (ended.ok && ended.value.status === 'ended') await this.keepRun(ended.value);
		return ended;
	}

	/**
	 * The teacher's choice whether the session's aggregates count in the municipality's
	 * overview. Unlike steering, it may change an ended session too, and then the run kept of it;
	 * a live session's run takes the choice when the session ends.
	 */
	async setCountsInOverview(
		sessionId: string,
		countsInOverview: boolean
	): Promise<Outcome<SessionRecord>> {
		for (let attempt = 0; attempt < steerAttempts; attempt += 1) {
			const session = await this.store.getSession(sessionId);
			if (!session) return fail('session-not-found');
			let stored = session;
			if (session.countsInOverview !== countsInOverview) {
				const updated = await this.store.updateSession({ ...session, countsInOverview });
				if (!updated) {
					await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 * attempt));
					continue;
				}
				stored = updated;
				// The pupils' phones say what is shared: they hear the change.
				this.events.sessionChanged(updated);
			}
			await this.store.runs.setRunCounted(sessionId, countsInOverview);
			return ok(stored);
		}
		return fail('internal-error');
	}

	/**
	 * What stays of an ended session past retention: when and for which class it ran, how many
	 * joined, and its tap blocks' counts per option. Never a text, never a pupil key.
	 */
	async keepRun(session: SessionRecord): Promise<RunRecord> {
		const lesson = this.lessonOf(session);
		const blocks: RunBlock[] = [];
		for (const { block } of lesson ? blocksOf(lesson) : []) {
			if (!isLiveAnswerBlock(block)) continue;
			const source = await this.store.blockTally(session.id, block.id);
			if (source.answers.length === 0) continue;
			const kept = countsOf(tallyAnswers(block, source.answers as AnswerValue[], source.moves));
			if (kept) blocks.push({ blockId: block.id, ...kept });
		}
		const run: RunRecord = {
			sessionId: session.id,
			teacherKey: session.teacherKey,
			classId: session.classId,
			lessonSlug: session.lessonSlug,
			ranAt: session.createdAt,
			pupilsJoined: await this.store.pupilsJoined(session.id),
			countsInOverview: session.countsInOverview,
			blocks
		};
		await this.store.runs.saveRun(run);
		// Deleted by the teacher while it ended: the run goes with it (see `delete`).
		if (!(await this.store.getSession(session.id))) await this.store.runs.deleteRun(session.id);
		return run;
	}

	private ending(): Partial<SessionRecord> {
		return { status: 'ended', endedAt: this.now(), openBlockId: null, timer: null };
	}

	/**
	 * Deletes a session and all its answers at once, and the run kept of it: the teacher's
	 * choice wins over what a class thread or the municipality's overview would keep. True when
	 * this call deleted the session.
	 */
	async delete(sessionId: string): Promise<boolean> {
		const deleted = await this.store.deleteSession(sessionId);
		await this.store.runs.deleteRun(sessionId);
		if (deleted) this.events.sessionDeleted(deleted);
		return deleted !== null;
	}

	/**
	 * Ends every live session the teacher left alone for the idle time; returns how many this
	 * process ended (on several processes, each session is ended, and told, by one of them).
	 */
	async endIdle(): Promise<number> {
		const idleSince = this.now() - this.idleMs;
		let count = 0;
		for (const candidate of await this.store.liveSessions()) {
			if (candidate.activeAt > idleSince) continue;
			// Decided again on the session as stored: a teacher who came back meanwhile keeps it.
			const ended = await this.steer(candidate.id, (session) =>
				session.status === 'live' && session.activeAt <= idleSince
					? ok(this.ending())
					: fail('session-ended')
			);
			if (!ended.ok) continue;
			await this.keepRun(ended.value);
			count += 1;
		}
		return count;
	}

	startTimer(sessionId: string, blockId: string): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const found = this.findBlock(session, blockId);
			if (!found) return fail('block-not-found');
			const current = session.timer?.blockId === blockId ? session.timer : null;
			if (current && current.runningSince !== null && session.step === found.step) return ok(null);
			const timer: TimerState = current
				? { ...current, runningSince: this.now() }
				: {
						blockId,
						durationMs: found.block.settings.timerMinutes * 60_000,
						runningSince: this.now(),
						elapsedMs: 0
					};
			// The timer shows with its block, so starting it brings the board to the block's step.
			return ok({ timer, step: found.step });
		});
	}

	pauseTimer(sessionId: string): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const timer = session.timer;
			if (!timer) return fail('no-timer');
			if (timer.runningSince === null) return ok(null);
			const elapsedMs = timer.elapsedMs + (this.now() - timer.runningSince);
			return ok({ timer: { ...timer, runningSince: null, elapsedMs } });
		});
	}

	/** Adds time once per extension id: the same extension sent again changes nothing. */
	extendTimer(
		sessionId: string,
		extraMs: number,
		extensionId: string
	): Promise<Outcome<SessionRecord>> {
		return this.steer(sessionId, (session) => {
			const timer = session.timer;
			if (!timer) return fail('no-timer');
			const extensions = timer.extensions ?? [];
			if (extensions.includes(extensionId)) return ok(null);
			return ok({
				timer: {
					...timer,
					durationMs: timer.durationMs + extraMs,
					extensions: [...extensions, extensionId].slice(-rememberedExtensions)
				}
			});
		});
	}

	/**
	 * Stores a pupil's answer to the open block; a repeat of the same answer changes nothing.
	 * Settles once the answer is committed, in one transaction with others of the same moment;
	 * whether the block is still open is decided in that transaction.
	 */
	async answer(
		sessionId: string,
		pupilKey: string,
		blockId: string,
		value: AnswerValue
	): Promise<Outcome<{ changed: boolean; value: AnswerValue }>> {
		// The store decides again as it writes whether the session is live and the block open, so
		// a session read a moment ago will do; a refusal is decided on a fresh read.
		let session = await this.store.recentSession(sessionId);
		if (!session || session.status === 'ended' || session.openBlockId !== blockId)
			session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		if (session.status === 'ended') return fail('session-ended');
		if (session.openBlockId !== blockId) return fail('block-not-open');
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		// The phone holds its buttons until the think time is over; a clock that ran ahead is told so.
		if (this.thinkingLeft(session, blockId) > 0) return fail('think-time');
		const checked = checkAnswer(found.block, value);
		if (!checked.ok) return fail(checked.problem);
		const written = await this.answers.write({
			sessionId,
			blockId,
			pupilKey,
			value: checked.value,
			// The store counts a four-corners move from the corner stood in before, without who moved.
			position:
				found.block.type === 'vier-hoeken' && checked.value.kind === 'choice'
					? (checked.value.options[0] ?? null)
					: null,
			at: this.now()
		});
		if (!written.stored) return fail(written.refused);
		if (written.changed) this.events.resultsChanged(sessionId, blockId);
		return ok({ changed: written.changed, value: checked.value });
	}

	/**
	 * The teacher's decision on a word of a word cloud: 'allowed' lets a word through (a waiting
	 * word, or one the filter held), 'removed' takes any word off the cloud, null undoes either.
	 * The answers stay as they are.
	 */
	async decideWord(
		sessionId: string,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): Promise<Outcome<{ word: string }>> {
		const found = await this.wordCloud(sessionId, blockId);
		if (!found.ok) return found;
		const normalised = normaliseWord(word);
		if (normalised === '') return fail('empty-answer');
		await this.store.setWordDecision(sessionId, blockId, normalised, decision);
		this.wordsChanged(found.value, blockId);
		return ok({ word: normalised });
	}

	/**
	 * 'Toon alle woorden': of the words the teacher saw waiting, lets through those that still
	 * wait, in one store call. A word the filter holds, or one the teacher decided on meanwhile,
	 * is left as it is; a word that arrived since the teacher looked waits for their next look.
	 */
	async releaseWords(
		sessionId: string,
		blockId: string,
		seen: string[]
	): Promise<Outcome<{ released: number }>> {
		const found = await this.wordCloud(sessionId, blockId);
		if (!found.ok) return found;
		const block = found.value.block;
		const { answers, decisions } = await this.store.blockTally(sessionId, blockId);
		const { wordReview = [] } = tallyAnswers(block, answers as AnswerValue[], [], (word) => ({
			flags: this.flagsOf(word),
			decision: decisions.get(word) ?? null
		}));
		const waiting = new Set(
			wordReview.filter((entry) => entry.state === 'waiting').map((entry) => entry.word)
		);
		const words = [...new Set(seen.map(normaliseWord))].filter((word) => waiting.has(word));
		const released =
			words.length === 0
				? 0
				: await this.store.setWordDecisions(sessionId, blockId, words, 'allowed');
		if (released > 0) this.wordsChanged(found.value, blockId);
		return ok({ released });
	}

	private async wordCloud(
		sessionId: string,
		blockId: string
	): Promise<Outcome<{ session: SessionRecord; block: BoardBlock }>> {
		const session = await this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		if (!kindOf(found.block.type).words) return fail('not-a-word-cloud');
		return ok({ session, block: found.block });
	}

	/** A decision on a cloud's words changes its results at once, and those of a cloud shown beside it. */
	private wordsChanged({ session }: { session: SessionRecord }, blockId: string) {
		this.events.resultsChanged(session.id, blockId, { immediate: true });
		const lesson = this.lessonOf(session);
		for (const { block } of lesson ? blocksOf(lesson) : [])
			if (block.settings.compareWith === blockId)
				this.events.resultsChanged(session.id, block.id, { immediate: true });
	}

	private flagsOf(word: string): Flag[] {
		let flags = this.wordFlags.get(word);
		if (!flags) {
			if (this.wordFlags.size >= remembered) this.wordFlags.clear();
			flags = this.filter.checkWord(word);
			this.wordFlags.set(word, flags);
		}
		return flags;
	}

	async answerOf(
		session: SessionRecord,
		pupilKey: string,
		blockId: string
	): Promise<AnswerValue | null> {
		const stored = await this.store.answerOf(session.id, blockId, pupilKey);
		return (stored?.value as AnswerValue | undefined) ?? null;
	}

	async results(
		session: SessionRecord,
		blockId: string,
		forTeacher: boolean
	): Promise<RevisedResults | null> {
		const results = await this.resultsForBoardAndHost(session, blockId);
		return results && (forTeacher ? results.host : results.board);
	}

	/**
	 * A block's results as they are now, for a results update: the session and the block's
	 * answers read together (one statement in region mode, where a results update runs for
	 * nearly every answer). Null without the session.
	 */
	async latestResults(
		sessionId: string,
		blockId: string
	): Promise<{ board: RevisedResults; host: RevisedResults } | null> {
		const read = await this.store.sessionWithTally(sessionId, blockId);
		return read && this.resultsForBoardAndHost(read.session, blockId, read.tally);
	}

	/** Both views of a block's results from one read of its answers (`tally`, if read already). */
	async resultsForBoardAndHost(
		session: SessionRecord,
		blockId: string,
		tally?: BlockTallySource
	): Promise<{ board: RevisedResults; host: RevisedResults } | null> {
		const found = this.findBlock(session, blockId);
		if (!found || !isLiveAnswerBlock(found.block)) return null;
		const earlier = found.block.settings.compareWith
			? this.findBlock(session, found.block.settings.compareWith)?.block
			: undefined;
		const blocks = earlier ? [found.block, earlier] : [found.block];
		const [sources, across] = await Promise.all([
			Promise.all(
				blocks.map((block) =>
					tally && block.id === blockId ? tally : this.store.blockTally(session.id, block.id)
				)
			),
			// One `vergelijk` per block: within the lesson, or across the programme.
			earlier ? null : this.earlierRunOf(session, found.block)
		]);
		const counted: { block: BoardBlock; tally: BlockTally }[] = blocks.map((block, index) => {
			const { answers, moves, decisions } = sources[index];
			return {
				block,
				tally: tallyAnswers(
					block,
					answers as AnswerValue[],
					moves,
					kindOf(block.type).words
						? (word): WordScreen => ({
								flags: this.flagsOf(word),
								decision: decisions.get(word) ?? null
							})
						: undefined
				)
			};
		});
		if (across) counted.push(across);
		// Both blocks' revisions only grow, so their sum does: a word decision on the earlier
		// block makes newer results of this one too, and a screen keeps the newest it has seen.
		// An earlier lesson's result never changes during this one: it adds nothing.
		const revision = sources.reduce((sum, source) => sum + source.revision, 0);
		const present = (forTeacher: boolean): RevisedResults => {
			const [now, before] = counted.map(({ block, tally }) =>
				presentResults(block, tally, {
					// An earlier lesson's result reaches the board when this block's does, not before.
					revealed: session.revealed.includes(tally === across?.tally ? found.block.id : block.id),
					forTeacher
				})
			);
			if (!before) return { ...now, revision };
			return across
				? { ...now, before, beforeFrom: across.from, revision }
				: { ...now, before, revision };
		};
		return { board: present(false), host: present(true) };
	}

	/**
	 * The result this class gave an earlier lesson of the programme for a block that compares
	 * with it (`vergelijk="lesson#block"`): from the newest run of that lesson, for the same
	 * class and teacher, that has the block and ran before this session. Null without a class,
	 * without such a run, or when the earlier block no longer fits this one: nothing is invented.
	 * Shown under the stricter of the two blocks' minimum number of answers, and on the board
	 * only when this block's result is (its `reveal`).
	 */
	private async earlierRunOf(
		session: SessionRecord,
		block: BoardBlock
	): Promise<{ block: BoardBlock; tally: BlockTally; from: EarlierRun } | null> {
		const across = block.settings.compareAcross;
		if (!across || session.classId === null || session.teacherKey === null) return null;
		const lesson = this.findLesson(across.lessonSlug);
		const earlier = lesson && blocksOf(lesson).find((entry) => entry.block.id === across.blockId);
		if (!lesson || !earlier || !comparable(earlier.block, block)) return null;
		const runs = await this.store.runs.runsOfClass(session.classId, [across.lessonSlug]);
		for (const run of runs) {
			if (run.sessionId === session.id || run.teacherKey !== session.teacherKey) continue;
			if (run.ranAt >= session.createdAt) continue;
			const kept = run.blocks.find((entry) => entry.blockId === across.blockId);
			const tally = kept && tallyFromCounts(earlier.block, kept);
			if (!tally) continue;
			const minAnswers = Math.max(block.settings.minAnswers, earlier.block.settings.minAnswers);
			return {
				block: {
					...earlier.block,
					settings: { ...earlier.block.settings, minAnswers, reveal: block.settings.reveal }
				},
				tally,
				from: {
					lessonSlug: lesson.slug,
					lessonTitle: lesson.meta.title,
					phase: lesson.meta.phase,
					part: lesson.meta.part,
					ranAt: run.ranAt
				}
			};
		}
		return null;
	}

	/** The timer the screens show: only on its own step (one paused in step 3 is not on the board in step 6). */
	timerShown(session: SessionRecord): TimerState | null {
		const timer = session.timer;
		return timer && this.findBlock(session, timer.blockId)?.step === session.step ? timer : null;
	}

	/** The open tweegesprek's groups, while its block is open. */
	pairingShown(session: SessionRecord): PairingState | null {
		const pairing = session.stage.pairing;
		return pairing && pairing.blockId === session.openBlockId ? pairing : null;
	}

	/** The block the phones answer now; a block open all lesson is their question box, never this. */
	openQuestion(session: SessionRecord): BoardBlock | null {
		if (session.openBlockId === null) return null;
		const found = this.findBlock(session, session.openBlockId);
		return found && !kindOf(found.block.type).wholeLesson ? found.block : null;
	}

	/** Writes the answers still waiting for their commit; the store may close once it settles. */
	writePendingAnswers(): Promise<void> {
		return this.answers.drain();
	}

	getSession(sessionId: string): Promise<SessionRecord | null> {
		return this.store.getSession(sessionId);
	}

	liveSessions(): Promise<SessionRecord[]> {
		return this.store.liveSessions();
	}

	/** Retention: deletes every session whose time is up, and ends the screens still showing them. */
	async deleteExpired(): Promise<number> {
		const expired = await this.store.deleteExpiredSessions(this.now());
		for (const session of expired) this.events.sessionDeleted(session);
		return expired.length;
	}
}

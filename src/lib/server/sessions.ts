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
import type { BoardBlock, Lesson } from '../lessons/model.ts';
import {
	presentResults,
	tallyAnswers,
	type BlockResults,
	type BlockTally,
	type WordScreen
} from '../lessons/results.ts';
import type { PupilBlock, SessionView, TimerView } from '../protocol.ts';
import { AttemptCounter } from './attempt-counter.ts';
import { guarded } from './guard.ts';
import { joinCodeAttempts, rememberedExtensions, startsPerAddressPerHour } from './limits.ts';
import { ResponseFilter, type Flag } from './moderation/filter.ts';
import { AnswerGroupCommit } from './store/group-commit.ts';
import {
	initialStage,
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
	| 'not-a-word-cloud'
	| AnswerProblem;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SessionError };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T = never>(error: SessionError): Outcome<T> => ({ ok: false, error });

const dayMs = 24 * 60 * 60 * 1000;
export const joinCodeDigits = 6;

export interface SessionsOptions {
	store: Store;
	findLesson: (slug: string) => Lesson | undefined;
	retentionDays: number;
	/** Word-cloud words pass the same filter as written responses. */
	filter?: ResponseFilter;
	/** A live session the teacher has not changed for this long ends itself (never without it). */
	idleHours?: number;
	now?: () => number;
}

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

function sameSecret(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
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
	private readonly findLesson: (slug: string) => Lesson | undefined;
	private readonly retentionMs: number;
	private readonly idleMs: number;
	private readonly now: () => number;
	private readonly answers: AnswerGroupCommit;
	private readonly deletedListeners: ((session: SessionRecord) => void)[] = [];
	private readonly filter: ResponseFilter;
	private readonly wordFlags = new Map<string, Flag[]>();
	private readonly endedListeners: ((session: SessionRecord) => void)[] = [];
	/** Lessons started per network address in the last hour, in memory only. */
	private readonly starts: AttemptCounter;

	constructor(options: SessionsOptions) {
		this.store = options.store;
		this.answers = new AnswerGroupCommit(options.store);
		this.findLesson = options.findLesson;
		this.retentionMs = options.retentionDays * dayMs;
		this.filter = options.filter ?? new ResponseFilter();
		this.idleMs = (options.idleHours ?? Infinity) * hourMs;
		this.now = options.now ?? Date.now;
		this.starts = new AttemptCounter(startsPerAddressPerHour, hourMs, this.now);
	}

	/**
	 * A new live session. `startedFrom` (the teacher's network address; every page passes it)
	 * bounds how many one address starts per hour: each live code is one more to guess.
	 */
	start(
		lessonSlug: string,
		{ startedFrom }: { startedFrom?: string } = {}
	): Outcome<{ session: SessionRecord; hostSecret: string; boardSecret: string }> {
		const lesson = this.findLesson(lessonSlug);
		if (!lesson) return fail('lesson-not-found');
		if (startedFrom !== undefined && this.starts.exhausted(startedFrom))
			return fail('too-many-starts');
		const hostSecret = randomBytes(24).toString('base64url');
		const createdAt = this.now();
		for (let attempt = 0; attempt < joinCodeAttempts; attempt += 1) {
			const joinCode = String(randomInt(0, 10 ** joinCodeDigits)).padStart(joinCodeDigits, '0');
			if (this.store.getLiveSessionByCode(joinCode)) continue;
			const id = randomBytes(12).toString('base64url');
			const boardSecret = boardSecretFrom(id, hostSecret);
			const session: SessionRecord = {
				id,
				joinCode,
				hostKey: sha256(hostSecret),
				boardKey: sha256(boardSecret),
				tokenKey: randomBytes(32).toString('base64url'),
				lessonSlug,
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
				activeAt: createdAt
			};
			this.store.insertSession(session);
			if (startedFrom !== undefined) this.starts.count(startedFrom);
			return ok({ session, hostSecret, boardSecret });
		}
		return fail('no-free-code');
	}

	/** The board's view-only secret, for the host who holds `hostSecret`. */
	boardSecret(session: SessionRecord, hostSecret: string): string {
		return boardSecretFrom(session.id, hostSecret);
	}

	/** The session, when `boardSecret` is its board's: it may show what the class sees, nothing more. */
	asBoard(sessionId: string, boardSecret: string): Outcome<SessionRecord> {
		const session = this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		if (!session.boardKey || !sameSecret(sha256(boardSecret), session.boardKey))
			return fail('not-board');
		return ok(session);
	}

	/** The session, when `hostSecret` is the one it was started with. */
	asHost(sessionId: string, hostSecret: string): Outcome<SessionRecord> {
		const session = this.store.getSession(sessionId);
		if (!session) return fail('session-not-found');
		if (!sameSecret(sha256(hostSecret), session.hostKey)) return fail('not-host');
		return ok(session);
	}

	/** A new pupil: a fresh token for the live session with this code. */
	join(joinCode: string): Outcome<{ session: SessionRecord; pupilToken: string }> {
		const session = this.store.getLiveSessionByCode(joinCode);
		if (!session) return fail('unknown-code');
		if (session.locked) return fail('room-locked');
		const nonce = randomBytes(16).toString('base64url');
		return ok({ session, pupilToken: `${nonce}.${this.sign(session, nonce)}` });
	}

	/** A returning pupil (reload, reconnect, restart): their session and pseudonym, if the token is one we gave. */
	asPupil(
		sessionId: string,
		pupilToken: string
	): Outcome<{ session: SessionRecord; pupilKey: string }> {
		const session = this.store.getSession(sessionId);
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
		// The store only ever sees this hash, so even the database cannot link answers to a phone.
		return ok({ session, pupilKey: sha256(`${session.id}:${nonce}`) });
	}

	private sign(session: SessionRecord, nonce: string): string {
		return createHmac('sha256', session.tokenKey)
			.update(`${session.id}:${nonce}`)
			.digest('base64url')
			.slice(0, 22);
	}

	lessonOf(session: SessionRecord): Lesson | undefined {
		return this.findLesson(session.lessonSlug);
	}

	findBlock(
		session: SessionRecord,
		blockId: string
	): { block: BoardBlock; step: number } | undefined {
		const lesson = this.lessonOf(session);
		return lesson ? blocksOf(lesson).find((entry) => entry.block.id === blockId) : undefined;
	}

	private change(session: SessionRecord, changes: Partial<SessionRecord>): Outcome<SessionRecord> {
		if (session.status === 'ended') return fail('session-ended');
		const updated = { ...session, ...changes, activeAt: this.now() };
		this.store.updateSession(updated);
		return ok(updated);
	}

	goToStep(session: SessionRecord, step: number): Outcome<SessionRecord> {
		const stepCount = this.lessonOf(session)?.steps.length ?? 0;
		if (!Number.isInteger(step) || step < 1 || step > stepCount) return fail('step-out-of-range');
		// Moving on closes what was open: pupils answer what the board shows.
		const openBlockStays =
			session.openBlockId !== null && this.findBlock(session, session.openBlockId)?.step === step;
		return this.change(session, {
			step,
			openBlockId: openBlockStays ? session.openBlockId : null,
			timer: this.timerLeaving(session, step),
			stage: this.lessonRuns(session)
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

	openBlock(session: SessionRecord, blockId: string): Outcome<SessionRecord> {
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		const written = ['open', 'stil-debat', 'vragenbus', 'exit-ticket'].includes(found.block.type);
		if (!isLiveAnswerBlock(found.block) && !written) return fail('block-not-answerable');
		return this.change(session, {
			openBlockId: blockId,
			step: found.step,
			timer: this.timerLeaving(session, found.step),
			stage: this.lessonRuns(session)
		});
	}

	closeBlock(session: SessionRecord): Outcome<SessionRecord> {
		return this.change(session, { openBlockId: null });
	}

	setRevealed(session: SessionRecord, blockId: string, revealed: boolean): Outcome<SessionRecord> {
		if (!this.findBlock(session, blockId)) return fail('block-not-found');
		const others = session.revealed.filter((id) => id !== blockId);
		return this.change(session, { revealed: revealed ? [...others, blockId] : others });
	}

	/** What the board puts first: the step, the ground rules, or the pinned response alone. */
	setBoardMode(session: SessionRecord, mode: StageState['mode']): Outcome<SessionRecord> {
		return this.change(session, { stage: { ...session.stage, mode } });
	}

	/** A blank board, at once and until the host turns it back on. */
	setBlank(session: SessionRecord, blank: boolean): Outcome<SessionRecord> {
		return this.change(session, { stage: { ...session.stage, blank } });
	}

	/** The join code large on the board again, for latecomers; moving on makes it small. */
	setCodeLarge(session: SessionRecord, codeLarge: boolean): Outcome<SessionRecord> {
		return this.change(session, { stage: { ...session.stage, codeLarge } });
	}

	setWallOrder(session: SessionRecord, sortByVotes: boolean): Outcome<SessionRecord> {
		return this.change(session, { stage: { ...session.stage, sortByVotes } });
	}

	/** The lesson's question box, open to pupils the whole lesson, as their phone shows it. */
	questionBox(session: SessionRecord): PupilBlock | null {
		const lesson = this.lessonOf(session);
		const box = lesson
			? blocksOf(lesson).find(({ block }) => block.type === 'vragenbus')
			: undefined;
		return box && session.status === 'live' ? this.asPupilBlock(box.block) : null;
	}

	/** Changes the staging of written blocks (pauses, cleared walls); the moderation owns the rules. */
	setStage(session: SessionRecord, stage: StageState): Outcome<SessionRecord> {
		return this.change(session, { stage });
	}

	setLocked(session: SessionRecord, locked: boolean): Outcome<SessionRecord> {
		return this.change(session, { locked });
	}

	end(session: SessionRecord): Outcome<SessionRecord> {
		return this.change(session, {
			status: 'ended',
			endedAt: this.now(),
			openBlockId: null,
			timer: null
		});
	}

	/** Deletes the session and every answer in it, now. */
	/** Deletes a session and all its answers at once; those listening hear of it (`onDeleted`). */
	delete(session: SessionRecord): void {
		this.store.deleteSession(session.id);
		this.deleted(session);
	}

	private deleted(session: SessionRecord) {
		for (const listener of this.deletedListeners) listener(session);
	}

	/**
	 * `listener` gets the session as it was just before it was deleted, by the teacher or by
	 * retention. A listener that throws is logged; the others still hear of it.
	 */
	onDeleted(listener: (session: SessionRecord) => void) {
		this.deletedListeners.push(guarded('session deletion listener', listener));
	}

	/** `listener` gets every session that ended itself, as it is now: ended. */
	onEnded(listener: (session: SessionRecord) => void) {
		this.endedListeners.push(guarded('session end listener', listener));
	}

	/** Ends every live session the teacher left alone for the idle time; returns how many. */
	endIdle(): number {
		const idleSince = this.now() - this.idleMs;
		let count = 0;
		for (const session of this.store.liveSessions()) {
			if (session.activeAt > idleSince) continue;
			const ended = this.end(session);
			if (!ended.ok) continue;
			count += 1;
			for (const listener of this.endedListeners) listener(ended.value);
		}
		return count;
	}

	startTimer(session: SessionRecord, blockId: string): Outcome<SessionRecord> {
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		const current = session.timer?.blockId === blockId ? session.timer : null;
		if (current && current.runningSince !== null && session.step === found.step) return ok(session);
		const timer: TimerState = current
			? { ...current, runningSince: this.now() }
			: {
					blockId,
					durationMs: found.block.settings.timerMinutes * 60_000,
					runningSince: this.now(),
					elapsedMs: 0
				};
		// The timer shows with its block, so starting it brings the board to the block's step.
		return this.change(session, { timer, step: found.step });
	}

	pauseTimer(session: SessionRecord): Outcome<SessionRecord> {
		const timer = session.timer;
		if (!timer) return fail('no-timer');
		if (timer.runningSince === null) return ok(session);
		const elapsedMs = timer.elapsedMs + (this.now() - timer.runningSince);
		return this.change(session, { timer: { ...timer, runningSince: null, elapsedMs } });
	}

	/** Adds time once per extension id: the same extension sent again changes nothing. */
	extendTimer(
		session: SessionRecord,
		extraMs: number,
		extensionId: string
	): Outcome<SessionRecord> {
		const timer = session.timer;
		if (!timer) return fail('no-timer');
		const extensions = timer.extensions ?? [];
		if (extensions.includes(extensionId)) return ok(session);
		return this.change(session, {
			timer: {
				...timer,
				durationMs: timer.durationMs + extraMs,
				extensions: [...extensions, extensionId].slice(-rememberedExtensions)
			}
		});
	}

	timerView(timer: TimerState | null): TimerView | null {
		if (!timer) return null;
		const at = this.now();
		const elapsed = timer.elapsedMs + (timer.runningSince === null ? 0 : at - timer.runningSince);
		return {
			blockId: timer.blockId,
			durationMs: timer.durationMs,
			remainingMs: Math.max(0, timer.durationMs - elapsed),
			running: timer.runningSince !== null,
			at
		};
	}

	/**
	 * Stores a pupil's answer to the open block; a repeat of the same answer changes nothing.
	 * Settles once the answer is committed, in one transaction with others of the same moment.
	 */
	async answer(
		session: SessionRecord,
		pupilKey: string,
		blockId: string,
		value: AnswerValue
	): Promise<Outcome<{ changed: boolean; value: AnswerValue }>> {
		if (session.status === 'ended') return fail('session-ended');
		if (session.openBlockId !== blockId) return fail('block-not-open');
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		const checked = checkAnswer(found.block, value);
		if (!checked.ok) return fail(checked.problem);
		const { previous, changed } = await this.answers.write({
			sessionId: session.id,
			blockId,
			pupilKey,
			value: checked.value,
			at: this.now()
		});
		if (changed && found.block.type === 'vier-hoeken')
			this.countMove(session, blockId, previous, checked.value);
		return ok({ changed, value: checked.value });
	}

	private countMove(session: SessionRecord, blockId: string, previous: unknown, next: AnswerValue) {
		const before = previous as AnswerValue | null;
		if (before?.kind !== 'choice' || next.kind !== 'choice') return;
		if (before.options[0] !== next.options[0])
			this.store.recordMove(session.id, blockId, before.options[0], next.options[0]);
	}

	/**
	 * The teacher's decision on a word of a word cloud: 'allowed' shows a word the filter held,
	 * 'removed' takes any word off the cloud, null undoes either. The answers stay as they are.
	 */
	decideWord(
		session: SessionRecord,
		blockId: string,
		word: string,
		decision: WordDecision | null
	): Outcome<{ word: string }> {
		const found = this.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		if (found.block.type !== 'woordwolk') return fail('not-a-word-cloud');
		const normalised = normaliseWord(word);
		if (normalised === '') return fail('empty-answer');
		this.store.setWordDecision(session.id, blockId, normalised, decision);
		return ok({ word: normalised });
	}

	private flagsOf(word: string): Flag[] {
		let flags = this.wordFlags.get(word);
		if (!flags) {
			if (this.wordFlags.size >= remembered) this.wordFlags.clear();
			flags = this.filter.check(word);
			this.wordFlags.set(word, flags);
		}
		return flags;
	}

	/** How each word of a block's cloud stands: the filter's flags and the teacher's decision. */
	private wordScreen(session: SessionRecord, block: BoardBlock): (word: string) => WordScreen {
		const decisions = this.store.wordDecisions(session.id, block.id);
		return (word) => ({ flags: this.flagsOf(word), decision: decisions.get(word) ?? null });
	}

	answerOf(session: SessionRecord, pupilKey: string, blockId: string): AnswerValue | null {
		return (
			(this.store.answerOf(session.id, blockId, pupilKey)?.value as AnswerValue | undefined) ?? null
		);
	}

	results(session: SessionRecord, blockId: string, forTeacher: boolean): BlockResults | null {
		const results = this.resultsForBoardAndHost(session, blockId);
		return results && (forTeacher ? results.host : results.board);
	}

	/** Both views of a block's results from one read of its answers. */
	resultsForBoardAndHost(
		session: SessionRecord,
		blockId: string
	): { board: BlockResults; host: BlockResults } | null {
		const found = this.findBlock(session, blockId);
		if (!found || !isLiveAnswerBlock(found.block)) return null;
		const earlier = found.block.settings.compareWith
			? this.findBlock(session, found.block.settings.compareWith)?.block
			: undefined;
		const tally = (block: BoardBlock) =>
			tallyAnswers(
				block,
				this.store.answers(session.id, block.id).map((stored) => stored.value as AnswerValue),
				this.store.moves(session.id, block.id),
				block.type === 'woordwolk' ? this.wordScreen(session, block) : undefined
			);
		const counted: { block: BoardBlock; tally: BlockTally }[] = [
			{ block: found.block, tally: tally(found.block) }
		];
		if (earlier) counted.push({ block: earlier, tally: tally(earlier) });
		const present = (forTeacher: boolean): BlockResults => {
			const [now, before] = counted.map(({ block, tally }) =>
				presentResults(block, tally, { revealed: session.revealed.includes(block.id), forTeacher })
			);
			return before ? { ...now, before } : now;
		};
		return { board: present(false), host: present(true) };
	}

	view(session: SessionRecord): SessionView {
		const lesson = this.lessonOf(session);
		return {
			id: session.id,
			joinCode: session.joinCode,
			lessonSlug: session.lessonSlug,
			lessonTitle: lesson?.meta.title ?? session.lessonSlug,
			language: lesson?.meta.language ?? 'nl',
			step: session.step,
			stepCount: lesson?.steps.length ?? 0,
			openBlockId: session.openBlockId,
			revealed: session.revealed,
			locked: session.locked,
			status: session.status,
			// Only on its own step: a timer paused in step 3 is not on the board in step 6.
			timer:
				session.timer && this.findBlock(session, session.timer.blockId)?.step === session.step
					? this.timerView(session.timer)
					: null,
			stage: {
				mode: session.stage.mode,
				paused: session.stage.paused,
				sortByVotes: session.stage.sortByVotes ?? false,
				blank: session.stage.blank ?? false,
				codeLarge: session.stage.codeLarge ?? false
			}
		};
	}

	pupilBlock(session: SessionRecord): PupilBlock | null {
		if (session.openBlockId === null) return null;
		const found = this.findBlock(session, session.openBlockId);
		return found ? this.asPupilBlock(found.block) : null;
	}

	private asPupilBlock(block: BoardBlock): PupilBlock {
		return {
			id: block.id,
			type: block.type,
			prompt: block.prompt,
			options: block.options,
			pass: block.settings.pass,
			multiple: block.settings.multiple,
			reason: block.settings.reason,
			words: block.settings.words,
			scale: block.settings.scale,
			maxLength: block.settings.maxLength
		};
	}

	getSession(sessionId: string): SessionRecord | null {
		return this.store.getSession(sessionId);
	}

	liveSessions(): SessionRecord[] {
		return this.store.liveSessions();
	}

	/** Retention: deletes every session whose time is up, and ends the screens still showing them. */
	deleteExpired(): number {
		const expired = this.store.deleteExpiredSessions(this.now());
		for (const session of expired) this.deleted(session);
		return expired.length;
	}
}

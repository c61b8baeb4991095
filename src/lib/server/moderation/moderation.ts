// Written responses and the teacher's moderation of them: nothing a pupil writes reaches the
// board or another phone until the teacher approves it, the filter only ever holds things
// back, and no view the teacher gets can tell who wrote what.

import { createHash, randomBytes } from 'node:crypto';
import { withoutHiddenCharacters } from '../../lessons/answers.ts';
import type { BoardBlock } from '../../lessons/model.ts';
import type { OwnResponse, QueuedResponse, ResponseSubmit, WallResponse } from '../../protocol.ts';
import { pendingResponsesPerBlock, pendingResponsesPerSession } from '../limits.ts';
import { noEvents, type DomainEvents } from '../events.ts';
import type { Sessions } from '../sessions.ts';
import type {
	NewResponse,
	ResponseRecord,
	ResponseStatus,
	SessionRecord,
	Store,
	SubmitRules
} from '../store/store.ts';
import type { ResponseFilter } from './filter.ts';
import { kindOf, takesWords, wordsWait } from '../../lessons/kinds.ts';

export type ModerationError =
	| 'session-not-found'
	| 'session-ended'
	| 'submissions-paused'
	| 'block-not-found'
	| 'block-not-open'
	| 'not-a-written-block'
	| 'text-empty'
	| 'text-too-long'
	| 'question-out-of-range'
	| 'one-response-only'
	| 'replies-not-allowed'
	| 'reply-target-invalid'
	| 'response-not-found'
	| 'not-your-response'
	| 'already-shown'
	| 'not-shown'
	| 'own-response'
	| 'teacher-only'
	| 'too-many-pending'
	/** Written before the block's think time was over. */
	| 'think-time'
	/** The response or session changed under us every time we tried: never a normal case. */
	| 'internal-error';

export type ModerationOutcome<T> = { ok: true; value: T } | { ok: false; error: ModerationError };

const ok = <T>(value: T): ModerationOutcome<T> => ({ ok: true, value });
const fail = <T = never>(error: ModerationError): ModerationOutcome<T> => ({ ok: false, error });

/** How often a decision is made again when a pupil changed the response at the same moment. */
const decideAttempts = 5;

/** Reasons replace the pupil's earlier one; they are bounded by the answers, not by a count. */
const unbounded = Number.MAX_SAFE_INTEGER;

/** Texts are plain: markup is kept as typed and shown as text everywhere; hidden characters go. */
function tidy(text: string): string {
	return withoutHiddenCharacters(text)
		.replace(/\r\n?/g, '\n')
		.replace(/[^\S\n]+/g, ' ')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export class Moderation {
	private readonly store: Store;
	private readonly sessions: Sessions;
	private readonly filter: ResponseFilter;
	private readonly events: DomainEvents;
	private readonly now: () => number;

	constructor(options: {
		store: Store;
		sessions: Sessions;
		filter: ResponseFilter;
		/** Told of every change once it is stored. */
		events?: DomainEvents;
		now?: () => number;
	}) {
		this.store = options.store;
		this.sessions = options.sessions;
		this.filter = options.filter;
		this.events = options.events ?? noEvents;
		this.now = options.now ?? Date.now;
	}

	/**
	 * A block whose wall the board may show: written blocks, answer blocks with reasons, and
	 * ground rules with the class's suggestions.
	 */
	private wallBlock(session: SessionRecord, blockId: string): BoardBlock | null {
		const found = this.sessions.findBlock(session, blockId);
		if (!found) return null;
		return takesWords(found.block.type, found.block.settings.agree) || found.block.settings.reason
			? found.block
			: null;
	}

	/**
	 * Structured dialogue: a pupil's reason for their position on a stelling (or corner, or
	 * choice) joins the queue like any response, tagged with the position, so the board can
	 * show the approved reasons side by side per position. A changed reason replaces the old
	 * one while it waits. True when it was stored as a new response.
	 */
	async submitReason(
		session: SessionRecord,
		pupilKey: string,
		block: BoardBlock,
		position: number,
		reason: string
	): Promise<boolean> {
		const text = tidy(reason);
		if (!text || !block.settings.reason) return false;
		// The same position and reason on another block (a stelling asked before and after) is
		// another response: the key holds the block, or the second would pass for a resend.
		const digest = createHash('sha256')
			.update(JSON.stringify([block.id, position, text]))
			.digest('base64url')
			.slice(0, 22);
		const result = await this.store.submitResponse(
			this.newResponse(session, pupilKey, {
				blockId: block.id,
				clientId: `reason-${digest}`,
				parentId: null,
				question: position,
				text
			}),
			{
				replaces: null,
				replacesEarlierReasons: true,
				oneOpenResponse: false,
				pendingPerBlock: unbounded,
				pendingPerSession: unbounded
			}
		);
		if (result.outcome !== 'created') return false;
		// A new reason waits for the teacher, and those it replaced were never shown.
		this.events.responsesChanged(session, block.id, [pupilKey], { wall: false });
		return true;
	}

	private newResponse(
		session: SessionRecord,
		pupilKey: string,
		fields: Pick<ResponseRecord, 'blockId' | 'clientId' | 'parentId' | 'question' | 'text'>
	): NewResponse {
		return {
			...fields,
			id: randomBytes(9).toString('base64url'),
			sessionId: session.id,
			pupilKey,
			// Every written response waits for the teacher; the filter only adds the reasons why.
			status: 'pending',
			flags: this.filter.check(fields.text),
			pinned: false,
			returnPrompt: null,
			createdAt: this.now()
		};
	}

	private writtenBlock(session: SessionRecord, blockId: string): ModerationOutcome<BoardBlock> {
		const found = this.sessions.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		if (!takesWords(found.block.type, found.block.settings.agree))
			return fail('not-a-written-block');
		return ok(found.block);
	}

	/**
	 * A pupil's written response, to wait for the teacher. What concerns this one response is
	 * checked here; what depends on the pupil's other responses (a resend, one open response, how
	 * many wait) is checked by the store in the transaction that stores it, so no number of tabs
	 * or processes at once gets round it.
	 */
	async submit(
		session: SessionRecord,
		pupilKey: string,
		submission: ResponseSubmit
	): Promise<ModerationOutcome<OwnResponse>> {
		if (session.status === 'ended') return fail('session-ended');
		const found = this.writtenBlock(session, submission.blockId);
		if (!found.ok) return found;
		const block = found.value;
		// The question box is open all lesson; every other written block only while the teacher has it open.
		if (!kindOf(block.type).wholeLesson && session.openBlockId !== block.id)
			return fail('block-not-open');
		if (session.stage.paused.includes(block.id)) return fail('submissions-paused');
		if (this.sessions.thinkingLeft(session, block.id) > 0) return fail('think-time');

		const text = tidy(submission.text);
		if (text === '') return fail('text-empty');
		if (text.length > block.settings.maxLength) return fail('text-too-long');

		const question = kindOf(block.type).questions ? (submission.question ?? 0) : null;
		if (
			question !== null &&
			(!Number.isInteger(question) || question < 0 || question >= block.options.length)
		) {
			return fail('question-out-of-range');
		}

		const parentId = submission.parentId ?? null;
		if (parentId !== null) {
			if (!block.settings.replies) return fail('replies-not-allowed');
			const parent = await this.store.getResponse(parentId);
			const validTarget =
				parent?.sessionId === session.id &&
				parent.blockId === block.id &&
				parent.parentId === null &&
				parent.status === 'approved';
			if (!validTarget) return fail('reply-target-invalid');
		}

		const rules: SubmitRules = {
			replaces: submission.replaces ?? null,
			replacesEarlierReasons: false,
			oneOpenResponse: !block.settings.multiple && parentId === null,
			pendingPerBlock: pendingResponsesPerBlock,
			pendingPerSession: pendingResponsesPerSession
		};
		const result = await this.store.submitResponse(
			this.newResponse(session, pupilKey, {
				blockId: block.id,
				clientId: submission.clientId,
				parentId,
				question,
				text
			}),
			rules
		);
		if (result.outcome === 'refused') return fail(result.reason);
		// A new response waits for the teacher; the one it rephrases was returned, never shown.
		if (result.outcome === 'created')
			this.events.responsesChanged(session, block.id, [pupilKey], { wall: false });
		return ok(this.own(result.response));
	}

	/**
	 * Reads a response of this session, decides, and stores the decision only onto the status it
	 * was made from; when a pupil or another device changed it meanwhile, decides again.
	 */
	private async decide(
		session: SessionRecord,
		responseId: string,
		decide: (response: ResponseRecord) => ModerationOutcome<ResponseRecord | null>
	): Promise<ModerationOutcome<{ before: ResponseRecord; after: ResponseRecord }>> {
		for (let attempt = 0; attempt < decideAttempts; attempt += 1) {
			const response = await this.store.getResponse(responseId);
			if (!response || response.sessionId !== session.id) return fail('response-not-found');
			const decided = decide(response);
			if (!decided.ok) return decided;
			// Nothing to change (a decision sent twice): no write, no news.
			if (decided.value === null) return ok({ before: response, after: response });
			const expected: ResponseStatus = response.status;
			if (await this.store.updateResponse(decided.value, expected)) {
				// Only a response that is, or was, shown changes the wall.
				const wall = response.status === 'approved' || decided.value.status === 'approved';
				this.events.responsesChanged(session, response.blockId, [response.pupilKey], { wall });
				return ok({ before: response, after: decided.value });
			}
		}
		return fail('internal-error');
	}

	/**
	 * A pupil takes back their own response, as long as it has not been shown. One the filter
	 * held or the teacher hid stays in the teacher's queue, marked withdrawn: taking it back does
	 * not make what was written unseen.
	 */
	async withdraw(
		session: SessionRecord,
		pupilKey: string,
		responseId: string
	): Promise<ModerationOutcome<OwnResponse>> {
		const outcome = await this.decide(session, responseId, (response) => {
			if (response.pupilKey !== pupilKey) return fail('not-your-response');
			if (response.status === 'approved') return fail('already-shown');
			if (response.status === 'withdrawn') return ok(null);
			const held = response.status === 'pending' && response.flags.length > 0;
			return ok({
				...response,
				status: 'withdrawn',
				pinned: false,
				withdrawnFrom: held ? 'pending' : response.status === 'hidden' ? 'hidden' : null
			});
		});
		return outcome.ok ? ok(this.own(outcome.value.after)) : outcome;
	}

	/** A teacher's decision on a response that is not withdrawn. */
	private async moderate(
		session: SessionRecord,
		responseId: string,
		change: (response: ResponseRecord) => ResponseRecord
	): Promise<ModerationOutcome<ResponseRecord>> {
		const outcome = await this.decide(session, responseId, (response) =>
			response.status === 'withdrawn' ? fail('response-not-found') : ok(change(response))
		);
		return outcome.ok ? ok(outcome.value.after) : outcome;
	}

	/** Exit tickets are for the teacher alone: none is ever approved for a wall, so none is shown. */
	private async teacherOnly(session: SessionRecord, responseId: string): Promise<boolean> {
		const response = await this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id) return false;
		const found = this.sessions.findBlock(session, response.blockId);
		return found !== undefined && kindOf(found.block.type).teacherOnly;
	}

	async approve(
		session: SessionRecord,
		responseId: string
	): Promise<ModerationOutcome<ResponseRecord>> {
		if (await this.teacherOnly(session, responseId)) return fail('teacher-only');
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'approved',
			returnPrompt: null
		}));
	}

	hide(session: SessionRecord, responseId: string): Promise<ModerationOutcome<ResponseRecord>> {
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'hidden',
			pinned: false
		}));
	}

	/** Pins one response (large on the board); pinning another unpins the first, at once. */
	async pin(
		session: SessionRecord,
		responseId: string,
		pinned: boolean
	): Promise<ModerationOutcome<ResponseRecord>> {
		const target = await this.store.getResponse(responseId);
		if (!target || target.sessionId !== session.id) return fail('response-not-found');
		if (await this.teacherOnly(session, responseId)) return fail('teacher-only');
		if (target.status !== 'approved') return fail('not-shown');
		// The store checks again that it is approved, and unpins the others in the same transaction.
		if (!(await this.store.pinResponse(responseId, pinned))) return fail('not-shown');
		const stored = await this.store.getResponse(responseId);
		if (!stored) return fail('response-not-found');
		// A pin changes the wall and the queue, not what the writer's phone shows.
		this.events.responsesChanged(session, stored.blockId, []);
		return ok(stored);
	}

	/** 'Begrenzen en uitnodigen': back to the phone that wrote it, with a prompt, without learning whose it is. */
	returnForRephrasing(
		session: SessionRecord,
		responseId: string,
		prompt: string
	): Promise<ModerationOutcome<ResponseRecord>> {
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'returned',
			pinned: false,
			returnPrompt: tidy(prompt).slice(0, 200)
		}));
	}

	/** Approves every waiting response the filter did not hold; returns how many. */
	async approveAllUnflagged(session: SessionRecord, blockId: string): Promise<number> {
		const found = this.sessions.findBlock(session, blockId);
		if (found && kindOf(found.block.type).teacherOnly) return 0;
		// Whose phones to tell: the writers of what waits unflagged now (a response withdrawn in
		// between costs that writer one needless update, nothing more).
		const writers = new Set(
			(await this.store.responses(session.id, blockId))
				.filter((response) => response.status === 'pending' && response.flags.length === 0)
				.map((response) => response.pupilKey)
		);
		const approved = await this.store.approveUnflagged(session.id, blockId);
		if (approved > 0) this.events.responsesChanged(session, blockId, [...writers]);
		return approved;
	}

	/** 'Ik herken dit': once per pupil per shown response, not on one's own. */
	async vote(
		session: SessionRecord,
		pupilKey: string,
		responseId: string
	): Promise<ModerationOutcome<{ counted: boolean }>> {
		const response = await this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id) return fail('response-not-found');
		if (response.status !== 'approved') return fail('not-shown');
		if (response.pupilKey === pupilKey) return fail('own-response');
		const counted = await this.store.addVote(responseId, pupilKey);
		if (counted) this.events.responsesChanged(session, response.blockId, []);
		return ok({ counted });
	}

	async queue(session: SessionRecord, blockId?: string): Promise<QueuedResponse[]> {
		const [votes, responses] = await Promise.all([
			this.store.voteCounts(session.id),
			this.store.responses(session.id, blockId)
		]);
		// What waits is the table's word: a reason or an open response waits, an exit ticket is read.
		const waits = new Map<string, boolean>();
		const waitsIn = (blockId: string) => {
			if (!waits.has(blockId)) {
				const type = this.sessions.findBlock(session, blockId)?.block.type;
				waits.set(blockId, type !== undefined && wordsWait(type));
			}
			return waits.get(blockId)!;
		};
		return responses
			.filter((response) => response.status !== 'withdrawn' || response.withdrawnFrom !== null)
			.map((response) => ({
				id: response.id,
				blockId: response.blockId,
				parentId: response.parentId,
				question: response.question,
				text: response.text,
				status: (response.withdrawnFrom ?? response.status) as QueuedResponse['status'],
				flags: response.flags,
				pinned: response.pinned,
				returnPrompt: response.returnPrompt,
				withdrawn: response.status === 'withdrawn',
				waiting: response.status === 'pending' && waitsIn(response.blockId),
				votes: votes.get(response.id) ?? 0,
				sequence: response.sequence
			}));
	}

	/** What the board and the class may see: approved responses only, and never exit tickets. */
	async wall(session: SessionRecord, blockId: string): Promise<WallResponse[]> {
		const block = this.wallBlock(session, blockId);
		if (!block || kindOf(block.type).teacherOnly) return [];
		const [votes, responses] = await Promise.all([
			this.store.voteCounts(session.id),
			this.store.responses(session.id, blockId)
		]);
		const clearedThrough = session.stage.clearedThrough[blockId] ?? 0;
		return responses
			.filter((response) => response.status === 'approved' && response.sequence > clearedThrough)
			.map((response) => ({
				id: response.id,
				parentId: response.parentId,
				position: block.settings.reason ? response.question : null,
				text: response.text,
				pinned: response.pinned,
				votes: votes.get(response.id) ?? 0,
				sequence: response.sequence
			}));
	}

	/** Stops or resumes new responses to a written block; what is in the queue stays. */
	async pause(
		sessionId: string,
		blockId: string,
		paused: boolean
	): Promise<ModerationOutcome<SessionRecord>> {
		const checked = await this.checkWrittenBlock(sessionId, blockId);
		if (!checked.ok) return checked;
		return this.staged(sessionId, (stage) => {
			const others = stage.paused.filter((id) => id !== blockId);
			return { ...stage, paused: paused ? [...others, blockId] : others };
		});
	}

	/** Takes everything shown so far off the wall, for a fresh round; nothing is deleted. */
	async clearWall(sessionId: string, blockId: string): Promise<ModerationOutcome<SessionRecord>> {
		const checked = await this.checkWrittenBlock(sessionId, blockId);
		if (!checked.ok) return checked;
		// Everything that arrived up to now; what arrives after this read belongs to the new round.
		const last = (await this.store.responses(sessionId, blockId)).at(-1)?.sequence ?? 0;
		const outcome = await this.staged(sessionId, (stage) => ({
			...stage,
			clearedThrough: {
				...stage.clearedThrough,
				[blockId]: Math.max(stage.clearedThrough[blockId] ?? 0, last)
			}
		}));
		if (outcome.ok) this.events.responsesChanged(outcome.value, blockId, []);
		return outcome;
	}

	private async checkWrittenBlock(
		sessionId: string,
		blockId: string
	): Promise<ModerationOutcome<BoardBlock>> {
		const session = await this.sessions.getSession(sessionId);
		if (!session) return fail('session-not-found');
		return this.writtenBlock(session, blockId);
	}

	private async staged(
		sessionId: string,
		change: (stage: SessionRecord['stage']) => SessionRecord['stage']
	): Promise<ModerationOutcome<SessionRecord>> {
		const outcome = await this.sessions.setStage(sessionId, change);
		if (outcome.ok) return ok(outcome.value);
		const { error } = outcome;
		return fail(
			error === 'internal-error' || error === 'session-not-found' ? error : 'session-ended'
		);
	}

	/** A response of this session, for routing announcements; never sent anywhere as is. */
	async responseOf(session: SessionRecord, responseId: string): Promise<ResponseRecord | null> {
		const response = await this.store.getResponse(responseId);
		return response?.sessionId === session.id ? response : null;
	}

	/** The pseudonyms of everyone who wrote to a block, to tell each their own news. */
	async writersOf(session: SessionRecord, blockId: string): Promise<string[]> {
		const responses = await this.store.responses(session.id, blockId);
		return [...new Set(responses.map((response) => response.pupilKey))];
	}

	async votedBy(session: SessionRecord, pupilKey: string): Promise<string[]> {
		return [...(await this.store.votedBy(session.id, pupilKey))];
	}

	async mine(session: SessionRecord, pupilKey: string, blockId: string): Promise<OwnResponse[]> {
		const responses = await this.store.responses(session.id, blockId);
		return (
			responses
				// A hidden response is not sent back even to its writer: the teacher decided it stays off every screen.
				.filter(
					(response) =>
						response.pupilKey === pupilKey &&
						response.status !== 'withdrawn' &&
						response.status !== 'hidden'
				)
				.map((response) => this.own(response))
		);
	}

	private own(response: ResponseRecord): OwnResponse {
		return {
			id: response.id,
			question: response.question,
			text: response.text,
			status: response.status,
			returnPrompt: response.returnPrompt
		};
	}
}

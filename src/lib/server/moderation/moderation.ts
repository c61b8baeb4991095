// Written responses and the teacher's moderation of them: nothing a pupil writes reaches the
// board or another phone until the teacher approves it, the filter only ever holds things
// back, and no view the teacher gets can tell who wrote what.

import { createHash, randomBytes } from 'node:crypto';
import { withoutHiddenCharacters } from '../../lessons/answers.ts';
import type { BoardBlock } from '../../lessons/model.ts';
import type { OwnResponse, QueuedResponse, ResponseSubmit, WallResponse } from '../../protocol.ts';
import { pendingResponsesPerBlock, pendingResponsesPerSession } from '../limits.ts';
import type { Sessions } from '../sessions.ts';
import type { ResponseRecord, SessionRecord, Store } from '../store/store.ts';
import type { ResponseFilter } from './filter.ts';

export const writtenBlockTypes = ['open', 'stil-debat', 'vragenbus', 'exit-ticket'] as const;

export type ModerationError =
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
	| 'too-many-pending';

export type ModerationOutcome<T> = { ok: true; value: T } | { ok: false; error: ModerationError };

const ok = <T>(value: T): ModerationOutcome<T> => ({ ok: true, value });
const fail = <T = never>(error: ModerationError): ModerationOutcome<T> => ({ ok: false, error });

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
	private readonly now: () => number;

	constructor(options: {
		store: Store;
		sessions: Sessions;
		filter: ResponseFilter;
		now?: () => number;
	}) {
		this.store = options.store;
		this.sessions = options.sessions;
		this.filter = options.filter;
		this.now = options.now ?? Date.now;
	}

	/** A block whose wall the board may show: written blocks, and answer blocks with reasons. */
	private wallBlock(session: SessionRecord, blockId: string): BoardBlock | null {
		const found = this.sessions.findBlock(session, blockId);
		if (!found) return null;
		const written = (writtenBlockTypes as readonly string[]).includes(found.block.type);
		return written || found.block.settings.reason ? found.block : null;
	}

	/**
	 * Structured dialogue: a pupil's reason for their position on a stelling (or corner, or
	 * choice) joins the queue like any response, tagged with the position, so the board can
	 * show the approved reasons side by side per position. A changed reason replaces the old
	 * one while it waits.
	 */
	submitReason(
		session: SessionRecord,
		pupilKey: string,
		block: BoardBlock,
		position: number,
		reason: string
	): void {
		const text = tidy(reason);
		if (!text || !block.settings.reason) return;
		const earlier = this.store
			.responses(session.id, block.id)
			.filter(
				(response) =>
					response.pupilKey === pupilKey && ['pending', 'returned'].includes(response.status)
			);
		// The same position and reason on another block (a stelling asked before and after) is
		// another response: the key holds the block, or the second would pass for a resend.
		const digest = createHash('sha256')
			.update(JSON.stringify([block.id, position, text]))
			.digest('base64url')
			.slice(0, 22);
		const clientId = `reason-${digest}`;
		const { response, created } = this.insert(session, pupilKey, {
			blockId: block.id,
			clientId,
			parentId: null,
			question: position,
			text
		});
		if (!created) return;
		for (const old of earlier)
			if (old.id !== response.id) this.store.updateResponse({ ...old, status: 'withdrawn' });
	}

	private insert(
		session: SessionRecord,
		pupilKey: string,
		fields: Pick<ResponseRecord, 'blockId' | 'clientId' | 'parentId' | 'question' | 'text'>
	) {
		return this.store.insertResponse({
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
		});
	}

	private writtenBlock(session: SessionRecord, blockId: string): ModerationOutcome<BoardBlock> {
		const found = this.sessions.findBlock(session, blockId);
		if (!found) return fail('block-not-found');
		if (!(writtenBlockTypes as readonly string[]).includes(found.block.type))
			return fail('not-a-written-block');
		return ok(found.block);
	}

	submit(
		session: SessionRecord,
		pupilKey: string,
		submission: ResponseSubmit
	): ModerationOutcome<OwnResponse> {
		if (session.status === 'ended') return fail('session-ended');
		const found = this.writtenBlock(session, submission.blockId);
		if (!found.ok) return found;
		const block = found.value;
		// The question box is open all lesson; every other written block only while the teacher has it open.
		if (block.type !== 'vragenbus' && session.openBlockId !== block.id)
			return fail('block-not-open');
		if (session.stage.paused.includes(block.id)) return fail('submissions-paused');

		const text = tidy(submission.text);
		if (text === '') return fail('text-empty');
		if (text.length > block.settings.maxLength) return fail('text-too-long');

		const question = block.type === 'exit-ticket' ? (submission.question ?? 0) : null;
		if (
			question !== null &&
			(!Number.isInteger(question) || question < 0 || question >= block.options.length)
		) {
			return fail('question-out-of-range');
		}

		const parentId = submission.parentId ?? null;
		if (parentId !== null) {
			if (!block.settings.replies) return fail('replies-not-allowed');
			const parent = this.store.getResponse(parentId);
			const validTarget =
				parent?.sessionId === session.id &&
				parent.blockId === block.id &&
				parent.parentId === null &&
				parent.status === 'approved';
			if (!validTarget) return fail('reply-target-invalid');
		}

		const mine = this.store
			.responses(session.id, block.id)
			.filter((response) => response.pupilKey === pupilKey);
		const resent = mine.find((response) => response.clientId === submission.clientId);
		if (resent) return ok(this.own(resent));

		let replaced: ResponseRecord | undefined;
		if (submission.replaces) {
			replaced = mine.find(
				(response) => response.id === submission.replaces && response.status === 'returned'
			);
			if (!replaced) return fail('not-your-response');
		}
		const stillOpen = mine.filter(
			(response) =>
				response.id !== replaced?.id &&
				response.parentId === null &&
				response.question === question &&
				['pending', 'approved', 'returned'].includes(response.status)
		);
		if (!block.settings.multiple && parentId === null && stillOpen.length > 0)
			return fail('one-response-only');
		if (this.tooManyPending(session, pupilKey, block.id)) return fail('too-many-pending');

		const { response } = this.insert(session, pupilKey, {
			blockId: block.id,
			clientId: submission.clientId,
			parentId,
			question,
			text
		});
		if (replaced) this.store.updateResponse({ ...replaced, status: 'withdrawn' });
		return ok(this.own(response));
	}

	/**
	 * One pupil cannot fill the teacher's queue: their waiting responses are bounded per block
	 * and per session. Every tab of a phone is the same pupil (one token, one pseudonym), and
	 * this runs without a pause between count and write, so no number of tabs gets round it.
	 */
	private tooManyPending(session: SessionRecord, pupilKey: string, blockId: string): boolean {
		const waiting = this.store
			.responses(session.id)
			.filter((response) => response.pupilKey === pupilKey && response.status === 'pending');
		return (
			waiting.length >= pendingResponsesPerSession ||
			waiting.filter((response) => response.blockId === blockId).length >= pendingResponsesPerBlock
		);
	}

	/**
	 * A pupil takes back their own response, as long as it has not been shown. One the filter
	 * held or the teacher hid stays in the teacher's queue, marked withdrawn: taking it back does
	 * not make what was written unseen.
	 */
	withdraw(
		session: SessionRecord,
		pupilKey: string,
		responseId: string
	): ModerationOutcome<OwnResponse> {
		const response = this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id) return fail('response-not-found');
		if (response.pupilKey !== pupilKey) return fail('not-your-response');
		if (response.status === 'approved') return fail('already-shown');
		if (response.status === 'withdrawn') return ok(this.own(response));
		const held = response.status === 'pending' && response.flags.length > 0;
		const withdrawn: ResponseRecord = {
			...response,
			status: 'withdrawn',
			pinned: false,
			withdrawnFrom: held ? 'pending' : response.status === 'hidden' ? 'hidden' : null
		};
		this.store.updateResponse(withdrawn);
		return ok(this.own(withdrawn));
	}

	private moderate(
		session: SessionRecord,
		responseId: string,
		change: (response: ResponseRecord) => ResponseRecord
	): ModerationOutcome<ResponseRecord> {
		const response = this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id || response.status === 'withdrawn') {
			return fail('response-not-found');
		}
		const changed = change(response);
		this.store.updateResponse(changed);
		return ok(changed);
	}

	/** Exit tickets are for the teacher alone: none is ever approved for a wall, so none is shown. */
	private teacherOnly(session: SessionRecord, responseId: string): boolean {
		const response = this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id) return false;
		return this.sessions.findBlock(session, response.blockId)?.block.type === 'exit-ticket';
	}

	approve(session: SessionRecord, responseId: string): ModerationOutcome<ResponseRecord> {
		if (this.teacherOnly(session, responseId)) return fail('teacher-only');
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'approved',
			returnPrompt: null
		}));
	}

	hide(session: SessionRecord, responseId: string) {
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'hidden',
			pinned: false
		}));
	}

	/** Pins one response (large on the board); pinning another unpins the first. */
	pin(
		session: SessionRecord,
		responseId: string,
		pinned: boolean
	): ModerationOutcome<ResponseRecord> {
		const target = this.store.getResponse(responseId);
		if (!target || target.sessionId !== session.id) return fail('response-not-found');
		if (this.teacherOnly(session, responseId)) return fail('teacher-only');
		if (target.status !== 'approved') return fail('not-shown');
		if (pinned) {
			for (const other of this.store.responses(session.id, target.blockId)) {
				if (other.pinned && other.id !== target.id)
					this.store.updateResponse({ ...other, pinned: false });
			}
		}
		return this.moderate(session, responseId, (response) => ({ ...response, pinned }));
	}

	/** 'Begrenzen en uitnodigen': back to the phone that wrote it, with a prompt, without learning whose it is. */
	returnForRephrasing(session: SessionRecord, responseId: string, prompt: string) {
		return this.moderate(session, responseId, (response) => ({
			...response,
			status: 'returned',
			pinned: false,
			returnPrompt: tidy(prompt).slice(0, 200)
		}));
	}

	/** Approves every waiting response the filter did not hold. */
	approveAllUnflagged(session: SessionRecord, blockId: string): number {
		if (this.sessions.findBlock(session, blockId)?.block.type === 'exit-ticket') return 0;
		let approved = 0;
		for (const response of this.store.responses(session.id, blockId)) {
			if (response.status === 'pending' && response.flags.length === 0) {
				this.store.updateResponse({ ...response, status: 'approved' });
				approved += 1;
			}
		}
		return approved;
	}

	/** 'Ik herken dit': once per pupil per shown response, not on one's own. */
	vote(
		session: SessionRecord,
		pupilKey: string,
		responseId: string
	): ModerationOutcome<{ counted: boolean }> {
		const response = this.store.getResponse(responseId);
		if (!response || response.sessionId !== session.id) return fail('response-not-found');
		if (response.status !== 'approved') return fail('not-shown');
		if (response.pupilKey === pupilKey) return fail('own-response');
		return ok({ counted: this.store.addVote(responseId, pupilKey) });
	}

	queue(session: SessionRecord, blockId?: string): QueuedResponse[] {
		const votes = this.store.voteCounts(session.id);
		return this.store
			.responses(session.id, blockId)
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
				votes: votes.get(response.id) ?? 0,
				sequence: response.sequence
			}));
	}

	/** What the board and the class may see: approved responses only, and never exit tickets. */
	wall(session: SessionRecord, blockId: string): WallResponse[] {
		const block = this.wallBlock(session, blockId);
		if (!block || block.type === 'exit-ticket') return [];
		const votes = this.store.voteCounts(session.id);
		const clearedThrough = session.stage.clearedThrough[blockId] ?? 0;
		return this.store
			.responses(session.id, blockId)
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
	pause(
		session: SessionRecord,
		blockId: string,
		paused: boolean
	): ModerationOutcome<SessionRecord> {
		const found = this.writtenBlock(session, blockId);
		if (!found.ok) return found;
		const others = session.stage.paused.filter((id) => id !== blockId);
		return this.staged(session, {
			...session.stage,
			paused: paused ? [...others, blockId] : others
		});
	}

	/** Takes everything shown so far off the wall, for a fresh round; nothing is deleted. */
	clearWall(session: SessionRecord, blockId: string): ModerationOutcome<SessionRecord> {
		const found = this.writtenBlock(session, blockId);
		if (!found.ok) return found;
		const last = this.store.responses(session.id, blockId).at(-1)?.sequence ?? 0;
		return this.staged(session, {
			...session.stage,
			clearedThrough: { ...session.stage.clearedThrough, [blockId]: last }
		});
	}

	private staged(
		session: SessionRecord,
		stage: SessionRecord['stage']
	): ModerationOutcome<SessionRecord> {
		const outcome = this.sessions.setStage(session, stage);
		return outcome.ok ? ok(outcome.value) : fail('session-ended');
	}

	/** A response of this session, for routing announcements; never sent anywhere as is. */
	responseOf(session: SessionRecord, responseId: string): ResponseRecord | null {
		const response = this.store.getResponse(responseId);
		return response?.sessionId === session.id ? response : null;
	}

	/** The pseudonyms of everyone who wrote to a block, to tell each their own news. */
	writersOf(session: SessionRecord, blockId: string): string[] {
		return [
			...new Set(this.store.responses(session.id, blockId).map((response) => response.pupilKey))
		];
	}

	votedBy(session: SessionRecord, pupilKey: string): string[] {
		return [...this.store.votedBy(session.id, pupilKey)];
	}

	mine(session: SessionRecord, pupilKey: string, blockId: string): OwnResponse[] {
		return (
			this.store
				.responses(session.id, blockId)
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

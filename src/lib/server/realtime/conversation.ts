// Written responses over the socket: pupils write, withdraw and vote; the host moderates and
// stages the conversation. Each command declares its role, awaits the moderation and answers;
// who hears of the change is the outbound module's (the queue to hosts only, the wall to boards
// and pupils, a pupil's own responses only to that pupil's phones).

import type { Ack, PupilConversation, SessionView } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import { roomResponseBurst, roomResponsesPerSecond } from '../limits.ts';
import type { ModerationOutcome } from '../moderation/moderation.ts';
import type { Outcome } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import { failure, type Attached, type Commands } from './commands.ts';
import { TokenBucket } from './rate.ts';
import type { CommandContext } from './types.ts';

/**
 * One bucket per session for written responses, shared by every socket of that session on this
 * process: with a balancer that keeps a session on one node that is the whole session, and at
 * worst a session spread over N nodes may write N times as fast.
 */
const roomBuckets = new Map<string, TokenBucket>();
function roomAllows(sessionId: string): boolean {
	let bucket = roomBuckets.get(sessionId);
	if (!bucket) {
		if (roomBuckets.size > 10_000) roomBuckets.clear();
		bucket = new TokenBucket(roomResponsesPerSecond, roomResponseBurst);
		roomBuckets.set(sessionId, bucket);
	}
	return bucket.take();
}

export function registerConversationCommands(
	commands: Commands,
	{ sessions, moderation, render }: CommandContext
) {
	/**
	 * The pupil's session and pseudonym, or why there is none: one whose session was deleted
	 * meanwhile hears `session-not-found` (a socket that never resumed never gets this far).
	 */
	const asPupil = async ({ sessionId, pupilKey }: Attached['pupil']) => {
		const session = await sessions.getSession(sessionId);
		return session ? { session, pupilKey } : failure('session-not-found');
	};

	commands.on(
		'conversation:sync',
		schemas.block,
		{ role: 'pupil' },
		async ({ blockId }, attached): Promise<Ack<PupilConversation>> => {
			const pupil = await asPupil(attached);
			if ('error' in pupil) return pupil;
			const { session, pupilKey } = pupil;
			if (!sessions.findBlock(session, blockId)) return failure('block-not-found');
			const [wall, own, voted] = await Promise.all([
				moderation.wall(session, blockId),
				moderation.mine(session, pupilKey, blockId),
				moderation.votedBy(session, pupilKey)
			]);
			return { data: { blockId, wall, own, voted } };
		}
	);

	commands.on(
		'response:submit',
		schemas.responseSubmit,
		{ role: 'pupil' },
		async (submission, attached) => {
			const pupil = await asPupil(attached);
			if ('error' in pupil) return pupil;
			if (!roomAllows(pupil.session.id)) return failure('rate-limited');
			const outcome = await moderation.submit(pupil.session, pupil.pupilKey, submission);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);

	commands.on(
		'response:withdraw',
		schemas.response,
		{ role: 'pupil' },
		async ({ responseId }, attached) => {
			const pupil = await asPupil(attached);
			if ('error' in pupil) return pupil;
			const outcome = await moderation.withdraw(pupil.session, pupil.pupilKey, responseId);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);

	commands.on(
		'response:vote',
		schemas.response,
		{ role: 'pupil' },
		async ({ responseId }, attached) => {
			const pupil = await asPupil(attached);
			if ('error' in pupil) return pupil;
			const outcome = await moderation.vote(pupil.session, pupil.pupilKey, responseId);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);

	/** The host's session, or why there is none (as `asPupil`). */
	const asHost = async ({ sessionId }: Attached['host']) =>
		(await sessions.getSession(sessionId)) ?? failure('session-not-found');

	/** A moderation decision on one response. */
	const decide =
		<P extends { responseId: string }>(
			change: (session: SessionRecord, payload: P) => Promise<ModerationOutcome<unknown>>
		) =>
		async (payload: P, attached: Attached['host']): Promise<Ack<true>> => {
			const session = await asHost(attached);
			if ('error' in session) return session;
			const outcome = await change(session, payload);
			return outcome.ok ? { data: true } : failure(outcome.error);
		};

	commands.on(
		'response:approve',
		schemas.response,
		{ role: 'host' },
		decide((session, { responseId }) => moderation.approve(session, responseId))
	);
	commands.on(
		'response:hide',
		schemas.response,
		{ role: 'host' },
		decide((session, { responseId }) => moderation.hide(session, responseId))
	);
	commands.on(
		'response:pin',
		schemas.responsePin,
		{ role: 'host' },
		decide((session, { responseId, pinned }) => moderation.pin(session, responseId, pinned))
	);
	commands.on(
		'response:return',
		schemas.responseReturn,
		{ role: 'host' },
		decide((session, { responseId, prompt }) =>
			moderation.returnForRephrasing(session, responseId, prompt)
		)
	);

	commands.on(
		'responses:approve-all',
		schemas.block,
		{ role: 'host' },
		async ({ blockId }, attached): Promise<Ack<{ approved: number }>> => {
			const session = await asHost(attached);
			if ('error' in session) return session;
			return { data: { approved: await moderation.approveAllUnflagged(session, blockId) } };
		}
	);

	/** A change to the staging, by the host, answered with the view as stored. */
	const stage =
		<P>(
			change: (
				sessionId: string,
				payload: P
			) => Promise<ModerationOutcome<SessionRecord> | Outcome<SessionRecord>>
		) =>
		async (payload: P, { sessionId }: Attached['host']): Promise<Ack<SessionView>> => {
			const outcome = await change(sessionId, payload);
			return outcome.ok ? { data: render.view(outcome.value) } : failure(outcome.error);
		};

	commands.on(
		'block:pause',
		schemas.pause,
		{ role: 'host' },
		stage((id, { blockId, paused }) => moderation.pause(id, blockId, paused))
	);
	commands.on(
		'wall:clear',
		schemas.block,
		{ role: 'host' },
		stage((id, { blockId }) => moderation.clearWall(id, blockId))
	);
	commands.on(
		'wall:order',
		schemas.wallOrder,
		{ role: 'host' },
		stage((id, { byVotes }) => sessions.setWallOrder(id, byVotes))
	);
	commands.on(
		'board:mode',
		schemas.boardMode,
		{ role: 'host' },
		stage((id, { mode }) => sessions.setBoardMode(id, mode))
	);
	commands.on(
		'board:blank',
		schemas.boardBlank,
		{ role: 'host' },
		stage((id, { blank }) => sessions.setBlank(id, blank))
	);
	commands.on(
		'board:code',
		schemas.boardCode,
		{ role: 'host' },
		stage((id, { large }) => sessions.setCodeLarge(id, large))
	);
}

// Written responses over the socket: pupils write, withdraw and vote; the host moderates.
// What leaves the server is decided here: the queue goes to hosts only, the wall (approved
// responses) to boards and pupils, and a pupil's own responses only to that pupil's phones.

import type { Ack, PupilConversation, SessionView } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import type { Moderation, ModerationOutcome } from '../moderation/moderation.ts';
import type { Outcome } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import { failure, onCommand, type HandlerContext } from './commands.ts';
import { announce } from './host.ts';
import type { RealtimeServer } from './index.ts';
import { TokenBucket } from './rate.ts';
import { roomResponseBurst, roomResponsesPerSecond } from '../limits.ts';
import { rooms } from './rooms.ts';

/** One bucket per session for written responses, shared by every socket of that session. */
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

export function announceQueue(io: RealtimeServer, moderation: Moderation, session: SessionRecord) {
	io.to(rooms.host(session.id)).emit('queue:update', moderation.queue(session));
}

export function announceWall(
	io: RealtimeServer,
	moderation: Moderation,
	session: SessionRecord,
	blockId: string
) {
	const conversation = { blockId, wall: moderation.wall(session, blockId) };
	io.to([rooms.board(session.id), rooms.pupils(session.id)]).emit('wall:update', conversation);
}

function announceOwn(
	io: RealtimeServer,
	moderation: Moderation,
	session: SessionRecord,
	pupilKey: string,
	blockId: string
) {
	io.to(rooms.pupil(session.id, pupilKey)).emit('own:update', {
		blockId,
		own: moderation.mine(session, pupilKey, blockId)
	});
}

export function registerConversationHandlers({
	io,
	socket,
	sessions,
	moderation,
	bucket
}: HandlerContext) {
	/**
	 * The pupil's session and pseudonym, or why there is none: a socket that never resumed is
	 * `not-attached`; one whose session was deleted meanwhile hears `session-not-found`.
	 */
	const asPupil = () => {
		const { sessionId, role, pupilKey } = socket.data;
		if (role !== 'pupil' || !sessionId || !pupilKey) return failure('not-attached');
		const session = sessions.getSession(sessionId);
		return session ? { session, pupilKey } : failure('session-not-found');
	};

	onCommand(
		socket,
		bucket,
		'conversation:sync',
		schemas.block,
		({ blockId }): Ack<PupilConversation> => {
			const pupil = asPupil();
			if ('error' in pupil) return pupil;
			const { session, pupilKey } = pupil;
			if (!sessions.findBlock(session, blockId)) return failure('block-not-found');
			return {
				data: {
					blockId,
					wall: moderation.wall(session, blockId),
					own: moderation.mine(session, pupilKey, blockId),
					voted: moderation.votedBy(session, pupilKey)
				}
			};
		}
	);

	onCommand(socket, bucket, 'response:submit', schemas.responseSubmit, (submission) => {
		const pupil = asPupil();
		if ('error' in pupil) return pupil;
		if (!roomAllows(pupil.session.id)) return failure('rate-limited');
		const outcome = moderation.submit(pupil.session, pupil.pupilKey, submission);
		if (!outcome.ok) return failure(outcome.error);
		announceQueue(io, moderation, pupil.session);
		announceOwn(io, moderation, pupil.session, pupil.pupilKey, submission.blockId);
		return { data: outcome.value };
	});

	onCommand(socket, bucket, 'response:withdraw', schemas.response, ({ responseId }) => {
		const pupil = asPupil();
		if ('error' in pupil) return pupil;
		const outcome = moderation.withdraw(pupil.session, pupil.pupilKey, responseId);
		if (!outcome.ok) return failure(outcome.error);
		announceQueue(io, moderation, pupil.session);
		return { data: outcome.value };
	});

	onCommand(socket, bucket, 'response:vote', schemas.response, ({ responseId }) => {
		const pupil = asPupil();
		if ('error' in pupil) return pupil;
		const outcome = moderation.vote(pupil.session, pupil.pupilKey, responseId);
		if (!outcome.ok) return failure(outcome.error);
		const voted = moderation.responseOf(pupil.session, responseId);
		if (outcome.value.counted && voted) {
			announceWall(io, moderation, pupil.session, voted.blockId);
			announceQueue(io, moderation, pupil.session);
		}
		return { data: outcome.value };
	});

	/** The host's session, when this socket is its host, or why not (as `asPupil`). */
	const asHost = () => {
		const { sessionId, role } = socket.data;
		if (role !== 'host' || !sessionId) return failure('not-host');
		return sessions.getSession(sessionId) ?? failure('session-not-found');
	};

	/** A moderation decision on one response: announced to the queue, the wall and its writer. */
	const decide =
		<P extends { responseId: string }>(
			change: (
				session: SessionRecord,
				payload: P
			) => ModerationOutcome<{ blockId: string; pupilKey: string }>
		) =>
		(payload: P): Ack<true> => {
			const session = asHost();
			if ('error' in session) return session;
			const outcome = change(session, payload);
			if (!outcome.ok) return failure(outcome.error);
			announceQueue(io, moderation, session);
			announceWall(io, moderation, session, outcome.value.blockId);
			announceOwn(io, moderation, session, outcome.value.pupilKey, outcome.value.blockId);
			return { data: true };
		};

	onCommand(
		socket,
		bucket,
		'response:approve',
		schemas.response,
		decide((session, { responseId }) => moderation.approve(session, responseId))
	);
	onCommand(
		socket,
		bucket,
		'response:hide',
		schemas.response,
		decide((session, { responseId }) => moderation.hide(session, responseId))
	);
	onCommand(
		socket,
		bucket,
		'response:pin',
		schemas.responsePin,
		decide((session, { responseId, pinned }) => moderation.pin(session, responseId, pinned))
	);
	onCommand(
		socket,
		bucket,
		'response:return',
		schemas.responseReturn,
		decide((session, { responseId, prompt }) =>
			moderation.returnForRephrasing(session, responseId, prompt)
		)
	);

	onCommand(
		socket,
		bucket,
		'responses:approve-all',
		schemas.block,
		({ blockId }): Ack<{ approved: number }> => {
			const session = asHost();
			if ('error' in session) return session;
			const approved = moderation.approveAllUnflagged(session, blockId);
			announceQueue(io, moderation, session);
			announceWall(io, moderation, session, blockId);
			for (const pupilKey of moderation.writersOf(session, blockId))
				announceOwn(io, moderation, session, pupilKey, blockId);
			return { data: { approved } };
		}
	);

	/** A change to the staging, announced like any change of the session. */
	const stage =
		<P>(
			change: (
				session: SessionRecord,
				payload: P
			) => ModerationOutcome<SessionRecord> | Outcome<SessionRecord>,
			blockOf?: (payload: P) => string
		) =>
		(payload: P): Ack<SessionView> => {
			const session = asHost();
			if ('error' in session) return session;
			const outcome = change(session, payload);
			if (!outcome.ok) return failure(outcome.error);
			announce(io, sessions, outcome.value);
			if (blockOf) announceWall(io, moderation, outcome.value, blockOf(payload));
			return { data: sessions.view(outcome.value) };
		};

	onCommand(
		socket,
		bucket,
		'block:pause',
		schemas.pause,
		stage((session, { blockId, paused }) => moderation.pause(session, blockId, paused))
	);
	onCommand(
		socket,
		bucket,
		'wall:clear',
		schemas.block,
		stage(
			(session, { blockId }) => moderation.clearWall(session, blockId),
			({ blockId }) => blockId
		)
	);
	onCommand(
		socket,
		bucket,
		'wall:order',
		schemas.wallOrder,
		stage((session, { byVotes }) => sessions.setWallOrder(session, byVotes))
	);
	onCommand(
		socket,
		bucket,
		'board:mode',
		schemas.boardMode,
		stage((session, { mode }) => sessions.setBoardMode(session, mode))
	);
	onCommand(
		socket,
		bucket,
		'board:blank',
		schemas.boardBlank,
		stage((session, { blank }) => sessions.setBlank(session, blank))
	);
	onCommand(
		socket,
		bucket,
		'board:code',
		schemas.boardCode,
		stage((session, { large }) => sessions.setCodeLarge(session, large))
	);
}

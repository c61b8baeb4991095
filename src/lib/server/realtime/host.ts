// Teacher-only commands. A socket becomes a host by presenting the session's host secret once,
// or a board (which only shows) by presenting the board secret; every later command is checked
// against that binding on the server.

import type { Ack, ControlSnapshot, SessionView } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import { blocksOf, type Outcome, type Sessions } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import type { Broadcaster } from './broadcaster.ts';
import { failure, onCommand, type HandlerContext } from './commands.ts';
import type { RealtimeServer } from './index.ts';
import { leaveRole } from './roles.ts';
import { rooms } from './rooms.ts';

interface Context extends HandlerContext {
	broadcaster: Broadcaster;
}

export function snapshot(
	sessions: Sessions,
	moderation: Moderation,
	broadcaster: Broadcaster,
	session: SessionRecord,
	forTeacher: boolean
): ControlSnapshot {
	const lesson = sessions.lessonOf(session);
	const results: ControlSnapshot['results'] = {};
	const walls: ControlSnapshot['walls'] = {};
	for (const { block } of lesson ? blocksOf(lesson) : []) {
		const blockResults = sessions.results(session, block.id, forTeacher);
		if (blockResults) results[block.id] = blockResults;
		const wall = moderation.wall(session, block.id);
		if (wall.length > 0) walls[block.id] = wall;
	}
	return {
		view: sessions.view(session),
		presence: broadcaster.presence(session.id),
		results,
		walls,
		queue: forTeacher ? moderation.queue(session) : []
	};
}

/** Tells everyone in the session what changed: hosts and boards the view, pupils the open block. */
export function announce(io: RealtimeServer, sessions: Sessions, session: SessionRecord) {
	const view = sessions.view(session);
	io.to(rooms.control(session.id)).emit('session:update', view);
	io.to(rooms.pupils(session.id)).emit('pupil:update', {
		view,
		block: sessions.pupilBlock(session),
		questionBox: sessions.questionBox(session)
	});
}

export function registerHostHandlers({
	io,
	socket,
	sessions,
	moderation,
	broadcaster,
	bucket
}: Context) {
	const attach = (
		role: 'host' | 'board',
		outcome: Outcome<SessionRecord>
	): Ack<ControlSnapshot> => {
		if (!outcome.ok) return failure(outcome.error);
		const session = outcome.value;
		leaveRole(socket, broadcaster);
		socket.data = { sessionId: session.id, role };
		void socket.join(role === 'host' ? rooms.host(session.id) : rooms.board(session.id));
		return { data: snapshot(sessions, moderation, broadcaster, session, role === 'host') };
	};
	onCommand(socket, bucket, 'host:attach', schemas.hostAttach, ({ sessionId, hostSecret }) =>
		attach('host', sessions.asHost(sessionId, hostSecret))
	);
	// The board's own secret shows what the class may see; it never makes a socket a host.
	onCommand(socket, bucket, 'board:attach', schemas.boardAttach, ({ sessionId, boardSecret }) =>
		attach('board', sessions.asBoard(sessionId, boardSecret))
	);

	/** Runs a change on the host's session and announces it. */
	const steer =
		<P>(
			change: (session: SessionRecord, payload: P) => Outcome<SessionRecord>,
			afterwards?: (session: SessionRecord, payload: P) => void
		) =>
		(payload: P): Ack<SessionView> => {
			const { sessionId, role } = socket.data;
			if (role !== 'host' || !sessionId) return failure('not-host');
			const session = sessions.getSession(sessionId);
			if (!session) return failure('session-not-found');
			const outcome = change(session, payload);
			if (!outcome.ok) return failure(outcome.error);
			announce(io, sessions, outcome.value);
			afterwards?.(outcome.value, payload);
			return { data: sessions.view(outcome.value) };
		};

	onCommand(
		socket,
		bucket,
		'session:step',
		schemas.step,
		steer((session, { step }) => sessions.goToStep(session, step))
	);
	onCommand(
		socket,
		bucket,
		'session:lock',
		schemas.lock,
		steer((session, { locked }) => sessions.setLocked(session, locked))
	);
	onCommand(
		socket,
		bucket,
		'session:end',
		schemas.empty,
		steer((session) => sessions.end(session))
	);
	onCommand(
		socket,
		bucket,
		'block:open',
		schemas.block,
		steer((session, { blockId }) => sessions.openBlock(session, blockId))
	);
	onCommand(
		socket,
		bucket,
		'block:close',
		schemas.empty,
		steer((session) => sessions.closeBlock(session))
	);
	onCommand(
		socket,
		bucket,
		'block:reveal',
		schemas.reveal,
		steer(
			(session, { blockId, revealed }) => sessions.setRevealed(session, blockId, revealed),
			(session, { blockId }) => broadcaster.flushNow(session.id, blockId)
		)
	);
	// Word clouds: the teacher's decisions on words; results go out at once to host and board.
	const decisions = [
		['words:allow', 'allowed'],
		['words:remove', 'removed'],
		['words:restore', null]
	] as const;
	for (const [event, decision] of decisions) {
		onCommand(socket, bucket, event, schemas.word, ({ blockId, word }): Ack<{ word: string }> => {
			const { sessionId, role } = socket.data;
			if (role !== 'host' || !sessionId) return failure('not-host');
			const session = sessions.getSession(sessionId);
			if (!session) return failure('session-not-found');
			const outcome = sessions.decideWord(session, blockId, word, decision);
			if (!outcome.ok) return failure(outcome.error);
			broadcaster.flushNow(session.id, blockId);
			// A later block compared with this one shows it as its 'before'.
			const lesson = sessions.lessonOf(session);
			for (const { block } of lesson ? blocksOf(lesson) : []) {
				if (block.settings.compareWith === blockId) broadcaster.flushNow(session.id, block.id);
			}
			return { data: outcome.value };
		});
	}

	onCommand(
		socket,
		bucket,
		'timer:start',
		schemas.block,
		steer((session, { blockId }) => sessions.startTimer(session, blockId))
	);
	onCommand(
		socket,
		bucket,
		'timer:pause',
		schemas.empty,
		steer((session) => sessions.pauseTimer(session))
	);
	onCommand(
		socket,
		bucket,
		'timer:extend',
		schemas.timerExtend,
		steer((session, { minutes, extensionId }) =>
			sessions.extendTimer(session, minutes * 60_000, extensionId)
		)
	);
}

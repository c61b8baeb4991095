// Teacher-only commands. A socket becomes a host by presenting the session's host secret once,
// or a board (which only shows) by presenting the board secret; every later command is checked
// against that binding on the server. What a change means for other screens is the outbound
// module's: the domain tells it once the change is stored.

import type { Ack, ControlSnapshot, SessionView } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import { blocksOf, type Outcome, type Sessions } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import { guarded } from '../guard.ts';
import { failure, onCommand } from './commands.ts';
import { leaveRole } from './roles.ts';
import { rooms } from './rooms.ts';
import type { HandlerContext, PresenceTracker } from './types.ts';

/** Everything a host or board shows, read after it joined its room so no later change is missed. */
export async function snapshot(
	sessions: Sessions,
	moderation: Moderation,
	presence: PresenceTracker,
	session: SessionRecord,
	forTeacher: boolean
): Promise<ControlSnapshot> {
	const lesson = sessions.lessonOf(session);
	const blocks = lesson ? blocksOf(lesson).map(({ block }) => block.id) : [];
	const [perBlock, queue, present] = await Promise.all([
		Promise.all(
			blocks.map(async (blockId) => ({
				blockId,
				results: await sessions.results(session, blockId, forTeacher),
				wall: await moderation.wall(session, blockId)
			}))
		),
		forTeacher ? moderation.queue(session) : [],
		presence.count(session.id)
	]);
	const results: ControlSnapshot['results'] = {};
	const walls: ControlSnapshot['walls'] = {};
	for (const { blockId, results: blockResults, wall } of perBlock) {
		if (blockResults) results[blockId] = blockResults;
		if (wall.length > 0) walls[blockId] = wall;
	}
	return { view: sessions.view(session), presence: present, results, walls, queue };
}

export function registerHostHandlers({
	socket,
	sessions,
	moderation,
	presence,
	bucket
}: HandlerContext) {
	const attach = async (
		role: 'host' | 'board',
		outcome: Outcome<SessionRecord>
	): Promise<Ack<ControlSnapshot>> => {
		if (!outcome.ok) return failure(outcome.error);
		const { id } = outcome.value;
		leaveRole(socket, presence);
		socket.data = { sessionId: id, role };
		await socket.join(role === 'host' ? rooms.host(id) : rooms.board(id));
		// The console offers the board first until one is attached.
		if (role === 'board') presence.changed(id);
		// Read again now that the socket hears every change: one stored since the secret was
		// checked went out before it joined.
		const session = await sessions.getSession(id);
		if (!session) {
			leaveRole(socket, presence);
			return failure('session-not-found');
		}
		return { data: await snapshot(sessions, moderation, presence, session, role === 'host') };
	};
	onCommand(socket, bucket, 'host:attach', schemas.hostAttach, async ({ sessionId, hostSecret }) =>
		attach('host', await sessions.asHost(sessionId, hostSecret))
	);
	// The board's own secret shows what the class may see; it never makes a socket a host.
	onCommand(
		socket,
		bucket,
		'board:attach',
		schemas.boardAttach,
		async ({ sessionId, boardSecret }) =>
			attach('board', await sessions.asBoard(sessionId, boardSecret))
	);

	socket.on(
		'disconnect',
		guarded('board departure', () => {
			const { sessionId, role } = socket.data;
			if (role === 'board' && sessionId) presence.changed(sessionId);
		})
	);

	/** Runs a change on the host's session and answers with the view as stored. */
	const steer =
		<P>(change: (sessionId: string, payload: P) => Promise<Outcome<SessionRecord>>) =>
		async (payload: P): Promise<Ack<SessionView>> => {
			const { sessionId, role } = socket.data;
			if (role !== 'host' || !sessionId) return failure('not-host');
			const outcome = await change(sessionId, payload);
			if (!outcome.ok) return failure(outcome.error);
			return { data: sessions.view(outcome.value) };
		};

	onCommand(
		socket,
		bucket,
		'session:step',
		schemas.step,
		steer((id, { step }) => sessions.goToStep(id, step))
	);
	onCommand(
		socket,
		bucket,
		'session:lock',
		schemas.lock,
		steer((id, { locked }) => sessions.setLocked(id, locked))
	);
	onCommand(
		socket,
		bucket,
		'session:end',
		schemas.empty,
		steer((id) => sessions.end(id))
	);
	onCommand(
		socket,
		bucket,
		'block:open',
		schemas.block,
		steer((id, { blockId }) => sessions.openBlock(id, blockId))
	);
	onCommand(
		socket,
		bucket,
		'block:close',
		schemas.empty,
		steer((id) => sessions.closeBlock(id))
	);
	onCommand(
		socket,
		bucket,
		'block:reveal',
		schemas.reveal,
		steer((id, { blockId, revealed }) => sessions.setRevealed(id, blockId, revealed))
	);
	// Word clouds: the teacher's decisions on words.
	const decisions = [
		['words:allow', 'allowed'],
		['words:remove', 'removed'],
		['words:restore', null]
	] as const;
	for (const [event, decision] of decisions) {
		onCommand(
			socket,
			bucket,
			event,
			schemas.word,
			async ({ blockId, word }): Promise<Ack<{ word: string }>> => {
				const { sessionId, role } = socket.data;
				if (role !== 'host' || !sessionId) return failure('not-host');
				const outcome = await sessions.decideWord(sessionId, blockId, word, decision);
				return outcome.ok ? { data: outcome.value } : failure(outcome.error);
			}
		);
	}
	onCommand(
		socket,
		bucket,
		'words:release-all',
		schemas.wordsRelease,
		async ({ blockId, words }): Promise<Ack<{ released: number }>> => {
			const { sessionId, role } = socket.data;
			if (role !== 'host' || !sessionId) return failure('not-host');
			const outcome = await sessions.releaseWords(sessionId, blockId, words);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);

	onCommand(
		socket,
		bucket,
		'timer:start',
		schemas.block,
		steer((id, { blockId }) => sessions.startTimer(id, blockId))
	);
	onCommand(
		socket,
		bucket,
		'timer:pause',
		schemas.empty,
		steer((id) => sessions.pauseTimer(id))
	);
	onCommand(
		socket,
		bucket,
		'timer:extend',
		schemas.timerExtend,
		steer((id, { minutes, extensionId }) => sessions.extendTimer(id, minutes * 60_000, extensionId))
	);
	onCommand(
		socket,
		bucket,
		'think:skip',
		schemas.empty,
		steer((id) => sessions.skipThinking(id))
	);
	onCommand(
		socket,
		bucket,
		'think:extend',
		schemas.thinkExtend,
		steer((id, { seconds, extensionId }) =>
			sessions.extendThinking(id, seconds * 1000, extensionId)
		)
	);
	onCommand(
		socket,
		bucket,
		'pairs:make',
		schemas.block,
		steer((id, { blockId }) => sessions.makePairs(id, blockId))
	);
}

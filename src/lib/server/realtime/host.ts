// Teacher-only commands. A socket becomes a host by presenting the session's host secret once,
// or a board (which only shows) by presenting the board secret; every later command is checked
// against that binding on the server. What a change means for other screens is the outbound
// module's: the domain tells it once the change is stored.

import type { Ack, ControlSnapshot, SessionView } from '../../protocol.ts';
import { schemas } from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import { blocksOf, type Outcome, type Sessions } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import { failure, type Commands } from './commands.ts';
import { leaveRole } from './roles.ts';
import { rooms } from './rooms.ts';
import type { Render } from './render.ts';
import type { CommandContext, PresenceTracker, RealtimeSocket } from './types.ts';

/** Everything a host or board shows, read after it joined its room so no later change is missed. */
export async function snapshot(
	sessions: Sessions,
	moderation: Moderation,
	render: Render,
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
	return { view: render.view(session), presence: present, results, walls, queue };
}

export function registerHostCommands(
	commands: Commands,
	{ sessions, moderation, render, presence }: CommandContext
) {
	const attach = async (
		socket: RealtimeSocket,
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
		return {
			data: await snapshot(sessions, moderation, render, presence, session, role === 'host')
		};
	};
	commands.on(
		'host:attach',
		schemas.hostAttach,
		{ role: 'anyone' },
		async ({ sessionId, hostSecret }, _, { socket }) =>
			attach(socket, 'host', await sessions.asHost(sessionId, hostSecret))
	);
	// The board's own secret shows what the class may see; it never makes a socket a host.
	commands.on(
		'board:attach',
		schemas.boardAttach,
		{ role: 'anyone' },
		async ({ sessionId, boardSecret }, _, { socket }) =>
			attach(socket, 'board', await sessions.asBoard(sessionId, boardSecret))
	);

	/** Runs a change on the host's session and answers with the view as stored. */
	const steer =
		<P>(change: (sessionId: string, payload: P) => Promise<Outcome<SessionRecord>>) =>
		async (payload: P, { sessionId }: { sessionId: string }): Promise<Ack<SessionView>> => {
			const outcome = await change(sessionId, payload);
			if (!outcome.ok) return failure(outcome.error);
			return { data: render.view(outcome.value) };
		};

	commands.on(
		'session:step',
		schemas.step,
		{ role: 'host' },
		steer((id, { step }) => sessions.goToStep(id, step))
	);
	commands.on(
		'session:lock',
		schemas.lock,
		{ role: 'host' },
		steer((id, { locked }) => sessions.setLocked(id, locked))
	);
	commands.on(
		'session:end',
		schemas.empty,
		{ role: 'host' },
		steer((id) => sessions.end(id))
	);
	commands.on(
		'block:open',
		schemas.block,
		{ role: 'host' },
		steer((id, { blockId }) => sessions.openBlock(id, blockId))
	);
	commands.on(
		'block:close',
		schemas.empty,
		{ role: 'host' },
		steer((id) => sessions.closeBlock(id))
	);
	commands.on(
		'block:reveal',
		schemas.reveal,
		{ role: 'host' },
		steer((id, { blockId, revealed }) => sessions.setRevealed(id, blockId, revealed))
	);
	// Word clouds: the teacher's decisions on words.
	const decisions = [
		['words:allow', 'allowed'],
		['words:remove', 'removed'],
		['words:restore', null]
	] as const;
	for (const [event, decision] of decisions) {
		commands.on(
			event,
			schemas.word,
			{ role: 'host' },
			async ({ blockId, word }, { sessionId }): Promise<Ack<{ word: string }>> => {
				const outcome = await sessions.decideWord(sessionId, blockId, word, decision);
				return outcome.ok ? { data: outcome.value } : failure(outcome.error);
			}
		);
	}
	commands.on(
		'words:release-all',
		schemas.wordsRelease,
		{ role: 'host' },
		async ({ blockId, words }, { sessionId }): Promise<Ack<{ released: number }>> => {
			const outcome = await sessions.releaseWords(sessionId, blockId, words);
			return outcome.ok ? { data: outcome.value } : failure(outcome.error);
		}
	);

	commands.on(
		'timer:start',
		schemas.block,
		{ role: 'host' },
		steer((id, { blockId }) => sessions.startTimer(id, blockId))
	);
	commands.on(
		'timer:pause',
		schemas.empty,
		{ role: 'host' },
		steer((id) => sessions.pauseTimer(id))
	);
	commands.on(
		'timer:extend',
		schemas.timerExtend,
		{ role: 'host' },
		steer((id, { minutes, extensionId }) => sessions.extendTimer(id, minutes * 60_000, extensionId))
	);
	commands.on(
		'think:skip',
		schemas.empty,
		{ role: 'host' },
		steer((id) => sessions.skipThinking(id))
	);
	commands.on(
		'think:extend',
		schemas.thinkExtend,
		{ role: 'host' },
		steer((id, { seconds, extensionId }) =>
			sessions.extendThinking(id, seconds * 1000, extensionId)
		)
	);
	commands.on(
		'pairs:make',
		schemas.block,
		{ role: 'host' },
		steer((id, { blockId }) => sessions.makePairs(id, blockId))
	);
}

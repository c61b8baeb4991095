// The one owner of what goes out: the domain's events, rendered to a session's rooms. Which
// screen hears what is decided here and nowhere else: hosts and boards the session's view and
// results, hosts alone the moderation queue, boards and pupils the wall, a writer's own phones
// their responses. Rooms reach every process through the socket.io adapter, so this works the
// same on one process and on several.

import type { SessionView } from '../../protocol.ts';
import type { DomainEvents } from '../events.ts';
import { guarded, logFailure } from '../guard.ts';
import type { Moderation } from '../moderation/moderation.ts';
import { takesWords } from '../../lessons/kinds.ts';
import { blocksOf, type Sessions } from '../sessions.ts';
import type { SessionRecord } from '../store/store.ts';
import { Broadcaster } from './broadcaster.ts';
import { rooms } from './rooms.ts';
import type { PresenceTracker, RealtimeServer } from './types.ts';

export class Outbound implements DomainEvents {
	private readonly io: RealtimeServer;
	private readonly sessions: Sessions;
	private readonly moderation: Moderation;
	private readonly broadcaster: Broadcaster;

	constructor(
		io: RealtimeServer,
		sessions: Sessions,
		moderation: Moderation,
		{ sharedWithOthers = (_sessionId: string): boolean => false } = {}
	) {
		this.io = io;
		this.sessions = sessions;
		this.moderation = moderation;
		this.broadcaster = new Broadcaster(io, sessions, { sharedWithOthers });
	}

	/** Presence is the broadcaster's: handlers tell it of arrivals, snapshots ask it the count. */
	get presence(): PresenceTracker {
		return this.broadcaster;
	}

	// The domain calls these after its change is stored; a bug in rendering must not undo the
	// change for the caller, so each is guarded.
	sessionChanged = guarded('session update', (session: SessionRecord) => {
		this.announce(this.sessions.view(session), session);
	});

	resultsChanged = guarded(
		'results update',
		(sessionId: string, blockId: string, options?: { immediate?: boolean }) => {
			if (options?.immediate) this.broadcaster.flushNow(sessionId, blockId);
			else this.broadcaster.resultsChanged(sessionId, blockId);
		}
	);

	responsesChanged = guarded(
		'responses update',
		(session: SessionRecord, blockId: string, writers: string[], options?: { wall?: boolean }) => {
			void this.sendResponses(session, blockId, writers, options?.wall ?? true).catch((error) =>
				logFailure('responses update failed', error)
			);
		}
	);

	sessionDeleted = guarded('session deletion', (session: SessionRecord) => {
		const ended = { ...session, status: 'ended' as const, openBlockId: null, timer: null };
		this.announce(this.sessions.view(ended), ended);
		void this.leaveAll(session.id).catch((error) => logFailure('leaving rooms failed', error));
	});

	/** Hosts and boards the view, pupils the view with the open block. */
	private announce(view: SessionView, session: SessionRecord) {
		this.io.to(rooms.control(session.id)).emit('session:update', view);
		this.io.to(rooms.pupils(session.id)).emit('pupil:update', {
			view,
			block: this.sessions.pupilBlock(session),
			questionBox: this.sessions.questionBox(session),
			questionsOnBoard: this.sessions.questionsOnBoard(session)
		});
	}

	private async sendResponses(
		session: SessionRecord,
		blockId: string,
		writers: string[],
		wallChanged = true
	) {
		const [queue, wall, own] = await Promise.all([
			this.moderation.queue(session),
			wallChanged ? this.moderation.wall(session, blockId) : null,
			Promise.all(writers.map((pupilKey) => this.moderation.mine(session, pupilKey, blockId)))
		]);
		this.io.to(rooms.host(session.id)).emit('queue:update', queue);
		// The console's preview of the board shows the wall too, as the board has it.
		if (wall !== null)
			this.io.to(rooms.screens(session.id)).emit('wall:update', {
				blockId,
				wall
			});
		writers.forEach((pupilKey, index) =>
			this.io.to(rooms.pupil(session.id, pupilKey)).emit('own:update', { blockId, own: own[index] })
		);
	}

	/**
	 * Nothing of a deleted session reaches anyone afterwards: every socket, on every process,
	 * leaves its rooms, by name. The pupils' own rooms are named by the pseudonyms of the
	 * sockets still in the session.
	 */
	private async leaveAll(sessionId: string) {
		const pupils = await this.io
			.in(rooms.pupils(sessionId))
			.fetchSockets()
			.catch((error: unknown) => {
				logFailure('finding pupils of a deleted session failed', error);
				return [];
			});
		const own = new Set(pupils.map((socket) => socket.data.pupilKey).filter((key) => key));
		for (const pupilKey of own) {
			const room = rooms.pupil(sessionId, pupilKey!);
			this.io.in(room).socketsLeave(room);
		}
		for (const room of rooms.screens(sessionId)) this.io.in(room).socketsLeave(room);
	}

	/**
	 * Sends the session's screens everything they show, read from the store: after the adapter
	 * lost its connection, broadcasts from other processes may have passed this one's screens by;
	 * when another process turns out to hold screens of it, what this one sent only to its own
	 * may have passed those by.
	 */
	async resync(sessionId: string) {
		const session = await this.sessions.getSession(sessionId);
		if (!session) return;
		this.announce(this.sessions.view(session), session);
		this.broadcaster.changed(sessionId);
		const lesson = this.sessions.lessonOf(session);
		for (const { block } of lesson ? blocksOf(lesson) : []) {
			this.broadcaster.flushNow(sessionId, block.id);
			const hasWall = takesWords(block.type, block.settings.agree) || block.settings.reason;
			if (hasWall)
				await this.sendResponses(
					session,
					block.id,
					await this.moderation.writersOf(session, block.id)
				);
		}
	}

	close() {
		this.broadcaster.close();
	}
}

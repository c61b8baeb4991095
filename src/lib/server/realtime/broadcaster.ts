// Sends results and presence to a session's host and board. An answer marks its block dirty,
// an arrival or departure the presence. A quiet session's changes go out at once (after those
// that arrived in the same turn of the event loop), a busy one's at most every
// `resultsIntervalMs`: a burst of 30 answers or 30 arrivals costs a few messages, each encoded
// once for the whole room, and a lone answer shows at once (see coalescer.ts).
// Each process coalesces what happened on it; results carry their revision, so screens keep the
// newest whichever process sent it, and presence is counted over every process's sockets.

import type { Presence } from '../../protocol.ts';
import { logFailure } from '../guard.ts';
import { presenceCountRetries, resultsIntervalMs } from '../limits.ts';
import type { Sessions } from '../sessions.ts';
import { Coalescer } from './coalescer.ts';
import { rooms } from './rooms.ts';
import type { PresenceTracker, RealtimeServer } from './types.ts';

export class Broadcaster implements PresenceTracker {
	private readonly io: RealtimeServer;
	private readonly sessions: Sessions;
	/** Per session, the blocks whose results changed since they were last sent. */
	private readonly dirty = new Map<string, Set<string>>();
	// Separate, so a pupil arriving never holds up the results of an answer.
	private readonly results = new Coalescer(
		(id) => void this.sendResults(id).catch((error) => logFailure('results update failed', error)),
		resultsIntervalMs
	);
	private readonly presenceUpdates = new Coalescer(
		(id) =>
			void this.sendPresence(id).then(
				() => this.presenceFailures.delete(id),
				(error: unknown) => this.presenceFailed(id, error)
			),
		resultsIntervalMs
	);
	/** Per session, the presence counts that failed in a row. */
	private readonly presenceFailures = new Map<string, number>();

	constructor(io: RealtimeServer, sessions: Sessions) {
		this.io = io;
		this.sessions = sessions;
	}

	resultsChanged(sessionId: string, blockId: string) {
		this.markDirty(sessionId, blockId);
		this.results.mark(sessionId);
	}

	/** Results can change without answers (a reveal): send them now. */
	flushNow(sessionId: string, blockId: string) {
		this.markDirty(sessionId, blockId);
		this.results.now(sessionId);
	}

	private markDirty(sessionId: string, blockId: string) {
		const blocks = this.dirty.get(sessionId) ?? new Set();
		blocks.add(blockId);
		this.dirty.set(sessionId, blocks);
	}

	private async sendResults(sessionId: string) {
		const blocks = this.dirty.get(sessionId);
		this.dirty.delete(sessionId);
		if (!blocks) return;
		const session = await this.sessions.getSession(sessionId);
		if (!session) return;
		await Promise.all(
			[...blocks].map(async (blockId) => {
				const results = await this.sessions.resultsForBoardAndHost(session, blockId);
				if (!results) return;
				this.io.to(rooms.board(sessionId)).emit('results:update', results.board);
				this.io.to(rooms.host(sessionId)).emit('results:update', results.host);
			})
		);
	}

	changed(sessionId: string) {
		this.presenceUpdates.mark(sessionId);
	}

	/** Pupils by pseudonym over every process's sockets: a second tab is still one pupil. */
	async count(sessionId: string): Promise<Presence> {
		const sockets = await this.io.in(rooms.pupils(sessionId)).fetchSockets();
		return { pupils: new Set(sockets.map((socket) => socket.data.pupilKey)).size };
	}

	private async sendPresence(sessionId: string) {
		this.io.to(rooms.control(sessionId)).emit('presence:update', await this.count(sessionId));
	}

	/**
	 * Another process did not answer the count (in region mode, one just killed: the adapter
	 * still waits for it). Tried again by itself, or the screens would go on counting the dead
	 * node's pupils until someone else arrives or leaves.
	 */
	private presenceFailed(sessionId: string, error: unknown) {
		logFailure('presence update failed', error);
		const failures = (this.presenceFailures.get(sessionId) ?? 0) + 1;
		if (failures > presenceCountRetries) return void this.presenceFailures.delete(sessionId);
		this.presenceFailures.set(sessionId, failures);
		this.presenceUpdates.mark(sessionId);
	}

	close() {
		this.results.close();
		this.presenceUpdates.close();
		this.presenceFailures.clear();
	}
}

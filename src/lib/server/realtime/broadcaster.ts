// Sends results and presence to a session's host and board. An answer marks its block dirty,
// an arrival or departure the presence. A quiet session's changes go out at once (after those
// that arrived in the same turn of the event loop), a busy one's at most every
// `resultsIntervalMs`: a burst of 30 answers or 30 arrivals costs a few messages, each encoded
// once for the whole room, and a lone answer shows at once (see coalescer.ts).

import type { Sessions } from '../sessions.ts';
import { resultsIntervalMs } from '../limits.ts';
import { Coalescer } from './coalescer.ts';
import type { RealtimeServer } from './index.ts';
import { rooms } from './rooms.ts';

export class Broadcaster {
	private readonly io: RealtimeServer;
	private readonly sessions: Sessions;
	/** Per session, the blocks whose results changed since they were last sent. */
	private readonly dirty = new Map<string, Set<string>>();
	// Separate, so a pupil arriving never holds up the results of an answer.
	private readonly results = new Coalescer((id) => this.sendResults(id), resultsIntervalMs);
	private readonly presenceUpdates = new Coalescer(
		(id) => this.sendPresence(id),
		resultsIntervalMs
	);
	/** Connections per pupil pseudonym, per session: a second tab is still one pupil. */
	private readonly present = new Map<string, Map<string, number>>();

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

	private sendResults(sessionId: string) {
		const blocks = this.dirty.get(sessionId);
		this.dirty.delete(sessionId);
		const session = blocks && this.sessions.getSession(sessionId);
		if (!blocks || !session) return;
		for (const blockId of blocks) {
			const results = this.sessions.resultsForBoardAndHost(session, blockId);
			if (!results) continue;
			this.io.to(rooms.board(sessionId)).emit('results:update', results.board);
			this.io.to(rooms.host(sessionId)).emit('results:update', results.host);
		}
	}

	pupilArrived(sessionId: string, pupilKey: string) {
		const pupils = this.present.get(sessionId) ?? new Map<string, number>();
		pupils.set(pupilKey, (pupils.get(pupilKey) ?? 0) + 1);
		this.present.set(sessionId, pupils);
		this.presenceUpdates.mark(sessionId);
	}

	pupilLeft(sessionId: string, pupilKey: string) {
		const pupils = this.present.get(sessionId);
		if (!pupils) return;
		const left = (pupils.get(pupilKey) ?? 1) - 1;
		if (left > 0) pupils.set(pupilKey, left);
		else pupils.delete(pupilKey);
		if (pupils.size === 0) this.present.delete(sessionId);
		this.presenceUpdates.mark(sessionId);
	}

	presence(sessionId: string) {
		return { pupils: this.present.get(sessionId)?.size ?? 0 };
	}

	private sendPresence(sessionId: string) {
		this.io.to(rooms.control(sessionId)).emit('presence:update', this.presence(sessionId));
	}

	close() {
		this.results.close();
		this.presenceUpdates.close();
	}
}

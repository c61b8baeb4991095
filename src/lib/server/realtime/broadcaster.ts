// Sends results and presence to a session's host and board. An answer marks its block dirty,
// an arrival or departure the presence. A quiet session's changes go out at once (after those
// that arrived in the same turn of the event loop), a busy one's at most every
// `resultsIntervalMs`: a burst of 30 answers or 30 arrivals costs a few messages, each encoded
// once for the whole room, and a lone answer shows at once.

import type { Sessions } from '../sessions.ts';
import { resultsIntervalMs } from '../limits.ts';
import type { RealtimeServer } from './index.ts';
import { rooms } from './rooms.ts';

export class Broadcaster {
	private readonly io: RealtimeServer;
	private readonly sessions: Sessions;
	private readonly dirty = new Map<string, Set<string>>();
	private readonly presenceChanged = new Set<string>();
	private closed = false;
	/** Per session: the flush about to run, or the cool-down after one. */
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	/** Connections per pupil pseudonym, per session: a second tab is still one pupil. */
	private readonly present = new Map<string, Map<string, number>>();

	constructor(io: RealtimeServer, sessions: Sessions) {
		this.io = io;
		this.sessions = sessions;
	}

	resultsChanged(sessionId: string, blockId: string) {
		const blocks = this.dirty.get(sessionId) ?? new Set();
		blocks.add(blockId);
		this.dirty.set(sessionId, blocks);
		this.schedule(sessionId);
	}

	/** Results can change without answers (a reveal): send them now. */
	flushNow(sessionId: string, blockId: string) {
		this.resultsChanged(sessionId, blockId);
		clearTimeout(this.timers.get(sessionId));
		this.flush(sessionId);
	}

	private schedule(sessionId: string) {
		if (this.closed) return;
		// A timer of 0 still runs after the I/O already waiting, so changes that arrived together
		// leave together. While a session cools down, its next flush is already planned.
		if (!this.timers.has(sessionId))
			this.timers.set(
				sessionId,
				setTimeout(() => this.flush(sessionId), 0)
			);
	}

	private flush(sessionId: string) {
		if (this.closed) return;
		this.timers.set(
			sessionId,
			setTimeout(() => this.cooledDown(sessionId), resultsIntervalMs)
		);
		if (this.presenceChanged.delete(sessionId))
			this.io.to(rooms.control(sessionId)).emit('presence:update', this.presence(sessionId));
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

	private cooledDown(sessionId: string) {
		this.timers.delete(sessionId);
		if (this.dirty.has(sessionId) || this.presenceChanged.has(sessionId)) this.flush(sessionId);
	}

	pupilArrived(sessionId: string, pupilKey: string) {
		const pupils = this.present.get(sessionId) ?? new Map<string, number>();
		pupils.set(pupilKey, (pupils.get(pupilKey) ?? 0) + 1);
		this.present.set(sessionId, pupils);
		this.sendPresence(sessionId);
	}

	pupilLeft(sessionId: string, pupilKey: string) {
		const pupils = this.present.get(sessionId);
		if (!pupils) return;
		const left = (pupils.get(pupilKey) ?? 1) - 1;
		if (left > 0) pupils.set(pupilKey, left);
		else pupils.delete(pupilKey);
		if (pupils.size === 0) this.present.delete(sessionId);
		this.sendPresence(sessionId);
	}

	presence(sessionId: string) {
		return { pupils: this.present.get(sessionId)?.size ?? 0 };
	}

	/** A class arriving at once is one or two presence messages, not thirty. */
	private sendPresence(sessionId: string) {
		this.presenceChanged.add(sessionId);
		this.schedule(sessionId);
	}

	/** Sockets still say goodbye while the server closes: after this, nothing is sent. */
	close() {
		this.closed = true;
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}
}

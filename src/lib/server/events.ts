// What the domain tells the outside world after a change is stored: the one way news leaves
// Sessions and Moderation. The realtime layer's outbound module renders these to rooms (and,
// through the socket.io adapter, to every process); tests can record them. The domain never
// knows who listens, nor how it travels.

import type { SessionRecord } from './store/store.ts';

export interface DomainEvents {
	/** The session's own state changed: step, open block, stage, timer, lock, end. */
	sessionChanged(session: SessionRecord): void;
	/**
	 * A block's results may have changed: answers (coalesced), or a reveal or word decision
	 * (`immediate`: the teacher is waiting to see it).
	 */
	resultsChanged(sessionId: string, blockId: string, options?: { immediate?: boolean }): void;
	/**
	 * A block's responses changed: the queue, these writers' own lists, and the wall unless
	 * `wall` is false (only responses that were never shown changed: one that waits, or one
	 * taken back or hidden before it was approved), so the class is not sent it again.
	 */
	responsesChanged(
		session: SessionRecord,
		blockId: string,
		writers: string[],
		options?: { wall?: boolean }
	): void;
	/** The session and everything in it is gone (teacher, retention): as it was just before. */
	sessionDeleted(session: SessionRecord): void;
}

/** For a domain nobody listens to (a script, a test that only looks at the store). */
export const noEvents: DomainEvents = {
	sessionChanged() {},
	resultsChanged() {},
	responsesChanged() {},
	sessionDeleted() {}
};

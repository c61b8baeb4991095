// The answers, moves, word decisions and revision of the blocks whose results were read lately,
// kept by the SQLite store beside its tables. Every answer is followed by its block's results,
// and reading and parsing every answer of the block again was half of what an answer cost the
// store. The store is its file's only writer, and it changes an entry only once a write has
// committed (or drops it where a change is rare: moves, word decisions), so the cache stays true.

import type { BlockTallySource, MoveCount, WordDecision } from './store.ts';

interface CachedAnswer {
	pupilKey: string;
	updatedAt: number;
	value: unknown;
}

interface CachedTally {
	answers: Map<string, CachedAnswer>;
	moves: readonly MoveCount[];
	decisions: ReadonlyMap<string, WordDecision>;
	revision: number;
}

/** An answer as read back from JSON, frozen: every caller shares it. */
function deepFrozen<T>(value: T): T {
	if (value && typeof value === 'object') {
		for (const inner of Object.values(value)) deepFrozen(inner);
		Object.freeze(value);
	}
	return value;
}

export class TallyCache {
	/** Per session, per block. A session leaves with the store's session cache. */
	private readonly sessions = new Map<string, Map<string, CachedTally>>();
	/** Sessions kept at most: past it, the one cached first is forgotten. */
	private readonly keepSessions: number;

	constructor(keepSessions = Infinity) {
		this.keepSessions = keepSessions;
	}

	/** The block's tally, as `blockTally` reads it, or null when it is not cached. */
	get(sessionId: string, blockId: string): BlockTallySource | null {
		const cached = this.sessions.get(sessionId)?.get(blockId);
		if (!cached) return null;
		// In order of last change, as the table is read (ORDER BY updated_at, pupil_key).
		const answers = [...cached.answers.values()].sort(
			(a, b) =>
				a.updatedAt - b.updatedAt ||
				(a.pupilKey < b.pupilKey ? -1 : a.pupilKey > b.pupilKey ? 1 : 0)
		);
		return {
			answers: answers.map((answer) => answer.value),
			moves: cached.moves.map((move) => ({ ...move })),
			decisions: new Map(cached.decisions),
			revision: cached.revision
		};
	}

	/** What `blockTally` read from the tables, with each answer's key and time. */
	put(
		sessionId: string,
		blockId: string,
		read: Omit<BlockTallySource, 'answers'> & { answers: CachedAnswer[] }
	) {
		let blocks = this.sessions.get(sessionId);
		if (!blocks) {
			if (this.sessions.size >= this.keepSessions)
				this.sessions.delete(this.sessions.keys().next().value!);
			blocks = new Map<string, CachedTally>();
			this.sessions.set(sessionId, blocks);
		}
		blocks.set(blockId, {
			answers: new Map(
				read.answers.map((answer) => [
					answer.pupilKey,
					{ ...answer, value: deepFrozen(answer.value) }
				])
			),
			moves: read.moves.map((move) => ({ ...move })),
			decisions: new Map(read.decisions),
			revision: read.revision
		});
	}

	/** Committed: the pupil's answer to the block is now `json`. */
	answered(sessionId: string, blockId: string, pupilKey: string, json: string, at: number) {
		const cached = this.sessions.get(sessionId)?.get(blockId);
		if (!cached) return;
		cached.answers.delete(pupilKey);
		cached.answers.set(pupilKey, { pupilKey, updatedAt: at, value: deepFrozen(JSON.parse(json)) });
	}

	/** Committed: the block's revision went up by one. */
	revised(sessionId: string, blockId: string) {
		const cached = this.sessions.get(sessionId)?.get(blockId);
		if (cached) cached.revision += 1;
	}

	/** The block changed in a way the cache does not follow: read it from the tables next time. */
	forgetBlock(sessionId: string, blockId: string) {
		this.sessions.get(sessionId)?.delete(blockId);
	}

	forgetSession(sessionId: string) {
		this.sessions.delete(sessionId);
	}
}

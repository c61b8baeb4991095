// Sends results and presence to a session's host and board. An answer marks its block dirty,
// an arrival or departure the presence. A quiet session's changes go out at once (after those
// that arrived in the same turn of the event loop), a busy one's at most every
// `resultsIntervalMs` (presence every `presenceIntervalMs`): a burst of 30 answers or 30 arrivals
// costs a few messages, each encoded once for the whole room, and a lone answer shows at once
// (see coalescer.ts).
// Each process coalesces what happened on it; results carry their revision, so screens keep the
// newest whichever process sent it, and presence is counted over every process's sockets: each
// process names its own pupils' pseudonyms when asked (a small message), instead of every socket's
// details travelling (fetchSockets), which in the benchmark made joins wait seconds.

import type { Presence } from '../../protocol.ts';
import { logFailure } from '../guard.ts';
import { presenceIntervalMs, resultsIntervalMs } from '../limits.ts';
import type { Sessions } from '../sessions.ts';
import { Coalescer } from './coalescer.ts';
import { rooms } from './rooms.ts';
import type { PresenceTracker, RealtimeServer } from './types.ts';

/** After a count that some process did not answer, ask again this much later. */
const retryPresenceMs = 2_000;

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
			void this.sendPresence(id).catch((error) => logFailure('presence update failed', error)),
		presenceIntervalMs
	);

	/** Whether other processes may hold screens of a session (region mode): then ask them. */
	private readonly sharedWithOthers: (sessionId: string) => boolean;

	constructor(
		io: RealtimeServer,
		sessions: Sessions,
		{ sharedWithOthers = (_sessionId: string): boolean => false } = {}
	) {
		this.io = io;
		this.sessions = sessions;
		this.sharedWithOthers = sharedWithOthers;
		io.on('presence:local', (sessionId, reply) => reply(this.localPresence(sessionId)));
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
		await Promise.all(
			[...blocks].map(async (blockId) => {
				const results = await this.sessions.latestResults(sessionId, blockId);
				if (!results) return;
				this.io.to(rooms.board(sessionId)).emit('results:update', results.board);
				this.io.to(rooms.host(sessionId)).emit('results:update', results.host);
			})
		);
	}

	changed(sessionId: string) {
		this.presenceUpdates.mark(sessionId);
	}

	/**
	 * Pupils by pseudonym over every process's sockets (a second tab is still one pupil), and the
	 * boards attached.
	 */
	async count(sessionId: string): Promise<Presence> {
		const local = this.localPresence(sessionId);
		const pupils = new Set(local.pupilKeys);
		let boards = local.boards;
		if (this.sharedWithOthers(sessionId))
			for (const other of await this.othersPresence(sessionId)) {
				for (const key of other.pupilKeys) pupils.add(key);
				boards += other.boards;
			}
		return { pupils: pupils.size, boards };
	}

	/**
	 * The other processes' pupils of the session. While a process that just died still counts as
	 * one (the adapter notices within seconds), the question times out with the answers of those
	 * alive: they count, and the count is asked again a moment later.
	 */
	private othersPresence(sessionId: string): Promise<{ pupilKeys: string[]; boards: number }[]> {
		return new Promise((resolve) => {
			this.io.serverSideEmit(
				'presence:local',
				sessionId,
				(error: Error | null, answers: { pupilKeys: string[]; boards: number }[]) => {
					if (error)
						setTimeout(() => this.presenceUpdates.mark(sessionId), retryPresenceMs).unref();
					resolve(answers ?? []);
				}
			);
		});
	}

	/** The pseudonyms of the session's pupils connected to this process, and its boards here. */
	private localPresence(sessionId: string): { pupilKeys: string[]; boards: number } {
		const namespace = this.io.of('/');
		const keys = new Set<string>();
		for (const id of namespace.adapter.rooms.get(rooms.pupils(sessionId)) ?? []) {
			const key = namespace.sockets.get(id)?.data.pupilKey;
			if (key) keys.add(key);
		}
		return {
			pupilKeys: [...keys],
			boards: namespace.adapter.rooms.get(rooms.board(sessionId))?.size ?? 0
		};
	}

	private async sendPresence(sessionId: string) {
		this.io.to(rooms.control(sessionId)).emit('presence:update', await this.count(sessionId));
	}

	close() {
		this.results.close();
		this.presenceUpdates.close();
	}
}

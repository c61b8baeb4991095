// Which nodes of a region hold sockets of which session, so that a broadcast to a session whose
// sockets are all on this node stays on this node. The balancer keeps a session's sockets on one
// node (deploy/haproxy.cfg), so almost every broadcast can; before this, every broadcast went
// through PostgreSQL's NOTIFY to every node (docs/performance.md, "Region mode").
//
// Each node announces the sessions it holds sockets of, when the first arrives and (after a
// quiet while) when the last has gone. What a node knows of the others can only lag: a node may
// broadcast locally just before it hears that another node now holds a socket of the session.
// So whenever it hears of a node it did not know held the session, it re-sends that session's
// screens from the store to every node (`onShared`): a screen on the new node misses nothing for
// longer than one announcement takes. Until it has heard what the others hold (at start, after
// losing its LISTEN connection), and for any session it holds no socket of, it sends everything
// through the adapter, as before.

/** A node's announcement, in the order that node made them. */
export interface PlacementNews {
	/** The announcing node's number for this news: later news of a session replaces earlier. */
	seq: number;
	/** Sessions it now holds sockets of. */
	joined: string[];
	/** Sessions it no longer holds sockets of. */
	left: string[];
	/** A full list: every session not in `joined` is one it does not hold. */
	complete?: boolean;
}

export class SessionPlacement {
	/** Per session, how many (socket, room) memberships this node holds. */
	private readonly local = new Map<string, number>();
	/** Per session, the other nodes holding sockets of it, with the seq of that news. */
	private readonly remote = new Map<string, Map<string, number>>();
	/** Per node, the highest seq heard per session (also for 'left'), so late news loses. */
	private readonly heard = new Map<string, Map<string, number>>();
	/** Sessions this node no longer holds, to be announced once they stay empty. */
	private readonly emptySince = new Map<string, number>();
	private seq = 0;
	private knowsOthers = false;
	private readonly onShared: (sessionId: string) => void;

	/**
	 * @param onShared called when another node turns out to hold a session this node holds
	 *   sockets of too: this node may have sent that session's screens something locally that
	 *   the other node's screens missed.
	 */
	constructor(onShared: (sessionId: string) => void = () => {}) {
		this.onShared = onShared;
	}

	/** Whether a broadcast to these sessions may skip the other nodes. */
	localOnly(sessionIds: Iterable<string>): boolean {
		if (!this.knowsOthers) return false;
		let any = false;
		for (const sessionId of sessionIds) {
			any = true;
			if (!this.local.has(sessionId) || this.remote.has(sessionId)) return false;
		}
		return any;
	}

	/** Whether another node holds sockets of the session, or this node cannot tell yet. */
	sharedWithOthers(sessionId: string): boolean {
		return !this.knowsOthers || this.remote.has(sessionId);
	}

	/** A socket joined a room of the session; returns the news to announce, if any. */
	joined(sessionId: string): PlacementNews | null {
		const count = this.local.get(sessionId) ?? 0;
		this.local.set(sessionId, count + 1);
		if (count > 0) return null;
		// Empty only for a moment (a reconnect): the others were never told it left.
		if (this.emptySince.delete(sessionId)) return null;
		return { seq: (this.seq += 1), joined: [sessionId], left: [] };
	}

	/** A socket left a room of the session. Its last socket is announced later (`departures`). */
	left(sessionId: string, now: number) {
		const count = (this.local.get(sessionId) ?? 0) - 1;
		if (count > 0) return void this.local.set(sessionId, count);
		this.local.delete(sessionId);
		this.emptySince.set(sessionId, now);
	}

	/** Sessions empty here since before `before`, as news to announce. */
	departures(before: number): PlacementNews | null {
		const left: string[] = [];
		for (const [sessionId, since] of this.emptySince)
			if (since < before) {
				left.push(sessionId);
				this.emptySince.delete(sessionId);
			}
		return left.length ? { seq: (this.seq += 1), joined: [], left } : null;
	}

	/** Everything this node holds, for a node that asks. */
	snapshot(): PlacementNews {
		return {
			seq: (this.seq += 1),
			joined: [...this.local.keys(), ...this.emptySince.keys()],
			left: [],
			complete: true
		};
	}

	/** News from another node. */
	hear(node: string, news: PlacementNews) {
		const heard = this.heard.get(node) ?? new Map<string, number>();
		this.heard.set(node, heard);
		const fresh = (sessionId: string) => (heard.get(sessionId) ?? -1) < news.seq;
		for (const sessionId of news.left)
			if (fresh(sessionId)) {
				heard.set(sessionId, news.seq);
				this.forget(node, sessionId);
			}
		for (const sessionId of news.joined)
			if (fresh(sessionId)) {
				heard.set(sessionId, news.seq);
				const nodes = this.remote.get(sessionId) ?? new Map<string, number>();
				const isNew = !nodes.has(node);
				nodes.set(node, news.seq);
				this.remote.set(sessionId, nodes);
				if (isNew && this.local.has(sessionId)) this.onShared(sessionId);
			}
		if (news.complete) {
			const holds = new Set(news.joined);
			for (const [sessionId, seq] of heard)
				if (seq < news.seq && !holds.has(sessionId)) {
					heard.set(sessionId, news.seq);
					this.forget(node, sessionId);
				}
		}
	}

	/** A node that stopped (or went silent for longer than the adapter waits) holds nothing. */
	nodeGone(node: string) {
		for (const sessionId of this.heard.get(node)?.keys() ?? []) this.forget(node, sessionId);
		this.heard.delete(node);
	}

	/**
	 * From now until `knowsOthers` is called again, everything goes to every node: this node has
	 * not heard (or may have missed) what the others hold.
	 */
	unsure() {
		this.knowsOthers = false;
	}

	/** Heard the others' lists (or waited long enough for them): local broadcasts may start. */
	sure() {
		this.knowsOthers = true;
	}

	private forget(node: string, sessionId: string) {
		const nodes = this.remote.get(sessionId);
		if (!nodes) return;
		nodes.delete(node);
		if (nodes.size === 0) this.remote.delete(sessionId);
	}
}

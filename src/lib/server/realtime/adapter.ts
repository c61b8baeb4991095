// Region mode's socket.io adapter: a broadcast on one node reaches the sockets of every node,
// through the PostgreSQL the nodes already share (LISTEN/NOTIFY; packets over NOTIFY's 8000
// bytes go through a table), so region mode needs no second service. Chosen by measurement:
// docs/performance.md, "Region mode: the adapter". This module owns the adapter's own pool and
// keeps it alive through a restart of PostgreSQL or a killed connection. A broadcast to a session
// whose sockets are all on this node stays on this node (placement.ts).

import { PostgresAdapter, type createAdapter } from '@socket.io/postgres-adapter';
// The package's own `createAdapter` makes a PostgresAdapter; ours makes the subclass below over
// the same client, which the package does not export by name.
import { PubSubClient } from '@socket.io/postgres-adapter/dist/util.js';
import pg from 'pg';
import type { BroadcastOptions, ClusterMessage } from 'socket.io-adapter';
import { rooms } from './rooms.ts';
import { SessionPlacement, type PlacementNews } from './placement.ts';

/** What `io.adapter(...)` takes. */
export type AdapterConstructor = ReturnType<typeof createAdapter>;

export interface RegionAdapter {
	adapter: AdapterConstructor;
	/**
	 * Calls `listener` whenever this node listens again after losing its LISTEN connection:
	 * broadcasts from other nodes in between never reached it, so its screens should re-sync.
	 * Returns a function that stops the calls.
	 */
	onRelisten(listener: () => void): () => void;
	/**
	 * Calls `listener` with a session whose sockets this node holds, when another node turns out
	 * to hold some too: what this node sent only to its own sockets before it knew, the other
	 * node's screens missed, so the session's screens should be sent again.
	 */
	onShared(listener: (sessionId: string) => void): () => void;
	/** Whether another node may hold sockets of the session (presence must ask them). */
	sharedWithOthers(sessionId: string): boolean;
	/** Ends the adapter's connections; call after `io.close()`. */
	close(): Promise<void>;
}

export interface RegionAdapterOptions {
	/** Shown in pg_stat_activity, so an operator can tell the adapter's connections apart. */
	applicationName?: string;
	/** Lets tests run clusters side by side on one database without hearing each other. */
	channelPrefix?: string;
	tableName?: string;
	log?: (message: string) => void;
	/**
	 * How long a session stays announced after its last socket here left (a reconnect comes
	 * back within it), and how long a node listens for the others' lists before it trusts them.
	 * Tests shorten them.
	 */
	departureMs?: number;
	listMs?: number;
}

export class RegionAdapterError extends Error {}

/** The adapter's table: packets too large for one NOTIFY, kept 30 seconds. */
export const attachmentTable = 'realtime_attachments';

/** At most one LISTEN connection and a few for NOTIFY; the store has a pool of its own. */
const poolSize = 4;
/**
 * How long a NOTIFY connection stays open unused. node-postgres closes one after 10 s by default,
 * and the heartbeats and announcements of a quiet node come less often than that for all of
 * them, so a region benchmark saw five or six new connections a minute per node (each a new
 * backend, some 2 ms of PostgreSQL's CPU): kept, as the store keeps its own (docs/deployment.md
 * counts them in `max_connections`).
 */
const idleConnectionMs = 10 * 60_000;

/**
 * Nodes starting together would race on CREATE TABLE IF NOT EXISTS (PostgreSQL then fails one
 * with a duplicate key in pg_type), so they take turns under a transaction-scoped lock.
 */
async function createTable(pool: pg.Pool, tableName: string) {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tableName]);
		await client.query(`CREATE TABLE IF NOT EXISTS ${tableName} (
			id bigserial UNIQUE,
			created_at timestamptz NOT NULL DEFAULT now(),
			payload bytea NOT NULL
		)`);
		await client.query('COMMIT');
		client.release();
	} catch (error) {
		client.release(error as Error);
		throw error;
	}
}

/**
 * The adapter for region mode (`DATABASE_URL` set), or null for a single process, where
 * socket.io's in-memory adapter is right. Rejects with a clear message when PostgreSQL
 * cannot be reached at start-up.
 */
export async function regionAdapter(
	config: { databaseUrl: string },
	options: RegionAdapterOptions = {}
): Promise<RegionAdapter | null> {
	if (!config.databaseUrl) return null;
	const log =
		options.log ?? ((message: string) => console.error(`[klasgesprek] region adapter: ${message}`));
	const tableName = options.tableName ?? attachmentTable;
	const pool = new pg.Pool({
		connectionString: config.databaseUrl,
		application_name: options.applicationName ?? 'klasgesprek-realtime',
		max: poolSize,
		idleTimeoutMillis: idleConnectionMs,
		connectionTimeoutMillis: 10_000,
		// Notice a connection that died without a word (a dropped network) within a minute.
		keepAlive: true,
		keepAliveInitialDelayMillis: 10_000
	});
	// pg emits 'error' on a connection PostgreSQL ends (a restart, pg_terminate_backend). The pool
	// listens only while a connection is idle; the adapter's LISTEN connection is never idle, and
	// an 'error' without a listener would end the process.
	pool.on('error', (error) => log(`idle connection lost: ${error.message}`));
	pool.on('connect', (client) => {
		client.on('error', (error) => log(`connection lost: ${error.message}`));
	});

	try {
		await createTable(pool, tableName);
	} catch (error) {
		await pool.end().catch(() => {});
		throw new RegionAdapterError(
			`region mode: cannot reach PostgreSQL for the socket.io adapter (${(error as Error).message})`
		);
	}

	const relistenListeners = new Set<() => void>();
	const sharedListeners = new Set<(sessionId: string) => void>();
	const placement = new SessionPlacement((sessionId) => {
		for (const listener of sharedListeners) listener(sessionId);
	});
	let acquisitions = 0;
	let closing = false;
	// Made on first use (below): the adapter of the one namespace, which asks the others what
	// they hold each time this node listens.
	let placed: PlacedAdapter | undefined;
	// The adapter takes its LISTEN connection with `connect()` and sends with `query()`; it
	// reconnects by itself when that connection ends. Around `connect()` we give the dead
	// connection back to the pool (the adapter never does, so each reconnect would use up a
	// slot, and `pool.end()` would wait for it for ever) and tell who asked when the node
	// listens (again).
	const listenPool = {
		connect: async () => {
			const client = await pool.connect();
			const again = acquisitions > 0;
			acquisitions += 1;
			// Until it listens, this node hears no news: everything goes to every node.
			placement.unsure();
			client.once('end', () => {
				if (closing) return;
				log('LISTEN connection ended; listening again shortly');
				placement.unsure();
				try {
					client.release(new Error('LISTEN connection ended'));
				} catch {
					// Released already: nothing holds the slot.
				}
			});
			// Queued behind the adapter's LISTEN on the same connection, so it answers once the
			// node listens.
			setImmediate(() => {
				client.query('SELECT 1').then(
					() => {
						placed?.listening();
						if (!again) return;
						log('listening again');
						for (const listener of relistenListeners) listener();
					},
					() => {}
				);
			});
			return client;
		},
		query: (text: string, values?: unknown[]) => pool.query(text, values)
	};

	// Made on first use: the adapter's client connects and starts its timers as soon as it
	// exists, and only `io.close()` stops them, so one never attached must never exist.
	let client: PubSubClient | undefined;
	const adapterOptions = {
		channelPrefix: options.channelPrefix ?? 'klasgesprek',
		tableName,
		payloadThreshold: 8_000,
		cleanupInterval: 30_000,
		errorHandler: (error: Error) => log(error.message)
	};
	// A function, not an arrow: socket.io calls it with `new`.
	const adapter = function (namespace: ConstructorParameters<typeof PostgresAdapter>[0]) {
		client ??= new PubSubClient(
			listenPool as unknown as pg.Pool,
			adapterOptions,
			(message) => placed?.isSelf(message) ?? false,
			(message) => placed?.onMessage(message)
		);
		client.addNamespace(namespace.name);
		// The adapter's own options are its heartbeat's, left at their defaults.
		const made = new PlacedAdapter(namespace, {}, client, placement, {
			departureMs: options.departureMs ?? 30_000,
			listMs: options.listMs ?? 2_000
		});
		// Only the main namespace is used; another would have its own placement.
		if (namespace.name === '/') placed = made;
		const closeOne = made.close.bind(made);
		made.close = () => {
			closeOne();
			if (made === placed) placed = undefined;
			if (!placed) client?.close();
		};
		return made;
	} as unknown as AdapterConstructor;

	return {
		adapter,
		onRelisten(listener) {
			relistenListeners.add(listener);
			return () => relistenListeners.delete(listener);
		},
		onShared(listener) {
			sharedListeners.add(listener);
			return () => sharedListeners.delete(listener);
		},
		sharedWithOthers: (sessionId) => placement.sharedWithOthers(sessionId),
		async close() {
			closing = true;
			relistenListeners.clear();
			sharedListeners.clear();
			await pool.end().catch(() => {});
		}
	};
}

/**
 * Our messages between nodes, beside socket.io's own (1 to 13): a node's news of the sessions it
 * holds, a node asking every other for its list, and an answer.
 */
const placementMessage = { news: 101, ask: 102 } as const;

type PlacementMessage =
	| { type: typeof placementMessage.news; data: PlacementNews }
	| { type: typeof placementMessage.ask };

/** One of ours, or null for socket.io's own. */
function placementMessageOf(message: ClusterMessage): PlacementMessage | null {
	const type = message.type as number;
	return type === placementMessage.news || type === placementMessage.ask
		? (message as unknown as PlacementMessage)
		: null;
}

/** socket.io's messages that say a node has gone. */
const adapterClose = 13;

/**
 * The PostgreSQL adapter, sending a broadcast through PostgreSQL only when another node may hold
 * sockets of the session it is for.
 */
class PlacedAdapter extends PostgresAdapter {
	private readonly placement: SessionPlacement;
	private readonly departureMs: number;
	private readonly listMs: number;
	/** When each other node was last heard from; one silent for the adapter's timeout is gone. */
	private readonly lastHeard = new Map<string, number>();
	private readonly timer: ReturnType<typeof setInterval>;
	private sureTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		namespace: ConstructorParameters<typeof PostgresAdapter>[0],
		options: ConstructorParameters<typeof PostgresAdapter>[1],
		client: PubSubClient,
		placement: SessionPlacement,
		{ departureMs, listMs }: { departureMs: number; listMs: number }
	) {
		super(namespace, options, client);
		this.placement = placement;
		this.departureMs = departureMs;
		this.listMs = listMs;
		// A room is created with its first socket here and deleted with its last.
		this.on('create-room', (room: string) => {
			const sessionId = rooms.sessionOf(room);
			const news = sessionId && this.placement.joined(sessionId);
			if (news) this.announce(news);
		});
		this.on('delete-room', (room: string) => {
			const sessionId = rooms.sessionOf(room);
			if (sessionId) this.placement.left(sessionId, Date.now());
		});
		this.timer = setInterval(() => this.tick(), Math.min(1_000, departureMs));
		this.timer.unref();
	}

	/** The client's test for an echo of this node's own message. */
	isSelf(message: { uid?: string }) {
		return message.uid === this.uid;
	}

	/** This node listens (again): ask the others what they hold, and trust it a moment later. */
	listening() {
		this.placement.unsure();
		this.publishPlacement({ type: placementMessage.ask });
		this.publishPlacement({ type: placementMessage.news, data: this.placement.snapshot() });
		clearTimeout(this.sureTimer);
		this.sureTimer = setTimeout(() => this.placement.sure(), this.listMs);
		this.sureTimer.unref();
	}

	override onMessage(message: ClusterMessage, offset?: string) {
		if (message.uid && message.uid !== this.uid) this.lastHeard.set(message.uid, Date.now());
		if (message.nsp === this.nsp.name && message.uid !== this.uid) {
			if ((message.type as number) === adapterClose) this.placement.nodeGone(message.uid);
			const ours = placementMessageOf(message);
			if (ours) {
				if (ours.type === placementMessage.news) this.placement.hear(message.uid, ours.data);
				else
					this.publishPlacement({ type: placementMessage.news, data: this.placement.snapshot() });
				return;
			}
		}
		super.onMessage(message, offset);
	}

	override broadcast(packet: unknown, options: BroadcastOptions) {
		if (!options.flags?.local && this.staysHere(options))
			return super.broadcast(packet, { ...options, flags: { ...options.flags, local: true } });
		return super.broadcast(packet, options);
	}

	override close() {
		clearInterval(this.timer);
		clearTimeout(this.sureTimer);
		return super.close();
	}

	/** Whether every room addressed belongs to a session held by this node alone. */
	private staysHere(options: BroadcastOptions) {
		if (options.rooms.size === 0) return false;
		const sessions = new Set<string>();
		for (const room of options.rooms) {
			const sessionId = rooms.sessionOf(room);
			if (!sessionId) return false;
			sessions.add(sessionId);
		}
		return this.placement.localOnly(sessions);
	}

	private announce(news: PlacementNews) {
		this.publishPlacement({ type: placementMessage.news, data: news });
	}

	private tick() {
		const now = Date.now();
		const news = this.placement.departures(now - this.departureMs);
		if (news) this.announce(news);
		// The adapter forgets a node silent for 10 s (its heartbeat timeout); so do we.
		for (const [node, at] of this.lastHeard)
			if (now - at > 10_000) {
				this.lastHeard.delete(node);
				this.placement.nodeGone(node);
			}
	}

	private publishPlacement(message: PlacementMessage) {
		// socket.io's message type lists only its own kinds; the client sends any JSON.
		this.publish(message as unknown as Parameters<PostgresAdapter['publish']>[0]);
	}
}

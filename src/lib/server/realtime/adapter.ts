// Region mode's socket.io adapter: a broadcast on one node reaches the sockets of every node,
// through the PostgreSQL the nodes already share (LISTEN/NOTIFY; packets over NOTIFY's 8000
// bytes go through a table), so region mode needs no second service. Chosen by measurement:
// docs/performance.md, "Region mode: the adapter". This module owns the adapter's own pool and
// keeps it alive through a restart of PostgreSQL or a killed connection.

import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';

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
}

export class RegionAdapterError extends Error {}

/** The adapter's table: packets too large for one NOTIFY, kept 30 seconds. */
export const attachmentTable = 'realtime_attachments';

/** At most one LISTEN connection and a few for NOTIFY; the store has a pool of its own. */
const poolSize = 4;

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
	let acquisitions = 0;
	let closing = false;
	// The adapter takes its LISTEN connection with `connect()` and sends with `query()`; it
	// reconnects by itself when that connection ends. Around `connect()` we give the dead
	// connection back to the pool (the adapter never does, so each reconnect would use up a
	// slot, and `pool.end()` would wait for it for ever) and tell who asked when the node
	// listens again.
	const listenPool = {
		connect: async () => {
			const client = await pool.connect();
			const again = acquisitions > 0;
			acquisitions += 1;
			client.once('end', () => {
				if (closing) return;
				log('LISTEN connection ended; listening again shortly');
				try {
					client.release(new Error('LISTEN connection ended'));
				} catch {
					// Released already: nothing holds the slot.
				}
			});
			if (again)
				// Queued behind the adapter's LISTEN on the same connection, so it answers once
				// the node listens again.
				setImmediate(() => {
					client.query('SELECT 1').then(
						() => {
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
	let made: AdapterConstructor | undefined;
	// A function, not an arrow: socket.io calls it with `new`.
	const adapter = function (namespace: Parameters<AdapterConstructor>[0]) {
		made ??= createAdapter(listenPool as unknown as pg.Pool, {
			tableName,
			channelPrefix: options.channelPrefix ?? 'klasgesprek',
			errorHandler: (error: Error) => log(error.message)
		});
		return made(namespace);
	} as AdapterConstructor;

	return {
		adapter,
		onRelisten(listener) {
			relistenListeners.add(listener);
			return () => relistenListeners.delete(listener);
		},
		async close() {
			closing = true;
			relistenListeners.clear();
			await pool.end().catch(() => {});
		}
	};
}

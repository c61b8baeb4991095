// Attaches socket.io to the HTTP server that also serves the pages, so one port and one
// process carry both. The transport stays thin: handlers parse, check the role, await the
// domain and answer; the domain's events go out through one outbound module (outbound.ts).

import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { clientAddress } from '../client-address.ts';
import type { ProxyAddressing } from '../config.ts';
import type { DomainEvents } from '../events.ts';
import {
	connectionsPerAddress,
	eventBurst,
	eventsPerSecond,
	maxMessageBytes,
	pingIntervalMs,
	pingTimeoutMs
} from '../limits.ts';
import type { Moderation } from '../moderation/moderation.ts';
import type { Sessions } from '../sessions.ts';
import { guarded, logFailure } from '../guard.ts';
import { Commands } from './commands.ts';
import { registerConversationCommands } from './conversation.ts';
import { registerHostCommands } from './host.ts';
import { Outbound } from './outbound.ts';
import { createJoinLimiter, registerPupilCommands } from './pupil.ts';
import { TokenBucket } from './rate.ts';
import { Render } from './render.ts';
import { departed } from './roles.ts';
import { rooms } from './rooms.ts';
import type { RealtimeServer } from './types.ts';

export type { RealtimeServer, RealtimeSocket } from './types.ts';

export interface Realtime {
	io: RealtimeServer;
	/**
	 * Sends every screen on this process what it shows, from the store; returns how many sessions.
	 * For region mode, after the adapter listened again: what other processes broadcast in
	 * between never arrived here.
	 */
	resyncLocal(): Promise<number>;
	/**
	 * Sends every screen of the session what it shows, from the store, on every process. For
	 * region mode, when another process turned out to hold screens of a session this one had been
	 * sending to its own screens only.
	 */
	resyncSession(sessionId: string): Promise<void>;
	close(): Promise<void>;
}

/** How socket.io carries messages; the benchmark's baseline uses the very same. */
export const transportOptions = {
	path: '/socket.io',
	serveClient: false,
	maxHttpBufferSize: maxMessageBytes,
	// Compression costs more CPU and memory per socket than it saves on small messages.
	perMessageDeflate: false,
	pingTimeout: pingTimeoutMs,
	pingInterval: pingIntervalMs
} as const;

/** A connection sending this many messages per second past its burst is cut off. */
const floodFactor = 4;

export interface RealtimeOptions {
	sessions: Sessions;
	moderation: Moderation;
	/**
	 * Where the outbound module hears the domain events of `sessions` and `moderation` (the app's
	 * `subscribe`); returns the way to stop hearing them.
	 */
	subscribe(listener: DomainEvents): () => void;
	/**
	 * How broadcasts reach the other processes (region mode); without it, socket.io's in-memory
	 * adapter: this process only.
	 */
	adapter?: ServerOptions['adapter'];
	/**
	 * With an adapter: whether other processes may hold screens of the session (then presence
	 * asks them). Without it, every process is asked.
	 */
	sharedWithOthers?: (sessionId: string) => boolean;
	/** Where a client's address comes from; without it, the connection's peer address. */
	config?: { proxy: ProxyAddressing };
	/** Open connections allowed per address (tests lower it). */
	connectionsPerAddress?: number;
}

const noProxy: ProxyAddressing = { addressHeader: '', xffDepth: 1 };

export function attachRealtime(
	httpServer: HttpServer,
	{
		sessions,
		moderation,
		subscribe,
		config,
		adapter,
		sharedWithOthers,
		...options
	}: RealtimeOptions
): Realtime {
	const io: RealtimeServer = new Server(httpServer, {
		...transportOptions,
		...(adapter && { adapter })
	});
	const proxy = config?.proxy ?? noProxy;
	const connectionLimit = options.connectionsPerAddress ?? connectionsPerAddress;
	/** Open connections per client address, in memory only. */
	const openConnections = new Map<string, number>();
	/** Each engine connection's client address, or null when the proxy header was missing. */
	const addresses = new WeakMap<object, string | null>();
	// The handshake request holds headers and the address: take the client's address from it,
	// then drop it, since after connecting we need neither.
	io.engine.on(
		'connection',
		(rawSocket: { request: IncomingMessage | null; remoteAddress: string }) => {
			const headers = rawSocket.request?.headers ?? {};
			addresses.set(rawSocket, clientAddress(headers, rawSocket.remoteAddress, proxy));
			rawSocket.request = null;
		}
	);
	// Before a connection counts: who it is from, and whether that address has room for one more.
	io.use((socket, next) => {
		const address = addresses.get(socket.conn);
		if (!address) return next(new Error('address-unknown'));
		if ((openConnections.get(address) ?? 0) >= connectionLimit)
			return next(new Error('too-many-connections'));
		next();
	});

	// Everything that goes out, whichever process's change it was, goes out through one module.
	// One renderer for the process: a version rendered for a room's broadcast serves its snapshots.
	const render = new Render(sessions);
	const outbound = new Outbound(io, sessions, moderation, render, {
		sharedWithOthers: adapter ? (sharedWithOthers ?? (() => true)) : () => false
	});
	const stopListening = subscribe(outbound);
	const presence = outbound.presence;
	const commands = new Commands();
	const context = { sessions, moderation, render, presence };
	registerHostCommands(commands, context);
	registerConversationCommands(commands, context);
	registerPupilCommands(commands, context, createJoinLimiter());

	io.on('connection', (socket) => {
		socket.data = {};
		// socket.io keeps the handshake's headers and address for the connection's life, and a
		// fetchSockets (the deletion of a session, in region mode) sends them to the other
		// processes: neither is needed after the middleware above, so neither is kept.
		socket.handshake.headers = {};
		socket.handshake.address = '';
		const bucket = new TokenBucket(eventsPerSecond, eventBurst);
		const flood = new TokenBucket(eventsPerSecond * floodFactor, eventBurst * floodFactor);
		// Every message the connection sends counts against the flood limit: events known or
		// not, and acknowledgement packets too, which socket.io's middleware (`socket.use`) never sees.
		socket.conn.on('packet', (packet: { type: string }) => {
			if (packet.type === 'message' && !flood.take()) socket.disconnect(true);
		});
		const address = addresses.get(socket.conn)!;
		openConnections.set(address, (openConnections.get(address) ?? 0) + 1);
		socket.once(
			'disconnect',
			guarded('departure', () => {
				const left = (openConnections.get(address) ?? 1) - 1;
				if (left > 0) openConnections.set(address, left);
				else openConnections.delete(address);
				departed(socket, presence);
			})
		);
		commands.listen({ socket, bucket, address });
	});

	return {
		io,
		async resyncLocal() {
			const sessionIds = new Set<string>();
			for (const room of io.of('/').adapter.rooms.keys()) {
				const sessionId = rooms.sessionOf(room);
				if (sessionId) sessionIds.add(sessionId);
			}
			for (const sessionId of sessionIds)
				await outbound.resync(sessionId).catch((error) => logFailure('resync failed', error));
			return sessionIds.size;
		},
		resyncSession: (sessionId) => outbound.resync(sessionId),
		close: () =>
			new Promise<void>((resolve) => {
				stopListening();
				outbound.close();
				io.close(() => resolve());
			})
	};
}

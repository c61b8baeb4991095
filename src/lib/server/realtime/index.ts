// Attaches socket.io to the HTTP server that also serves the pages, so one port and one
// process carry both. The transport stays thin: parse, check the role, call the domain, emit.

import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '../../protocol.ts';
import {
	eventBurst,
	eventsPerSecond,
	maxMessageBytes,
	pingIntervalMs,
	pingTimeoutMs
} from '../limits.ts';
import type { Moderation } from '../moderation/moderation.ts';
import type { Sessions } from '../sessions.ts';
import { Broadcaster } from './broadcaster.ts';
import { rooms } from './rooms.ts';
import { registerConversationHandlers } from './conversation.ts';
import { announce, registerHostHandlers } from './host.ts';
import { createJoinLimiter, registerPupilHandlers } from './pupil.ts';
import { TokenBucket } from './rate.ts';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type RealtimeSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

export interface Realtime {
	io: RealtimeServer;
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

export function attachRealtime(
	httpServer: HttpServer,
	{ sessions, moderation }: { sessions: Sessions; moderation: Moderation }
): Realtime {
	const io: RealtimeServer = new Server(httpServer, transportOptions);
	// The handshake request holds headers and the address; after connecting we need neither.
	io.engine.on('connection', (rawSocket: { request: unknown }) => {
		rawSocket.request = null;
	});

	const broadcaster = new Broadcaster(io, sessions);
	// A teacher who deletes a session ends it on every screen still showing it, and nothing of
	// it reaches them afterwards.
	sessions.onDeleted((session) => {
		announce(io, sessions, { ...session, status: 'ended', openBlockId: null, timer: null });
		const ofSession = [...io.of('/').adapter.rooms.keys()].filter((room) =>
			rooms.belongsTo(room, session.id)
		);
		for (const room of ofSession) io.in(room).socketsLeave(room);
	});
	const joinAttempts = createJoinLimiter();

	io.on('connection', (socket) => {
		socket.data = {};
		const bucket = new TokenBucket(eventsPerSecond, eventBurst);
		const flood = new TokenBucket(eventsPerSecond * floodFactor, eventBurst * floodFactor);
		// Every message the connection sends counts against the flood limit: events known or
		// not, and acknowledgement packets too, which socket.io's middleware (`socket.use`) never sees.
		socket.conn.on('packet', (packet: { type: string }) => {
			if (packet.type === 'message' && !flood.take()) socket.disconnect(true);
		});
		const address = socket.handshake.address;
		registerHostHandlers({ io, socket, sessions, moderation, broadcaster, bucket });
		registerConversationHandlers({ io, socket, sessions, moderation, bucket });
		registerPupilHandlers({
			io,
			socket,
			sessions,
			moderation,
			broadcaster,
			bucket,
			joinAttempts,
			address
		});
	});

	return {
		io,
		close: () =>
			new Promise<void>((resolve) => {
				broadcaster.close();
				io.close(() => resolve());
			})
	};
}

// Attaches socket.io to the HTTP server that also serves the pages, so one port and one
// process carry both. The transport stays thin: the domain lives in src/lib/server.

import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData
} from '../../protocol.ts';
import { maxMessageBytes, pingIntervalMs, pingTimeoutMs } from '../limits.ts';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

export function attachRealtime(httpServer: HttpServer): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: maxMessageBytes,
		// Compression costs more CPU and memory per socket than it saves on small messages.
		perMessageDeflate: false,
		pingTimeout: pingTimeoutMs,
		pingInterval: pingIntervalMs
	});
	// The handshake request holds headers and the address; we need neither after connecting.
	io.engine.on('connection', (rawSocket: { request: unknown }) => {
		rawSocket.request = null;
	});
	return io;
}

// The typed socket.io server and socket of the contract, and what every group of handlers
// works with: the leaf of realtime/, imported by the others, importing none of them.

import type { Server, Socket } from 'socket.io';
import type {
	ClientToServerEvents,
	InterServerEvents,
	Presence,
	ServerToClientEvents,
	SocketData
} from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import type { Sessions } from '../sessions.ts';
import type { Render } from './render.ts';

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

/** What every group of commands works with: the process's domain, registered once per process. */
export interface CommandContext {
	sessions: Sessions;
	moderation: Moderation;
	/** Renders what the domain returns into what goes on the wire. */
	render: Render;
	presence: PresenceTracker;
}

/**
 * Who is present, counted over every process: handlers say when a pupil's socket came or went,
 * the outbound module counts and tells the host and board.
 */
export interface PresenceTracker {
	/** A pupil's or a board's socket joined or left the session's rooms: the count goes out soon. */
	changed(sessionId: string): void;
	/** Distinct pupils, and boards, connected to the session now, on any process. */
	count(sessionId: string): Promise<Presence>;
}

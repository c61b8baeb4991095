// The browser's socket.io connection, typed by the contract. Commands are acknowledged, and
// retried on the same socket until they are: the server counts a repeat once.

import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '$lib/protocol';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connect(): LiveSocket {
	return io({ path: '/socket.io', ackTimeout: 8000, retries: 5 });
}

/** Sends a command and resolves with its acknowledgement; a lost connection resolves as an error. */
export async function command<T>(
	socket: LiveSocket,
	event: keyof ClientToServerEvents,
	payload?: unknown
): Promise<Ack<T>> {
	try {
		const emit = socket.emitWithAck as unknown as (
			event: string,
			payload: unknown
		) => Promise<Ack<T>>;
		return await emit.call(socket, event, payload ?? {});
	} catch {
		return { error: 'internal-error' };
	}
}

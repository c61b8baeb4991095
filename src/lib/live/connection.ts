// The browser's socket.io connection, typed by the contract. Commands are acknowledged, and
// retried on the same socket until they are: the server counts a repeat once.

import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '$lib/protocol';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A connection the server refused (too many from this network) tries again after this long. */
const refusedRetryMs = 5_000;

export function connect(): LiveSocket {
	const socket: LiveSocket = io({ path: '/socket.io', ackTimeout: 8000, retries: 5 });
	// socket.io gives up on a connection the server refused; a phone keeps trying instead,
	// until the page itself disconnects.
	let retry: ReturnType<typeof setTimeout> | undefined;
	socket.on('connect_error', () => {
		if (!socket.active) retry = setTimeout(() => socket.connect(), refusedRetryMs);
	});
	const disconnect = socket.disconnect.bind(socket);
	socket.disconnect = () => {
		clearTimeout(retry);
		return disconnect();
	};
	return socket;
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

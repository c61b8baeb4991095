// The browser's socket.io connection, typed by the contract. socket.io's own retry queue is left
// off on purpose: it sends a queued command on a new connection before the page has resumed, so
// the server answers 'not-attached' and the command is lost. What must survive a lost
// connection goes through the outbox (outbox.svelte.ts), which sends only once resumed.

import { io, type Socket } from 'socket.io-client';
import type {
	Ack,
	ClientToServerEvents,
	CommandEvent,
	CommandPayload,
	CommandResult,
	ServerToClientEvents
} from '$lib/protocol';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long a command waits for the server's answer before it counts as not delivered. */
export const ackTimeoutMs = 8000;
/** A connection the server refused (too many from this network) tries again after this long. */
const refusedRetryMs = 5_000;

/**
 * What a load balancer in front of several servers routes this connection by (deploy/haproxy.cfg):
 * the session once the page knows it, else the join code. Only routing: the server ignores it.
 */
export type Affinity = { session: string } | { code: string };

export function connect(url?: string, affinity?: Affinity): LiveSocket {
	const options = { path: '/socket.io', query: { ...affinity } };
	const socket: LiveSocket = url ? io(url, options) : io(options);
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

/** Routes this socket's next connections by `affinity` (the one open now stays where it is). */
export function routeBy(socket: LiveSocket, affinity: Affinity): void {
	socket.io.opts.query = affinity;
}

/** The server's answer, or `lost`: the command may or may not have arrived, and no answer came. */
export type Delivery<T> = Ack<T> | { lost: true };

/** The payload argument a command takes: none for the commands whose payload is optional. */
export type PayloadArgs<E extends CommandEvent> =
	undefined extends CommandPayload<E>
		? [payload?: CommandPayload<E>]
		: [payload: CommandPayload<E>];

/**
 * Sends one command on a connected socket and resolves with the server's answer. Without a
 * connection nothing is sent (socket.io would buffer it and send it before the page resumes).
 */
export async function command<E extends CommandEvent>(
	socket: LiveSocket,
	event: E,
	...[payload]: PayloadArgs<E>
): Promise<Delivery<CommandResult<E>>> {
	if (!socket.connected) return { lost: true };
	// socket.io's emitWithAck cannot relate a generic event name to its arguments; the signature
	// above is what callers are held to.
	const timed = socket.timeout(ackTimeoutMs);
	const emit = timed.emitWithAck as unknown as (
		event: E,
		payload: CommandPayload<E> | Record<string, never>
	) => Promise<Ack<CommandResult<E>>>;
	try {
		return await emit.call(timed, event, payload ?? {});
	} catch {
		return { lost: true };
	}
}

export const delivered = <T>(delivery: Delivery<T>): delivery is Ack<T> => !('lost' in delivery);

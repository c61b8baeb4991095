// The browser's socket.io connection (socket.ts), typed by the contract. Nothing is queued while
// the connection is down: a command sent on a new connection before the page has resumed would be
// answered 'not-attached' and lost. What must survive a lost connection goes through the outbox
// (outbox.svelte.ts), which sends only once resumed.

import type { TransportName } from './engine';
import { Socket } from './socket';
import type {
	Ack,
	CommandEvent,
	CommandPayload,
	CommandResult,
	ServerToClientEvents
} from '$lib/protocol';

export type LiveSocket = Socket<ServerToClientEvents>;

/** How long a command waits for the server's answer before it counts as not delivered. */
export const ackTimeoutMs = 8000;
/** A connection the server refused (too many from this network) tries again after this long. */
const refusedRetryMs = 5_000;

/**
 * What a load balancer in front of several servers routes this connection by (deploy/haproxy.cfg):
 * the session once the page knows it, else the join code. Only routing: the server ignores it.
 */
export type Affinity = { session: string } | { code: string };

export const socketPath = '/socket.io';

export interface ConnectOptions {
	/** The network a test poses as: long-polling only, or a school's address behind a proxy. */
	transports?: readonly TransportName[];
	extraHeaders?: Record<string, string>;
	/** The handshake the page's HTML preloaded (`handshakeAddress` in engine.ts), if any. */
	handshake?: string;
}

export function connect(
	url?: string,
	affinity?: Affinity,
	options: ConnectOptions = {}
): LiveSocket {
	const socket: LiveSocket = new Socket({
		url,
		path: socketPath,
		query: { ...affinity },
		...options
	});
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
	socket.query = { ...affinity };
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
	try {
		// The server validates every payload against the contract and answers in its shape.
		return (await socket.request(event, payload ?? {}, ackTimeoutMs)) as Ack<CommandResult<E>>;
	} catch {
		return { lost: true };
	}
}

export const delivered = <T>(delivery: Delivery<T>): delivery is Ack<T> => !('lost' in delivery);

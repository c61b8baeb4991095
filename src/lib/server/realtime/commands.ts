// One way to take a command from a socket: it must come with an acknowledgement callback,
// within the connection's rate, with a payload that passes its schema, from a socket attached in
// the role the command declares where it is registered. The handler awaits the
// domain; its answer goes back only once that settled, so nothing is acknowledged that was not
// stored. A store that cannot be reached answers 'store-unavailable', a bug 'internal-error';
// neither reaches the process.

import * as v from 'valibot';
import type {
	Ack,
	CommandEvent,
	CommandPayload,
	CommandResult,
	ErrorCode,
	SocketData
} from '../../protocol.ts';
import { logFailure } from '../guard.ts';
import type { TokenBucket } from './rate.ts';
import type { RealtimeSocket } from './types.ts';

/** Who may send a command, and what the handler then knows of the socket's binding. */
export interface Attached {
	/** Anyone connected: the commands that attach a socket (with a secret, a code or a token). */
	anyone: Record<string, never>;
	/** A socket that presented the session's host secret. */
	host: { sessionId: string };
	/** A phone that resumed with its token: its session and pseudonym. */
	pupil: { sessionId: string; pupilKey: string };
}
export type CommandRole = keyof Attached;

/** What a socket not attached in the command's role hears. */
const refusals: Record<Exclude<CommandRole, 'anyone'>, ErrorCode> = {
	host: 'not-host',
	pupil: 'not-attached'
};

/** The socket's binding as the role needs it, or null when the socket is not attached so. */
function attachedAs<R extends CommandRole>(data: SocketData, role: R): Attached[R] | null {
	if (role === 'anyone') return {} as Attached[R];
	const { sessionId, role: bound, pupilKey } = data;
	if (bound !== role || !sessionId) return null;
	if (role === 'host') return { sessionId } as Attached[R];
	return pupilKey ? ({ sessionId, pupilKey } as Attached[R]) : null;
}

/** One connection as its commands see it. */
export interface Connection {
	socket: RealtimeSocket;
	/** The connection's own rate limit. */
	bucket: TokenBucket;
	/** The client's network address, used for rate limiting in memory and nothing else. */
	address: string;
}

type Dispatch = (connection: Connection, payload: unknown, reply: unknown) => void;

/**
 * Every command of the process, registered once: a connection gets one listener that looks its
 * commands up here, rather than a listener and a closure per command per socket (36 of them,
 * some 7 KB and 30 µs for every phone that connects).
 */
export class Commands {
	private readonly table = new Map<string, Dispatch>();

	/**
	 * Takes one command of the contract: the event name decides what the schema must produce and
	 * what the handler may answer, so a misspelt event or a wrong reply does not compile. The role
	 * decides which sockets may send it; the handler gets the binding it checked and the
	 * connection it came on.
	 */
	on<
		E extends CommandEvent,
		Schema extends v.GenericSchema<unknown, CommandPayload<E>>,
		R extends CommandRole
	>(
		event: E,
		schema: Schema,
		access: { role: R },
		handle: (
			payload: v.InferOutput<Schema>,
			attached: Attached[R],
			connection: Connection
		) => Ack<CommandResult<E>> | Promise<Ack<CommandResult<E>>>
	) {
		if (this.table.has(event)) throw new Error(`${event} is registered twice`);
		this.table.set(event, (connection, payload, reply) => {
			// Without a callback there is nobody to tell the outcome: such a message is ignored.
			if (typeof reply !== 'function') return;
			const answer = (response: Ack<CommandResult<E>>) => void reply(response);
			if (!connection.bucket.take()) return answer({ error: 'rate-limited' });
			const parsed = v.safeParse(schema, payload);
			if (!parsed.success) return answer({ error: 'invalid-payload' });
			// Read at each command: the socket may have taken another role since it connected.
			const attached = attachedAs(connection.socket.data, access.role);
			if (attached === null)
				return answer({ error: refusals[access.role as Exclude<CommandRole, 'anyone'>] });
			const failed = (error: unknown) => {
				logFailure(`${event} failed`, error);
				answer({ error: failureCode(error) });
			};
			try {
				const outcome = handle(parsed.output, attached, connection);
				if (outcome instanceof Promise) outcome.then(answer, failed);
				else answer(outcome);
			} catch (error) {
				failed(error);
			}
		});
	}

	/**
	 * Takes the connection's commands. Whatever a client sends is unknown until a schema has
	 * parsed it; an event that is no command is ignored.
	 */
	listen(connection: Connection) {
		connection.socket.onAny((event: string, payload?: unknown, reply?: unknown) =>
			this.table.get(event)?.(connection, payload, reply)
		);
	}
}

/**
 * What a failed command tells the client. The domain's expected failures are values, so what
 * throws is the store (its database gone, a connection refused, a transaction aborted) or a bug
 * in our code: the errors JavaScript itself raises for the latter say which it is.
 */
export function failureCode(error: unknown): ErrorCode {
	const bug =
		error instanceof TypeError ||
		error instanceof RangeError ||
		error instanceof ReferenceError ||
		error instanceof SyntaxError;
	return bug ? 'internal-error' : 'store-unavailable';
}

export const failure = (error: ErrorCode) => ({ error }) as const;

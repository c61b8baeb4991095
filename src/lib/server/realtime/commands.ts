// One way to take a command from a socket: it must come with an acknowledgement callback,
// within the connection's rate, with a payload that passes its schema; a bug in a handler
// answers 'internal-error' and never reaches the process.

import * as v from 'valibot';
import type {
	Ack,
	CommandEvent,
	CommandPayload,
	CommandResult,
	ErrorCode
} from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import type { Sessions } from '../sessions.ts';
import type { RealtimeServer, RealtimeSocket } from './index.ts';
import type { TokenBucket } from './rate.ts';
import { logFailure } from '../guard.ts';

/** What every group of handlers works with, for one connection. */
export interface HandlerContext {
	io: RealtimeServer;
	socket: RealtimeSocket;
	sessions: Sessions;
	moderation: Moderation;
	/** The connection's own rate limit. */
	bucket: TokenBucket;
}

/**
 * Takes one command of the contract: the event name decides what the schema must produce and
 * what the handler may answer, so a misspelt event or a wrong reply does not compile.
 */
export function onCommand<
	E extends CommandEvent,
	Schema extends v.GenericSchema<unknown, CommandPayload<E>>
>(
	socket: RealtimeSocket,
	bucket: TokenBucket,
	event: E,
	schema: Schema,
	handle: (payload: v.InferOutput<Schema>) => Ack<CommandResult<E>> | Promise<Ack<CommandResult<E>>>
) {
	const listener = (payload: unknown, reply: unknown) => {
		// Without a callback there is nobody to tell the outcome: such a message is ignored.
		if (typeof reply !== 'function') return;
		const answer = (response: Ack<CommandResult<E>>) => void reply(response);
		if (!bucket.take()) return answer({ error: 'rate-limited' });
		const parsed = v.safeParse(schema, payload);
		if (!parsed.success) return answer({ error: 'invalid-payload' });
		const failed = (error: unknown) => {
			logFailure(`${event} failed`, error);
			answer({ error: 'internal-error' });
		};
		try {
			const outcome = handle(parsed.output);
			if (outcome instanceof Promise) outcome.then(answer, failed);
			else answer(outcome);
		} catch (error) {
			failed(error);
		}
	};
	// Whatever a client sends is unknown until the schema has parsed it, so the listener takes
	// unknown arguments; socket.io's listener type for a generic event name cannot express that.
	socket.on(event, listener as unknown as Parameters<typeof socket.on<E>>[1]);
}

export const failure = (error: ErrorCode) => ({ error }) as const;

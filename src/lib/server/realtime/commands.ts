// One way to take a command from a socket: it must come with an acknowledgement callback,
// within the connection's rate, with a payload that passes its schema. The handler awaits the
// domain; its answer goes back only once that settled, so nothing is acknowledged that was not
// stored. A store that cannot be reached answers 'store-unavailable', a bug 'internal-error';
// neither reaches the process.

import * as v from 'valibot';
import type {
	Ack,
	CommandEvent,
	CommandPayload,
	CommandResult,
	ErrorCode
} from '../../protocol.ts';
import { logFailure } from '../guard.ts';
import type { TokenBucket } from './rate.ts';
import type { RealtimeSocket } from './types.ts';

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
			answer({ error: failureCode(error) });
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

// One way to take a command from a socket: it must come with an acknowledgement callback,
// within the connection's rate, with a payload that passes its schema; a bug in a handler
// answers 'internal-error' and never reaches the process.

import * as v from 'valibot';
import type { Ack, ErrorCode } from '../../protocol.ts';
import type { Moderation } from '../moderation/moderation.ts';
import type { Sessions } from '../sessions.ts';
import type { RealtimeServer, RealtimeSocket } from './index.ts';
import type { TokenBucket } from './rate.ts';

/** What every group of handlers works with, for one connection. */
export interface HandlerContext {
	io: RealtimeServer;
	socket: RealtimeSocket;
	sessions: Sessions;
	moderation: Moderation;
	/** The connection's own rate limit. */
	bucket: TokenBucket;
}

export function onCommand<Schema extends v.GenericSchema, Result>(
	socket: RealtimeSocket,
	bucket: TokenBucket,
	event: string,
	schema: Schema,
	handle: (payload: v.InferOutput<Schema>) => Ack<Result> | Promise<Ack<Result>>
) {
	const listener = (payload: unknown, reply: unknown) => {
		// Without a callback there is nobody to tell the outcome: such a message is ignored.
		if (typeof reply !== 'function') return;
		const answer = reply as (response: Ack<Result>) => void;
		if (!bucket.take()) return answer({ error: 'rate-limited' });
		const parsed = v.safeParse(schema, payload);
		if (!parsed.success) return answer({ error: 'invalid-payload' });
		const failed = (error: unknown) => {
			console.error(`[realtime] ${event} failed`, error);
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
	(socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
		event,
		listener as (...args: unknown[]) => void
	);
}

export const failure = (error: ErrorCode) => ({ error }) as const;

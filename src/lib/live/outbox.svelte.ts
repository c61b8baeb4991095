// What a pupil or teacher did that the server has not answered yet, in order. Kept in this
// tab's storage, so a reload keeps it too; sent one at a time, only once the page has resumed on
// a connection, and removed only when the server has answered. A command that may have arrived
// before its answer was lost is sent again: the server counts each once (answers are latest-wins
// per pupil and block, responses carry a client id, votes count once, timer extensions an id).

import type { Ack, CommandEvent, CommandPayload, CommandResult, ErrorCode } from '$lib/protocol';
import type { Delivery } from './connection';

export type QueuedCommand<E extends CommandEvent = CommandEvent> = {
	[K in E]: { id: string; event: K; payload: CommandPayload<K> };
}[E];

/** What to do with the server's answer to each kind of command, also after a reload. */
export type AnswerHandlers = {
	[E in CommandEvent]?: (payload: CommandPayload<E>, answer: Ack<CommandResult<E>>) => void;
};

export interface OutboxOptions {
	/** Where the queue survives a reload; null keeps it in memory only. */
	storage: Storage | null;
	key: string;
	send: <E extends CommandEvent>(
		event: E,
		payload: CommandPayload<E>
	) => Promise<Delivery<CommandResult<E>>>;
	handlers: AnswerHandlers;
	/** How long to wait before sending again after no answer came on a live connection. */
	retryMs?: number;
}

// Refusals that say 'not now' rather than 'no': the command waits and goes again.
// The server could not take it now (its data out of reach too): kept, and sent again shortly.
// An answer sent a moment before the server's think time was over goes again once it is.
const notNow: ErrorCode[] = ['rate-limited', 'not-attached', 'store-unavailable', 'think-time'];

export class Outbox {
	items = $state<QueuedCommand[]>([]);
	/** The command on its way right now. */
	inFlight = $state<string | null>(null);

	private readonly options: OutboxOptions;
	/** Who waits for each command's answer in this page's life; a replaced command's waiters
	 * get the answer to the command that replaced it. */
	// Callbacks, not state: nothing renders from them.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly waiting = new Map<string, ((answer: Ack<unknown>) => void)[]>();
	private ready = false;
	private flushing = false;
	private retry: ReturnType<typeof setTimeout> | null = null;

	constructor(options: OutboxOptions) {
		this.options = options;
		this.items = this.load();
	}

	/**
	 * Queues a command and resolves with the server's answer. `replaces` drops queued commands
	 * the new one makes pointless (an answer changed again before the first went out).
	 */
	add<E extends CommandEvent>(
		event: E,
		payload: CommandPayload<E>,
		replaces?: (queued: QueuedCommand) => boolean
	): Promise<Ack<CommandResult<E>>> {
		const id = crypto.randomUUID();
		const dropped = replaces
			? this.items.filter((queued) => queued.id !== this.inFlight && replaces(queued))
			: [];
		this.items = [
			...this.items.filter((queued) => !dropped.includes(queued)),
			{ id, event, payload } as QueuedCommand
		];
		this.save();
		const answered = new Promise<Ack<CommandResult<E>>>((resolve) => {
			const waiters = dropped.flatMap((queued) => this.waiting.get(queued.id) ?? []);
			for (const queued of dropped) this.waiting.delete(queued.id);
			this.waiting.set(id, [...waiters, resolve as (answer: Ack<unknown>) => void]);
		});
		void this.flush();
		return answered;
	}

	/** The page has (re)connected and resumed: what waits goes out now, in order. */
	resume() {
		this.ready = true;
		void this.flush();
	}

	/** The connection is gone: keep everything, send nothing. */
	hold() {
		this.ready = false;
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
	}

	/** Forgets everything queued, for a session this page no longer belongs to. */
	clear() {
		this.items = [];
		this.save();
	}

	private async flush() {
		if (this.flushing) return;
		this.flushing = true;
		try {
			while (this.ready && this.items.length > 0) {
				const next = this.items[0];
				this.inFlight = next.id;
				const delivery = await this.options.send(next.event, next.payload);
				this.inFlight = null;
				if ('lost' in delivery || ('error' in delivery && notNow.includes(delivery.error))) {
					this.retryLater();
					return;
				}
				this.items = this.items.filter((queued) => queued.id !== next.id);
				this.save();
				this.answered(next, delivery);
			}
		} finally {
			this.inFlight = null;
			this.flushing = false;
		}
	}

	private answered(queued: QueuedCommand, answer: Ack<unknown>) {
		// The handler and the answer belong to the same event; TypeScript cannot follow that
		// through the union, so the pair is widened here, once.
		const handle = this.options.handlers[queued.event] as
			((payload: unknown, answer: Ack<unknown>) => void) | undefined;
		handle?.(queued.payload, answer);
		for (const resolve of this.waiting.get(queued.id) ?? []) resolve(answer);
		this.waiting.delete(queued.id);
	}

	private retryLater() {
		if (!this.ready || this.retry) return;
		this.retry = setTimeout(() => {
			this.retry = null;
			void this.flush();
		}, this.options.retryMs ?? 2000);
	}

	private load(): QueuedCommand[] {
		try {
			const stored: unknown = JSON.parse(this.options.storage?.getItem(this.options.key) ?? '[]');
			if (!Array.isArray(stored)) return [];
			return stored.filter(
				(item): item is QueuedCommand =>
					typeof item?.id === 'string' && typeof item?.event === 'string' && 'payload' in item
			);
		} catch {
			return [];
		}
	}

	private save() {
		try {
			if (this.items.length === 0) this.options.storage?.removeItem(this.options.key);
			else this.options.storage?.setItem(this.options.key, JSON.stringify(this.items));
		} catch {
			// A full or blocked storage keeps the queue in memory only; it still goes out.
		}
	}
}

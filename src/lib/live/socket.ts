// socket.io (protocol 5) as the pages speak it, over engine.ts: one namespace, events from the
// server, commands it acknowledges, and reconnecting with back-off. The server is plain socket.io
// and these are its packets. socket.io-client does all this and more that the pages never use
// (namespaces sharing a connection, binary, a queue of what was emitted offline, which the outbox
// does instead) in 12.6 KB gzip, a fifth of the pupil page; this is about 2.5 KB.

import { Engine, type TransportName } from './engine';

export interface SocketOptions {
	/** The server's origin; the page's own when absent. */
	url?: string;
	path: string;
	/** Added to every request of the next connection (`query` below changes it). */
	query: Record<string, string>;
	/** Long-polling upgraded to a WebSocket unless told otherwise (tests). */
	transports?: readonly TransportName[];
	/** Outside a browser only: tests pose as a school behind a proxy. */
	extraHeaders?: Record<string, string>;
	/** The handshake the page's HTML preloaded, for the first connection (engine.ts). */
	handshake?: string;
}

type Handler = (...args: never[]) => void;

interface ReservedEvents {
	connect: () => void;
	disconnect: (reason: string) => void;
	/** An attempt to connect failed; `active` says whether another follows by itself. */
	connect_error: (error: Error) => void;
}

/** socket.io's packet types, by their first character. */
const packet = { connect: '0', disconnect: '1', event: '2', ack: '3', connectError: '4' };

/** As socket.io-client: the first retry after about a second, then doubling, up to five. */
const retryMs = { first: 1000, max: 5000, jitter: 0.5 };
/** How long an attempt may take to open before it counts as failed. */
const openTimeoutMs = 20_000;
/** Nothing waiting for an answer this long: the connection may move to a WebSocket (engine.ts). */
const idleMs = 200;

export class Socket<Listen extends { [E in keyof Listen]: Handler }> {
	connected = false;
	/** Connected or trying to be; false once the page disconnected or the server refused or left. */
	active = false;
	/** What the next connection adds to its requests (a balancer routes by it). */
	query: Record<string, string>;
	private engine: Engine | null = null;
	private readonly handlers = new Map<PropertyKey, Set<Handler>>();
	private readonly acks = new Map<number, (value: unknown, error?: Error) => void>();
	private nextAck = 0;
	private attempts = 0;
	private retry: ReturnType<typeof setTimeout> | undefined;
	private openTimer: ReturnType<typeof setTimeout> | undefined;
	private idleTimer: ReturnType<typeof setTimeout> | undefined;
	private readonly options: SocketOptions;
	private handshake: string | undefined;

	constructor(options: SocketOptions) {
		this.options = options;
		this.query = options.query;
		this.handshake = options.handshake;
		this.connect();
	}

	/** The transport the connection is on now (tests ask). */
	get transport(): TransportName | null {
		return this.engine?.transport ?? null;
	}

	on<E extends keyof (Listen & ReservedEvents)>(event: E, handler: (Listen & ReservedEvents)[E]) {
		const handlers = this.handlers.get(event) ?? new Set();
		handlers.add(handler as Handler);
		this.handlers.set(event, handlers);
		return this;
	}

	once<E extends keyof (Listen & ReservedEvents)>(event: E, handler: (Listen & ReservedEvents)[E]) {
		const once = (...args: never[]) => {
			this.handlers.get(event)?.delete(once);
			(handler as Handler)(...args);
		};
		return this.on(event, once as (Listen & ReservedEvents)[E]);
	}

	connect() {
		if (!this.active) {
			this.active = true;
			this.open();
		}
		return this;
	}

	disconnect() {
		if (this.connected) this.engine?.send(packet.disconnect);
		this.active = false;
		this.stop('io client disconnect');
		return this;
	}

	/**
	 * Sends `event` and resolves with the server's acknowledgement. Rejects at once without a
	 * connection, when the connection drops first, or after `timeoutMs` without an answer.
	 */
	request(event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
		const engine = this.engine;
		if (!this.connected || !engine) return Promise.reject(new Error('not connected'));
		const id = this.nextAck++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => settle(undefined, new Error('timeout')), timeoutMs);
			const settle = (value: unknown, error?: Error) => {
				clearTimeout(timer);
				this.acks.delete(id);
				if (error) reject(error);
				else resolve(value);
				this.whenIdle();
			};
			this.acks.set(id, settle);
			engine.send(`${packet.event}${id}${JSON.stringify([event, payload])}`);
		});
	}

	private open() {
		clearTimeout(this.retry);
		// The preloaded answer serves one handshake: the first.
		const handshake = this.handshake;
		this.handshake = undefined;
		const engine: Engine = new Engine(
			{
				url: this.options.url,
				path: this.options.path,
				query: this.query,
				transports: this.options.transports ?? ['polling', 'websocket'],
				extraHeaders: this.options.extraHeaders,
				handshake
			},
			{
				open: () => engine.send(packet.connect),
				message: (data) => this.receive(data),
				close: (reason) => this.engine === engine && this.lost(reason)
			}
		);
		this.engine = engine;
		this.openTimer = setTimeout(() => {
			if (this.engine !== engine || this.connected) return;
			engine.close();
			this.lost('timeout');
		}, openTimeoutMs);
	}

	private receive(data: string) {
		const type = data[0];
		// After the type: an acknowledgement's id, if any, then JSON (the namespace '/' is implied).
		const id = /^\d*/.exec(data.slice(1))![0];
		const json = data.slice(1 + id.length);
		const body: unknown = json ? JSON.parse(json) : undefined;
		if (type === packet.event) {
			const [event, ...args] = body as [string, ...unknown[]];
			this.emitLocal(event, ...args);
		} else if (type === packet.ack) {
			this.acks.get(Number(id))?.((body as unknown[])[0]);
		} else if (type === packet.connect) {
			clearTimeout(this.openTimer);
			this.attempts = 0;
			this.connected = true;
			this.emitLocal('connect');
			this.whenIdle();
		} else if (type === packet.disconnect) {
			// The server let go of this socket: as socket.io-client, no retry.
			this.active = false;
			this.stop('io server disconnect');
		} else if (type === packet.connectError) {
			// Refused by the server's middleware: as socket.io-client, no retry (connection.ts decides).
			this.active = false;
			this.stop('refused');
			const message = (body as { message?: string } | undefined)?.message;
			this.emitLocal('connect_error', new Error(message ?? 'refused'));
		}
	}

	/** Once nothing has waited for an answer for a moment, lets the engine try a WebSocket. */
	private whenIdle() {
		clearTimeout(this.idleTimer);
		const engine = this.engine;
		if (!engine || this.acks.size) return;
		this.idleTimer = setTimeout(() => {
			if (this.engine === engine && !this.acks.size) engine.tryWebSocket();
		}, idleMs);
	}

	/** The connection ended by itself: say so, and try again unless the page let go. */
	private lost(reason: string) {
		this.engine = null;
		clearTimeout(this.openTimer);
		const wasConnected = this.connected;
		this.connected = false;
		this.failAcks();
		if (this.active) {
			const delay = Math.min(retryMs.max, retryMs.first * 2 ** this.attempts++);
			const jittered = delay * (1 + retryMs.jitter * (Math.random() * 2 - 1));
			this.retry = setTimeout(() => this.open(), Math.min(retryMs.max, jittered));
		}
		if (wasConnected) this.emitLocal('disconnect', reason);
		else this.emitLocal('connect_error', new Error(reason));
	}

	private stop(reason: string) {
		clearTimeout(this.retry);
		clearTimeout(this.openTimer);
		const engine = this.engine;
		this.engine = null;
		engine?.close();
		const wasConnected = this.connected;
		this.connected = false;
		this.failAcks();
		if (wasConnected) this.emitLocal('disconnect', reason);
	}

	private failAcks() {
		for (const settle of [...this.acks.values()]) settle(undefined, new Error('disconnected'));
	}

	/** Calls the page's handlers; one that throws neither stops the others nor the connection. */
	private emitLocal(event: PropertyKey, ...args: unknown[]) {
		for (const handler of [...(this.handlers.get(event) ?? [])]) {
			try {
				(handler as (...args: unknown[]) => void)(...args);
			} catch (error) {
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}
}

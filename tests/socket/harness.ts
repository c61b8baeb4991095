// A real Klasgesprek realtime server on an ephemeral port, with a real SQLite file, the test
// lesson and real socket.io clients. It can be stopped and started again on the same port and
// file, like a server restart in the middle of a lesson. Several can share one store and be
// joined by a socket.io adapter, as the processes of region mode are.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { Lesson } from '../../src/lib/lessons/model.ts';
import { parseLesson } from '../../src/lib/lessons/parse.ts';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol.ts';
import type { ProxyAddressing } from '../../src/lib/server/config.ts';
import type { DomainEvents } from '../../src/lib/server/events.ts';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/index.ts';
import { ResponseFilter } from '../../src/lib/server/moderation/filter.ts';
import { Moderation } from '../../src/lib/server/moderation/moderation.ts';
import { Sessions } from '../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../src/lib/server/store/sqlite.ts';
import type { Store } from '../../src/lib/server/store/store.ts';
import type { ServerOptions } from 'socket.io';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export const lesson = parseLesson(
	readFileSync(new URL('../fixtures/lessons/alle-blokken.md', import.meta.url), 'utf8'),
	'alle-blokken'
).lesson as Lesson;

/** The domain's events, to the realtime server listening (as the app's `subscribe` does). */
class EventsTo implements DomainEvents {
	private listener: DomainEvents | null = null;
	listen(listener: DomainEvents) {
		this.listener = listener;
		return () => (this.listener = null);
	}
	sessionChanged: DomainEvents['sessionChanged'] = (...args) =>
		this.listener?.sessionChanged(...args);
	resultsChanged: DomainEvents['resultsChanged'] = (...args) =>
		this.listener?.resultsChanged(...args);
	responsesChanged: DomainEvents['responsesChanged'] = (...args) =>
		this.listener?.responsesChanged(...args);
	sessionDeleted: DomainEvents['sessionDeleted'] = (...args) =>
		this.listener?.sessionDeleted(...args);
}

export class TestServer {
	readonly directory = mkdtempSync(join(tmpdir(), 'klasgesprek-socket-'));
	port = 0;
	store!: Store;
	sessions!: Sessions;
	moderation!: Moderation;
	private http!: HttpServer;
	private realtime!: Realtime;
	private readonly clients: Client[] = [];
	private readonly options: {
		proxy?: ProxyAddressing;
		connectionsPerAddress?: number;
		idleHours?: number;
		/** Another process's store, shared: this server then neither opens nor closes one. */
		store?: Store;
		/** How broadcasts reach the other servers. */
		adapter?: ServerOptions['adapter'];
		/** Lessons besides the test lesson (a programme's, say). */
		lessons?: Lesson[];
	};

	/** `proxy`: trust a client address header as behind a reverse proxy. */
	constructor(options: TestServer['options'] = {}) {
		this.options = options;
	}

	async start() {
		this.store = this.options.store ?? new SqliteStore(join(this.directory, 'store.sqlite'));
		const events = new EventsTo();
		this.sessions = new Sessions({
			store: this.store,
			events,
			findLesson: (slug) =>
				[lesson, ...(this.options.lessons ?? [])].find((each) => each.slug === slug),
			retentionDays: 30,
			idleHours: this.options.idleHours
		});
		this.moderation = new Moderation({
			store: this.store,
			sessions: this.sessions,
			filter: new ResponseFilter(),
			events
		});
		this.http = createServer((_, response) => response.end('page'));
		this.realtime = attachRealtime(this.http, {
			sessions: this.sessions,
			moderation: this.moderation,
			subscribe: (listener) => events.listen(listener),
			adapter: this.options.adapter,
			config: this.options.proxy && { proxy: this.options.proxy },
			connectionsPerAddress: this.options.connectionsPerAddress
		});
		await new Promise<void>((resolve) => this.http.listen(this.port, '127.0.0.1', resolve));
		this.port = (this.http.address() as AddressInfo).port;
	}

	async stop() {
		this.http.closeAllConnections();
		await this.realtime.close();
		if (!this.options.store) await this.store.close();
	}

	/** The server's socket.io instance, to look at its rooms as another process would. */
	get io() {
		return this.realtime.io;
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/**
	 * A connected client; `reconnect` lets it find the server again after a restart, `headers`
	 * are sent with its handshake (as a reverse proxy would add them).
	 */
	async client(
		options: { reconnect?: boolean; headers?: Record<string, string> } = {}
	): Promise<Client> {
		const socket: Client = connect(this.url, {
			transports: ['websocket'],
			extraHeaders: options.headers,
			reconnection: options.reconnect ?? false,
			reconnectionDelay: 50,
			reconnectionDelayMax: 200
		});
		this.clients.push(socket);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		return socket;
	}

	async dispose() {
		for (const client of this.clients) client.disconnect();
		await this.stop().catch(() => undefined);
		rmSync(this.directory, { recursive: true, force: true });
	}

	/** Starts a session for the test lesson (or another), as the lesson page does. */
	async startSession(
		slug = lesson.slug,
		options: { teacherKey?: string | null; classId?: string | null } = {}
	) {
		const outcome = await this.sessions.start(slug, options);
		if (!outcome.ok) throw new Error(outcome.error);
		return {
			sessionId: outcome.value.session.id,
			joinCode: outcome.value.session.joinCode,
			hostSecret: outcome.value.hostSecret,
			boardSecret: outcome.value.boardSecret
		};
	}

	/** The teacher's console, attached to a session. */
	async host(session: { sessionId: string; hostSecret: string }): Promise<Client> {
		const socket = await this.client();
		await data(
			ask(socket, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
		);
		return socket;
	}

	/** A pupil's phone that joined with the code, and what it resumes with. */
	async phone(session: { joinCode: string }) {
		const socket = await this.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(socket, 'pupil:join', { code: session.joinCode })
		);
		return { socket, credentials };
	}
}

/** Emits a command and waits for its acknowledgement. */
export function ask<T>(socket: Client, event: string, payload?: unknown): Promise<Ack<T>> {
	return (
		socket as unknown as {
			timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Ack<T>> };
		}
	)
		.timeout(2000)
		.emitWithAck(event, payload);
}

export async function data<T>(promise: Promise<Ack<T>>): Promise<T> {
	const response = await promise;
	if ('error' in response) throw new Error(`expected data, got ${response.error}`);
	return response.data;
}

export function nextEvent<T>(socket: Client, event: string): Promise<T> {
	return new Promise((resolve) =>
		(socket as unknown as { once(e: string, f: (v: T) => void): void }).once(event, resolve)
	);
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (a rune class's state follows its socket), or fails the test. */
export async function until(condition: () => boolean, timeoutMs = 8000) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await wait(25);
	}
}

/** The same socket without the contract's types, to send what a well-behaved client never would. */
export function untyped(socket: Client): { emit(event: string, ...args: unknown[]): void } {
	return socket as unknown as { emit(event: string, ...args: unknown[]): void };
}

// The pages' own socket.io client (src/lib/live/socket.ts and engine.ts) against a real socket.io
// server with Klasgesprek's transport settings: long-polling first and upgraded to a WebSocket,
// long-polling alone where a proxy blocks WebSockets, acknowledgements, back-off after the server
// went away, and the refusals after which socket.io-client does not retry either.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { handshakeAddress } from '../../src/lib/live/engine.ts';
import { Socket, type SocketOptions } from '../../src/lib/live/socket.ts';
import { transportOptions } from '../../src/lib/server/realtime/index.ts';
import { until } from './harness.ts';

interface Events {
	hello: (greeting: string) => void;
	[event: string]: (...args: never[]) => void;
}

let http: HttpServer;
let io: Server;
let url: string;
const clients: Socket<Events>[] = [];

/** A socket.io server echoing every command; `blockWebSockets`: a proxy that lets none through. */
async function start({ port = 0, blockWebSockets = false, maxHttpBufferSize = 16 * 1024 } = {}) {
	http = createServer();
	io = new Server(http, { ...transportOptions, maxHttpBufferSize });
	if (blockWebSockets) {
		// Before socket.io's own upgrade listener: the proxy drops the request.
		http.prependListener('upgrade', (_request, socket: Duplex) => socket.destroy());
	}
	io.on('connection', (socket) => {
		socket.on('echo', (payload: unknown, reply: (answer: unknown) => void) =>
			reply({ data: payload })
		);
		socket.on('silence', () => {});
		socket.on('leave', (_: unknown, reply: (answer: unknown) => void) => {
			reply({ data: 'bye' });
			socket.disconnect(true);
		});
		socket.emit('hello', 'dag');
	});
	await new Promise<void>((listening) => http.listen(port, '127.0.0.1', listening));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

async function stop() {
	await io.close();
	http.closeAllConnections();
}

function client(options: Partial<SocketOptions> = {}) {
	const socket = new Socket<Events>({ url, path: '/socket.io', query: {}, ...options });
	clients.push(socket);
	return socket;
}

afterEach(async () => {
	for (const socket of clients.splice(0)) socket.disconnect();
	await stop();
});

describe('the pages’ socket.io client', () => {
	it('connects over long-polling, hears events, and moves to a WebSocket', async () => {
		await start();
		const socket = client();
		const heard: string[] = [];
		socket.on('hello', (greeting) => heard.push(greeting));
		await until(() => socket.connected);
		expect(await socket.request('echo', { n: 1 }, 2000)).toEqual({ data: { n: 1 } });
		await until(() => socket.transport === 'websocket');
		expect(heard).toEqual(['dag']);
		// Commands sent around the move are all answered, in order of sending.
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, n) => socket.request('echo', n, 2000))
		);
		expect(answers).toEqual(Array.from({ length: 20 }, (_, n) => ({ data: n })));
		const [server] = io.sockets.sockets.values();
		expect(server.conn.transport.name).toBe('websocket');
	});

	it('moves to a WebSocket only once no command waits for its answer', async () => {
		await start();
		const socket = client();
		await until(() => socket.connected);
		// Moving pauses long-polling for a round trip or two, which a command would wait out.
		const waiting = socket.request('silence', null, 800).catch(() => 'no answer');
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(socket.transport).toBe('polling');
		expect(await waiting).toBe('no answer');
		await until(() => socket.transport === 'websocket');
	});

	it('stays on long-polling where a proxy blocks WebSockets, and works there', async () => {
		await start({ blockWebSockets: true });
		const socket = client();
		await until(() => socket.connected);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(await socket.request('echo', 'via polling', 2000)).toEqual({ data: 'via polling' });
		expect(socket.transport).toBe('polling');
	});

	it('sends commands queued in one turn in as many requests as the server takes', async () => {
		await start({ blockWebSockets: true, maxHttpBufferSize: 1000 });
		const socket = client();
		await until(() => socket.connected);
		// Six commands of 400 bytes: together far over the server's 1,000 bytes per request.
		const text = 'x'.repeat(400);
		const answers = await Promise.all(
			Array.from({ length: 6 }, () => socket.request('echo', text, 5000))
		);
		expect(answers).toEqual(Array.from({ length: 6 }, () => ({ data: text })));
		expect(socket.connected).toBe(true);
	});

	it('connects over a WebSocket alone when told to', async () => {
		await start();
		const socket = client({ transports: ['websocket'] });
		await until(() => socket.connected);
		expect(socket.transport).toBe('websocket');
		expect(await socket.request('echo', 'ws', 2000)).toEqual({ data: 'ws' });
	});

	it('sends the query and headers it is given with every request of a connection', async () => {
		await start({ blockWebSockets: true });
		const seen: { code: string | null; forwarded: unknown }[] = [];
		http.prependListener('request', (request) => {
			const query = new URL(request.url!, url).searchParams;
			seen.push({ code: query.get('code'), forwarded: request.headers['x-forwarded-for'] });
		});
		const socket = client({
			query: { code: '123456' },
			extraHeaders: { 'X-Forwarded-For': '10.1.2.3' }
		});
		await until(() => socket.connected);
		await socket.request('echo', null, 2000);
		expect(seen.length).toBeGreaterThanOrEqual(3);
		expect(seen).toEqual(seen.map(() => ({ code: '123456', forwarded: '10.1.2.3' })));
	});

	it('asks for the first handshake as the page preloaded it, and never again so', async () => {
		await start({ blockWebSockets: true });
		const asked: (string | null)[] = [];
		http.prependListener('request', (request) => {
			const query = new URL(request.url!, url).searchParams;
			if (request.method === 'GET' && !query.has('sid')) asked.push(query.get('t'));
		});
		const preloaded = handshakeAddress('/socket.io', { code: '123456' }, 'k3x9');
		expect(preloaded).toBe('/socket.io/?code=123456&EIO=4&transport=polling&t=k3x9');
		const socket = client({ query: { code: '123456' }, handshake: 'k3x9' });
		await until(() => socket.connected);
		for (const connection of io.sockets.sockets.values()) connection.conn.close();
		await until(() => asked.length === 2 && socket.connected, 10_000);
		expect(asked[0]).toBe('k3x9');
		expect(asked[1]).not.toBe('k3x9');
	});

	it('gives up waiting for an answer after its timeout, and at once when the connection drops', async () => {
		await start();
		const socket = client();
		await until(() => socket.connected);
		await expect(socket.request('silence', null, 200)).rejects.toThrow('timeout');
		const waiting = socket.request('silence', null, 10_000);
		const started = Date.now();
		socket.disconnect();
		await expect(waiting).rejects.toThrow('disconnected');
		expect(Date.now() - started).toBeLessThan(1000);
		await expect(socket.request('echo', null, 1000)).rejects.toThrow('not connected');
	});

	it('says it lost the connection when the server goes, and connects again once it is back', async () => {
		await start();
		const port = Number(new URL(url).port);
		const socket = client();
		const events: string[] = [];
		socket.on('connect', () => events.push('connect'));
		socket.on('disconnect', () => events.push('disconnect'));
		await until(() => socket.connected);
		await stop();
		await until(() => !socket.connected);
		expect(socket.active).toBe(true);
		await start({ port });
		await until(() => socket.connected, 10_000);
		expect(events).toEqual(['connect', 'disconnect', 'connect']);
		expect(await socket.request('echo', 'again', 2000)).toEqual({ data: 'again' });
	});

	it('does not retry once the server refused it or let it go, as socket.io-client', async () => {
		await start();
		io.use((socket, next) =>
			next(socket.handshake.query.refuse ? new Error('too-many-connections') : undefined)
		);
		const refused = client({ query: { refuse: 'yes' } });
		const error = await new Promise<Error>((resolve) => refused.on('connect_error', resolve));
		expect(error.message).toBe('too-many-connections');
		expect(refused.active).toBe(false);

		const left = client();
		const reasons: string[] = [];
		left.on('disconnect', (reason) => reasons.push(reason));
		await until(() => left.connected);
		expect(await left.request('leave', null, 2000)).toEqual({ data: 'bye' });
		await until(() => !left.connected);
		expect(reasons).toEqual(['io server disconnect']);
		expect(left.active).toBe(false);
	});

	it('keeps its connection when a handler of the page throws', async () => {
		await start();
		const socket = client();
		const thrown: unknown[] = [];
		const onError = (error: unknown) => thrown.push(error);
		process.on('uncaughtException', onError);
		try {
			socket.on('hello', () => {
				throw new Error('a bug in the page');
			});
			await until(() => socket.connected);
			await until(() => thrown.length === 1);
			expect(await socket.request('echo', 'still here', 2000)).toEqual({ data: 'still here' });
		} finally {
			process.off('uncaughtException', onError);
		}
	});
});

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxMessageBytes } from '../../src/lib/server/limits.ts';
import { attachRealtime, type RealtimeServer } from '../../src/lib/server/realtime/index.ts';

let httpServer: HttpServer;
let realtime: RealtimeServer;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
	// Pages and realtime share one HTTP server: a plain request still gets its answer.
	httpServer = createServer((_, response) => response.end('page'));
	realtime = attachRealtime(httpServer);
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterEach(async () => {
	for (const client of clients.splice(0)) client.disconnect();
	await new Promise<void>((resolve) => realtime.close(() => resolve()));
});

function client(): Promise<Socket> {
	const socket = connect(url, { transports: ['websocket'], reconnection: false });
	clients.push(socket);
	return new Promise((resolve, reject) => {
		socket.on('connect', () => resolve(socket));
		socket.on('connect_error', reject);
	});
}

describe('the realtime transport', () => {
	it('accepts websocket clients on the same port that serves pages', async () => {
		const socket = await client();
		expect(socket.connected).toBe(true);
		expect(await (await fetch(url)).text()).toBe('page');
	});

	it('keeps no handshake request, so no address or headers, per connection', async () => {
		await client();
		const engine = realtime.engine as unknown as { clients: Record<string, { request: unknown }> };
		const connections = Object.values(engine.clients);
		expect(connections).toHaveLength(1);
		expect(connections[0].request).toBeNull();
	});

	it('disconnects a client that sends a message over the size limit, and keeps serving others', async () => {
		const big = await client();
		const other = await client();
		const closed = new Promise<string>((resolve) => big.on('disconnect', resolve));
		big.emit('anything' as never, 'x'.repeat(maxMessageBytes * 2) as never);
		expect(await closed).toMatch(/transport/);
		expect(other.connected).toBe(true);
		const again = await client();
		expect(again.connected).toBe(true);
	});
});

// A load balancer routes a phone by what its handshake carries (deploy/haproxy.cfg): the join
// code before the phone has joined, its session from then on, also after a reconnect.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PupilSession } from '../../src/lib/live/pupil-session.svelte.ts';
import { MemoryStorage } from '../fixtures/memory-storage.ts';
import { TestServer, until } from './harness.ts';

let server: TestServer;
const phones: PupilSession[] = [];
/** The routing part of every handshake the server saw, in order. */
let handshakes: { code: string | null; session: string | null }[];

beforeEach(async () => {
	server = new TestServer();
	await server.start();
	handshakes = [];
	// The server drops each connection's request once connected; its handshake still has it.
	server['realtime'].io.engine.on('initial_headers', (_: unknown, request: { url: string }) => {
		const query = new URL(request.url, server.url).searchParams;
		handshakes.push({ code: query.get('code'), session: query.get('session') });
	});
});
afterEach(async () => {
	for (const phone of phones.splice(0)) phone.stop();
	await server.dispose();
});

const phone = (code: string, local = new MemoryStorage()) => {
	const session = new PupilSession(code, {
		url: server.url,
		storage: { local, session: new MemoryStorage() }
	});
	phones.push(session);
	return session;
};

describe('the routing key in a phone’s handshake', () => {
	it('is the join code until the phone joined, then its session, also after a reconnect', async () => {
		const session = await server.startSession();
		const local = new MemoryStorage();
		const pupil = phone(session.joinCode, local);
		pupil.start();
		await until(() => pupil.phase === 'ready');
		expect(handshakes).toEqual([{ code: session.joinCode, session: null }]);

		// The connection drops (not the server saying goodbye): socket.io reconnects by itself.
		for (const socket of server['realtime'].io.sockets.sockets.values()) socket.conn.close();
		await until(() => handshakes.length === 2 && pupil.synced);
		expect(handshakes[1]).toEqual({ code: null, session: session.sessionId });

		// A reload of the page: the phone knows its session from the start.
		pupil.stop();
		const reloaded = phone(session.joinCode, local);
		reloaded.start();
		await until(() => reloaded.phase === 'ready');
		expect(handshakes[2]).toEqual({ code: null, session: session.sessionId });
	});
});

describe('a phone the server refuses to connect', () => {
	it('says why on its first visit, and joins by itself once there is room', async () => {
		await server.dispose();
		server = new TestServer({ connectionsPerAddress: 1 });
		await server.start();
		const session = await server.startSession();
		const first = await server.client();
		const pupil = phone(session.joinCode);
		pupil.start();
		await until(() => pupil.phase === 'failed');
		expect(pupil.error).toBe('too-many-connections');
		// The other connection leaves: the phone's own retry (every 5 s) gets in.
		first.disconnect();
		await until(() => pupil.phase === 'ready', 12_000);
		expect(pupil.error).toBeNull();
	}, 20_000);
});

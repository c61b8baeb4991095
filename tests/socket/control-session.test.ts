// The teacher's ControlSession against a real server: it keeps the newest results per block
// whichever process sent them, and re-attaches once the server's store is back.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlSession } from '../../src/lib/live/control-session.svelte.ts';
import type { LiveResults } from '../../src/lib/protocol.ts';
import { rooms } from '../../src/lib/server/realtime/rooms.ts';
import { ask, data, TestServer, wait, type Client, until } from './harness.ts';

let server: TestServer;
const screens: ControlSession[] = [];

beforeEach(async () => {
	server = new TestServer();
	await server.start();
});
afterEach(async () => {
	for (const screen of screens.splice(0)) screen.stop();
	await server.dispose();
});

async function answering(joinCode: string, count: number): Promise<Client[]> {
	return Promise.all(
		Array.from({ length: count }, async () => {
			const socket = await server.client();
			const credentials = await data<{ sessionId: string; token: string }>(
				ask(socket, 'pupil:join', { code: joinCode })
			);
			await data(ask(socket, 'pupil:resume', credentials));
			return socket;
		})
	);
}

describe('the teacher’s screens', () => {
	it('ignore results older than those they show, as another process may send late', async () => {
		const session = await server.startSession();
		const board = new ControlSession('board', session.sessionId, session.boardSecret, {
			url: server.url
		});
		screens.push(board);
		board.start();
		await until(() => board.synced);
		const teacher = await server.client();
		await data(
			ask(teacher, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
		);
		await data(ask(teacher, 'block:open', { blockId: 'bronnen' }));
		const pupils = await answering(session.joinCode, 3);
		for (const socket of pupils)
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'bronnen',
					value: { kind: 'choice', options: [1] }
				})
			);
		await until(() => board.results.bronnen?.answered === 3);
		const shown = board.results.bronnen;

		// The results of one answer ago, arriving now from a process that was slower.
		const late: LiveResults = { ...shown, answered: 2, revision: shown.revision - 1 };
		server.io.to(rooms.board(session.sessionId)).emit('results:update', late);
		const newer: LiveResults = { ...shown, answered: 3, revision: shown.revision + 1 };
		await wait(50);
		expect(board.results.bronnen).toEqual(shown);
		server.io.to(rooms.board(session.sessionId)).emit('results:update', newer);
		await until(() => board.results.bronnen?.revision === shown.revision + 1);
	});

	it('call the connection lost only once it was there, and found again once back', async () => {
		const session = await server.startSession();
		const host = new ControlSession('host', session.sessionId, session.hostSecret, {
			url: server.url
		});
		screens.push(host);
		host.start();
		// Being made, not lost: 'we try again' would not be true yet.
		expect(host.connected).toBe(false);
		expect(host.lost).toBe(false);
		await until(() => host.synced);
		expect(host.lost).toBe(false);
		// The network drops it (not the server sending it away): it comes back by itself.
		for (const socket of server.io.sockets.sockets.values()) socket.conn.close();
		await until(() => host.lost);
		await until(() => host.synced);
		expect(host.lost).toBe(false);
	});

	it('say the store is out of reach, and attach by themselves once it is back', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const down = vi
			.spyOn(server.sessions, 'asHost')
			.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
		const host = new ControlSession('host', session.sessionId, session.hostSecret, {
			url: server.url
		});
		screens.push(host);
		host.start();
		await until(() => host.error === 'store-unavailable');
		expect(host.synced).toBe(false);
		down.mockRestore();
		await until(() => host.synced);
		expect(host.error).toBeNull();
		expect(host.view?.id).toBe(session.sessionId);
		errors.mockRestore();
	}, 15_000);
});

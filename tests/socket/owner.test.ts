// A signed-in teacher steers their session from a second device with the owner's credential,
// over a real socket: accepted for the owner, refused for another teacher and once the space
// is deleted; host links and board keys work as before for teachers who never sign in.

import { afterEach, describe, expect, it } from 'vitest';
import type { ControlSnapshot, SessionView } from '../../src/lib/protocol.ts';
import { ask, data, lesson, nextEvent, TestServer } from './harness.ts';

let server: TestServer;

afterEach(async () => {
	await server.dispose();
});

async function serve() {
	server = new TestServer();
	await server.start();
	return server;
}

async function ownedSession(teacherKey: string) {
	await server.store.teachers.ensureTeacher(teacherKey, Date.now());
	const started = await server.sessions.start(lesson.slug, { teacherKey });
	if (!started.ok) throw new Error(started.error);
	return started.value;
}

describe("the owner's credential over a socket", () => {
	it('makes a second device host: it steers, and the first device follows', async () => {
		await serve();
		const { session, hostSecret } = await ownedSession('a'.repeat(64));
		const first = await server.client();
		await data(ask<ControlSnapshot>(first, 'host:attach', { sessionId: session.id, hostSecret }));
		const second = await server.client();
		const ownerSecret = server.sessions.ownerSecret(session)!;
		const snapshot = await data(
			ask<ControlSnapshot>(second, 'host:attach', {
				sessionId: session.id,
				hostSecret: ownerSecret
			})
		);
		expect(snapshot.view.step).toBe(1);
		const followed = nextEvent<SessionView>(first, 'session:update');
		const view = await data(ask<SessionView>(second, 'session:step', { step: 2 }));
		expect(view.step).toBe(2);
		expect((await followed).step).toBe(2);
		// Its board, too, from the board secret that follows from it.
		const board = await server.client();
		const boardSecret = server.sessions.boardSecret(session, ownerSecret);
		expect(
			(
				await data(
					ask<ControlSnapshot>(board, 'board:attach', { sessionId: session.id, boardSecret })
				)
			).view.step
		).toBe(2);
	});

	it("is refused for another teacher's credential", async () => {
		await serve();
		const { session } = await ownedSession('a'.repeat(64));
		const stranger = server.sessions.ownerSecret({ ...session, teacherKey: 'b'.repeat(64) })!;
		const socket = await server.client();
		expect(
			await ask(socket, 'host:attach', { sessionId: session.id, hostSecret: stranger })
		).toEqual({ error: 'not-host' });
		expect(await ask(socket, 'session:step', { step: 2 })).toEqual({ error: 'not-host' });
	});

	it('is refused once the teacher deleted their space; the host link still works', async () => {
		await serve();
		const owner = 'a'.repeat(64);
		const { session, hostSecret } = await ownedSession(owner);
		const ownerSecret = server.sessions.ownerSecret(session)!;
		await server.store.teachers.deleteTeacher(owner);
		const socket = await server.client();
		expect(
			await ask(socket, 'host:attach', { sessionId: session.id, hostSecret: ownerSecret })
		).toEqual({ error: 'not-host' });
		await data(ask<ControlSnapshot>(socket, 'host:attach', { sessionId: session.id, hostSecret }));
		expect((await data(ask<SessionView>(socket, 'session:step', { step: 2 }))).step).toBe(2);
	});

	it('changes nothing for a teacher who never signs in', async () => {
		await serve();
		const { sessionId, hostSecret, boardSecret } = await server.startSession();
		const host = await server.client();
		await data(ask<ControlSnapshot>(host, 'host:attach', { sessionId, hostSecret }));
		const board = await server.client();
		await data(ask<ControlSnapshot>(board, 'board:attach', { sessionId, boardSecret }));
		expect((await data(ask<SessionView>(host, 'session:step', { step: 2 }))).step).toBe(2);
	});
});

// Item 13: a phone is never left on 'connecting', and a socket that changes role leaves its old one.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PupilSession } from '../../src/lib/live/pupil-session.svelte.ts';
import type { ControlSnapshot, OwnResponse, PupilSnapshot } from '../../src/lib/protocol.ts';
import { resultsIntervalMs } from '../../src/lib/server/limits.ts';
import { MemoryStorage } from '../fixtures/memory-storage.ts';
import { ask, data, TestServer, wait, type Client, until } from './harness.ts';

let server: TestServer;
const phones: PupilSession[] = [];

beforeEach(async () => {
	server = new TestServer();
	await server.start();
});
afterEach(async () => {
	for (const phone of phones.splice(0)) phone.stop();
	await server.dispose();
});

async function attach(
	socket: Client,
	session: { sessionId: string; hostSecret: string },
	role: 'host' | 'board'
) {
	return ask<ControlSnapshot>(socket, `${role}:attach`, {
		sessionId: session.sessionId,
		hostSecret: session.hostSecret
	});
}

async function joined(socket: Client, joinCode: string) {
	const credentials = await data<{ sessionId: string; token: string }>(
		ask(socket, 'pupil:join', { code: joinCode })
	);
	await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
	return credentials;
}

/** Counts the pupil:update messages a socket receives. */
function updatesTo(socket: Client) {
	const seen = { count: 0 };
	socket.on('pupil:update', () => (seen.count += 1));
	return seen;
}

describe('a socket that changes role', () => {
	it('stops counting as a pupil and hearing pupil updates once it attaches as a host', async () => {
		const first = await server.startSession();
		const second = await server.startSession();
		const teacher = await server.client();
		await data(attach(teacher, first, 'host'));
		const socket = await server.client();
		await joined(socket, first.joinCode);
		const updates = updatesTo(socket);
		await wait(resultsIntervalMs + 50);
		expect((await data(attach(teacher, first, 'host'))).presence.pupils).toBe(1);

		await data(attach(socket, second, 'host'));
		await data(ask(teacher, 'block:open', { blockId: 'voor' }));
		await wait(100);
		expect(updates.count).toBe(0);
		expect((await data(attach(teacher, first, 'host'))).presence.pupils).toBe(0);
	});

	it('leaves the first session behind when it resumes in another, its own phone room too', async () => {
		const first = await server.startSession();
		const second = await server.startSession();
		const teacher = await server.client();
		await data(attach(teacher, first, 'host'));
		await data(ask(teacher, 'block:open', { blockId: 'stil' }));
		const socket = await server.client();
		await joined(socket, first.joinCode);
		const written = await data<OwnResponse>(
			ask(socket, 'response:submit', { blockId: 'stil', text: 'eerst hier', clientId: 'phone-1' })
		);
		await joined(socket, second.joinCode);
		const updates = updatesTo(socket);
		let own = 0;
		socket.on('own:update', () => (own += 1));
		await data(ask(teacher, 'response:return', { responseId: written.id, prompt: 'Anders?' }));
		await data(ask(teacher, 'block:close', {}));
		await wait(100);
		expect({ updates: updates.count, own }).toEqual({ updates: 0, own: 0 });
		expect((await data(attach(teacher, first, 'host'))).presence.pupils).toBe(0);
	});

	it('stays the pupil it was when its attach as host is refused', async () => {
		const session = await server.startSession();
		const teacher = await server.client();
		await data(attach(teacher, session, 'host'));
		const socket = await server.client();
		await joined(socket, session.joinCode);
		const refused = await attach(socket, { ...session, hostSecret: 'x'.repeat(32) }, 'host');
		expect(refused).toEqual({ error: 'not-host' });
		const updates = updatesTo(socket);
		await data(ask(teacher, 'block:open', { blockId: 'voor' }));
		await wait(100);
		expect(updates.count).toBe(1);
		expect((await data(attach(teacher, session, 'host'))).presence.pupils).toBe(1);
	});
});

describe('a phone whose resume fails on the server', () => {
	it('is told so instead of connecting forever, and recovers once the server can resume it', async () => {
		const session = await server.startSession();
		const working = server.sessions.getSession.bind(server.sessions);
		server.sessions.getSession = () => Promise.reject(new Error('the disk is full'));
		const phone = new PupilSession(session.joinCode, {
			url: server.url,
			storage: { local: new MemoryStorage(), session: new MemoryStorage() }
		});
		phones.push(phone);
		phone.start();
		await until(() => phone.phase !== 'connecting');
		expect(phone.phase).toBe('failed');
		expect(phone.error).toBe('store-unavailable');

		server.sessions.getSession = working;
		await until(() => phone.phase === 'ready');
		expect(phone.error).toBeNull();
	}, 15_000);
});

describe('the role each command declares', () => {
	/** A payload each command's schema takes: the role is checked after it. */
	const hostCommands: [string, unknown][] = [
		['session:step', { step: 2 }],
		['session:lock', { locked: true }],
		['session:end', {}],
		['block:open', { blockId: 'voor' }],
		['block:close', {}],
		['block:reveal', { blockId: 'voor', revealed: true }],
		['words:allow', { blockId: 'woorden', word: 'vrede' }],
		['words:remove', { blockId: 'woorden', word: 'vrede' }],
		['words:restore', { blockId: 'woorden', word: 'vrede' }],
		['words:release-all', { blockId: 'woorden', words: ['vrede'] }],
		['timer:start', { blockId: 'debat' }],
		['timer:pause', {}],
		['timer:extend', { minutes: 1, extensionId: 'ext-1' }],
		['think:skip', {}],
		['think:extend', { seconds: 10, extensionId: 'ext-1' }],
		['pairs:make', { blockId: 'praten' }],
		['response:approve', { responseId: 'r1' }],
		['response:hide', { responseId: 'r1' }],
		['response:pin', { responseId: 'r1', pinned: true }],
		['response:return', { responseId: 'r1', prompt: 'Anders gezegd?' }],
		['responses:approve-all', { blockId: 'stil' }],
		['block:pause', { blockId: 'stil', paused: true }],
		['wall:clear', { blockId: 'stil' }],
		['wall:order', { byVotes: true }],
		['board:mode', { mode: 'rules' }],
		['board:blank', { blank: true }],
		['board:code', { large: true }]
	];
	const pupilCommands: [string, unknown][] = [
		['answer:submit', { blockId: 'voor', value: { kind: 'pass' } }],
		['pairs:mine', { blockId: 'praten' }],
		['pairs:take-part', { blockId: 'praten', takesPart: false }],
		['conversation:sync', { blockId: 'stil' }],
		['response:submit', { blockId: 'stil', text: 'Hallo', clientId: 'abcd' }],
		['response:withdraw', { responseId: 'r1' }],
		['response:vote', { responseId: 'r1' }]
	];

	/** Asks each command in turn, within the connection's rate: what each one answered. */
	async function answers(socket: Client, commands: [string, unknown][]) {
		const answered: Record<string, unknown> = {};
		for (const [index, [event, payload]] of commands.entries()) {
			if (index > 0 && index % 10 === 0) await wait(2_100);
			answered[event] = await ask(socket, event, payload);
		}
		return answered;
	}
	const each = (commands: [string, unknown][], answer: unknown) =>
		Object.fromEntries(commands.map(([event]) => [event, answer]));

	it('refuses every command to a socket not attached in its role, with its role’s code', async () => {
		const session = await server.startSession();
		const board = await server.client();
		await data(
			ask(board, 'board:attach', {
				sessionId: session.sessionId,
				boardSecret: session.boardSecret
			})
		);
		const phone = await server.client();
		await joined(phone, session.joinCode);
		const teacher = await server.host(session);
		const stranger = await server.client();
		const [fromBoard, fromPhone, fromTeacher, fromStranger] = await Promise.all([
			answers(board, [...hostCommands, ...pupilCommands]),
			answers(phone, hostCommands),
			answers(teacher, pupilCommands),
			answers(stranger, [...pupilCommands, ...hostCommands])
		]);
		const refused = {
			...each(hostCommands, { error: 'not-host' }),
			...each(pupilCommands, { error: 'not-attached' })
		};
		expect(fromBoard).toEqual(refused);
		expect(fromPhone).toEqual(each(hostCommands, { error: 'not-host' }));
		expect(fromTeacher).toEqual(each(pupilCommands, { error: 'not-attached' }));
		expect(fromStranger).toEqual(refused);
		// Nothing of it reached the session.
		const stored = await server.sessions.getSession(session.sessionId);
		expect(stored).toMatchObject({ step: 1, locked: false, status: 'live', openBlockId: null });
	}, 20_000);
});

import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
	ControlSnapshot,
	LiveResults,
	PupilSnapshot,
	PupilUpdate,
	SessionView
} from '../../src/lib/protocol.ts';
import {
	maxMessageBytes,
	presenceIntervalMs,
	resultsIntervalMs
} from '../../src/lib/server/limits.ts';
import { Render } from '../../src/lib/server/realtime/render.ts';
import { ask, data, nextEvent, TestServer, untyped, wait } from './harness.ts';

let server: TestServer;

beforeEach(async () => {
	server = new TestServer();
	await server.start();
});
afterEach(async () => {
	await server.dispose();
});

async function host(
	session: { sessionId: string; hostSecret: string; boardSecret: string },
	role: 'host' | 'board' = 'host'
) {
	const socket = await server.client();
	const snapshot = await data<ControlSnapshot>(
		role === 'host'
			? ask(socket, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
			: ask(socket, 'board:attach', {
					sessionId: session.sessionId,
					boardSecret: session.boardSecret
				})
	);
	return { socket, snapshot };
}

async function pupil(joinCode: string, options: { reconnect?: boolean } = {}) {
	const socket = await server.client(options);
	const credentials = await data<{ sessionId: string; token: string }>(
		ask(socket, 'pupil:join', { code: joinCode })
	);
	const snapshot = await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
	return { socket, credentials, snapshot };
}

describe('the realtime transport', () => {
	it('shares the HTTP server that serves pages', async () => {
		expect(await (await fetch(server.url)).text()).toBe('page');
		expect((await server.client()).connected).toBe(true);
	});

	it('keeps no handshake request, so no address or headers, per connection', async () => {
		await server.client();
		const engine = (
			server as unknown as {
				realtime: { io: { engine: { clients: Record<string, { request: unknown }> } } };
			}
		).realtime.io.engine;
		const connections = Object.values(engine.clients);
		expect(connections).toHaveLength(1);
		expect(connections[0].request).toBeNull();
	});
});

describe('a live session over sockets', () => {
	it('lets a pupil join by code, see the open block and answer it', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const { socket, snapshot } = await pupil(session.joinCode);
		expect(snapshot.block).toBeNull();
		const update = nextEvent<PupilUpdate>(socket, 'pupil:update');
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		expect((await update).block).toMatchObject({ id: 'bronnen', type: 'poll', multiple: true });
		expect(
			await ask(socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [0, 2] }
			})
		).toEqual({
			data: { stored: true }
		});
	});

	it('joins and resumes a phone in one round trip when it asks, attached at once', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const socket = await server.client();
		const joined = await data<{ sessionId: string; token: string; snapshot?: PupilSnapshot }>(
			ask(socket, 'pupil:join', { code: session.joinCode, resume: true })
		);
		expect(joined.sessionId).toBe(session.sessionId);
		expect(joined.snapshot?.block).toMatchObject({ id: 'bronnen' });
		expect(joined.snapshot?.myAnswer).toBeNull();
		// Attached: it answers and hears the class without a resume of its own.
		expect(
			await ask(socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [1] }
			})
		).toEqual({ data: { stored: true } });
		const update = nextEvent<PupilUpdate>(socket, 'pupil:update');
		await data(ask(teacher.socket, 'block:close', {}));
		expect((await update).block).toBeNull();
		// Its token is a pupil's token like any other: a reload resumes with it.
		const reloaded = await server.client();
		const resumed = await data<PupilSnapshot>(
			ask(reloaded, 'pupil:resume', { sessionId: joined.sessionId, token: joined.token })
		);
		expect(resumed.view.id).toBe(session.sessionId);
		// Without asking, a join answers the credentials only, as before.
		const plain = await data<{ snapshot?: PupilSnapshot }>(
			ask(await server.client(), 'pupil:join', { code: session.joinCode })
		);
		expect(plain.snapshot).toBeUndefined();
	});

	it('counts duplicate and replayed answers once, and a changed answer as a change', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const one = await pupil(session.joinCode);
		const answer = { blockId: 'bronnen', value: { kind: 'choice', options: [1] } };
		await Promise.all([1, 2, 3].map(() => ask(one.socket, 'answer:submit', answer)));
		// The same pupil on a second phone tab, replaying with the same token.
		const again = await server.client();
		await data(ask(again, 'pupil:resume', one.credentials));
		await data(ask(again, 'answer:submit', answer));
		await data(
			ask(again, 'answer:submit', { blockId: 'bronnen', value: { kind: 'choice', options: [2] } })
		);
		const two = await pupil(session.joinCode);
		await data(ask(two.socket, 'answer:submit', answer));
		const results = (await server.sessions.results(
			(await server.sessions.getSession(session.sessionId))!,
			'bronnen',
			true
		))!;
		expect(results.answered).toBe(2);
		expect((await server.store.blockTally(session.sessionId, 'bronnen')).answers).toHaveLength(2);
	});

	it('gives a reloaded phone its own answer back', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'voor' }));
		const first = await pupil(session.joinCode);
		await data(
			ask(first.socket, 'answer:submit', {
				blockId: 'voor',
				value: { kind: 'scale', value: 4, reason: 'omdat' }
			})
		);
		first.socket.disconnect();
		const reloaded = await server.client();
		const snapshot = await data<PupilSnapshot>(ask(reloaded, 'pupil:resume', first.credentials));
		expect(snapshot.myAnswer).toEqual({ kind: 'scale', value: 4, reason: 'omdat' });
	});

	it('never lets a pupil token act as host', async () => {
		const session = await server.startSession();
		const { socket, credentials } = await pupil(session.joinCode);
		expect(
			await ask(socket, 'host:attach', {
				sessionId: session.sessionId,
				hostSecret: credentials.token
			})
		).toEqual({ error: 'not-host' });
		expect(
			await ask(socket, 'board:attach', {
				sessionId: session.sessionId,
				boardSecret: credentials.token
			})
		).toEqual({ error: 'not-board' });
		for (const [event, payload] of [
			['block:open', { blockId: 'bronnen' }],
			['session:step', { step: 2 }],
			['session:lock', { locked: true }],
			['session:end', {}],
			['block:reveal', { blockId: 'voor', revealed: true }]
		] as const) {
			expect(await ask(socket, event, payload)).toEqual({ error: 'not-host' });
		}
		expect(await server.sessions.getSession(session.sessionId)).toMatchObject({
			status: 'live',
			locked: false,
			openBlockId: null
		});
	});

	it('lets a board watch but not steer', async () => {
		const session = await server.startSession();
		const board = await host(session, 'board');
		expect(await ask(board.socket, 'block:open', { blockId: 'bronnen' })).toEqual({
			error: 'not-host'
		});
	});

	it('lets the host blank the board and show the join code large again, and tells the board at once', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		expect(board.snapshot.view.stage).toMatchObject({ blank: false, codeLarge: true });
		const blanked = nextEvent<SessionView>(board.socket, 'session:update');
		await data(ask(teacher.socket, 'board:blank', { blank: true }));
		expect((await blanked).stage.blank).toBe(true);
		const opened = nextEvent<SessionView>(board.socket, 'session:update');
		await data(ask(teacher.socket, 'block:open', { blockId: 'start' }));
		expect((await opened).stage.codeLarge).toBe(false);
		const large = nextEvent<SessionView>(board.socket, 'session:update');
		await data(ask(teacher.socket, 'board:code', { large: true }));
		expect((await large).stage).toMatchObject({ blank: true, codeLarge: true });
		expect(await ask(board.socket, 'board:blank', { blank: false })).toEqual({ error: 'not-host' });
		expect(await ask(teacher.socket, 'board:blank', { blank: 'yes' })).toEqual({
			error: 'invalid-payload'
		});
		expect(await ask(teacher.socket, 'board:code', {})).toEqual({ error: 'invalid-payload' });
	});

	it('refuses joins to a locked room, politely', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const inside = await pupil(session.joinCode);
		await data(ask(teacher.socket, 'session:lock', { locked: true }));
		const late = await server.client();
		expect(await ask(late, 'pupil:join', { code: session.joinCode })).toEqual({
			error: 'room-locked'
		});
		expect(
			(await data<PupilSnapshot>(ask(inside.socket, 'pupil:resume', inside.credentials))).view
				.locked
		).toBe(true);
	});

	it('lets a whole class join at once from one school address', async () => {
		const session = await server.startSession();
		const joined = await Promise.all(Array.from({ length: 40 }, () => pupil(session.joinCode)));
		expect(joined).toHaveLength(40);
	});

	it('answers malformed payloads with invalid-payload and keeps serving', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const { socket } = await pupil(session.joinCode);
		const malformed: unknown[] = [
			null,
			'x',
			42,
			[],
			{ blockId: 'bronnen' },
			{ blockId: 'bronnen', value: { kind: 'choice', options: 'all' } },
			{ blockId: 'bronnen', value: { kind: 'hack' } },
			{ blockId: '../../etc', value: { kind: 'pass' } },
			{ blockId: 'bronnen', value: { kind: 'pass' }, extra: true },
			JSON.parse('{"blockId":"bronnen","value":{"kind":"pass"},"__proto__":{"admin":true}}')
		];
		for (const payload of malformed) {
			await wait(220);
			expect(await ask(socket, 'answer:submit', payload)).toEqual({ error: 'invalid-payload' });
		}
		expect(
			await ask(socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [9] }
			})
		).toEqual({
			error: 'option-out-of-range'
		});
		expect(await ask(teacher.socket, 'session:step', { step: 'two' })).toEqual({
			error: 'invalid-payload'
		});
		expect(
			await ask(socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [1] }
			})
		).toEqual({
			data: { stored: true }
		});
	});

	it('cuts off a client sending an oversized message and keeps serving the others', async () => {
		const session = await server.startSession();
		const big = await pupil(session.joinCode);
		const other = await pupil(session.joinCode);
		const closed = nextEvent<string>(big.socket, 'disconnect');
		untyped(big.socket).emit('answer:submit', {
			blockId: 'bronnen',
			value: { kind: 'words', words: ['x'.repeat(maxMessageBytes * 2)] }
		});
		expect(await closed).toMatch(/transport/);
		expect(other.socket.connected).toBe(true);
		expect('data' in (await ask(other.socket, 'pupil:resume', other.credentials))).toBe(true);
	});

	it('bounds a flood: rate-limited answers, then disconnection, while another room carries on', async () => {
		const flooded = await server.startSession();
		const calm = await server.startSession();
		const calmTeacher = await host(calm);
		await data(ask(calmTeacher.socket, 'block:open', { blockId: 'bronnen' }));
		const calmPupil = await pupil(calm.joinCode);
		const flooder = await pupil(flooded.joinCode);

		const responses = await Promise.all(
			Array.from({ length: 30 }, () =>
				ask(flooder.socket, 'answer:submit', { blockId: 'bronnen', value: { kind: 'pass' } }).catch(
					() => null
				)
			)
		);
		expect(
			responses.filter(
				(response) => response && 'error' in response && response.error === 'rate-limited'
			).length
		).toBeGreaterThan(10);

		const gone = nextEvent(flooder.socket, 'disconnect');
		for (let index = 0; index < 300; index += 1) untyped(flooder.socket).emit('nonsense');
		await gone;
		expect(
			await ask(calmPupil.socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [0] }
			})
		).toEqual({
			data: { stored: true }
		});
	});

	it('counts acknowledgement packets against the flood limit too', async () => {
		const flooder = await pupil((await server.startSession()).joinCode);
		const gone = nextEvent(flooder.socket, 'disconnect');
		// Acknowledgements of questions the server never asked: socket.io's middleware never sees them.
		const engine = (flooder.socket.io as unknown as { engine: { write(data: string): void } })
			.engine;
		for (let index = 0; index < 300; index += 1) engine.write(`3${index}[]`);
		await gone;
		expect(flooder.socket.connected).toBe(false);
	});

	it('coalesces a burst of thirty answers into a handful of board updates', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const pupils = await Promise.all(Array.from({ length: 30 }, () => pupil(session.joinCode)));
		const updates: LiveResults[] = [];
		board.socket.on('results:update', (results) => updates.push(results));
		await Promise.all(
			pupils.map(({ socket }, index) =>
				data(
					ask(socket, 'answer:submit', {
						blockId: 'bronnen',
						value: { kind: 'choice', options: [index % 3] }
					})
				)
			)
		);
		await wait(600);
		expect(updates.length).toBeGreaterThan(0);
		expect(updates.length).toBeLessThanOrEqual(5);
		expect(updates.at(-1)).toMatchObject({ answered: 30, distribution: { counts: [10, 10, 10] } });
	});

	it('shows the board no distribution until the minimum is reached or while unrevealed', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		await data(ask(teacher.socket, 'block:open', { blockId: 'voor' }));
		const pupils = await Promise.all(Array.from({ length: 5 }, () => pupil(session.joinCode)));
		const boardUpdates: LiveResults[] = [];
		board.socket.on('results:update', (results) => boardUpdates.push(results));
		for (const [index, { socket }] of pupils.entries()) {
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'voor',
					value: { kind: 'scale', value: 3, reason: `reden ${index}` }
				})
			);
		}
		await wait(400);
		expect(boardUpdates.at(-1)).toMatchObject({
			answered: 5,
			distribution: null,
			withheld: 'not-revealed'
		});
		expect(JSON.stringify(boardUpdates)).not.toContain('reden');
		await data(ask(teacher.socket, 'block:reveal', { blockId: 'voor', revealed: true }));
		await wait(50);
		expect(boardUpdates.at(-1)).toMatchObject({
			answered: 5,
			withheld: null,
			distribution: { counts: [0, 0, 0, 5, 0, 0] }
		});
		expect(JSON.stringify(boardUpdates)).not.toContain('reden');
	});

	it('counts present pupils for the board, a class arriving at once in a few messages', async () => {
		const session = await server.startSession();
		const board = await host(session, 'board');
		const counts: number[] = [];
		board.socket.on('presence:update', ({ pupils }) => counts.push(pupils));
		const [one] = await Promise.all(Array.from({ length: 10 }, () => pupil(session.joinCode)));
		await wait(presenceIntervalMs + 100);
		expect(counts.at(-1)).toBe(10);
		// The first arrival at once, the rest in the next count.
		expect(counts.length).toBeLessThanOrEqual(2);
		one.socket.disconnect();
		await wait(presenceIntervalMs + 100);
		expect(counts.at(-1)).toBe(9);
	});
});

describe('what the console is told of the lesson', () => {
	it('counts the boards attached, from the first until the last has gone', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		expect(teacher.snapshot.presence).toEqual({ pupils: 0, boards: 0 });
		const counts: number[] = [];
		teacher.socket.on('presence:update', ({ boards }) => counts.push(boards));
		const board = await host(session, 'board');
		await wait(presenceIntervalMs + 100);
		expect(counts.at(-1)).toBe(1);
		expect(board.snapshot.presence.boards).toBe(1);
		board.socket.disconnect();
		await wait(presenceIntervalMs + 100);
		expect(counts.at(-1)).toBe(0);
	});

	it('remembers which blocks were opened, so a closed block is told from one never opened', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		expect(teacher.snapshot.view.opened).toEqual([]);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const closed = await data<SessionView>(ask(teacher.socket, 'block:close', {}));
		expect(closed).toMatchObject({ openBlockId: null, opened: ['bronnen'] });
		const again = await data<SessionView>(
			ask(teacher.socket, 'block:open', { blockId: 'bronnen' })
		);
		expect(again.opened).toEqual(['bronnen']);
		// A screen attaching later is told as well.
		expect((await host(session)).snapshot.view.opened).toEqual(['bronnen']);
	});
});

describe('deleting a session', () => {
	it('ends it on every screen still showing it, and then nothing of it reaches them', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const { socket } = await pupil(session.joinCode);

		const boardSees = nextEvent<{ status: string }>(board.socket, 'session:update');
		const pupilSees = nextEvent<PupilUpdate>(socket, 'pupil:update');
		await server.sessions.delete(session.sessionId);
		expect(await boardSees).toMatchObject({ status: 'ended' });
		expect(await pupilSees).toMatchObject({ view: { status: 'ended' }, block: null });

		const later: unknown[] = [];
		board.socket.onAny((...event) => later.push(event));
		expect(
			await ask(socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [0] }
			})
		).toEqual({ error: 'session-not-found' });
		await wait(resultsIntervalMs + 100);
		expect(later).toEqual([]);
	});

	it('answers every later command of its screens with session-not-found, as documented', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const { socket } = await pupil(session.joinCode);
		await server.sessions.delete(session.sessionId);
		const answers = await Promise.all([
			ask(socket, 'response:submit', { blockId: 'stil', text: 'hallo', clientId: 'phone-1' }),
			ask(socket, 'response:withdraw', { responseId: 'r1' }),
			ask(socket, 'response:vote', { responseId: 'r1' }),
			ask(socket, 'conversation:sync', { blockId: 'stil' }),
			ask(teacher.socket, 'session:step', { step: 2 }),
			ask(teacher.socket, 'response:approve', { responseId: 'r1' }),
			ask(teacher.socket, 'responses:approve-all', { blockId: 'stil' }),
			ask(teacher.socket, 'block:pause', { blockId: 'stil', paused: true })
		]);
		expect(answers).toEqual(Array(answers.length).fill({ error: 'session-not-found' }));
	});
});

describe('retention', () => {
	it('ends the screens still showing a session it deletes, like a teacher’s delete', async () => {
		const session = await server.startSession();
		const board = await host(session, 'board');
		const { socket } = await pupil(session.joinCode);
		const stored = (await server.sessions.getSession(session.sessionId))!;
		await server.store.updateSession({ ...stored, expiresAt: Date.now() - 1 });

		const boardSees = nextEvent<{ status: string }>(board.socket, 'session:update');
		const pupilSees = nextEvent<PupilUpdate>(socket, 'pupil:update');
		expect(await server.sessions.deleteExpired()).toBe(1);
		expect(await boardSees).toMatchObject({ status: 'ended' });
		expect(await pupilSees).toMatchObject({ view: { status: 'ended' }, block: null });
		expect(await server.sessions.getSession(session.sessionId)).toBeNull();
	});
});

describe('work on a timer or an event', () => {
	it('logs a store that throws while results are sent, without pupil data, and carries on', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const first = await pupil(session.joinCode);
		const second = await pupil(session.joinCode);
		const updates: LiveResults[] = [];
		teacher.socket.on('results:update', (results) => updates.push(results));

		const answers = vi
			.spyOn(server.store, 'blockTally')
			.mockRejectedValue(new Error(`database is broken near ${first.credentials.token}`));
		await data(
			ask(first.socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [0] }
			})
		);
		await wait(resultsIntervalMs + 100);
		expect(errors).toHaveBeenCalled();
		const logged = JSON.stringify(errors.mock.calls);
		expect(logged).toContain('results update failed');
		expect(logged).not.toContain(first.credentials.token);

		answers.mockRestore();
		await data(
			ask(second.socket, 'answer:submit', {
				blockId: 'bronnen',
				value: { kind: 'choice', options: [1] }
			})
		);
		await wait(resultsIntervalMs + 100);
		expect(updates.at(-1)).toMatchObject({ answered: 2 });
		errors.mockRestore();
	});

	it('answers internal-error to a command whose handler has a bug, and logs no pupil text', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const phone = await pupil(session.joinCode);
		const secret = 'mijn adres is Kerkstraat 12';
		const broken = vi.spyOn(server.sessions, 'answer').mockImplementation(() => {
			throw new TypeError(`cannot read ${secret}`);
		});
		const answered = await ask(phone.socket, 'answer:submit', {
			blockId: 'bronnen',
			value: { kind: 'choice', options: [0] }
		});
		expect(answered).toEqual({ error: 'internal-error' });
		// As the console prints it: an Error's message included.
		const logged = inspect(errors.mock.calls);
		expect(logged).toContain('answer:submit failed');
		expect(logged).not.toContain(secret);
		broken.mockRestore();
		errors.mockRestore();
	});

	it('answers store-unavailable when the store fails, acknowledges nothing, and counts the resend once', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const phone = await pupil(session.joinCode);
		const answer = { blockId: 'bronnen', value: { kind: 'choice', options: [2] } };
		const down = vi
			.spyOn(server.store, 'writeAnswers')
			.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
		expect(await ask(phone.socket, 'answer:submit', answer)).toEqual({
			error: 'store-unavailable'
		});
		expect(inspect(errors.mock.calls)).toContain('answer:submit failed');
		down.mockRestore();
		expect((await server.store.blockTally(session.sessionId, 'bronnen')).answers).toEqual([]);
		expect(await ask(phone.socket, 'answer:submit', answer)).toEqual({ data: { stored: true } });
		expect(await ask(phone.socket, 'answer:submit', answer)).toEqual({ data: { stored: true } });
		expect((await server.store.blockTally(session.sessionId, 'bronnen')).answers).toHaveLength(1);
		errors.mockRestore();
	});

	it('answers store-unavailable to a host whose store fails, and steers nothing', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const teacher = await host(session);
		const down = vi
			.spyOn(server.store, 'updateSession')
			.mockRejectedValue(new Error('Connection terminated unexpectedly'));
		expect(await ask(teacher.socket, 'block:open', { blockId: 'bronnen' })).toEqual({
			error: 'store-unavailable'
		});
		down.mockRestore();
		expect((await server.sessions.getSession(session.sessionId))?.openBlockId).toBeNull();
		errors.mockRestore();
	});

	it('carries on sending after rendering one event failed', async () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		const view = vi.spyOn(Render.prototype, 'pupilUpdate').mockImplementationOnce(() => {
			throw new TypeError('rendering bug');
		});
		// The change is stored and acknowledged although its announcement failed.
		expect('data' in (await ask(teacher.socket, 'session:lock', { locked: true }))).toBe(true);
		expect(inspect(errors.mock.calls)).toContain('session update failed');
		const next = nextEvent<SessionView>(board.socket, 'session:update');
		await data(ask(teacher.socket, 'session:step', { step: 2 }));
		expect(await next).toMatchObject({ step: 2, locked: true });
		view.mockRestore();
		errors.mockRestore();
	});
});

describe('a server restart during an open poll', () => {
	it('keeps every acknowledged answer, counted once, and lets clients resume', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
		const pupils = await Promise.all(
			Array.from({ length: 6 }, () => pupil(session.joinCode, { reconnect: true }))
		);
		for (const [index, { socket }] of pupils.entries()) {
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'bronnen',
					value: { kind: 'choice', options: [index % 3] }
				})
			);
		}

		const reconnected = pupils.map(
			({ socket }) =>
				new Promise<void>((resolve) =>
					socket.once('disconnect', () => socket.once('connect', () => resolve()))
				)
		);
		await server.stop();
		await server.start();
		await Promise.all(reconnected);

		// Each phone re-syncs with its token, as PupilSession does on every connect.
		const resumed = await Promise.all(
			pupils.map(({ socket, credentials }) =>
				data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials))
			)
		);
		expect(resumed.map((snapshot) => snapshot.block?.id)).toEqual(Array(6).fill('bronnen'));
		expect(
			resumed.map((snapshot) => (snapshot.myAnswer as { options: number[] }).options[0])
		).toEqual([0, 1, 2, 0, 1, 2]);

		// Phones that did not see their acknowledgement resend; that must not count twice.
		for (const [index, { socket }] of pupils.entries()) {
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'bronnen',
					value: { kind: 'choice', options: [index % 3] }
				})
			);
		}
		const teacherAgain = await host(session);
		expect(teacherAgain.snapshot.results.bronnen).toMatchObject({
			answered: 6,
			distribution: { counts: [2, 2, 2] }
		});
	});
});

describe('the word cloud over sockets', () => {
	it('never sends the board a word the teacher did not let through, at any moment', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		// Every payload the board gets, from its attach answer on, as the wire carries it.
		const boardSocket = await server.client();
		const boardHeard: string[] = [];
		boardSocket.onAny((event: string, ...args: unknown[]) =>
			boardHeard.push(JSON.stringify([event, ...args]))
		);
		boardHeard.push(
			JSON.stringify(
				await ask(boardSocket, 'board:attach', {
					sessionId: session.sessionId,
					boardSecret: session.boardSecret
				})
			)
		);
		const boardResults: LiveResults[] = [];
		const hostResults: LiveResults[] = [];
		boardSocket.on('results:update', (results) => boardResults.push(results));
		teacher.socket.on('results:update', (results) => hostResults.push(results));
		const everythingTheBoardGot = () => boardHeard.join('\n');

		await data(ask(teacher.socket, 'block:open', { blockId: 'woorden' }));
		const pupils = await Promise.all(Array.from({ length: 6 }, () => pupil(session.joinCode)));
		const words = [
			['vrijheid', 'kankerhomo'],
			['vrijheid'],
			['stemmen'],
			['mening'],
			['vrijheid'],
			['0612345678']
		];
		for (const [index, { socket }] of pupils.entries()) {
			await data(
				ask(socket, 'answer:submit', {
					blockId: 'woorden',
					value: { kind: 'words', words: words[index] }
				})
			);
		}
		await wait(400);
		const shown = (results: LiveResults | undefined) =>
			results?.distribution?.kind === 'words' ? results.distribution.words.map((w) => w.word) : [];
		const unapproved = ['vrijheid', 'kankerhomo', 'stemmen', 'mening', '0612345678'];
		for (const word of unapproved) expect(everythingTheBoardGot()).not.toContain(word);
		// The board does learn that words are coming in, as a number.
		expect(boardResults.at(-1)?.distribution).toEqual({ kind: 'words', words: [], waiting: 5 });
		// The teacher sees them all: two held with the reason, three waiting.
		const states = Object.fromEntries(
			(hostResults.at(-1)?.words ?? []).map((entry) => [entry.word, entry.state])
		);
		expect(states).toEqual({
			vrijheid: 'waiting',
			kankerhomo: 'held',
			'0612345678': 'held',
			mening: 'waiting',
			stemmen: 'waiting'
		});

		// 'Toon alle woorden' with what the teacher saw, held words named along: only the waiting ones go.
		expect(
			await ask(teacher.socket, 'words:release-all', {
				blockId: 'woorden',
				words: Object.keys(states)
			})
		).toEqual({ data: { released: 3 } });
		await wait(100);
		expect(shown(boardResults.at(-1))).toEqual(['vrijheid', 'mening', 'stemmen']);
		expect(everythingTheBoardGot()).not.toContain('kankerhomo');
		expect(everythingTheBoardGot()).not.toContain('0612345678');

		// A word sent after that waits again, and stays off the board.
		const late = await pupil(session.joinCode);
		await data(
			ask(late.socket, 'answer:submit', {
				blockId: 'woorden',
				value: { kind: 'words', words: ['hoop'] }
			})
		);
		await wait(400);
		expect(everythingTheBoardGot()).not.toContain('hoop');
		expect(boardResults.at(-1)?.distribution).toMatchObject({ waiting: 3 });

		// The held word reaches the board only by its own 'Toon'.
		expect(
			await ask(teacher.socket, 'words:allow', { blockId: 'woorden', word: 'kankerhomo' })
		).toEqual({ data: { word: 'kankerhomo' } });
		await wait(100);
		expect(shown(boardResults.at(-1))).toContain('kankerhomo');
		expect(everythingTheBoardGot()).not.toContain('0612345678');
		expect(everythingTheBoardGot()).not.toContain('hoop');

		await data(ask(teacher.socket, 'words:remove', { blockId: 'woorden', word: 'Stemmen' }));
		await wait(50);
		expect(shown(boardResults.at(-1))).toEqual(['vrijheid', 'kankerhomo', 'mening']);
		// Undone, a taken-off word waits for the teacher again.
		await data(ask(teacher.socket, 'words:restore', { blockId: 'woorden', word: 'stemmen' }));
		await wait(50);
		expect(shown(boardResults.at(-1))).not.toContain('stemmen');
		// A new board sees the same as the one that was there all along.
		const lateBoard = await host(session, 'board');
		expect(shown(lateBoard.snapshot.results.woorden)).toEqual(shown(boardResults.at(-1)));
	});

	it('takes word decisions from the host only, with a valid payload, for a word cloud', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		const { socket: phone } = await pupil(session.joinCode);
		const decision = { blockId: 'woorden', word: 'vrijheid' };
		expect(await ask(phone, 'words:remove', decision)).toEqual({ error: 'not-host' });
		expect(await ask(board.socket, 'words:allow', decision)).toEqual({ error: 'not-host' });
		for (const payload of [
			{ blockId: 'woorden' },
			{ blockId: 'woorden', word: '' },
			{ blockId: 'woorden', word: 'x'.repeat(101) },
			{ blockId: 'woorden', word: 5 },
			{ blockId: 'woorden', word: 'a', extra: true },
			null
		]) {
			expect(await ask(teacher.socket, 'words:remove', payload)).toEqual({
				error: 'invalid-payload'
			});
		}
		expect(await ask(teacher.socket, 'words:remove', { blockId: 'bronnen', word: 'a' })).toEqual({
			error: 'not-a-word-cloud'
		});
		expect(await ask(teacher.socket, 'words:remove', { blockId: 'nergens', word: 'a' })).toEqual({
			error: 'block-not-found'
		});
	});

	it('lets the whole cloud through for the host only, with a valid list of words', async () => {
		const session = await server.startSession();
		const teacher = await host(session);
		const board = await host(session, 'board');
		const { socket: phone } = await pupil(session.joinCode);
		const release = { blockId: 'woorden', words: ['vrijheid'] };
		expect(await ask(phone, 'words:release-all', release)).toEqual({ error: 'not-host' });
		expect(await ask(board.socket, 'words:release-all', release)).toEqual({ error: 'not-host' });
		for (const payload of [
			{ blockId: 'woorden' },
			{ blockId: 'woorden', words: 'vrijheid' },
			{ blockId: 'woorden', words: [''] },
			{ blockId: 'woorden', words: ['x'.repeat(101)] },
			{ blockId: 'woorden', words: [5] },
			{ blockId: 'woorden', words: Array.from({ length: 201 }, (_, index) => `w${index}`) },
			{ blockId: 'woorden', words: [], extra: true },
			null
		]) {
			expect(await ask(teacher.socket, 'words:release-all', payload)).toEqual({
				error: 'invalid-payload'
			});
		}
		expect(
			await ask(teacher.socket, 'words:release-all', { ...release, blockId: 'bronnen' })
		).toEqual({
			error: 'not-a-word-cloud'
		});
		// Nothing waits yet: nothing is let through, and that is no error.
		expect(await ask(teacher.socket, 'words:release-all', release)).toEqual({
			data: { released: 0 }
		});
	});
});

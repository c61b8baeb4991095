// Who may see and do what over sockets: the board's own credential, joins that one class's
// typos or one guesser cannot block for others, addresses behind a proxy, connection bounds,
// and sessions that end themselves.

import { afterEach, describe, expect, it } from 'vitest';
import type { ControlSnapshot, PupilUpdate, SessionView } from '../../src/lib/protocol.ts';
import { ask, data, nextEvent, TestServer, type Client } from './harness.ts';

let server: TestServer;

async function serve(options: ConstructorParameters<typeof TestServer>[0] = {}) {
	server = new TestServer(options);
	await server.start();
	return server;
}

afterEach(async () => {
	await server.dispose();
});

const behindProxy = { proxy: { addressHeader: 'x-forwarded-for', xffDepth: 1 } };
const from = (address: string) => ({ headers: { 'x-forwarded-for': `6.6.6.6, ${address}` } });

/** A code no live session has. */
const wrongCode = (session: { joinCode: string }, n: number) => {
	const code = String(100000 + n);
	return code === session.joinCode ? '099999' : code;
};

async function join(socket: Client, code: string) {
	const response = await ask(socket, 'pupil:join', { code });
	return 'error' in response ? response.error : 'joined';
}

/** `phones` connections at `address`, each mistyping `times` times; returns the outcomes. */
async function mistype(
	session: { joinCode: string },
	phones: number,
	times: number,
	options: { headers?: Record<string, string> } = {}
) {
	const sockets = await Promise.all(Array.from({ length: phones }, () => server.client(options)));
	const outcomes = await Promise.all(
		sockets.map(async (socket, phone) => {
			const mine: string[] = [];
			for (let miss = 0; miss < times; miss += 1)
				mine.push(await join(socket, wrongCode(session, phone * times + miss)));
			return mine;
		})
	);
	return outcomes.flat();
}

const count = (outcomes: string[], outcome: string) =>
	outcomes.filter((candidate) => candidate === outcome).length;

describe('the board', () => {
	it('attaches with its own secret and gets only what the class may see', async () => {
		await serve();
		const session = await server.startSession();
		const host = await server.client();
		await data(
			ask(host, 'host:attach', { sessionId: session.sessionId, hostSecret: session.hostSecret })
		);
		const pupil = await server.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(pupil, 'pupil:join', { code: session.joinCode })
		);
		await data(ask(pupil, 'pupil:resume', credentials));
		await server.store.updateSession({
			...(await server.sessions.getSession(session.sessionId))!,
			openBlockId: 'stil'
		});
		await data(
			ask(pupil, 'response:submit', { blockId: 'stil', text: 'nog geheim', clientId: 'client-1' })
		);

		const board = await server.client();
		const snapshot = await data<ControlSnapshot>(
			ask(board, 'board:attach', { sessionId: session.sessionId, boardSecret: session.boardSecret })
		);
		expect(snapshot.view.joinCode).toBe(session.joinCode);
		expect(snapshot.queue).toEqual([]);
		expect(JSON.stringify(snapshot)).not.toContain('nog geheim');
		expect(await ask(board, 'session:end', {})).toEqual({ error: 'not-host' });
		expect(await ask(board, 'response:approve', { responseId: 'x' })).toMatchObject({
			error: expect.any(String)
		});
		expect((await server.sessions.getSession(session.sessionId))?.status).toBe('live');
	});

	it('cannot become a host with its secret, nor a board with the host secret', async () => {
		await serve();
		const session = await server.startSession();
		const socket = await server.client();
		expect(
			await ask(socket, 'host:attach', {
				sessionId: session.sessionId,
				hostSecret: session.boardSecret
			})
		).toEqual({ error: 'not-host' });
		expect(
			await ask(socket, 'board:attach', {
				sessionId: session.sessionId,
				boardSecret: session.hostSecret
			})
		).toEqual({ error: 'not-board' });
		expect(
			await ask(socket, 'board:attach', {
				sessionId: session.sessionId,
				hostSecret: session.hostSecret
			})
		).toEqual({ error: 'invalid-payload' });
	});
});

describe('joining with a code at one school address', () => {
	it('lets another class in after a class mistyped its code many times', async () => {
		await serve();
		const session = await server.startSession();
		const typos = await mistype(session, 30, 3);
		expect(count(typos, 'unknown-code')).toBe(90);
		const otherClass = await Promise.all(
			Array.from({ length: 30 }, async () => join(await server.client(), session.joinCode))
		);
		expect(otherClass).toEqual(Array(30).fill('joined'));
	});

	it('stops one phone that keeps mistyping, alone', async () => {
		await serve();
		const session = await server.startSession();
		const phone = await server.client();
		const outcomes: string[] = [];
		for (let miss = 0; miss < 6; miss += 1)
			outcomes.push(await join(phone, wrongCode(session, miss)));
		expect(outcomes).toEqual([...Array(5).fill('unknown-code'), 'too-many-joins']);
		expect(await join(phone, session.joinCode)).toBe('too-many-joins');
		expect(await join(await server.client(), session.joinCode)).toBe('joined');
	});

	it('bounds guessing per address, however many connections it uses', async () => {
		await serve();
		const session = await server.startSession();
		const guesses = await mistype(session, 81, 5);
		expect(count(guesses, 'unknown-code')).toBe(400);
		expect(count(guesses, 'too-many-joins')).toBe(5);
		expect(await join(await server.client(), wrongCode(session, 999))).toBe('too-many-joins');
	});
});

describe('behind a reverse proxy', () => {
	it('tells schools apart by the forwarded address, so one guessing never locks out another', async () => {
		await serve(behindProxy);
		const session = await server.startSession();
		const guesses = await mistype(session, 81, 5, from('203.0.113.7'));
		expect(count(guesses, 'unknown-code')).toBe(400);
		expect(await join(await server.client(from('203.0.113.7')), session.joinCode)).toBe(
			'too-many-joins'
		);
		expect(await join(await server.client(from('198.51.100.1')), session.joinCode)).toBe('joined');
	});

	it('refuses a connection without the header the proxy should have set', async () => {
		await serve(behindProxy);
		await expect(server.client()).rejects.toThrow('address-unknown');
		expect((await server.client(from('198.51.100.1'))).connected).toBe(true);
	});
});

describe('connections per address', () => {
	it('are bounded, and a closed one makes room again', async () => {
		await serve({ connectionsPerAddress: 3 });
		const open = await Promise.all([server.client(), server.client(), server.client()]);
		await expect(server.client()).rejects.toThrow('too-many-connections');
		open[0].disconnect();
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect((await server.client()).connected).toBe(true);
	});

	it('trust no forwarded header unless the deployment configured one', async () => {
		await serve({ connectionsPerAddress: 2 });
		await server.client(from('203.0.113.1'));
		await server.client(from('203.0.113.2'));
		await expect(server.client(from('203.0.113.3'))).rejects.toThrow('too-many-connections');
	});

	it('are counted per forwarded address behind a proxy', async () => {
		await serve({ ...behindProxy, connectionsPerAddress: 2 });
		await server.client(from('203.0.113.1'));
		await server.client(from('203.0.113.1'));
		await expect(server.client(from('203.0.113.1'))).rejects.toThrow('too-many-connections');
		expect((await server.client(from('203.0.113.2'))).connected).toBe(true);
	});
});

describe('a session left idle', () => {
	it('ends itself on the board and on every phone, and takes no more joins', async () => {
		await serve({ idleHours: 8 });
		const session = await server.startSession();
		const active = await server.startSession();
		const board = await server.client();
		await data(
			ask(board, 'board:attach', { sessionId: session.sessionId, boardSecret: session.boardSecret })
		);
		const phone = await server.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(phone, 'pupil:join', { code: session.joinCode })
		);
		await data(ask(phone, 'pupil:resume', credentials));
		const nineHoursAgo = Date.now() - 9 * 60 * 60 * 1000;
		await server.store.updateSession({
			...(await server.sessions.getSession(session.sessionId))!,
			activeAt: nineHoursAgo
		});

		const boardSees = nextEvent<SessionView>(board, 'session:update');
		const phoneSees = nextEvent<PupilUpdate>(phone, 'pupil:update');
		expect(await server.sessions.endIdle()).toBe(1);
		expect(await boardSees).toMatchObject({ status: 'ended' });
		expect(await phoneSees).toMatchObject({ view: { status: 'ended' }, block: null });
		expect(await join(await server.client(), session.joinCode)).toBe('unknown-code');
		expect((await server.sessions.getSession(active.sessionId))?.status).toBe('live');
	});
});

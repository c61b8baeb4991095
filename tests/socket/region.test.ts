// Region mode in one test: two Klasgesprek servers, as two processes, sharing one store and
// joined by a socket.io cluster adapter. The host is on one, the board and most pupils on the
// other: every screen sees what it would see on a single server. On SQLite always; on
// PostgreSQL (each server its own pool, as two processes) when TEST_DATABASE_URL is set.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCurrent } from '../../src/lib/live/revisions.ts';
import type {
	ControlSnapshot,
	LiveResults,
	Presence,
	PupilSnapshot,
	PupilUpdate,
	SessionView
} from '../../src/lib/protocol.ts';
import { SqliteStore } from '../../src/lib/server/store/sqlite.ts';
import type { Store } from '../../src/lib/server/store/store.ts';
import { createTestSchema, skippedBecause, testDatabaseUrl } from '../store/postgres-schema.ts';
import { presenceIntervalMs, resultsIntervalMs } from '../../src/lib/server/limits.ts';
import { rooms } from '../../src/lib/server/realtime/rooms.ts';
import { ask, data, nextEvent, TestServer, wait, type Client } from './harness.ts';
import { memoryCluster } from './memory-cluster.ts';

/** The store of each of two processes: one SQLite file's store shared, or two PostgreSQL pools. */
interface Backend {
	name: string;
	open(): Promise<{ stores: [Store, Store]; close(): Promise<void> }>;
}

const sqlite: Backend = {
	name: 'SQLite',
	async open() {
		// One store object: SQLite's store is its file's only writer (its cache assumes it).
		const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-region-'));
		const store = new SqliteStore(join(directory, 'store.sqlite'));
		return {
			stores: [store, store],
			async close() {
				await store.close();
				rmSync(directory, { recursive: true, force: true });
			}
		};
	}
};

const postgres: Backend = {
	name: 'PostgreSQL',
	async open() {
		const schema = await createTestSchema();
		const stores: [Store, Store] = [await schema.open(), await schema.open()];
		return {
			stores,
			async close() {
				await Promise.all(stores.map((store) => store.close()));
				await schema.drop();
			}
		};
	}
};

if (!testDatabaseUrl)
	console.warn(`Region socket tests on PostgreSQL ${skippedBecause}; they ran on SQLite only.`);

describe.each([sqlite, ...(testDatabaseUrl ? [postgres] : [])])('on $name', (backend) => {
	let store: Store;
	let a: TestServer;
	let b: TestServer;
	let close: () => Promise<void>;

	beforeEach(async () => {
		const opened = await backend.open();
		close = opened.close;
		store = opened.stores[0];
		const adapter = memoryCluster();
		a = new TestServer({ store: opened.stores[0], adapter });
		b = new TestServer({ store: opened.stores[1], adapter });
		await a.start();
		await b.start();
		// The servers find each other by their first heartbeats.
		await wait(50);
	});
	afterEach(async () => {
		await a.dispose();
		await b.dispose();
		await close();
	});

	type Session = Awaited<ReturnType<TestServer['startSession']>>;

	async function control(on: TestServer, session: Session, role: 'host' | 'board') {
		const socket = await on.client();
		const snapshot = await data<ControlSnapshot>(
			role === 'host'
				? ask(socket, 'host:attach', {
						sessionId: session.sessionId,
						hostSecret: session.hostSecret
					})
				: ask(socket, 'board:attach', {
						sessionId: session.sessionId,
						boardSecret: session.boardSecret
					})
		);
		return { socket, snapshot };
	}

	async function pupil(on: TestServer, joinCode: string) {
		const socket = await on.client();
		const credentials = await data<{ sessionId: string; token: string }>(
			ask(socket, 'pupil:join', { code: joinCode })
		);
		await data<PupilSnapshot>(ask(socket, 'pupil:resume', credentials));
		return { socket, credentials };
	}

	/** What a screen shows: the newest results per block, as ControlSession keeps them. */
	function shownResults(socket: Client) {
		const shown: Record<string, LiveResults> = {};
		socket.on('results:update', (results) => {
			if (isCurrent(shown, results)) shown[results.blockId] = results;
		});
		return shown;
	}

	function latestPresence(socket: Client) {
		const seen: Presence[] = [];
		socket.on('presence:update', (presence) => seen.push(presence));
		return () => seen.at(-1)?.pupils;
	}

	const settled = () => wait(resultsIntervalMs * 2 + 100);
	const presenceSettled = () => wait(presenceIntervalMs * 2 + 100);

	describe('two servers sharing one store', () => {
		it('shows the board on one server what the host on the other steers', async () => {
			const session = await a.startSession();
			const teacher = await control(a, session, 'host');
			const board = await control(b, session, 'board');
			const phone = await pupil(b, session.joinCode);
			const boardSees = nextEvent<SessionView>(board.socket, 'session:update');
			const phoneSees = nextEvent<PupilUpdate>(phone.socket, 'pupil:update');
			await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
			expect((await boardSees).openBlockId).toBe('bronnen');
			expect((await phoneSees).block?.id).toBe('bronnen');
		});

		it('counts answers given on both servers on the board, never going back', async () => {
			const session = await a.startSession();
			const teacher = await control(a, session, 'host');
			const board = await control(b, session, 'board');
			await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
			const onA = await Promise.all(Array.from({ length: 6 }, () => pupil(a, session.joinCode)));
			const onB = await Promise.all(Array.from({ length: 9 }, () => pupil(b, session.joinCode)));
			const onBoard = shownResults(board.socket);
			const onHost = shownResults(teacher.socket);
			const revisions: number[] = [];
			board.socket.on('results:update', (results) => revisions.push(results.revision));
			await Promise.all(
				[...onA, ...onB].map(({ socket }, index) =>
					data(
						ask(socket, 'answer:submit', {
							blockId: 'bronnen',
							value: { kind: 'choice', options: [index % 3] }
						})
					)
				)
			);
			await settled();
			const stored = await store.blockTally(session.sessionId, 'bronnen');
			expect(stored.answers).toHaveLength(15);
			for (const shown of [onBoard, onHost])
				expect(shown.bronnen).toMatchObject({
					answered: 15,
					distribution: { counts: [5, 5, 5] },
					revision: stored.revision
				});
			// Both servers sent results; every message carried the revision it was made from.
			expect(revisions.length).toBeGreaterThan(1);
			expect(Math.max(...revisions)).toBe(stored.revision);
			// A board attaching later, on either server, starts from the same.
			for (const on of [a, b])
				expect((await control(on, session, 'board')).snapshot.results.bronnen).toMatchObject({
					answered: 15,
					revision: stored.revision
				});
		});

		it('counts present pupils on both servers, a second tab as the same pupil', async () => {
			const session = await a.startSession();
			const teacher = await control(a, session, 'host');
			const board = await control(b, session, 'board');
			const hostCount = latestPresence(teacher.socket);
			const boardCount = latestPresence(board.socket);
			const onA = await Promise.all(Array.from({ length: 3 }, () => pupil(a, session.joinCode)));
			const onB = await Promise.all(Array.from({ length: 4 }, () => pupil(b, session.joinCode)));
			// The first pupil of A opens a second tab on B.
			const secondTab = await b.client();
			await data(ask(secondTab, 'pupil:resume', onA[0].credentials));
			await presenceSettled();
			expect(hostCount()).toBe(7);
			expect(boardCount()).toBe(7);
			expect((await control(b, session, 'host')).snapshot.presence.pupils).toBe(7);
			// What another process learns of a pupil's socket: no address, no headers.
			const seenFromA = await a.io.in(rooms.pupils(session.sessionId)).fetchSockets();
			expect(seenFromA).toHaveLength(8);
			for (const socket of seenFromA) {
				expect(socket.handshake).toMatchObject({ address: '', headers: {} });
				expect(Object.keys(socket.data).sort()).toEqual(['pupilKey', 'role', 'sessionId']);
			}

			onB[0].socket.disconnect();
			onA[0].socket.disconnect();
			await presenceSettled();
			// One pupil left; the other still has a tab open on B.
			expect(hostCount()).toBe(6);
			expect(boardCount()).toBe(6);
		});

		it('ends the screens on the other server when the session is deleted, and sends them nothing after', async () => {
			const session = await a.startSession();
			const teacher = await control(a, session, 'host');
			const board = await control(b, session, 'board');
			await data(ask(teacher.socket, 'block:open', { blockId: 'bronnen' }));
			const phone = await pupil(b, session.joinCode);
			const [phoneOnB] = await a.io.in(rooms.pupils(session.sessionId)).fetchSockets();
			const ownRoom = rooms.pupil(session.sessionId, phoneOnB.data.pupilKey!);
			expect(await a.io.in(ownRoom).fetchSockets()).toHaveLength(1);
			const boardSees = nextEvent<SessionView>(board.socket, 'session:update');
			const phoneSees = nextEvent<PupilUpdate>(phone.socket, 'pupil:update');

			expect(await a.sessions.delete(session.sessionId)).toBe(true);
			expect(await boardSees).toMatchObject({ status: 'ended' });
			expect(await phoneSees).toMatchObject({ view: { status: 'ended' }, block: null });
			await wait(50);
			// Every room of the session is empty, on both servers: the phone's own room too.
			for (const on of [a, b])
				for (const room of [...rooms.screens(session.sessionId), ownRoom])
					expect(await on.io.in(room).fetchSockets()).toEqual([]);

			const later: unknown[] = [];
			board.socket.onAny((...event) => later.push(event));
			phone.socket.onAny((...event) => later.push(event));
			expect(
				await ask(phone.socket, 'answer:submit', {
					blockId: 'bronnen',
					value: { kind: 'choice', options: [0] }
				})
			).toEqual({ error: 'session-not-found' });
			await settled();
			expect(later).toEqual([]);
		});

		it('ends the screens on every server when retention deletes the session on one', async () => {
			const session = await a.startSession();
			const board = await control(b, session, 'board');
			const stored = (await store.getSession(session.sessionId))!;
			await store.updateSession({ ...stored, expiresAt: Date.now() - 1 });
			const boardSees = nextEvent<SessionView>(board.socket, 'session:update');
			expect(await a.sessions.deleteExpired()).toBe(1);
			expect(await boardSees).toMatchObject({ status: 'ended' });
		});
	});
});

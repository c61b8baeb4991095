// The PostgreSQL store: the shared contract, its start-up (migrations, an unreachable
// database) and its recovery when the database drops its connections.

import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/lib/server/store/postgres.ts';
import { describeStoreContract } from './contract.ts';
import {
	createTestSchema,
	skippedBecause,
	testDatabaseUrl,
	type TestSchema
} from './postgres-schema.ts';
import { answer, sessionRecord as session } from './records.ts';

/**
 * A TCP relay to PostgreSQL that the test can cut and restore: the database going away and
 * coming back, as a restart looks to a node, without disturbing anyone else's database.
 */
async function relayTo(target: URL) {
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	let port = 0;
	const start = () =>
		new Promise<void>((resolve) => {
			server = createServer((socket) => {
				const upstream = connect(Number(target.port || 5432), target.hostname);
				for (const each of [socket, upstream]) {
					sockets.add(each);
					each.on('error', () => {});
					each.on('close', () => sockets.delete(each));
				}
				socket.pipe(upstream).pipe(socket);
			});
			server.listen(port, '127.0.0.1', () => {
				port = (server!.address() as { port: number }).port;
				resolve();
			});
		});
	await start();
	return {
		url: () => {
			const url = new URL(target.href);
			url.host = `127.0.0.1:${port}`;
			return url.href;
		},
		cut: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server!.close(resolve));
		},
		restore: start
	};
}

if (!testDatabaseUrl) {
	console.warn(
		`PostgreSQL store tests ${skippedBecause}: set it to run them, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`
	);
	describe.skip(`PostgreSQL store (${skippedBecause})`, () => {
		it('runs against PostgreSQL', () => {});
	});
} else {
	describeStoreContract('PostgreSQL store', async () => {
		const schema = await createTestSchema();
		return {
			store: await schema.open(),
			reopen: () => schema.open(),
			destroy: () => schema.drop()
		};
	});

	describe('PostgreSQL store start and connection', () => {
		let schema: TestSchema;
		const stores: PostgresStore[] = [];

		beforeEach(async () => {
			schema = await createTestSchema();
		});

		afterEach(async () => {
			for (const store of stores.splice(0)) await store.close();
			await schema.drop();
		});

		it('migrates once when three processes start at the same moment', async () => {
			stores.push(...(await Promise.all([schema.open(), schema.open(), schema.open()])));
			const [version] = await schema.admin<{ version: number }>(
				`SELECT version FROM ${schema.name}.klasgesprek_schema`
			);
			expect(version.version).toBeGreaterThan(0);
			expect(await stores[0].insertSession(session())).toBe(true);
			expect((await stores[2].getSession('s1'))?.joinCode).toBe('123456');
		});

		it('keeps no addresses or user agents: only the columns the SQLite file has', async () => {
			stores.push(await schema.open());
			const columns = await schema.admin<{ column_name: string }>(
				`SELECT column_name FROM information_schema.columns WHERE table_schema = $1`,
				[schema.name]
			);
			const names = columns.map((column) => column.column_name);
			expect(names.filter((name) => /addr|ip|agent|host_name|user/i.test(name))).toEqual([]);
		});

		it('rejects at start when the database cannot be reached', async () => {
			await expect(
				PostgresStore.open({
					connectionString: 'postgres://postgres@127.0.0.1:1/test',
					onPoolError: () => {}
				})
			).rejects.toThrow();
		});

		it('rejects while the database cannot be reached, and carries on once it is back', async () => {
			const relay = await relayTo(new URL(testDatabaseUrl));
			const store = await PostgresStore.open({
				connectionString: relay.url(),
				pool: { options: `-c search_path=${schema.name}` },
				onPoolError: () => {}
			});
			stores.push(store);
			await store.insertSession(session());
			await relay.cut();
			const started = Date.now();
			await expect(store.writeAnswers([answer('p1', 1)])).rejects.toThrow();
			await expect(store.getSession('s1')).rejects.toThrow();
			// Refused within the connection timeout, never left hanging.
			expect(Date.now() - started).toBeLessThan(15_000);
			await relay.restore();
			expect(await store.writeAnswers([answer('p1', 1)])).toEqual([
				{ stored: true, previous: null, changed: true }
			]);
			await relay.cut();
		}, 30_000);

		it('carries on with new connections after the database dropped every one of them', async () => {
			const applicationName = `klasgesprek-drop-${schema.name}`;
			const store = await schema.open({ applicationName, maxConnections: 3 });
			stores.push(store);
			await store.insertSession(session());
			// Warm the pool: several connections at once, then idle.
			await Promise.all([1, 2, 3].map(() => store.getSession('s1')));
			const dropped = await schema.admin<{ dropped: boolean }>(
				`SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity WHERE application_name = $1`,
				[applicationName]
			);
			expect(dropped.length).toBeGreaterThan(0);
			// At once: a connection found closed before any work began on it is replaced.
			expect((await store.getSession('s1'))?.id).toBe('s1');
			expect(await store.insertSession(session({ id: 's2', joinCode: '222222' }))).toBe(true);
			expect(await store.writeAnswers([answer('p1', 1)])).toEqual([
				{ stored: true, previous: null, changed: true }
			]);
			// And again, with a write first: what was acknowledged is there.
			await Promise.all([1, 2, 3].map(() => store.getSession('s1')));
			await schema.admin(
				`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
				[applicationName]
			);
			expect(await store.writeAnswers([answer('p2', 2)])).toEqual([
				{ stored: true, previous: null, changed: true }
			]);
			expect((await store.blockTally('s1', 'b1')).answers).toEqual([1, 2]);
		});

		it('opens its warm connections at start, each warmed by the hot path, and keeps them idle', async () => {
			const applicationName = `klasgesprek-warm-${schema.name}`;
			const backends = () =>
				schema.admin<{ query: string }>(
					`SELECT query FROM pg_stat_activity WHERE application_name = $1`,
					[applicationName]
				);
			const store = await schema.open({
				applicationName,
				maxConnections: 5,
				warmConnections: 3,
				idleTimeoutMillis: 20
			});
			stores.push(store);
			// Before the first call: three backends, the last statement of each the warm-up's last (the
			// session with its tally; pg_stat_activity keeps the first kilobyte of a statement).
			const warm = await backends();
			expect(warm).toHaveLength(3);
			for (const { query } of warm)
				expect(query).toMatch(/^SELECT id, join_code[\s\S]*revision\.at AS revision/);
			// The warm-up changed nothing.
			await store.insertSession(session());
			expect(await store.pupilsJoined('s1')).toBe(0);
			expect((await store.blockTally('s1', 'b1')).revision).toBe(0);
			// A burst opens more; once idle, the pool closes those above the warm ones, not those.
			await Promise.all([1, 2, 3, 4, 5].map(() => store.getSession('s1')));
			await expect.poll(async () => (await backends()).length, { timeout: 5_000 }).toBe(3);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(await backends()).toHaveLength(3);
		});

		it('warms no more connections than it may keep, and refuses counts that are no count', async () => {
			const applicationName = `klasgesprek-capped-${schema.name}`;
			stores.push(await schema.open({ applicationName, maxConnections: 2, warmConnections: 8 }));
			const rows = await schema.admin(
				`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`,
				[applicationName]
			);
			expect(rows).toHaveLength(2);
			for (const [maxConnections, warmConnections] of [
				[10, -1],
				[10, 1.5],
				[10, Number.NaN],
				[0, 0],
				[2.5, 1]
			])
				await expect(
					PostgresStore.open({ connectionString: testDatabaseUrl, maxConnections, warmConnections })
				).rejects.toThrow(RangeError);
		});

		it('trusts its cached tally only while the block’s revision is the one it was cached at', async () => {
			const store = await schema.open();
			stores.push(store);
			await store.insertSession(session({ openBlockId: 'b1' }));
			await store.writeAnswers([answer('p1', 1), answer('p2', 2, { at: 2500 })]);
			expect((await store.sessionWithTally('s1', 'b1'))?.tally.answers).toEqual([1, 2]);
			// Changed behind the store's back without a new revision: the cached tally is used.
			await schema.admin(`UPDATE ${schema.name}.answers SET value = '7' WHERE pupil_key = 'p1'`);
			expect((await store.sessionWithTally('s1', 'b1'))?.tally.answers).toEqual([1, 2]);
			// A new revision, as every change makes: read again.
			await schema.admin(`UPDATE ${schema.name}.block_revisions SET revision = revision + 1`);
			expect((await store.sessionWithTally('s1', 'b1'))?.tally.answers).toEqual([7, 2]);
		});

		it('shows in a results update what another node wrote, as a fresh read does', async () => {
			const [a, b] = await Promise.all([schema.open(), schema.open()]);
			stores.push(a, b);
			await a.insertSession(session({ openBlockId: 'b1' }));
			const fresh = async () => {
				const reader = await schema.open();
				try {
					return await reader.blockTally('s1', 'b1');
				} finally {
					await reader.close();
				}
			};
			const same = async () =>
				expect((await a.sessionWithTally('s1', 'b1'))?.tally).toEqual(await fresh());
			await same();
			await a.writeAnswers([answer('p1', 'x', { at: 2100 }), answer('p2', 'y', { at: 2200 })]);
			await same();
			// Another node's answer, then this node's: the count of revisions it followed falls short.
			await b.writeAnswers([answer('p3', 'z', { at: 2300 })]);
			await a.writeAnswers([answer('p1', 'w', { at: 2400 })]);
			await same();
			// An answer repeated changes nothing, a refused one neither.
			await a.writeAnswers([answer('p1', 'w', { at: 2500 }), answer('p4', 'v', { blockId: 'b2' })]);
			await same();
			// A word decision on another node, a four-corners move on this one.
			await b.setWordDecision('s1', 'b1', 'z', 'removed');
			await same();
			await a.writeAnswers([answer('p5', { choice: 0 }, { at: 2600, position: 0 })]);
			await same();
			await a.writeAnswers([answer('p5', { choice: 1 }, { at: 2700, position: 1 })]);
			const { tally } = (await a.sessionWithTally('s1', 'b1'))!;
			expect(tally.moves).toEqual([{ from: 0, to: 1, count: 1 }]);
			expect(tally).toEqual(await fresh());
			expect(tally.answers).toEqual(['y', 'z', 'w', { choice: 1 }]);
		});

		it('counts pupils joining at once each once, and a join for a deleted session fails alone', async () => {
			const store = await schema.open();
			stores.push(store);
			await store.insertSession(session());
			await store.insertSession(session({ id: 's2', joinCode: '222222' }));
			const joins = [
				...Array.from({ length: 30 }, () => store.countJoin('s1')),
				store.countJoin('gone'),
				...Array.from({ length: 5 }, () => store.countJoin('s2'))
			];
			const outcomes = await Promise.allSettled(joins);
			expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
			expect(outcomes[30].status).toBe('rejected');
			expect(await store.pupilsJoined('s1')).toBe(30);
			expect(await store.pupilsJoined('s2')).toBe(5);
		});

		it('counts a join still waiting for others when the store closes', async () => {
			const store = await schema.open();
			await store.insertSession(session());
			const joined = store.countJoin('s1');
			await store.close();
			await joined;
			const reopened = await schema.open();
			stores.push(reopened);
			expect(await reopened.pupilsJoined('s1')).toBe(1);
		});

		it('reads and writes on with its prepared statements after a later migration adds columns', async () => {
			// One connection, so every call after the first runs the statement it prepared.
			const store = await schema.open({ maxConnections: 1 });
			stores.push(store);
			await store.insertSession(session());
			const hotPath = async () => {
				await store.countJoin('s1');
				expect((await store.getLiveSessionByCode('123456'))?.id).toBe('s1');
				expect((await store.getSession('s1'))?.id).toBe('s1');
				await store.writeAnswers([answer('p1', Math.random())]);
				expect((await store.answerOf('s1', 'b1', 'p1'))?.pupilKey).toBe('p1');
				return store.blockTally('s1', 'b1');
			};
			await hotPath();
			for (const table of ['sessions', 'answers', 'pupil_joins', 'block_revisions'])
				await schema.admin(`ALTER TABLE ${schema.name}.${table} ADD COLUMN later integer`);
			expect((await hotPath()).answers).toHaveLength(1);
			expect(await store.pupilsJoined('s1')).toBe(2);
		});
	});
}

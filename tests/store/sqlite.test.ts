// The SQLite store: the shared contract, and what only a file on one machine has (its
// migrations from older files, secure deletion, the sync setting, the session cache).

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/lib/server/store/migrations.ts';
import { SqliteStore } from '../../src/lib/server/store/sqlite.ts';
import { describeStoreContract } from './contract.ts';
import { answer, newResponse, rules, sessionRecord as session } from './records.ts';

describeStoreContract('SQLite store', async () => {
	const directory = mkdtempSync(join(tmpdir(), 'klasgesprek-contract-'));
	const path = join(directory, 'nested', 'store.sqlite');
	return {
		store: new SqliteStore(path),
		reopen: async () => new SqliteStore(path),
		destroy: async () => rmSync(directory, { recursive: true, force: true })
	};
});

let directory: string;
let path: string;
let store: SqliteStore;

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-store-'));
	path = join(directory, 'nested', 'store.sqlite');
	store = new SqliteStore(path);
});

afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

/** A file as the store before region mode left it: five migrations, no versions or positions. */
function fileBeforeRegionMode() {
	const old = new DatabaseSync(path);
	old.exec(migrations.slice(0, 5).join('') + 'PRAGMA user_version = 5;');
	old.exec(`INSERT INTO sessions (id, join_code, host_key, token_key, lesson_slug, step, revealed,
		locked, status, created_at, expires_at, active_at) VALUES ('old', '111111', 'k', 't', 'les', 1,
		'[]', 0, 'live', 1234, 99999, 1234);
		UPDATE sessions SET open_block_id = 'b1';
		INSERT INTO answers VALUES ('old', 'b1', 'p1', '{"kind":"choice","options":[1]}', 2000);
		INSERT INTO responses (id, session_id, block_id, pupil_key, client_id, text, status, flags,
			pinned, sequence, created_at) VALUES
			('r1', 'old', 'w', 'p1', 'c1', 'een', 'approved', '[]', 1, 1, 2000),
			('r2', 'old', 'w', 'p2', 'c2', 'twee', 'approved', '[]', 1, 2, 2001);`);
	old.close();
}

describe('the SQLite file', () => {
	it('upgrades a file from before region mode: version 1, no corner, one pin kept', async () => {
		await store.close();
		rmSync(path);
		fileBeforeRegionMode();
		store = new SqliteStore(path);
		expect(await store.getSession('old')).toMatchObject({ version: 1, lessonVersion: '' });
		const [updated] = await Promise.all([
			store.updateSession({ ...(await store.getSession('old'))!, step: 2 })
		]);
		expect(updated?.version).toBe(2);
		// The old answer has no corner: a new corner is no move from anywhere.
		await store.writeAnswers([
			answer('p1', { kind: 'choice', options: [2] }, { sessionId: 'old', position: 2 })
		]);
		expect((await store.blockTally('old', 'b1')).moves).toEqual([]);
		expect((await store.responses('old', 'w')).map((response) => response.pinned)).toEqual([
			false,
			true
		]);
	});

	it('gives sessions from before the board credential none, and their start as last activity', async () => {
		await store.close();
		rmSync(path);
		const old = new DatabaseSync(path);
		old.exec(migrations[0] + migrations[1] + 'PRAGMA user_version = 2;');
		old.exec(`INSERT INTO sessions (id, join_code, host_key, token_key, lesson_slug, step, revealed,
			locked, status, created_at, expires_at) VALUES ('old', '111111', 'k', 't', 'les', 1, '[]', 0,
			'live', 1234, 99999)`);
		old.close();
		store = new SqliteStore(path);
		expect(await store.getSession('old')).toMatchObject({ boardKey: '', activeAt: 1234 });
	});

	it('leaves no deleted text readable in the file', async () => {
		const secret = 'Mijn-geheime-zin-over-thuis-7f3a';
		await store.insertSession(session());
		await store.submitResponse(newResponse('r1', { text: secret }), rules());
		await store.deleteSession('s1');
		await store.close();
		const bytes = [path, `${path}-wal`]
			.filter((file) => existsSync(file))
			.map((file) => readFileSync(file).toString('latin1'))
			.join('');
		expect(bytes).not.toContain(secret);
		store = new SqliteStore(path);
	});

	it('syncs every commit to disk only when asked', async () => {
		const synchronous = (db: SqliteStore) =>
			(db as unknown as { db: { prepare(sql: string): { get(): unknown } } }).db
				.prepare('PRAGMA synchronous')
				.get();
		// SQLite's codes: 1 is NORMAL, 2 is FULL.
		expect(synchronous(store)).toEqual({ synchronous: 1 });
		const full = new SqliteStore(join(directory, 'full.sqlite'), { sync: 'full' });
		expect(synchronous(full)).toEqual({ synchronous: 2 });
		await full.close();
	});
});

describe('sessions held in memory', () => {
	it('reads what was last written, after updates and deletes', async () => {
		await store.insertSession(session());
		expect((await store.getSession('s1'))?.step).toBe(1);
		await store.updateSession({ ...(await store.getSession('s1'))!, step: 3, revealed: ['b1'] });
		expect(await store.getSession('s1')).toMatchObject({ step: 3, revealed: ['b1'], version: 2 });
		await store.deleteSession('s1');
		expect(await store.getSession('s1')).toBeNull();
	});

	it('forgets sessions that retention deletes', async () => {
		await store.insertSession(session({ id: 'old', joinCode: '111111', expiresAt: 5_000 }));
		await store.insertSession(session({ id: 'new', joinCode: '222222', expiresAt: 50_000 }));
		expect(await store.getSession('old')).not.toBeNull();
		expect(await store.deleteExpiredSessions(10_000)).toHaveLength(1);
		expect(await store.getSession('old')).toBeNull();
		expect(await store.getSession('new')).not.toBeNull();
	});

	it('does not keep a session whose code was taken', async () => {
		await store.insertSession(session());
		expect(await store.insertSession(session({ id: 's2' }))).toBe(false);
		expect(await store.getSession('s2')).toBeNull();
	});

	it('hands out records nobody can change in place', async () => {
		const written = session();
		await store.insertSession(written);
		const read = (await store.getSession('s1'))!;
		expect(() => ((read as { step: number }).step = 9)).toThrow(TypeError);
		expect(() => (read.revealed as string[]).push('b9')).toThrow(TypeError);
		// The caller's own object stays theirs.
		written.revealed.push('b2');
		expect((await store.getSession('s1'))?.revealed).toEqual([]);
	});

	it('still finds sessions that no longer fit in memory', async () => {
		for (let index = 0; index < 5_001; index += 1)
			await store.insertSession(session({ id: `s${index}`, joinCode: String(100_000 + index) }));
		expect((await store.getSession('s0'))?.joinCode).toBe('100000');
		expect((await store.getSession('s5000'))?.joinCode).toBe('105000');
	});
});

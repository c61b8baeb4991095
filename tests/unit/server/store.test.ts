import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { migrations } from '../../../src/lib/server/store/migrations.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { sessionRecord } from './session-record.ts';

let directory: string;
let path: string;
let store: SqliteStore;

const session = sessionRecord;

const answer = (pupilKey: string, value: unknown, at = 2000) => ({
	sessionId: 's1',
	blockId: 'b1',
	pupilKey,
	value,
	at
});

/** One answer in its own transaction. */
const writeAnswer = (write: ReturnType<typeof answer>) => store.writeAnswers([write])[0];

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-store-'));
	path = join(directory, 'nested', 'store.sqlite');
	store = new SqliteStore(path);
});

afterEach(() => {
	store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('the SQLite store', () => {
	it('creates its file and folder and keeps sessions and answers across a restart', () => {
		store.insertSession(
			session({
				revealed: ['b1'],
				timer: { blockId: 'b2', durationMs: 60_000, runningSince: 5, elapsedMs: 0 }
			})
		);
		writeAnswer(answer('p1', { choice: [1] }));
		store.close();
		store = new SqliteStore(path);
		expect(store.getSession('s1')).toEqual(
			session({
				revealed: ['b1'],
				timer: { blockId: 'b2', durationMs: 60_000, runningSince: 5, elapsedMs: 0 }
			})
		);
		expect(store.answers('s1', 'b1')).toEqual([
			{ pupilKey: 'p1', value: { choice: [1] }, updatedAt: 2000 }
		]);
	});

	it('keeps one answer per pupil per block: a new answer replaces the old one', () => {
		store.insertSession(session());
		expect(writeAnswer(answer('p1', { choice: [0] }))).toEqual({
			previous: null,
			changed: true
		});
		expect(writeAnswer(answer('p1', { choice: [2] }, 3000))).toEqual({
			previous: { choice: [0] },
			changed: true
		});
		writeAnswer(answer('p2', { choice: [2] }));
		expect(store.answers('s1', 'b1').map((stored) => [stored.pupilKey, stored.value])).toEqual([
			['p2', { choice: [2] }],
			['p1', { choice: [2] }]
		]);
	});

	it('reports a replayed identical answer as unchanged', () => {
		store.insertSession(session());
		writeAnswer(answer('p1', { choice: [1] }));
		expect(writeAnswer(answer('p1', { choice: [1] }, 9000))).toEqual({
			previous: { choice: [1] },
			changed: false
		});
		expect(store.answerOf('s1', 'b1', 'p1')?.updatedAt).toBe(2000);
	});

	it('writes a batch of answers in one transaction, all or nothing', () => {
		store.insertSession(session());
		const results = store.writeAnswers([answer('p1', 1), answer('p2', 2), answer('p1', 3)]);
		expect(results.map((result) => result.changed)).toEqual([true, true, true]);
		expect(store.answers('s1', 'b1')).toHaveLength(2);
		expect(() =>
			store.writeAnswers([answer('p3', 1), { ...answer('p4', 1), sessionId: 'no-such-session' }])
		).toThrow();
		expect(store.answerOf('s1', 'b1', 'p3')).toBeNull();
	});

	it('gives a join code to one live session at a time', () => {
		store.insertSession(session());
		expect(() => store.insertSession(session({ id: 's2' }))).toThrow(/UNIQUE/);
		store.updateSession({ ...session(), status: 'ended', endedAt: 5000 });
		store.insertSession(session({ id: 's2' }));
		expect(store.getLiveSessionByCode('123456')?.id).toBe('s2');
		expect(store.liveSessions().map((live) => live.id)).toEqual(['s2']);
	});

	it('updates what a session may change, never its code, secret or lesson', () => {
		store.insertSession(session());
		store.updateSession({
			...session(),
			joinCode: '999999',
			hostKey: 'other',
			boardKey: 'other board',
			step: 3,
			activeAt: 5000,
			openBlockId: 'b1',
			locked: true
		});
		expect(store.getSession('s1')).toMatchObject({
			joinCode: '123456',
			hostKey: 'key',
			boardKey: 'board-key',
			tokenKey: 'token-key',
			step: 3,
			openBlockId: 'b1',
			locked: true,
			activeAt: 5000
		});
	});

	it('gives sessions from before the board credential none, and their start as last activity', () => {
		store.close();
		rmSync(path);
		const old = new DatabaseSync(path);
		old.exec(migrations[0] + migrations[1] + 'PRAGMA user_version = 2;');
		old.exec(`INSERT INTO sessions (id, join_code, host_key, token_key, lesson_slug, step, revealed,
			locked, status, created_at, expires_at) VALUES ('old', '111111', 'k', 't', 'les', 1, '[]', 0,
			'live', 1234, 99999)`);
		old.close();
		store = new SqliteStore(path);
		expect(store.getSession('old')).toMatchObject({ boardKey: '', activeAt: 1234 });
	});

	it('deletes expired sessions with all their answers and moves', () => {
		store.insertSession(session({ id: 'old', joinCode: '111111', expiresAt: 100 }));
		store.insertSession(session());
		writeAnswer({ ...answer('p1', 1), sessionId: 'old' });
		store.recordMove('old', 'b1', 0, 1);
		expect(store.deleteExpiredSessions(200).map((expired) => expired.id)).toEqual(['old']);
		expect(store.getSession('old')).toBeNull();
		expect(store.answers('old', 'b1')).toEqual([]);
		expect(store.moves('old', 'b1')).toEqual([]);
		expect(store.getSession('s1')).not.toBeNull();
	});

	it('deletes a session at once when asked', () => {
		store.insertSession(session());
		writeAnswer(answer('p1', 1));
		store.deleteSession('s1');
		expect(store.getSession('s1')).toBeNull();
		expect(store.answers('s1', 'b1')).toEqual([]);
	});

	it('leaves no deleted text readable in the file', () => {
		const secret = 'Mijn-geheime-zin-over-thuis-7f3a';
		store.insertSession(session());
		store.insertResponse({
			id: 'r1',
			sessionId: 's1',
			blockId: 'b1',
			pupilKey: 'p1',
			clientId: 'c1',
			parentId: null,
			question: null,
			text: secret,
			status: 'pending',
			flags: [],
			pinned: false,
			returnPrompt: null,
			createdAt: 2000
		});
		store.deleteSession('s1');
		store.close();
		const bytes = [path, `${path}-wal`]
			.filter((file) => existsSync(file))
			.map((file) => readFileSync(file).toString('latin1'))
			.join('');
		expect(bytes).not.toContain(secret);
		store = new SqliteStore(path);
	});

	it('counts moves between options without knowing who moved', () => {
		store.insertSession(session());
		store.recordMove('s1', 'b1', 0, 2);
		store.recordMove('s1', 'b1', 0, 2);
		store.recordMove('s1', 'b1', 2, 1);
		expect(store.moves('s1', 'b1')).toEqual([
			{ from: 0, to: 2, count: 2 },
			{ from: 2, to: 1, count: 1 }
		]);
	});
});

describe('durability setting', () => {
	it('syncs every commit to disk only when asked', () => {
		const synchronous = (db: SqliteStore) =>
			(db as unknown as { db: { prepare(sql: string): { get(): unknown } } }).db
				.prepare('PRAGMA synchronous')
				.get();
		// SQLite's codes: 1 is NORMAL, 2 is FULL.
		expect(synchronous(store)).toEqual({ synchronous: 1 });
		const full = new SqliteStore(join(directory, 'full.sqlite'), { sync: 'full' });
		expect(synchronous(full)).toEqual({ synchronous: 2 });
		full.close();
	});
});

describe('sessions held in memory', () => {
	it('reads what was last written, after updates and deletes', () => {
		store.insertSession(session());
		expect(store.getSession('s1')?.step).toBe(1);
		store.updateSession({ ...store.getSession('s1')!, step: 3, revealed: ['b1'] });
		expect(store.getSession('s1')).toMatchObject({ step: 3, revealed: ['b1'] });
		store.deleteSession('s1');
		expect(store.getSession('s1')).toBeNull();
	});

	it('forgets sessions that retention deletes', () => {
		store.insertSession(session({ id: 'old', joinCode: '111111', expiresAt: 5_000 }));
		store.insertSession(session({ id: 'new', joinCode: '222222', expiresAt: 50_000 }));
		expect(store.getSession('old')).not.toBeNull();
		expect(store.deleteExpiredSessions(10_000)).toHaveLength(1);
		expect(store.getSession('old')).toBeNull();
		expect(store.getSession('new')).not.toBeNull();
	});

	it('hands out records nobody can change in place', () => {
		const written = session();
		store.insertSession(written);
		const read = store.getSession('s1')!;
		expect(() => ((read as { step: number }).step = 9)).toThrow(TypeError);
		expect(() => (read.revealed as string[]).push('b9')).toThrow(TypeError);
		// The caller's own object stays theirs.
		written.revealed.push('b2');
		expect(store.getSession('s1')?.revealed).toEqual([]);
	});

	it('still finds sessions that no longer fit in memory', () => {
		for (let index = 0; index < 5_001; index += 1)
			store.insertSession(session({ id: `s${index}`, joinCode: String(100_000 + index) }));
		expect(store.getSession('s0')?.joinCode).toBe('100000');
		expect(store.getSession('s5000')?.joinCode).toBe('105000');
	});
});

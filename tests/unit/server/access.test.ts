import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientAddress } from '../../../src/lib/server/client-address.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import { noEvents } from '../../../src/lib/server/events.ts';
import { credentialMaxAge } from '../../../src/lib/server/host-access.ts';
import { JoinLimiter } from '../../../src/lib/server/realtime/rate.ts';
import { Sessions, type Outcome } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import type { SessionRecord } from '../../../src/lib/server/store/store.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

const hour = 60 * 60 * 1000;
let directory: string;
let store: SqliteStore;
let clock: number;
let sessions: Sessions;
/** The sessions the domain said had ended, as it said so. */
let ended: SessionRecord[];

function open() {
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
		retentionDays: 30,
		idleHours: 8,
		now: () => clock,
		events: {
			...noEvents,
			sessionChanged: (session) => {
				if (session.status === 'ended') ended.push(session);
			}
		}
	});
}

function value<T>(outcome: Outcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

beforeEach(() => {
	ended = [];
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-access-'));
	clock = 1_000_000;
	open();
});

afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('the board credential', () => {
	it('shows the session to the board and never makes it a host', async () => {
		const { session, hostSecret, boardSecret } = value(await sessions.start('alle-blokken'));
		expect(value(await sessions.asBoard(session.id, boardSecret)).id).toBe(session.id);
		expect(await sessions.asHost(session.id, boardSecret)).toEqual({
			ok: false,
			error: 'not-host'
		});
		expect(await sessions.asBoard(session.id, hostSecret)).toEqual({
			ok: false,
			error: 'not-board'
		});
		expect(await sessions.asBoard(session.id, 'x'.repeat(43))).toEqual({
			ok: false,
			error: 'not-board'
		});
		expect(await sessions.asBoard('unknown', boardSecret)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
	});

	it('follows from the host secret, so the host view can always show the board link', async () => {
		const { session, hostSecret, boardSecret } = value(await sessions.start('alle-blokken'));
		expect(sessions.boardSecret(session, hostSecret)).toBe(boardSecret);
		expect(boardSecret).not.toBe(hostSecret);
		expect((await store.getSession(session.id))!.boardKey).not.toContain(boardSecret);
	});

	it('is refused for a session started before boards had one', async () => {
		const { session, boardSecret } = value(await sessions.start('alle-blokken'));
		expect(
			await store.insertSession({ ...session, id: 'older', joinCode: '000001', boardKey: '' })
		).toBe(true);
		expect(await sessions.asBoard('older', boardSecret)).toEqual({ ok: false, error: 'not-board' });
		expect(await sessions.asBoard('older', '')).toEqual({ ok: false, error: 'not-board' });
	});
});

describe('host and board cookies', () => {
	const session = { expiresAt: 1_000_000 + 30 * 24 * hour } as SessionRecord;

	it('last a school day, not the whole retention', async () => {
		expect(credentialMaxAge(session, 1_000_000)).toBe(12 * 60 * 60);
	});

	it('never outlast the session', async () => {
		expect(credentialMaxAge(session, session.expiresAt - 60_000)).toBe(60);
		expect(credentialMaxAge(session, session.expiresAt + 60_000)).toBe(0);
	});
});

describe('starting lessons', () => {
	it('bounds starts per address per hour with a clear error, other addresses unaffected', async () => {
		for (let start = 0; start < 60; start += 1)
			value(await sessions.start('alle-blokken', { startedFrom: '203.0.113.7' }));
		expect(await sessions.start('alle-blokken', { startedFrom: '203.0.113.7' })).toEqual({
			ok: false,
			error: 'too-many-starts'
		});
		value(await sessions.start('alle-blokken', { startedFrom: '198.51.100.1' }));
		clock += hour;
		value(await sessions.start('alle-blokken', { startedFrom: '203.0.113.7' }));
	});

	it('does not count a start that failed for a lesson that does not exist', async () => {
		for (let start = 0; start < 100; start += 1)
			await sessions.start('bestaat-niet', { startedFrom: '203.0.113.7' });
		expect((await sessions.start('alle-blokken', { startedFrom: '203.0.113.7' })).ok).toBe(true);
	});

	it('answers no-free-code instead of throwing when every join code is live', async () => {
		await store.close();
		const db = new DatabaseSync(join(directory, 'store.sqlite'));
		// A million live sessions in one go: no journal needed for a throwaway file.
		db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;');
		db.exec(`WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 999999)
			INSERT INTO sessions (id, join_code, host_key, token_key, lesson_slug, step, revealed, locked,
			status, created_at, expires_at) SELECT 's' || x, printf('%06d', x), 'k', 't', 'alle-blokken',
			1, '[]', 0, 'live', 0, 9e15 FROM n`);
		db.close();
		open();
		expect(await sessions.start('alle-blokken')).toEqual({ ok: false, error: 'no-free-code' });
	}, 60_000);
});

describe('idle sessions', () => {
	it('end themselves after the idle time without a change by the teacher', async () => {
		const idle = value(await sessions.start('alle-blokken')).session;
		clock += 2 * hour;
		const steered = value(await sessions.start('alle-blokken')).session;
		clock += 5 * hour;
		value(await sessions.goToStep(steered.id, 2));
		clock += hour - 1;
		expect(await sessions.endIdle()).toBe(0);
		clock += 1;
		expect(await sessions.endIdle()).toBe(1);
		expect(ended.map(({ id, status }) => ({ id, status }))).toEqual([
			{ id: idle.id, status: 'ended' }
		]);
		expect((await sessions.getSession(idle.id))?.status).toBe('ended');
		expect((await sessions.getSession(steered.id))?.status).toBe('live');
		// Ended is ended: a later sweep does not end it again.
		clock += 24 * hour;
		expect(await sessions.endIdle()).toBe(1);
		expect(ended).toHaveLength(2);
	});

	it('free their join code for the next lesson', async () => {
		const idle = value(await sessions.start('alle-blokken')).session;
		clock += 8 * hour;
		await sessions.endIdle();
		expect(await sessions.join(idle.joinCode)).toEqual({ ok: false, error: 'unknown-code' });
	});
});

describe('the join limiter', () => {
	const limits = { perConnectionPerMinute: 5, addressReserve: 400, addressPerHour: 120 };

	it('stops one phone that keeps mistyping, alone', async () => {
		const limiter = new JoinLimiter(limits, () => clock);
		for (let miss = 0; miss < 5; miss += 1) limiter.failed('school', 'phone-1');
		expect(limiter.allows('school', 'phone-1')).toBe(false);
		expect(limiter.allows('school', 'phone-2')).toBe(true);
		clock += 60_000;
		expect(limiter.allows('school', 'phone-1')).toBe(true);
	});

	it('lets an address mistype its reserve, then only at the refill rate', async () => {
		const limiter = new JoinLimiter(limits, () => clock);
		for (let miss = 0; miss < 400; miss += 1) {
			expect(limiter.allows('school', `phone-${Math.floor(miss / 5)}`)).toBe(true);
			limiter.failed('school', `phone-${Math.floor(miss / 5)}`);
		}
		expect(limiter.allows('school', 'fresh-phone')).toBe(false);
		expect(limiter.allows('another-school', 'fresh-phone')).toBe(true);
		clock += 29_999;
		expect(limiter.allows('school', 'fresh-phone')).toBe(false);
		clock += 1;
		expect(limiter.allows('school', 'fresh-phone')).toBe(true);
		limiter.failed('school', 'fresh-phone');
		expect(limiter.allows('school', 'fresh-phone')).toBe(false);
	});

	it('counts nothing for a right code, so a school joining at once never runs out', async () => {
		const limiter = new JoinLimiter(limits, () => clock);
		for (let phone = 0; phone < 1000; phone += 1)
			expect(limiter.allows('school', `phone-${phone}`)).toBe(true);
	});
});

describe('the client address', () => {
	const none = { addressHeader: '', xffDepth: 1 };
	const xff = (xffDepth: number) => ({ addressHeader: 'x-forwarded-for', xffDepth });

	it('is the peer address unless a header is configured, whatever the client sends', async () => {
		expect(clientAddress({ 'x-forwarded-for': '10.0.0.9' }, '192.0.2.1', none)).toBe('192.0.2.1');
	});

	it('takes X-Forwarded-For from the right, XFF_DEPTH proxies deep, as adapter-node does', async () => {
		const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2' };
		expect(clientAddress(headers, '127.0.0.1', xff(1))).toBe('10.0.0.2');
		expect(clientAddress(headers, '127.0.0.1', xff(2))).toBe('203.0.113.7');
		expect(clientAddress(headers, '127.0.0.1', xff(4))).toBeNull();
	});

	it('reads another configured header as it is, and is null when the header is missing', async () => {
		const header = { addressHeader: 'true-client-ip', xffDepth: 1 };
		expect(clientAddress({ 'true-client-ip': '203.0.113.7' }, '127.0.0.1', header)).toBe(
			'203.0.113.7'
		);
		expect(clientAddress({}, '127.0.0.1', header)).toBeNull();
		expect(clientAddress({ 'true-client-ip': ' ' }, '127.0.0.1', header)).toBeNull();
		expect(clientAddress({}, '127.0.0.1', xff(1))).toBeNull();
	});
});

describe('the settings for addresses and idle sessions', () => {
	it('default to no proxy and eight idle hours', async () => {
		expect(readConfig({})).toMatchObject({
			sessionIdleHours: 8,
			proxy: { addressHeader: '', xffDepth: 1 }
		});
	});

	it('read the proxy header in lower case, as Node gives headers', async () => {
		expect(
			readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2', SESSION_IDLE_HOURS: '3' })
		).toMatchObject({
			sessionIdleHours: 3,
			proxy: { addressHeader: 'x-forwarded-for', xffDepth: 2 }
		});
	});

	it('refuse what makes no sense, naming it', async () => {
		expect(() => readConfig({ XFF_DEPTH: '0' })).toThrow(/XFF_DEPTH/);
		expect(() => readConfig({ XFF_DEPTH: 'two' })).toThrow(/XFF_DEPTH/);
		expect(() => readConfig({ ADDRESS_HEADER: 'x forwarded: for' })).toThrow(/ADDRESS_HEADER/);
		expect(() => readConfig({ SESSION_IDLE_HOURS: '0' })).toThrow(/SESSION_IDLE_HOURS/);
		expect(() => readConfig({ SESSION_IDLE_HOURS: '1000' })).toThrow(/SESSION_IDLE_HOURS/);
	});
});

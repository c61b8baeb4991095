// The teacher's own space in the domain: the owner's credential that steers a session from any
// device, claiming a session with its host secret, the personal secret link, and Mijn lessen.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { readHostLink, TeacherSpaces } from '../../../src/lib/server/teacher-space.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

let directory: string;
let store: SqliteStore;
let sessions: Sessions;
let spaces: TeacherSpaces;
let clock: number;

function value<T>(outcome: { ok: true; value: T } | { ok: false; error: string }): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

beforeEach(() => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-space-'));
	clock = 1_700_000_000_000;
	store = new SqliteStore(join(directory, 'store.sqlite'));
	sessions = new Sessions({
		store,
		findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
		retentionDays: 30,
		now: () => clock
	});
	spaces = new TeacherSpaces({ store, sessions, now: () => clock });
});

afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

async function teacher(name = 'a') {
	const key = name.repeat(64);
	await store.teachers.ensureTeacher(key, clock);
	return key;
}

describe("the owner's credential", () => {
	it('steers and shows the board of a session started while signed in, from any device', async () => {
		const owner = await teacher('a');
		const { session, hostSecret } = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		const ownerSecret = sessions.ownerSecret(session)!;
		expect(ownerSecret).not.toBe(hostSecret);
		expect(value(await sessions.asHost(session.id, ownerSecret)).id).toBe(session.id);
		const board = sessions.boardSecret(session, ownerSecret);
		expect(value(await sessions.asBoard(session.id, board)).id).toBe(session.id);
		// The board's secret never makes a host, the owner's board included.
		expect(await sessions.asHost(session.id, board)).toEqual({ ok: false, error: 'not-host' });
	});

	it('does not exist for a session of nobody, and is refused for another teacher', async () => {
		const owner = await teacher('a');
		const other = await teacher('b');
		const { session: nobodys } = value(await sessions.start(lesson.slug));
		expect(sessions.ownerSecret(nobodys)).toBeNull();
		const { session } = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		const forOther = sessions.ownerSecret({ ...session, teacherKey: other })!;
		expect(await sessions.asHost(session.id, forOther)).toEqual({ ok: false, error: 'not-host' });
		expect(await sessions.asBoard(session.id, sessions.boardSecret(session, forOther))).toEqual({
			ok: false,
			error: 'not-board'
		});
		// Nor does one session's credential open another of the same teacher.
		const { session: second } = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		expect(await sessions.asHost(second.id, sessions.ownerSecret(session)!)).toEqual({
			ok: false,
			error: 'not-host'
		});
	});

	it('stops working once the teacher deleted their space, while the host link works on', async () => {
		const owner = await teacher('a');
		const { session, hostSecret } = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		const ownerSecret = sessions.ownerSecret(session)!;
		const board = sessions.boardSecret(session, ownerSecret);
		expect(await spaces.deleteSpace(owner)).toBe(true);
		expect(await sessions.asHost(session.id, ownerSecret)).toEqual({
			ok: false,
			error: 'not-host'
		});
		expect(await sessions.asBoard(session.id, board)).toEqual({ ok: false, error: 'not-board' });
		expect(value(await sessions.asHost(session.id, hostSecret)).teacherKey).toBeNull();
	});

	it('leaves host links and board keys as they were for teachers who never sign in', async () => {
		const { session, hostSecret, boardSecret } = value(await sessions.start(lesson.slug));
		expect(value(await sessions.asHost(session.id, hostSecret)).teacherKey).toBeNull();
		expect(value(await sessions.asBoard(session.id, boardSecret)).id).toBe(session.id);
		expect(sessions.boardSecret(session, hostSecret)).toBe(boardSecret);
	});
});

describe('claiming a session', () => {
	it('makes a session started before signing in the teacher’s, with its host secret', async () => {
		const owner = await teacher('a');
		const { session, hostSecret } = value(await sessions.start(lesson.slug));
		const claimed = value(await sessions.claim(session.id, hostSecret, owner));
		expect(claimed.teacherKey).toBe(owner);
		expect(value(await sessions.asHost(session.id, sessions.ownerSecret(claimed)!)).id).toBe(
			session.id
		);
		// Claiming again is harmless.
		expect(value(await sessions.claim(session.id, hostSecret, owner)).teacherKey).toBe(owner);
	});

	it('refuses a wrong secret, an unknown session and a session of another teacher', async () => {
		const owner = await teacher('a');
		const other = await teacher('b');
		const { session, hostSecret } = value(await sessions.start(lesson.slug));
		expect(await sessions.claim(session.id, 'x'.repeat(32), owner)).toEqual({
			ok: false,
			error: 'not-host'
		});
		expect(await sessions.claim('nothing-here', hostSecret, owner)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
		value(await sessions.claim(session.id, hostSecret, owner));
		expect(await sessions.claim(session.id, hostSecret, other)).toEqual({
			ok: false,
			error: 'claimed-by-another'
		});
	});

	it("never hands a session on with an owner's credential", async () => {
		const owner = await teacher('a');
		const other = await teacher('b');
		const { session } = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		await store.updateSession({ ...session, teacherKey: null });
		const stale = sessions.ownerSecret(session)!;
		expect(await sessions.claim(session.id, stale, other)).toEqual({
			ok: false,
			error: 'not-host'
		});
	});

	it('adds a lesson from the host link, from the secret alone while live, and says why not', async () => {
		const owner = await teacher('a');
		const first = value(await sessions.start(lesson.slug));
		const link = `http://192.168.1.20:3000/host/${first.session.id}?key=${first.hostSecret}`;
		expect(value(await spaces.addLesson(owner, `  ${link}  `)).teacherKey).toBe(owner);
		const second = value(await sessions.start(lesson.slug));
		expect(value(await spaces.addLesson(owner, second.hostSecret)).id).toBe(second.session.id);
		const ended = value(await sessions.start(lesson.slug));
		value(await sessions.end(ended.session.id));
		expect(await spaces.addLesson(owner, ended.hostSecret)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
		expect(
			value(await spaces.addLesson(owner, `/host/${ended.session.id}?key=${ended.hostSecret}`))
				.status
		).toBe('ended');
		for (const nonsense of ['', 'hallo', 'https://example.org/host/abc', 'a b c', '<script>'])
			expect(await spaces.addLesson(owner, nonsense)).toEqual({
				ok: false,
				error: 'not-a-host-link'
			});
	});

	it('reads host links and bare secrets, and nothing else', () => {
		expect(
			readHostLink('https://klas.example.nl/host/AbCdEfGhIjKlMnOp?key=s3cr3t-s3cr3t-s3cr3t')
		).toEqual({
			sessionId: 'AbCdEfGhIjKlMnOp',
			secret: 's3cr3t-s3cr3t-s3cr3t'
		});
		expect(readHostLink('s3cr3t-s3cr3t-s3cr3t')).toEqual({
			sessionId: null,
			secret: 's3cr3t-s3cr3t-s3cr3t'
		});
		expect(
			readHostLink('https://klas.example.nl/board/AbCdEfGhIjKlMnOp?key=s3cr3t-s3cr3t-s3cr3t')
		).toBeNull();
		expect(readHostLink('https://klas.example.nl/host/AbCdEfGhIjKlMnOp?key=short')).toBeNull();
		expect(readHostLink('http://[::1')).toBeNull();
	});
});

describe('the personal secret link', () => {
	it('opens the space, and a new link revokes the old one at once', async () => {
		const space = await spaces.createSpace();
		expect(space.key).toMatch(/^[0-9a-f]{64}$/);
		const first = await spaces.newLink(space.key);
		expect(value(await spaces.teacherByLink(first, '10.0.0.1')).key).toBe(space.key);
		const second = await spaces.newLink(space.key);
		expect(await spaces.teacherByLink(first, '10.0.0.1')).toEqual({
			ok: false,
			error: 'unknown-link'
		});
		expect(value(await spaces.teacherByLink(second, '10.0.0.1')).key).toBe(space.key);
		await spaces.revokeLink(space.key);
		expect(await spaces.hasLink(space.key)).toBe(false);
		expect((await spaces.teacherByLink(second, '10.0.0.1')).ok).toBe(false);
	});

	it('is stored only as a hash', async () => {
		const space = await spaces.createSpace();
		const secret = await spaces.newLink(space.key);
		const files = readdirSync(directory).map((name) => readFileSync(join(directory, name)));
		const hash = createHash('sha256').update(secret).digest('hex');
		expect(files.some((file) => file.includes(Buffer.from(hash)))).toBe(true);
		expect(files.some((file) => file.includes(Buffer.from(secret)))).toBe(false);
	});

	it('stops a guessing address, also for a right link, and no other address', async () => {
		const space = await spaces.createSpace();
		const secret = await spaces.newLink(space.key);
		for (let guess = 0; guess < 20; guess += 1)
			expect(
				(await spaces.teacherByLink(`guess-${guess}-xxxxxxxxxxxxxxxxxxxx`, '6.6.6.6')).ok
			).toBe(false);
		expect(await spaces.teacherByLink(secret, '6.6.6.6')).toEqual({
			ok: false,
			error: 'too-many-attempts'
		});
		expect(value(await spaces.teacherByLink(secret, '10.0.0.1')).key).toBe(space.key);
		clock += 15 * 60 * 1000;
		expect(value(await spaces.teacherByLink(secret, '6.6.6.6')).key).toBe(space.key);
	});

	it('takes nothing that is not shaped like a link secret to the store', async () => {
		for (const odd of ['', 'x', '../../etc/passwd', 'a'.repeat(500), 'ääääääääääääääääää'])
			expect(await spaces.teacherByLink(odd, '10.0.0.2')).toEqual({
				ok: false,
				error: 'unknown-link'
			});
	});
});

describe('Mijn lessen', () => {
	it('lists the teacher’s sessions newest first, with class, pupils and status', async () => {
		const owner = await teacher('a');
		await store.teachers.addClass({
			id: 'klas-3b',
			teacherKey: owner,
			name: '3B',
			createdAt: clock
		});
		const first = value(
			await sessions.start(lesson.slug, { teacherKey: owner, classId: 'klas-3b' })
		);
		value(await sessions.join(first.session.joinCode));
		value(await sessions.join(first.session.joinCode));
		value(await sessions.end(first.session.id));
		clock += 60_000;
		const second = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		value(await sessions.start(lesson.slug)); // nobody's
		const listed = await spaces.lessonsOf(owner);
		expect(listed).toEqual([
			expect.objectContaining({
				sessionId: second.session.id,
				className: null,
				pupilsJoined: 0,
				status: 'live',
				lessonTitle: lesson.meta.title
			}),
			expect.objectContaining({
				sessionId: first.session.id,
				className: '3B',
				pupilsJoined: 2,
				status: 'ended'
			})
		]);
	});

	it('deletes an ended session of the teacher’s with its run, and nothing else', async () => {
		const owner = await teacher('a');
		const other = await teacher('b');
		const live = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		const ended = value(await sessions.start(lesson.slug, { teacherKey: owner }));
		value(await sessions.end(ended.session.id));
		expect(await store.runs.runOf(ended.session.id)).not.toBeNull();
		expect(await spaces.deleteLesson(other, ended.session.id)).toEqual({
			ok: false,
			error: 'session-not-found'
		});
		expect(await spaces.deleteLesson(owner, live.session.id)).toEqual({
			ok: false,
			error: 'session-live'
		});
		expect(await spaces.deleteLesson(owner, ended.session.id)).toEqual({ ok: true });
		expect(await store.getSession(ended.session.id)).toBeNull();
		expect(await store.runs.runOf(ended.session.id)).toBeNull();
		expect(await store.getSession(live.session.id)).not.toBeNull();
	});

	it('keeps a display name only when one is given', async () => {
		const owner = await teacher('a');
		await spaces.setDisplayName(owner, '  Meneer Jansen ');
		expect((await store.teachers.getTeacher(owner))!.displayName).toBe('Meneer Jansen');
		await spaces.setDisplayName(owner, '   ');
		expect((await store.teachers.getTeacher(owner))!.displayName).toBeNull();
	});
});

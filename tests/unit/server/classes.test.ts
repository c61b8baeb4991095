import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Classes, className, type ClassOutcome } from '../../../src/lib/server/classes.ts';
import { Sessions } from '../../../src/lib/server/sessions.ts';
import { SqliteStore } from '../../../src/lib/server/store/sqlite.ts';
import { allBlocksLesson } from '../../fixtures/all-blocks.ts';

const lesson = allBlocksLesson;

let directory: string;
let store: SqliteStore;
let classes: Classes;
let clock: number;

function value<T>(outcome: ClassOutcome<T>): T {
	if (!outcome.ok) throw new Error(`expected success, got ${outcome.error}`);
	return outcome.value;
}

beforeEach(async () => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-classes-'));
	store = new SqliteStore(join(directory, 'store.sqlite'));
	clock = 1_000_000;
	classes = new Classes(store, () => clock);
	await store.teachers.ensureTeacher('docent-a', clock);
	await store.teachers.ensureTeacher('docent-b', clock);
});
afterEach(async () => {
	await store.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('a class’s name', () => {
	it('is what the teacher typed, trimmed, with one space between words', () => {
		expect(className('  mentorgroep   dinsdag ')).toEqual({
			ok: true,
			value: 'mentorgroep dinsdag'
		});
		expect(className('3B')).toEqual({ ok: true, value: '3B' });
	});

	it('is 1 to 40 characters', () => {
		expect(className('   ')).toEqual({ ok: false, error: 'class-name-empty' });
		expect(className(undefined)).toEqual({ ok: false, error: 'class-name-empty' });
		expect(className(['3B'])).toEqual({ ok: false, error: 'class-name-empty' });
		expect(className('x'.repeat(40)).ok).toBe(true);
		expect(className('x'.repeat(41))).toEqual({ ok: false, error: 'class-name-too-long' });
		// Counted as the teacher sees characters, not as UTF-16 units.
		expect(className('🎭'.repeat(40)).ok).toBe(true);
	});
});

describe('a teacher’s classes', () => {
	it('adds, lists by name, renames and deletes a class', async () => {
		const threeB = value(await classes.add('docent-a', ' 3B '));
		value(await classes.add('docent-a', 'mentorgroep dinsdag'));
		value(await classes.add('docent-a', '2A'));
		expect((await classes.of('docent-a')).map((record) => record.name)).toEqual([
			'2A',
			'3B',
			'mentorgroep dinsdag'
		]);
		expect(value(await classes.rename('docent-a', threeB.id, '3B havo')).name).toBe('3B havo');
		value(await classes.remove('docent-a', threeB.id));
		expect((await classes.of('docent-a')).map((record) => record.name)).toEqual([
			'2A',
			'mentorgroep dinsdag'
		]);
	});

	it('keeps names unique per teacher, whatever their capitals', async () => {
		value(await classes.add('docent-a', '3B'));
		expect(await classes.add('docent-a', '3b')).toEqual({ ok: false, error: 'class-name-taken' });
		const other = value(await classes.add('docent-a', '4C'));
		expect(await classes.rename('docent-a', other.id, ' 3B')).toEqual({
			ok: false,
			error: 'class-name-taken'
		});
		// Another teacher's 3B is theirs.
		expect((await classes.add('docent-b', '3B')).ok).toBe(true);
		// A class may be renamed to its own name in other capitals.
		expect(value(await classes.rename('docent-a', other.id, '4c')).name).toBe('4c');
	});

	it('refuses a bad name without storing anything', async () => {
		expect(await classes.add('docent-a', '')).toEqual({ ok: false, error: 'class-name-empty' });
		expect(await classes.add('docent-a', 'x'.repeat(41))).toEqual({
			ok: false,
			error: 'class-name-too-long'
		});
		expect(await classes.of('docent-a')).toEqual([]);
	});

	it('never lets a teacher see, rename or delete another teacher’s class', async () => {
		const theirs = value(await classes.add('docent-b', '3B'));
		expect(await classes.own('docent-a', theirs.id)).toBeNull();
		expect(await classes.rename('docent-a', theirs.id, 'van mij')).toEqual({
			ok: false,
			error: 'class-not-found'
		});
		expect(await classes.remove('docent-a', theirs.id)).toEqual({
			ok: false,
			error: 'class-not-found'
		});
		expect((await classes.of('docent-b')).map((record) => record.name)).toEqual(['3B']);
	});
});

describe('the class a lesson is started for', () => {
	it('is one of the teacher’s classes, a name typed on the start form, or none', async () => {
		const threeB = value(await classes.add('docent-a', '3B'));
		expect(value(await classes.forStart('docent-a', { classId: threeB.id }))).toEqual(threeB);
		expect(value(await classes.forStart('docent-a', { classId: '' }))).toBeNull();
		expect(value(await classes.forStart('docent-a', {}))).toBeNull();
		// Typed again, an existing class is found, not made twice.
		expect(value(await classes.forStart('docent-a', { newName: '3b ' }))).toEqual(threeB);
		const made = value(await classes.forStart('docent-a', { classId: threeB.id, newName: '4C' }));
		expect(made?.name).toBe('4C');
		expect(await classes.of('docent-a')).toHaveLength(2);
	});

	it('is never another teacher’s class, nor a made-up id or a bad name', async () => {
		const theirs = value(await classes.add('docent-b', '3B'));
		expect(await classes.forStart('docent-a', { classId: theirs.id })).toEqual({
			ok: false,
			error: 'class-not-found'
		});
		expect(await classes.forStart('docent-a', { classId: 'verzonnen' })).toEqual({
			ok: false,
			error: 'class-not-found'
		});
		expect(await classes.forStart('docent-a', { classId: 42 })).toEqual({ ok: true, value: null });
		expect(await classes.forStart('docent-a', { newName: 'x'.repeat(41) })).toEqual({
			ok: false,
			error: 'class-name-too-long'
		});
	});
});

describe('what each class did', () => {
	it('gives per class the newest date of each lesson, live or ended, past retention too', async () => {
		const sessions = new Sessions({
			store,
			findLesson: (slug) => (slug === lesson.slug ? lesson : undefined),
			retentionDays: 30,
			now: () => clock
		});
		const threeB = value(await classes.add('docent-a', '3B'));
		const twoA = value(await classes.add('docent-a', '2A'));
		value(await classes.add('docent-a', '4C'));
		const start = async (classId: string) => {
			const started = await sessions.start('alle-blokken', { teacherKey: 'docent-a', classId });
			if (!started.ok) throw new Error(started.error);
			return started.value.session;
		};
		const first = await start(threeB.id);
		await sessions.end(first.id);
		clock += 31 * 24 * 60 * 60 * 1000;
		await sessions.deleteExpired();
		const again = await start(threeB.id);
		const other = await start(twoA.id);
		await sessions.end(other.id);

		const threads = await classes.threads('docent-a');
		expect(threads.map(({ name, lessons }) => ({ name, lessons }))).toEqual([
			{ name: '2A', lessons: { 'alle-blokken': { ranAt: other.createdAt, live: false } } },
			{ name: '3B', lessons: { 'alle-blokken': { ranAt: again.createdAt, live: true } } },
			{ name: '4C', lessons: {} }
		]);
		expect(first.createdAt).toBeLessThan(again.createdAt);
		expect(await classes.threads('docent-b')).toEqual([]);
	});
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKlasgesprek, type Klasgesprek } from '../../../src/lib/server/app.ts';
import { readConfig } from '../../../src/lib/server/config.ts';
import { noEvents, type DomainEvents } from '../../../src/lib/server/events.ts';

let directory: string;
let app: Klasgesprek;

beforeEach(async () => {
	directory = mkdtempSync(join(tmpdir(), 'klasgesprek-app-'));
	app = await createKlasgesprek(
		readConfig({
			LESSONS_DIR: new URL('../../fixtures/lessons', import.meta.url).pathname,
			DATABASE_PATH: join(directory, 'store.sqlite')
		})
	);
});
afterEach(async () => {
	await app.close();
	rmSync(directory, { recursive: true, force: true });
});

describe('the instance of a process', () => {
	it('opens its store before it is handed out', async () => {
		const started = await app.sessions.start('alle-blokken');
		expect(started.ok).toBe(true);
		expect(await app.store.liveSessions()).toHaveLength(1);
	});

	it('tells every subscriber of a change, until it stops listening', async () => {
		const heard: string[] = [];
		const stop = app.subscribe({
			...noEvents,
			sessionChanged: (session) => heard.push(`step ${session.step}`)
		});
		const started = await app.sessions.start('alle-blokken');
		if (!started.ok) throw new Error(started.error);
		await app.sessions.goToStep(started.value.session.id, 2);
		stop();
		await app.sessions.goToStep(started.value.session.id, 3);
		expect(heard).toEqual(['step 2']);
	});

	it('keeps a stored change and the other listeners when one listener throws', async () => {
		const failing = vi.spyOn(console, 'error').mockImplementation(() => {});
		const heard: number[] = [];
		const broken: DomainEvents = {
			...noEvents,
			sessionChanged: () => {
				throw new Error('a bug in a listener');
			}
		};
		app.subscribe(broken);
		app.subscribe({ ...noEvents, sessionChanged: (session) => heard.push(session.step) });
		const started = await app.sessions.start('alle-blokken');
		if (!started.ok) throw new Error(started.error);
		const moved = await app.sessions.goToStep(started.value.session.id, 2);
		expect(moved).toMatchObject({ ok: true, value: { step: 2 } });
		expect(heard).toEqual([2]);
		expect(failing).toHaveBeenCalledOnce();
		// The log names the failure, never the error's message (it can quote a pupil).
		expect(String(failing.mock.calls[0][0])).not.toContain('a bug in a listener');
		failing.mockRestore();
	});
});

describe('a lesson changed while it is taught', () => {
	it('keeps the version a live session started with; a new session gets the new one', async () => {
		const lessons = join(directory, 'lessons');
		mkdirSync(lessons);
		const file = join(lessons, 'les.md');
		const original = readFileSync(
			new URL('../../fixtures/lessons/alle-blokken.md', import.meta.url),
			'utf8'
		);
		writeFileSync(file, original);
		const own = await createKlasgesprek(
			readConfig({ LESSONS_DIR: lessons, DATABASE_PATH: join(directory, 'own.sqlite') })
		);
		try {
			const before = await own.sessions.start('les');
			if (!before.ok) throw new Error(before.error);
			const title = own.sessions.lessonOf(before.value.session)!.meta.title;
			writeFileSync(file, original.replace(/^title: .*$/m, 'title: Een nieuwe titel'));
			own.library.reload();
			const after = await own.sessions.start('les');
			if (!after.ok) throw new Error(after.error);
			expect(own.sessions.lessonOf(after.value.session)!.meta.title).toBe('Een nieuwe titel');
			// Read again from the store, as another request would.
			const stored = await own.sessions.getSession(before.value.session.id);
			expect(own.sessions.lessonOf(stored!)!.meta.title).toBe(title);
			expect(title).not.toBe('Een nieuwe titel');
		} finally {
			await own.close();
		}
	});
});

// A running production server (node server.ts on the e2e build) follows its LESSONS_DIR:
// a lesson added, changed, broken or removed shows on /lessons within 5 s, without restart.
// Plain fetch against a server this spec starts itself; no browser needed.

import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eServerEnvironment } from '../../playwright.config.ts';
import { lessonWithBody } from '../unit/lessons/lesson-source.ts';

const port = Number(process.env.E2E_PORT ?? 4173) + 1;
const base = `http://127.0.0.1:${port}`;
const lesson = (title: string) =>
	lessonWithBody('## Stap\nTekst.\n').replace('title: Testles', `title: ${title}`);

let server: ChildProcess;
let lessons: string;
let log = '';

test.beforeAll(async () => {
	lessons = mkdtempSync(join(tmpdir(), 'klasgesprek-follow-'));
	cpSync('lessons/wat-is-polarisatie.md', join(lessons, 'wat-is-polarisatie.md'));
	server = spawn(process.execPath, ['server.ts'], {
		env: {
			...process.env,
			...e2eServerEnvironment,
			BUILD_DIR: process.env.BUILD_DIR ?? e2eServerEnvironment.BUILD_DIR,
			PORT: String(port),
			LESSONS_DIR: lessons,
			DATABASE_PATH: ':memory:'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	await expect
		.poll(
			() =>
				fetch(`${base}/lessons`).then(
					(r) => r.status,
					() => 0
				),
			{ timeout: 30_000 }
		)
		.toBe(200);
});

test.afterAll(() => {
	server?.kill('SIGTERM');
	rmSync(lessons, { recursive: true, force: true });
});

const libraryPage = () => fetch(`${base}/lessons`).then((response) => response.text());
const within5s = { timeout: 5_000, intervals: [100] };

test('the library follows files added, changed, broken and removed in LESSONS_DIR', async () => {
	expect(await libraryPage()).toContain('Wat is polarisatie?');

	writeFileSync(join(lessons, 'nepnieuws.md'), lesson('Nepnieuws herkennen'));
	await expect.poll(libraryPage, within5s).toContain('Nepnieuws herkennen');
	expect((await fetch(`${base}/lessons/nepnieuws`)).status).toBe(200);

	writeFileSync(join(lessons, 'nepnieuws.md'), lesson('Nepnieuws doorprikken'));
	await expect.poll(libraryPage, within5s).toContain('Nepnieuws doorprikken');

	// Broken: left out, while the other lesson stays served.
	writeFileSync(
		join(lessons, 'nepnieuws.md'),
		lessonWithBody('## Stap\n:::stellin {#a}\nx\n:::\n')
	);
	await expect.poll(libraryPage, within5s).not.toContain('Nepnieuws doorprikken');
	expect(await libraryPage()).toContain('Wat is polarisatie?');
	expect((await fetch(`${base}/lessons/nepnieuws`)).status).toBe(404);
	expect(log).toMatch(
		/nepnieuws\.md:15: Het bloktype 'stellin' bestaat niet\. Bedoel je 'stelling'\?/
	);

	rmSync(join(lessons, 'wat-is-polarisatie.md'));
	await expect.poll(libraryPage, within5s).not.toContain('Wat is polarisatie?');
});

// How much JavaScript a phone downloads for the pupil page (/j/<code>) and a teacher's laptop
// for the board, gzip-compressed as the server sends it. Loads both pages in Chromium against
// the production build, lists every script they fetch, and sizes those files from build/client.
//
//   npm run build && node bench/page-weight.ts
//
// Prints a table and exits 1 when a page is over its budget.

import { chromium, type Cookie } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumLaunchOptions } from '../tests/chromium.ts';

const budgets = { pupil: 60 * 1024, board: 150 * 1024 };
const port = 4300 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const clientDirectory = join(import.meta.dirname, '..', 'build', 'client');

const server = spawn(process.execPath, ['server.ts'], {
	cwd: join(import.meta.dirname, '..'),
	env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: ':memory:' },
	stdio: ['ignore', 'pipe', 'inherit']
});
await new Promise<void>((resolve) =>
	server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve())
);

const browser = await chromium.launch(chromiumLaunchOptions);

/** Every script a page loads on a first visit, by path, once it has settled. */
async function scriptsOf(url: string, cookies: Cookie[] = []): Promise<string[]> {
	const context = await browser.newContext();
	await context.addCookies(cookies);
	const page = await context.newPage();
	const scripts = new Set<string>();
	page.on('response', (response) => {
		const path = new URL(response.url()).pathname;
		if (path.endsWith('.js')) scripts.add(path);
	});
	await page.goto(url);
	await page.waitForLoadState('networkidle');
	await context.close();
	return [...scripts];
}

/** Starts a lesson as a teacher would, for the host cookie the board needs. */
async function startLesson(): Promise<{ boardUrl: string; cookies: Cookie[] }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${base}/lessons/wat-is-polarisatie`);
	await page.getByRole('button', { name: /Start/ }).click();
	await page.waitForURL(/\/host\//);
	const boardUrl = page.url().replace('/host/', '/board/');
	const cookies = await context.cookies();
	await context.close();
	return { boardUrl, cookies };
}

const gzipSize = (path: string) =>
	gzipSync(readFileSync(join(clientDirectory, path)), { level: 9 }).length;

try {
	const pupil = await scriptsOf(`${base}/j/123456`);
	const { boardUrl, cookies } = await startLesson();
	const board = await scriptsOf(boardUrl, cookies);

	const rows = Object.entries({ pupil, board }).map(([name, files]) => {
		const bytes = files.reduce((sum, file) => sum + gzipSize(file), 0);
		const budget = budgets[name as keyof typeof budgets];
		return {
			page: name === 'pupil' ? '/j/<code>' : '/board/<id>',
			scripts: files.length,
			'gzip KB': +(bytes / 1024).toFixed(1),
			'budget KB': budget / 1024,
			within: bytes <= budget
		};
	});
	console.table(rows);
	if (rows.some((row) => !row.within)) process.exitCode = 1;
} finally {
	await browser.close();
	server.kill('SIGTERM');
}

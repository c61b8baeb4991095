// How much JavaScript a phone downloads for the pupil page (/j/<code>) and a teacher's laptop
// for the board, gzip-compressed as the server sends it. Loads both pages in Chromium against
// the production build, lists every script they fetch, and sizes those files from build/client.
// The pupil joins a real lesson, so the first load counts everything needed to render and join;
// what a phone fetches later, when a question of a type opens, is shown beside it.
//
//   npm run build && node bench/page-weight.ts
//
// Prints a table and exits 1 when a page is over its budget.

import { chromium, type Cookie, type Locator, type Page } from '@playwright/test';
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

/**
 * Every script a page loads on a first visit, by path, once it shows what `settled` waits for
 * and the network is quiet.
 */
async function scriptsOf(
	url: string,
	{ cookies = [], settled }: { cookies?: Cookie[]; settled?: (page: Page) => Locator } = {}
): Promise<string[]> {
	const context = await browser.newContext();
	await context.addCookies(cookies);
	const page = await context.newPage();
	const scripts = new Set<string>();
	page.on('response', (response) => {
		const path = new URL(response.url()).pathname;
		if (path.endsWith('.js')) scripts.add(path);
	});
	await page.goto(url);
	if (settled) await settled(page).waitFor();
	await page.waitForLoadState('networkidle');
	await context.close();
	return [...scripts];
}

/** Starts a lesson as a teacher would: the host view, its join code and the host cookie. */
async function startLesson() {
	const context = await browser.newContext();
	const host = await context.newPage();
	await host.goto(`${base}/lessons/wat-is-polarisatie`);
	await host.getByRole('button', { name: /Start/ }).click();
	await host.waitForURL(/\/host\//);
	const code = host.locator('.code');
	await code.filter({ hasText: /^\d{6}$/ }).waitFor();
	return {
		host,
		code: (await code.textContent())!.trim(),
		boardUrl: host.url().replace('/host/', '/board/'),
		cookies: await context.cookies()
	};
}

/** Opens a block for pupils from the host console, stepping forward until its controls show. */
async function openBlock(host: Page, id: string) {
	const controls = host.locator(`li.control[data-block="${id}"]`);
	const where = host.locator('.where');
	while (!(await controls.isVisible())) {
		const step = (await where.textContent())!;
		await host.getByRole('button', { name: /Volgende stap/ }).click();
		await where.filter({ hasNotText: step }).waitFor();
	}
	await controls.getByRole('button', { name: /^Open/ }).click();
	await controls.getByRole('button', { name: /^Sluit/ }).waitFor();
}

const gzipSize = (path: string) =>
	gzipSync(readFileSync(join(clientDirectory, path)), { level: 9 }).length;

const kilobytes = (bytes: number) => +(bytes / 1024).toFixed(1);

try {
	const { host, code, boardUrl, cookies } = await startLesson();
	const pupilUrl = `${base}/j/${code}`;
	// Joined and waiting for the first question: the lesson's vragenbus is already on the phone.
	const pupil = await scriptsOf(pupilUrl, {
		settled: (page) => page.getByRole('heading', { name: /Kijk naar het bord/ })
	});
	const board = await scriptsOf(boardUrl, { cookies });
	// The workshop's editor arrives by dynamic import, after the page itself.
	const workshop = await scriptsOf(`${base}/workshop`, {
		settled: (page) => page.locator('.cm-editor')
	});

	// Joining while a question is open: a choice (thermometer), then a written response (open).
	const questions: Record<string, string[]> = {};
	for (const [label, id] of [
		['choice', 'start'],
		['written', 'wat-kun-jij']
	]) {
		await openBlock(host, id);
		questions[label] = await scriptsOf(pupilUrl, {
			settled: (page) => page.locator('.question').getByRole('button').first()
		});
	}

	const rows = [
		...Object.entries({ pupil, board }).map(([name, files]) => {
			const bytes = files.reduce((sum, file) => sum + gzipSize(file), 0);
			const budget = budgets[name as keyof typeof budgets];
			return {
				page: name === 'pupil' ? '/j/<code>' : '/board/<id>',
				scripts: files.length,
				'gzip KB': kilobytes(bytes),
				'budget KB': budget / 1024,
				within: bytes <= budget
			};
		}),
		...Object.entries(questions).map(([kind, files]) => ({
			page: `/j/<code>, ${kind} question open`,
			scripts: files.length,
			'gzip KB': kilobytes(files.reduce((sum, file) => sum + gzipSize(file), 0)),
			'budget KB': '—',
			within: '—'
		})),
		{
			page: '/workshop, editor loaded',
			scripts: workshop.length,
			'gzip KB': kilobytes(workshop.reduce((sum, file) => sum + gzipSize(file), 0)),
			'budget KB': '—',
			within: '—'
		}
	];
	console.table(rows);
	if (rows.some((row) => row.within === false)) process.exitCode = 1;
} finally {
	await browser.close();
	server.kill('SIGTERM');
}

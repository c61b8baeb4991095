// A live lesson in Chromium against a running production server, as the browser measurements
// (page-weight.ts, phone.ts) need it: the production server started on a free port, a lesson
// started from its page as a teacher does, and its blocks opened from the host console.

import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../tests/chromium.ts';

export const root = join(import.meta.dirname, '..');

export interface LessonServer {
	base: string;
	browser: Browser;
	close(): Promise<void>;
}

/** The production build behind server.ts on a fresh in-memory store, and a browser. */
export async function startServer(): Promise<LessonServer> {
	const port = 4300 + Math.floor(Math.random() * 500);
	const server: ChildProcess = spawn(process.execPath, ['server.ts'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: ':memory:' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		server.stdout!.on(
			'data',
			(chunk: Buffer) => chunk.toString().includes('listening') && resolve()
		);
		server.on('exit', (code) => reject(new Error(`server.ts exited (${code}); npm run build?`)));
	});
	const browser = await chromium.launch(chromiumLaunchOptions);
	return {
		base: `http://127.0.0.1:${port}`,
		browser,
		async close() {
			await browser.close();
			server.kill('SIGTERM');
		}
	};
}

/** Starts a lesson as a teacher would: the host view, its join code and the host cookie. */
export async function startLesson(browser: Browser, base: string, lesson = 'wat-is-polarisatie') {
	const context = await browser.newContext();
	const host = await context.newPage();
	await host.goto(`${base}/lessons/${lesson}`);
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
export async function openBlock(host: Page, id: string) {
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

/** Closes a block that is open for pupils. */
export async function closeBlock(host: Page, id: string) {
	const controls = host.locator(`li.control[data-block="${id}"]`);
	await controls.getByRole('button', { name: /^Sluit/ }).click();
	await controls.getByRole('button', { name: /^Opnieuw openen/ }).waitFor();
}

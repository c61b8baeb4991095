// How much JavaScript a phone downloads for the pupil page (/j/<code>) and a teacher's laptop
// for the board, gzip-compressed as the server sends it. Drives the production build in
// Chromium and sizes every script a page fetches from the build's client folder.
//
// The pupil's budget is for what a phone downloads up to its first open question, as a phone in
// class does it: it joins, waits for the lesson to start, and then a question opens (what the
// question needs beyond the page, such as the written-response form, arrives by then). A choice
// and a written question are measured on phones of their own, and each also on a phone that joins
// while the question is already open.
//
//   npm run build && node bench/page-weight.ts
//   node bench/page-weight.ts --files        and every script of each row, with its size
//
// BUILD_DIR picks the build, as server.ts reads it. Prints a table and exits 1 when a row is
// over its budget. tests/e2e/page-weight.spec.ts holds the pupil's budget in `npm test`.

import type { Browser, Cookie, Locator, Page } from '@playwright/test';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { closeBlock, openBlock, root, startLesson, startServer } from './browser-lesson.ts';
import { gzipSize as sizeIn, kilobytes, pageBudgets as budgets } from './page-budget.ts';

const { values: args } = parseArgs({ options: { files: { type: 'boolean', default: false } } });

const buildDirectory = resolve(root, process.env.BUILD_DIR || 'build');

/** The scripts a page has fetched so far, by path. */
function scriptsFetchedBy(page: Page): Set<string> {
	const scripts = new Set<string>();
	page.on('response', (response) => {
		const path = new URL(response.url()).pathname;
		if (path.endsWith('.js')) scripts.add(path);
	});
	return scripts;
}

/** A fresh visitor (nothing cached) that opens `url` and waits until `settled` shows. */
async function visit(
	browser: Browser,
	url: string,
	{ cookies = [], settled }: { cookies?: Cookie[]; settled?: (page: Page) => Locator } = {}
) {
	const context = await browser.newContext();
	await context.addCookies(cookies);
	const page = await context.newPage();
	const scripts = scriptsFetchedBy(page);
	await page.goto(url);
	if (settled) await settled(page).waitFor();
	await page.waitForLoadState('networkidle');
	return { page, scripts, close: () => context.close() };
}

const waiting = (page: Page) => page.getByRole('heading', { name: /Kijk naar het bord/ });
const answerable = (page: Page) => page.locator('.question').getByRole('button').first();

/** Quiet for half a second after `settled` shows: whatever it started fetching has arrived. */
async function settle(page: Page, settled: Locator) {
	await settled.waitFor();
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(500);
}

const gzipSize = (path: string) => sizeIn(buildDirectory, path);
const sum = (files: Iterable<string>) =>
	[...files].reduce((total, file) => total + gzipSize(file), 0);

const server = await startServer();
try {
	const { browser, base } = server;
	const { host, code, boardUrl, cookies } = await startLesson(browser, base);
	const pupilUrl = `${base}/j/${code}`;

	const rows: { page: string; files: Set<string>; budget?: number }[] = [];
	for (const [kind, blockId] of [
		['choice', 'start'],
		['written', 'wat-kun-jij']
	] as const) {
		// Join, wait for the lesson, then the question opens.
		const phone = await visit(browser, pupilUrl, { settled: waiting });
		const joined = new Set(phone.scripts);
		await openBlock(host, blockId);
		await settle(phone.page, answerable(phone.page));
		if (kind === 'choice') rows.push({ page: '/j/<code>, joined and waiting', files: joined });
		rows.push({
			page: `/j/<code>, joined, waiting, then a ${kind} question`,
			files: phone.scripts,
			budget: budgets.pupil
		});
		await phone.close();
		// Joining while the question is open.
		const late = await visit(browser, pupilUrl, { settled: answerable });
		await settle(late.page, answerable(late.page));
		rows.push({
			page: `/j/<code>, joining while a ${kind} question is open`,
			files: late.scripts,
			budget: budgets.pupil
		});
		await late.close();
		await closeBlock(host, blockId);
	}

	const board = await visit(browser, boardUrl, { cookies });
	rows.push({ page: '/board/<id>', files: board.scripts, budget: budgets.board });
	await board.close();
	// The workshop's editor arrives by dynamic import, after the page itself.
	const workshop = await visit(browser, `${base}/workshop`, {
		settled: (page) => page.locator('.cm-editor')
	});
	rows.push({ page: '/workshop, editor loaded', files: workshop.scripts });
	await workshop.close();

	const table = rows.map(({ page, files, budget }) => ({
		page,
		scripts: files.size,
		'gzip KB': kilobytes(sum(files)),
		'budget KB': budget ? budget / 1024 : '—',
		within: budget ? sum(files) <= budget : '—'
	}));
	console.table(table);
	if (args.files)
		for (const { page, files } of rows) {
			console.log(`\n${page}`);
			for (const file of [...files].sort((a, b) => gzipSize(b) - gzipSize(a)))
				console.log(`  ${kilobytes(gzipSize(file)).toFixed(1).padStart(6)} KB  ${file}`);
		}
	if (table.some((row) => row.within === false)) process.exitCode = 1;
} finally {
	await server.close();
}

import { expect, test, type Page } from '@playwright/test';
import { gzipSize, kilobytes, pageBudgets } from '../../bench/page-budget.ts';
import { e2eBuildDirectory } from '../../playwright.config';
import { controlsOf, nextStep, startLesson } from './host';
import { phone } from './phone';

// What a phone downloads, from the join link up to its first open question, stays within the
// pupil's budget (bench/page-budget.ts), in bytes and in files: on a slow network every KB and
// every request is a wait before the pupil can answer. As a phone in class: it joins, waits, and then a question opens. The full table is
// `npm run page-weight`; this holds the budget in `npm test`.

test.setTimeout(120_000);

/** Every script the page fetches from now on, by path. */
function scriptsOf(page: Page) {
	const scripts = new Set<string>();
	page.on('response', (response) => {
		const path = new URL(response.url()).pathname;
		if (path.endsWith('.js')) scripts.add(path);
	});
	return scripts;
}

/** Steps the console forward until the block's controls show, then opens it for pupils. */
async function open(host: Page, blockId: string) {
	while (!(await controlsOf(host, blockId).isVisible())) await nextStep(host);
	await controlsOf(host, blockId).getByRole('button', { name: 'Open voor leerlingen' }).click();
}

for (const [kind, blockId] of [
	['choice', 'start'],
	['written', 'open-vraag']
] as const) {
	test(`a phone downloads at most the pupil's budget up to a first ${kind} question`, async ({
		browser
	}) => {
		const host = await (await browser.newContext()).newPage();
		const code = await startLesson(host);
		const pupil = await (await browser.newContext({ ...phone })).newPage();
		const scripts = scriptsOf(pupil);
		await pupil.goto(`/j/${code}`);
		await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();

		await open(host, blockId);
		// Usable: an answer to tap, or a field to write in.
		const control = kind === 'choice' ? 'button' : 'textbox';
		await expect(pupil.locator('.question').getByRole(control).first()).toBeEnabled();
		await pupil.waitForLoadState('networkidle');

		const sizes = [...scripts].map((path) => ({ path, bytes: gzipSize(e2eBuildDirectory, path) }));
		const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
		const list = sizes
			.toSorted((a, b) => b.bytes - a.bytes)
			.map(({ path, bytes }) => `${kilobytes(bytes)} KB ${path}`)
			.join('\n');
		expect(
			total,
			`${kilobytes(total)} KB of JavaScript, budget ${kilobytes(pageBudgets.pupil)} KB:\n${list}`
		).toBeLessThanOrEqual(pageBudgets.pupil);
		expect(
			sizes.length,
			`${sizes.length} scripts, at most ${pageBudgets.pupilScripts}:\n${list}`
		).toBeLessThanOrEqual(pageBudgets.pupilScripts);
		// The measurement measures: the page, the socket and a question's controls are in it.
		expect(total).toBeGreaterThan(20 * 1024);
	});
}

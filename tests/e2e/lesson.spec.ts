import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

test.describe('a lesson page', () => {
	test('shows the overview, every step with a board preview, and passes axe', async ({ page }) => {
		await page.goto('/lessons/wat-is-polarisatie');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('term').filter({ hasText: 'Duur' })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Doelen' })).toBeVisible();
		const steps = page.locator('section.step');
		expect(await steps.count()).toBeGreaterThanOrEqual(5);
		await expect(page.getByTestId('board-preview')).toHaveCount(await steps.count());
		await expectNoAxeViolations(page);
	});

	test('lets the teacher jump to a step from the step list', async ({ page }) => {
		await page.goto('/lessons/wat-is-polarisatie');
		const nav = page.getByRole('navigation', { name: 'Stappen' });
		await nav.getByRole('link').nth(2).click();
		await expect(page).toHaveURL(/#stap-3$/);
		await expect(page.locator('#stap-3')).toBeInViewport();
	});

	test('marks an English lesson as English inside the Dutch interface', async ({ page }) => {
		await page.goto('/lessons/polarisation-in-the-classroom');
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await expect(page.locator('header[lang="en"] h1')).toBeVisible();
		await expect(page.locator('.board').first()).toHaveAttribute('lang', 'en');
	});

	test('answers an unknown lesson with a helpful 404', async ({ page }) => {
		const response = await page.goto('/lessons/bestaat-niet');
		expect(response?.status()).toBe(404);
		await expect(page.getByText('Deze les bestaat niet (meer).')).toBeVisible();
		await expectNoAxeViolations(page);
	});
});

test('teacher notes never appear in any board preview of any lesson', async ({ page }) => {
	// Every step of every sample lesson: more than the default half minute on a busy machine.
	test.setTimeout(120_000);
	await page.goto('/lessons');
	const hrefs = await page
		.locator('.card a')
		.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
	expect(hrefs.length).toBeGreaterThanOrEqual(15);
	let notesSeen = 0;
	let labelsForBlocks = 0;
	for (const href of hrefs) {
		await page.goto(href);
		const steps = page.locator('section.step');
		for (let index = 0; index < (await steps.count()); index += 1) {
			const step = steps.nth(index);
			const board = await step.getByTestId('board-preview').innerHTML();
			const notes = await step.locator('aside.note .body').allInnerTexts();
			notesSeen += notes.length;
			for (const note of notes) {
				// Compare a distinctive slice of each note, so short words shared by chance do not count.
				const probe = note.trim().replace(/\s+/g, ' ').slice(0, 60);
				if (probe.length >= 20) expect(board, `${href} step ${index + 1}`).not.toContain(probe);
			}
			expect(board).not.toMatch(/class="note/);
			// A note for a block names the block as the teacher sees it, never by its id or markup.
			const labels = await step.locator('aside.note .label').allInnerTexts();
			for (const label of labels) expect(label).not.toMatch(/[#<>]/);
			labelsForBlocks += labels.filter((label) => label.includes('· Bij ')).length;
		}
	}
	expect(notesSeen).toBeGreaterThan(50);
	expect(labelsForBlocks).toBeGreaterThan(5);
});

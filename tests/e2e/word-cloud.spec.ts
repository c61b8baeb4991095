import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { cardOf, controlsOf, nextStep, startLesson } from './host';
import { pupilPhone } from './phone';

// A word cloud passes the same filter as written responses: a slur typed as a word never
// reaches the board unless the teacher shows it, and the teacher can take any word off.

test.setTimeout(180_000);

async function sendWords(page: Page, words: string[]) {
	await expect(page.getByLabel('Woord 1')).toBeVisible();
	for (const [index, word] of words.entries())
		await page.getByLabel(`Woord ${index + 1}`).fill(word);
	await page.getByRole('button', { name: 'Verstuur' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
}

test('a slur typed into the word cloud is held for the teacher and never on the board', async ({
	browser
}) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const board = await teacher.newPage();
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));

	const pupils = [];
	for (let index = 0; index < 3; index += 1)
		pupils.push(await pupilPhone(browser, code, /Kijk naar het bord/));

	for (let step = 1; step < 4; step += 1) await nextStep(host);
	const cloudBlock = cardOf(host, 'woorden');
	await controlsOf(host, 'woorden').getByRole('button', { name: 'Open voor leerlingen' }).click();

	await sendWords(pupils[0], ['Respect', 'fl1kker']);
	await sendWords(pupils[1], ['respect', 'luisteren']);
	await sendWords(pupils[2], ['Luisteren']);

	const cloud = board.locator('.cloud');
	const review = cloudBlock.locator('section.words');

	await test.step('the board shows the cloud without the held word', async () => {
		await expect(cloud.locator('li')).toHaveText([/luisteren/, /respect/]);
		await expect(board.getByText('fl1kker')).toHaveCount(0);
		await expect(cloudBlock.locator('.cloud').getByText('fl1kker')).toHaveCount(0);
	});

	await test.step('the host sees it held, with the reason', async () => {
		const held = review.locator('li.held');
		await expect(held).toHaveCount(1);
		await expect(held).toContainText('fl1kker');
		await expect(held).toContainText('Gemarkeerd: scheldwoord voor een groep (“flikker”)');
		await expectNoAxeViolations(host);
	});

	await test.step('allowing it shows it on the board', async () => {
		await review.getByRole('button', { name: 'Toon fl1kker' }).click();
		await expect(cloud.getByText('fl1kker')).toBeVisible();
		await expect(review.locator('li.held')).toHaveCount(0);
	});

	await test.step('removing a normal word takes it off the board', async () => {
		await review.getByRole('button', { name: 'Haal weg luisteren' }).click();
		await expect(cloud.locator('li')).toHaveText([/respect/, /fl1kker/]);
		await expect(review.getByRole('button', { name: 'Zet terug luisteren' })).toBeVisible();
		// A board opened now sees the same: the decision is in the store, not in the page.
		await board.reload();
		await expect(board.locator('.cloud li')).toHaveText([/respect/, /fl1kker/]);
	});
});

import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { cardOf, controlsOf, nextStep, startLesson } from './host';
import { pupilPhone } from './phone';

// A word cloud is teacher-first: no word reaches the board before the teacher lets it through,
// one by one or all that wait at once. A word the filter holds (a slur) is shown with its reason
// and never goes with 'Toon alle woorden'; only its own 'Toon' lets it through.

test.setTimeout(180_000);

async function sendWords(page: Page, words: string[]) {
	await expect(page.getByLabel('Woord 1')).toBeVisible();
	for (const [index, word] of words.entries())
		await page.getByLabel(`Woord ${index + 1}`).fill(word);
	await page.getByRole('button', { name: 'Verstuur' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Ontvangen. De docent bekijkt de woorden eerst.' })
	).toBeVisible();
	await expect(page.getByText('Staat op het bord')).toHaveCount(0);
}

test('no word reaches the board before the teacher lets it through, and a held word only by its own Toon', async ({
	browser
}) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const board = await teacher.newPage();
	// Everything the board's socket receives, and every text the board page ever shows.
	const frames: string[] = [];
	board.on('websocket', (socket) =>
		socket.on('framereceived', (frame) => frames.push(String(frame.payload)))
	);
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	await board.evaluate(() => {
		const seen: string[] = [];
		(window as unknown as { seen: string[] }).seen = seen;
		new MutationObserver(() => seen.push(document.body.innerText)).observe(document.body, {
			subtree: true,
			childList: true,
			characterData: true
		});
	});
	const everOnBoard = async () =>
		[...frames, ...(await board.evaluate(() => (window as unknown as { seen: string[] }).seen))]
			.join('\n')
			.toLowerCase();

	const pupils: Page[] = [];
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

	await test.step('the console shows every word: the slur held with its reason, the rest waiting', async () => {
		const held = review.locator('li.held');
		await expect(held).toHaveCount(1);
		await expect(held).toContainText('fl1kker');
		await expect(held).toContainText('Gemarkeerd: scheldwoord voor een groep (“flikker”)');
		await expect(review.locator('li.waiting .text')).toHaveText(['luisteren', 'respect']);
		await expect(review.locator('li.waiting').first()).toContainText('2×');
		await expectNoAxeViolations(host);
	});

	await test.step('the board says the teacher looks first, and shows none of the words', async () => {
		await expect(
			board.getByText('De docent bekijkt de woorden eerst. Nog niet op het bord: 3.')
		).toBeVisible();
		// The teacher is told the count, not that 'the teacher' looks at them.
		await expect(cloudBlock.getByText('Nog niet op het bord: 3.', { exact: true })).toBeVisible();
		await expect(cloud.locator('li')).toHaveCount(0);
		// The host's preview of the board shows what the board shows.
		await expect(cloudBlock.locator('.cloud li')).toHaveCount(0);
		for (const word of ['respect', 'luisteren', 'fl1kker'])
			expect(await everOnBoard()).not.toContain(word);
		await expectNoAxeViolations(board);
	});

	await test.step('“Toon alle woorden” shows the waiting words, not the held one', async () => {
		await review.getByRole('button', { name: 'Toon alle woorden' }).click();
		await expect(cloud.locator('li')).toHaveText([/luisteren/, /respect/]);
		await expect(cloudBlock.locator('.cloud li')).toHaveText([/luisteren/, /respect/]);
		await expect(review.locator('li.held')).toHaveCount(1);
		await expect(review.getByRole('button', { name: 'Toon alle woorden' })).toHaveCount(0);
		await expect(board.getByText('Nog niet op het bord: 1.')).toBeVisible();
		expect(await everOnBoard()).not.toContain('fl1kker');
	});

	await test.step('the held word appears only after its own Toon', async () => {
		await review.getByRole('button', { name: 'Toon fl1kker' }).click();
		await expect(cloud.getByText('fl1kker')).toBeVisible();
		await expect(review.locator('li.held')).toHaveCount(0);
		await expect(board.getByText(/Nog niet op het bord/)).toHaveCount(0);
	});

	await test.step('a word sent later waits again', async () => {
		await pupils[2].getByLabel('Woord 2').fill('vrede');
		await pupils[2].getByRole('button', { name: 'Verstuur' }).click();
		await expect(review.locator('li.waiting .text')).toHaveText(['vrede']);
		await expect(board.getByText('Nog niet op het bord: 1.')).toBeVisible();
		expect(await everOnBoard()).not.toContain('vrede');
	});

	await test.step('removing a word takes it off the board, and undoing lets it wait again', async () => {
		await review.getByRole('button', { name: 'Haal weg luisteren' }).click();
		await expect(cloud.locator('li')).toHaveText([/respect/, /fl1kker/]);
		await review.getByRole('button', { name: 'Zet terug luisteren' }).click();
		await expect(review.locator('li.waiting .text')).toHaveText(['luisteren', 'vrede']);
		await expect(cloud.locator('li')).toHaveText([/respect/, /fl1kker/]);
		// A board opened now sees the same: the decisions are in the store, not in the page.
		await board.reload();
		await expect(board.locator('.cloud li')).toHaveText([/respect/, /fl1kker/]);
		await expectNoAxeViolations(host);
	});

	await test.step('closed, the cloud says what is true: words wait, none are coming in', async () => {
		await controlsOf(host, 'woorden').getByRole('button', { name: 'Sluit', exact: true }).click();
		await expect(controlsOf(host, 'woorden')).toContainText('Gesloten');
		await expect(cloudBlock.getByText('Nog niet op het bord: 2.', { exact: true })).toBeVisible();
		for (const screen of [cloudBlock, board.locator('body')])
			await expect(screen).not.toContainText(/komen woorden binnen/i);
	});
});

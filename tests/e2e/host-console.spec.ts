import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectNoAxeViolations } from './axe';
import { cardOf, controlsOf, nextStep, queueOf, startLesson } from './host';
import { pupilPhone } from './phone';

// The host view is a console for a teacher in front of a class: the step navigation and the open
// block's controls stay in view at every step, on a beamer laptop and on a phone, and it steers by
// keys (a presenter clicker sends PageDown and PageUp).

test.setTimeout(240_000);

/** Set HOST_SHOTS=1 to keep a screenshot of every step in /tmp/host-shots for review. */
const shots = process.env.HOST_SHOTS ? '/tmp/host-shots' : null;

async function answer(pupil: Page, blockId: string) {
	if (blockId === 'stelling-voor' || blockId === 'stelling-na') {
		await pupil.getByRole('button', { name: 'Eens', exact: true }).click();
		await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
	} else if (blockId === 'open-vraag') {
		await pupil.getByLabel('Jouw reactie').fill('Tijd om na te denken, en een klas die luistert.');
		// The vragenbus stays open beside it (it is open all lesson), with a send button of its own.
		await pupil
			.locator('form')
			.filter({ has: pupil.getByLabel('Jouw reactie') })
			.getByRole('button', { name: 'Verstuur' })
			.click();
		// Case-sensitive: the question box's own 'Je vraag is verstuurd.' is another status.
		await expect(pupil.getByRole('status').filter({ hasText: /Verstuurd/ })).toBeVisible();
	}
}

const nav = (host: Page) => host.getByRole('navigation', { name: 'Stappen' });

/**
 * On a laptop the bar keeps to a third of the screen, whatever the step: its title on one line
 * (shortened, the whole title its tooltip), the work area below keeps the rest.
 */
async function expectBarFits(host: Page, viewport: { width: number; height: number }) {
	if (viewport.width < 1024) return;
	const bar = (await host.locator('header.bar').boundingBox())!;
	expect(bar.height).toBeLessThanOrEqual(viewport.height / 3);
	const where = host.locator('.where');
	const lineHeight = await where.evaluate((element) =>
		Number.parseFloat(getComputedStyle(element).lineHeight)
	);
	expect((await where.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
	const title = (await where.getAttribute('title'))!;
	expect(title).toMatch(/^Stap \d van 6: .+/);
	expect(title).toContain((await where.locator('span').textContent())!.trim());
}

/** Every block's row keeps its name, state and buttons inside its card, however narrow. */
async function expectControlsInsideTheirCards(host: Page) {
	const past = await host.locator('li.control').evaluateAll((rows) =>
		rows.flatMap((row) => {
			const edge = row.getBoundingClientRect().right;
			return [...row.querySelectorAll<HTMLElement>('*')]
				.filter((element) => !element.closest('.visually-hidden, .visually-hidden-below-wide'))
				.filter((element) => element.checkVisibility())
				.map((element) => ({ element, over: element.getBoundingClientRect().right - edge }))
				.filter(({ over }) => over > 0.5)
				.map(
					({ element, over }) =>
						`${(row as HTMLElement).dataset.block}: "${element.textContent?.trim().slice(0, 40)}" ${Math.round(over)} px`
				);
		})
	);
	expect(past, 'past the edge of its card').toEqual([]);
}

async function expectConsoleInView(host: Page, openBlock: string | null) {
	// Nothing on the page is wider than the screen: the page never scrolls sideways.
	expect(
		await host.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	).toBeLessThanOrEqual(0);
	await expectControlsInsideTheirCards(host);
	// However far the teacher scrolled down the step, the console's bar stays put.
	await host.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	await expect(nav(host).getByRole('button', { name: /Vorige stap/ })).toBeInViewport();
	await expect(nav(host).getByRole('button', { name: /Volgende stap/ })).toBeInViewport();
	if (!openBlock) return;
	const controls = controlsOf(host, openBlock);
	await expect(controls.getByRole('button', { name: 'Sluit', exact: true })).toBeInViewport();
	const reveal = controls.getByRole('button', { name: /uitslag/ });
	if ((await reveal.count()) > 0) await expect(reveal).toBeInViewport();
}

for (const viewport of [
	{ width: 1024, height: 768 },
	{ width: 360, height: 740 }
]) {
	test(`at ${viewport.width}×${viewport.height} the step controls and the open block’s reveal stay in view at every step`, async ({
		browser
	}) => {
		const host = await (await browser.newContext({ viewport })).newPage();
		const code = await startLesson(host);
		const pupils = [];
		for (let index = 0; index < 3; index += 1) pupils.push(await pupilPhone(browser, code));
		if (shots) mkdirSync(shots, { recursive: true });

		// A question in the vragenbus of step 1 waits for the teacher all lesson.
		await pupils[0].getByText('Stel een vraag, anoniem').click();
		await pupils[0].getByLabel('Jouw vraag').fill('Wat gebeurt er met mijn antwoorden?');
		await pupils[0].getByRole('button', { name: 'Verstuur' }).click();
		await expect(pupils[0].getByText('Je vraag is verstuurd.')).toBeVisible();

		const where = host.locator('.where');
		const steps = Number((await where.textContent())?.match(/van (\d+)/)?.[1]);
		expect(steps).toBe(6);
		for (let step = 1; step <= steps; step += 1) {
			await expect(where).toContainText(`Stap ${step} van ${steps}`);
			await expect(host.locator('h3 code, h2 code')).toHaveCount(0);
			const blocks = await host
				.locator('li.control')
				.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.block!));
			expect(blocks.length).toBeGreaterThan(0);
			await expectConsoleInView(host, null);
			await expectBarFits(host, viewport);
			let previous: string | null = null;
			for (const blockId of blocks) {
				if (blockId === 'vragen') {
					// The vragenbus is open all lesson: its row says so, and offers nothing to open.
					await expect(controlsOf(host, blockId)).toContainText('Open de hele les');
					await expect(controlsOf(host, blockId).getByRole('button')).toHaveCount(0);
					continue;
				}
				// Not opened yet.
				await expect(controlsOf(host, blockId)).toHaveAttribute('data-state', 'unopened');
				await controlsOf(host, blockId)
					.getByRole('button', { name: 'Open voor leerlingen' })
					.click();
				await expect(controlsOf(host, blockId)).toHaveClass(/open/);
				await expect(controlsOf(host, blockId)).toContainText('Nu open');
				// Opening this block closed the one before it, and that one says so.
				if (previous)
					await expect(controlsOf(host, previous)).toHaveAttribute('data-state', /closed|revealed/);
				for (const pupil of pupils) await answer(pupil, blockId);
				await expectConsoleInView(host, blockId);
				await expectBarFits(host, viewport);
				previous = blockId;
			}
			// What waits in the vragenbus is counted, and reachable, from every step.
			const waiting = host.locator('.top .waiting');
			await expect(waiting).toBeInViewport();
			await expect(waiting).toContainText(/Wacht op jou: [1-9]/);
			if (shots)
				await host.screenshot({
					path: `${shots}/${viewport.width}x${viewport.height}-step-${step}.png`
				});
			// At rest: axe would take the bar's background for that of the content scrolled under it.
			await host.evaluate(() => window.scrollTo(0, 0));
			await expectNoAxeViolations(host);
			if (step < steps)
				await nav(host)
					.getByRole('button', { name: /Volgende stap/ })
					.click();
		}

		// The count links to the oldest response still waiting: the vragenbus question of step 1.
		await expect(host.locator('.top .waiting')).toHaveAttribute('href', '#queue-vragen');
		await host.locator('.top .waiting').click();
		await expect(
			queueOf(host, 'vragen').getByRole('heading', { name: /Vragenbus/ })
		).toBeInViewport();
		await expect(
			queueOf(host, 'vragen').locator('li.response').filter({ hasText: 'Wat gebeurt er' })
		).toBeVisible();
	});
}

test('the teacher steps, reveals and shows the ground rules by key, with a help overlay that lists them', async ({
	browser
}) => {
	const teacher = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const board = await teacher.newPage();
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	const pupil = await pupilPhone(browser, code);
	const where = host.locator('.where');
	await host.locator('body').click();

	await test.step('PageDown, PageUp and the arrow keys step', async () => {
		await host.keyboard.press('PageDown');
		await expect(where).toContainText('Stap 2 van 6');
		await host.keyboard.press('ArrowRight');
		await expect(where).toContainText('Stap 3 van 6');
		await host.keyboard.press('ArrowLeft');
		await expect(where).toContainText('Stap 2 van 6');
		await host.keyboard.press('PageUp');
		await expect(where).toContainText('Stap 1 van 6');
		// Before the first step there is nothing: the key does not ask for step 0.
		await host.keyboard.press('PageUp');
		await expect(where).toContainText('Stap 1 van 6');
		await expect(host.getByRole('alert')).toHaveCount(0);
		await host.keyboard.press('PageDown');
		await expect(where).toContainText('Stap 2 van 6');
	});

	await test.step('R reveals and hides the open stelling’s result', async () => {
		const controls = controlsOf(host, 'stelling-voor');
		await controls.getByRole('button', { name: 'Open voor leerlingen' }).click();
		await expect(controls).toHaveClass(/open/);
		await pupil.getByRole('button', { name: 'Eens', exact: true }).click();
		await host.keyboard.press('r');
		await expect(controls.getByRole('button', { name: 'Verberg uitslag' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await host.keyboard.press('R');
		await expect(
			controls.getByRole('button', { name: 'Toon uitslag op het bord' })
		).toHaveAttribute('aria-pressed', 'false');
	});

	await test.step('G shows the ground rules on the board and takes them away again', async () => {
		const stage = host.getByRole('group', { name: 'Bord toont' });
		await host.keyboard.press('g');
		await expect(stage.getByRole('button', { name: 'de gespreksregels' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(board.getByText('We hebben kritiek op meningen, niet op personen.')).toBeVisible();
		await host.keyboard.press('g');
		await expect(stage.getByRole('button', { name: 'de stap' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
	});

	await test.step('B blanks the board and shows it again', async () => {
		const blank = host
			.getByRole('group', { name: 'Bord toont' })
			.getByRole('button', { name: 'Bord leeg' });
		await host.keyboard.press('b');
		await expect(blank).toHaveAttribute('aria-pressed', 'true');
		await host.keyboard.press('B');
		await expect(blank).toHaveAttribute('aria-pressed', 'false');
	});

	await test.step('keys do nothing while the teacher types in a field', async () => {
		await host.getByText('Link om deze les op je telefoon te besturen').click();
		await host
			.getByRole('textbox', { name: 'Link om deze les op je telefoon te besturen' })
			.focus();
		await host.keyboard.press('PageDown');
		await host.keyboard.press('ArrowRight');
		await host.keyboard.press('g');
		await host.keyboard.press('b');
		await expect(where).toContainText('Stap 2 van 6');
		await expect(
			host.getByRole('group', { name: 'Bord toont' }).getByRole('button', { name: 'de stap' })
		).toHaveAttribute('aria-pressed', 'true');
		await expect(host.getByRole('button', { name: 'Bord leeg' })).toHaveAttribute(
			'aria-pressed',
			'false'
		);
		await host.locator('body').click();
	});

	await test.step('? opens a help overlay with the keys, Escape closes it', async () => {
		await host.keyboard.press('?');
		const help = host.getByRole('dialog', { name: 'Sneltoetsen' });
		await expect(help).toBeVisible();
		await expect(help).toContainText('PageDown');
		await expect(help).toContainText('Gespreksregels op het bord');
		await expect(help).toContainText('Het bord leeg maken');
		await expectNoAxeViolations(host);
		// Keys wait while the help is open.
		await host.keyboard.press('PageDown');
		await expect(where).toContainText('Stap 2 van 6');
		await host.keyboard.press('Escape');
		await expect(help).toBeHidden();
		await host.getByRole('button', { name: 'Sneltoetsen' }).click();
		await expect(help).toBeVisible();
		await help.getByRole('button', { name: 'Sluit' }).click();
		await expect(help).toBeHidden();
	});
});

test('the console says what is open, closed or never opened, offers the board first, and after the end only what is true', async ({
	browser
}) => {
	const teacher = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const pupil = await pupilPhone(browser, code);
	const shot = async (name: string) => {
		if (!shots) return;
		mkdirSync(shots, { recursive: true });
		await host.screenshot({ path: `${shots}/${name}.png` });
	};
	const boardLink = { name: 'Open het bord (voor de beamer)' };
	// A question in the vragenbus, open all lesson, waits for the teacher.
	await pupil.getByText('Stel een vraag, anoniem').click();
	await pupil.getByLabel('Jouw vraag').fill('Mag ik iets vragen over de toets?');
	await pupil.getByRole('button', { name: 'Verstuur' }).click();
	await expect(pupil.getByText('Je vraag is verstuurd.')).toBeVisible();

	await test.step('until a board is attached, opening it is the first action', async () => {
		const first = host.getByRole('link', boardLink);
		await expect(first).toHaveCount(1);
		await expect(first).toBeInViewport();
		// Above the step's cards and the teacher's notes, right under the bar.
		const card = host.locator('article.block').first();
		expect((await first.boundingBox())!.y).toBeLessThan((await card.boundingBox())!.y);
		await expect(host.getByText('Link om het bord op een andere computer te openen')).toBeVisible();
		await expectNoAxeViolations(host);
		await shot('1024x768-board-first');
		const [board] = await Promise.all([teacher.waitForEvent('page'), first.click()]);
		await expect(board).toHaveURL(/\/board\//);
		// Attached: a small button in the bar keeps the board at hand.
		const inBar = host.locator('header.bar').getByRole('link', boardLink);
		await expect(inBar).toBeVisible();
		await expect(host.getByRole('link', boardLink)).toHaveCount(1);
		await board.close();
	});

	await test.step('each block says whether it was opened, is open, closed with its answers or revealed', async () => {
		await nextStep(host);
		const poll = controlsOf(host, 'werkvormen');
		const stelling = controlsOf(host, 'stelling-voor');
		await expect(poll).toHaveAttribute('data-state', 'unopened');
		await expect(poll).toContainText('Nog niet geopend');
		await poll.getByRole('button', { name: 'Open voor leerlingen' }).click();
		await expect(poll).toContainText('Nu open');
		// Opening the stelling closes the poll, and its button says so.
		const openStelling = stelling.getByRole('button', { name: /Open voor leerlingen/ });
		await expect(openStelling).toHaveAccessibleName('Open voor leerlingen en sluit Peiling');
		await shot('1024x768-states');
		await openStelling.click();
		await expect(stelling).toContainText('Nu open');
		await expect(poll).toHaveAttribute('data-state', 'closed');
		await expect(poll).toContainText('Gesloten, 0 antwoorden');
		await pupil.getByRole('button', { name: 'Eens', exact: true }).click();
		// Closed before the answer arrived, the answer is refused and 0 would be the truth.
		await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		await stelling.getByRole('button', { name: 'Sluit', exact: true }).click();
		await expect(stelling).toContainText('Gesloten, 1 antwoord');
		await stelling.getByRole('button', { name: 'Toon uitslag op het bord' }).click();
		await expect(stelling).toHaveAttribute('data-state', 'revealed');
		await expect(stelling).toContainText('Uitslag op het bord');
		// Opening a closed block again says so.
		await expect(
			poll.getByRole('button', { name: 'Opnieuw openen voor leerlingen' })
		).toBeVisible();
		await expectNoAxeViolations(host);
	});

	await test.step('the lagerhuis’s timer opens the lagerhuis: it never runs while closed', async () => {
		await nextStep(host);
		const lagerhuis = controlsOf(host, 'lagerhuis');
		await expect(lagerhuis.getByRole('button', { name: 'Start timer', exact: true })).toHaveCount(
			0
		);
		await lagerhuis.getByRole('button', { name: 'Open en start timer' }).click();
		await expect(lagerhuis).toContainText('Nu open');
		await expect(lagerhuis.getByRole('button', { name: 'Pauzeer timer' })).toBeVisible();
		await shot('1024x768-step-3');
		await host.setViewportSize({ width: 1366, height: 768 });
		expect((await host.locator('header.bar').boundingBox())!.height).toBeLessThanOrEqual(256);
		await shot('1366x768-step-3');
		await host.setViewportSize({ width: 1024, height: 768 });
	});

	await test.step('notes name blocks by their text, never by markup or id', async () => {
		await nextStep(host);
		await nextStep(host);
		const notes = host.getByRole('complementary', { name: 'Aantekeningen en reacties' });
		await expect(notes).toContainText('Bij open vraag ‘Wat heb jij nodig');
		const text = (await notes.textContent())!;
		expect(text).not.toMatch(/<\/?p>|#open-vraag|#stelling|'stelling-voor'/);
	});

	await test.step('the board preview shows what the board shows: the responses let through', async () => {
		await controlsOf(host, 'open-vraag')
			.getByRole('button', { name: 'Open voor leerlingen' })
			.click();
		await answer(pupil, 'open-vraag');
		await queueOf(host, 'open-vraag').getByRole('button', { name: 'Toon', exact: true }).click();
		const card = cardOf(host, 'open-vraag');
		await expect(card.getByText('Tijd om na te denken, en een klas die luistert.')).toBeVisible();
		await expect(card).not.toContainText('Reacties verschijnen hier');
	});

	await test.step('a new step shows its notes; what waits is shown in the pane, not by scrolling the page', async () => {
		const pane = host.getByRole('complementary', { name: 'Aantekeningen en reacties' });
		await pane.evaluate((element) => (element.scrollTop = element.scrollHeight));
		expect(await pane.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
		await nextStep(host);
		await expect.poll(() => pane.evaluate((element) => element.scrollTop)).toBe(0);
		await expect(pane.getByRole('heading', { name: 'Alleen voor de docent' })).toBeInViewport();

		const waiting = host.locator('.top .waiting');
		await expect(waiting).toContainText('Wacht op jou: 1');
		await host.evaluate(() => window.scrollTo(0, 0));
		await waiting.click();
		const question = queueOf(host, 'vragen').locator('li.response').filter({
			hasText: 'Mag ik iets vragen over de toets?'
		});
		// With the board's banner still above the pane, the queue's heading and its oldest response,
		// with the button that lets it through, come into view in the pane; the page stays put.
		await expect(host.getByRole('link', boardLink)).toBeInViewport();
		const heading = queueOf(host, 'vragen').getByRole('heading', { name: /Vragenbus/ });
		const approve = question.getByRole('button', { name: 'Toon', exact: true });
		await expect(heading).toBeInViewport({ ratio: 1 });
		await expect(approve).toBeInViewport({ ratio: 1 });
		// Not under the heading that stays at the pane's top.
		expect((await approve.boundingBox())!.y).toBeGreaterThanOrEqual(
			(await heading.boundingBox())!.y + (await heading.boundingBox())!.height
		);
		expect(await host.evaluate(() => window.scrollY)).toBe(0);
		await shot('1024x768-waiting');
	});

	await test.step('after the end: no join code, pupils or waiting count, but the summary and the workbook', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expect(host.getByText(/Deze les is beëindigd/)).toBeVisible();
		const bar = host.locator('header.bar');
		await expect(bar.locator('.code')).toHaveCount(0);
		await expect(host.getByText(code)).toHaveCount(0);
		await expect(bar).not.toContainText(/leerling|Wacht op jou|Verbonden/);
		await expect(
			host.getByRole('link', { name: 'Printbare samenvatting en Excel-bestand' })
		).toBeVisible();
		await expect(host.getByRole('link', { name: 'Download alle uitslagen (Excel)' })).toBeVisible();
		await expect(host.getByRole('link', boardLink)).toHaveCount(0);
		await shot('1024x768-ended');
		await expectNoAxeViolations(host);
	});
});

test('the lesson page names the block a note or a comparison is about by its text, not its id', async ({
	page
}) => {
	await page.goto('/lessons/klasgesprek-uitproberen');
	const teacher = page.getByTestId('teacher-panel');
	await expect(teacher.filter({ hasText: 'Bij open vraag ‘Wat heb jij nodig' })).toHaveCount(1);
	await expect(teacher.filter({ hasText: 'Vergelijkt met stelling ‘' })).toHaveCount(1);
	for (const text of await teacher.allTextContents())
		expect(text).not.toMatch(/<\/?p>|#[a-z-]+\b|'stelling-voor'/);
});

test('delete now appears only after the end, with a confirmation naming what goes, and steering is gone', async ({
	browser
}) => {
	const host = await (
		await browser.newContext({ viewport: { width: 1024, height: 768 } })
	).newPage();
	await startLesson(host);
	const remove = host.getByRole('button', { name: 'Verwijder deze les en alle antwoorden nu' });
	await expect(remove).toHaveCount(0);
	// Nor can a lesson still running be deleted by posting the form some other way.
	const early = await host.request.post(`${host.url()}?/delete`, {
		headers: { origin: new URL(host.url()).origin },
		form: {}
	});
	expect(early.status()).toBe(409);

	host.once('dialog', (dialog) => dialog.accept());
	await host.getByRole('button', { name: 'Beëindig de les' }).click();
	await expect(host.getByText(/Deze les is beëindigd/)).toBeVisible();
	await expect(host.getByRole('navigation', { name: 'Stappen' })).toHaveCount(0);
	for (const name of [
		'Open voor leerlingen',
		'Beëindig de les',
		'Toon uitslag op het bord',
		'Sluit deelname (geen nieuwe leerlingen)'
	])
		await expect(host.getByRole('button', { name })).toHaveCount(0);
	await expect(host.getByRole('group', { name: 'Bord toont' })).toHaveCount(0);
	await expectNoAxeViolations(host);

	const summary = host.getByRole('region', { name: 'Samenvatting van de uitslagen' });
	await expect(
		summary.getByRole('button', { name: 'Verwijder deze les en alle antwoorden nu' })
	).toBeVisible();
	const asked = new Promise<string>((answered) =>
		host.once('dialog', (dialog) => {
			answered(dialog.message());
			void dialog.dismiss();
		})
	);
	await remove.click();
	const message = await asked;
	expect(message).toContain('Klasgesprek uitproberen');
	expect(message).toMatch(/antwoorden, reacties, redenen en exit tickets/);
	// Dismissed: nothing is deleted.
	await expect(host).toHaveURL(/\/host\/[\w-]+$/);
	await expect(remove).toBeVisible();
});

test('a console reloaded at step three shows no other step on its way back', async ({
	browser
}) => {
	const host = await (
		await browser.newContext({ viewport: { width: 1366, height: 768 } })
	).newPage();
	await startLesson(host);
	await nextStep(host);
	await nextStep(host);
	// Every step the bar names from the first byte of the page on, and every block card shown.
	await host.addInitScript(() => {
		const seen = new Set<string>();
		Object.assign(window, { seenOnTheWayBack: seen });
		new MutationObserver(() => {
			const where = document.querySelector('header.bar .where')?.textContent?.trim();
			if (where) seen.add(where.replace(/:[^]*$/, ''));
			for (const card of document.querySelectorAll<HTMLElement>('article.block[data-block]'))
				seen.add(`card ${card.dataset.block}`);
		}).observe(document, { subtree: true, childList: true, characterData: true });
	});
	await host.reload();
	await expect(host.locator('.where')).toContainText('Stap 3 van');
	const seen = await host.evaluate(() =>
		[...(window as unknown as { seenOnTheWayBack: Set<string> }).seenOnTheWayBack].filter(
			(entry) => entry.startsWith('Stap') || entry.startsWith('card')
		)
	);
	const stepThreeCards = await host
		.locator('article.block[data-block]')
		.evaluateAll((cards) => cards.map((card) => `card ${(card as HTMLElement).dataset.block}`));
	expect(seen.sort()).toEqual(['Stap 3 van 6', ...stepThreeCards].sort());
	await expectNoAxeViolations(host);
});

test('a console that cannot reach the live session claims nothing it does not know', async ({
	browser
}) => {
	const host = await (
		await browser.newContext({ viewport: { width: 1024, height: 768 } })
	).newPage();
	await startLesson(host);
	// A network that lets the page through but not its live connection.
	await host.route('**/socket.io/**', (route) => route.abort());
	await host.reload();
	const bar = host.locator('header.bar');
	await expect(
		bar.getByRole('status').filter({ hasText: 'De stand van de les ophalen…' })
	).toBeVisible();
	await expect(bar).toContainText('Verbinden…');
	// Several tries later it still says nothing untrue: no step, nothing waiting, no board
	// missing, no queue of nothing, and no connection 'lost' that was never there.
	await host.waitForTimeout(3_000);
	const page = host.locator('body');
	for (const untrue of [
		'Stap 1',
		'Wacht op jou',
		'Zet eerst het bord',
		'Reacties van leerlingen',
		'Verbinding weg'
	])
		await expect(page).not.toContainText(untrue, { useInnerText: true });
	await expect(host.getByRole('button', { name: 'Beëindig de les' })).toHaveCount(0);
	await expectNoAxeViolations(host);
});

test('a block opened from the bar shows its card when none of it was in view, and nothing else scrolls', async ({
	browser
}) => {
	const teacher = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const host = await teacher.newPage();
	await startLesson(host);
	await nextStep(host);
	await nextStep(host);
	const scrolled = () => host.evaluate(() => window.scrollY);
	const barBottom = async () => {
		const bar = (await host.locator('header.bar').boundingBox())!;
		return bar.y + bar.height;
	};

	// Step 3's third card lies wholly below the fold: opened, it comes up under the sticky bar.
	await expect(cardOf(host, 'lagerhuis')).not.toBeInViewport();
	await controlsOf(host, 'lagerhuis')
		.getByRole('button', { name: /^Open voor leerlingen/ })
		.click();
	await expect(cardOf(host, 'lagerhuis')).toHaveClass(/open/);
	await expect.poll(scrolled).toBeGreaterThan(0);
	const card = (await cardOf(host, 'lagerhuis').boundingBox())!;
	expect(card.y).toBeGreaterThanOrEqual(await barBottom());
	await expect(
		cardOf(host, 'lagerhuis').getByRole('heading', { name: /Lagerhuis/ })
	).toBeInViewport();

	// A card the teacher sees part of stays where it is.
	await host.evaluate(() => window.scrollTo(0, 0));
	await expect(cardOf(host, 'ervaring')).toBeInViewport();
	await controlsOf(host, 'ervaring')
		.getByRole('button', { name: /^Open voor leerlingen/ })
		.click();
	await expect(cardOf(host, 'ervaring')).toHaveClass(/open/);
	expect(await scrolled()).toBe(0);

	// A block opened on another screen of the teacher's moves nothing on this one.
	const second = await teacher.newPage();
	await second.goto(host.url());
	await controlsOf(second, 'hoeken')
		.getByRole('button', { name: /^Open voor leerlingen/ })
		.click();
	await expect(cardOf(host, 'hoeken')).toHaveClass(/open/);
	expect(await scrolled()).toBe(0);

	// The next step, by button or by key, shows from its top, as a new page would.
	await host.evaluate(() => window.scrollTo(0, 600));
	await nextStep(host);
	await expect.poll(scrolled).toBe(0);
	await expect(host.getByRole('heading', { name: 'Alleen voor de docent' })).toBeInViewport();
	await host.evaluate(() => window.scrollTo(0, 600));
	await host.keyboard.press('PageUp');
	await expect(host.locator('.where')).toContainText('Stap 3 van');
	await expect.poll(scrolled).toBe(0);
});

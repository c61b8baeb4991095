import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import readExcelFile from 'read-excel-file/node';
import { expectNoAxeViolations } from './axe';
import { controlsOf, nextStep, queueOf, startLesson } from './host';
import { phone } from './phone';

// One teacher (host view and board) and five pupils on phones run a lesson with every live
// block type: joining by code and by link, answering, changing, passing, revealing.

test.setTimeout(240_000);

async function pupilPhone(browser: Browser) {
	const context = await browser.newContext({ ...phone });
	return context.newPage();
}

const block = controlsOf;

async function open(host: Page, id: string) {
	await block(host, id).getByRole('button', { name: 'Open voor leerlingen' }).click();
	await expect(block(host, id)).toHaveClass(/open/);
}

/** A started lesson with one pupil who has joined and waits for the first question. */
async function lessonWithOnePupil(browser: Browser, device: BrowserContextOptions = phone) {
	const host = await (await browser.newContext()).newPage();
	const code = await startLesson(host);
	const pupil = await (await browser.newContext(device)).newPage();
	await pupil.goto(`/j/${code}`);
	await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	return { host, pupil };
}

async function boardCounts(board: Page) {
	return board.locator('.results .counts').first();
}

test('a teacher runs a live lesson with five pupils', async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const sessionPath = new URL(host.url()).pathname.replace('/host/', '/board/');

	const board = await teacher.newPage();
	await board.goto(sessionPath);
	await expect(board.locator('.code')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
	await expect(board.getByRole('img', { name: 'QR-code om mee te doen' })).toBeVisible();

	const pupils: Page[] = [];
	await test.step('pupils join by code and by link', async () => {
		for (let index = 0; index < 5; index += 1) {
			const page = await pupilPhone(browser);
			if (index < 3) {
				await page.goto('/');
				await page.getByLabel('Code van het bord').fill(code);
				await page.getByRole('button', { name: 'Meedoen' }).click();
			} else {
				await page.goto(`/j/${code}`);
			}
			await expect(page.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
			pupils.push(page);
		}
		await expect(board.getByText('5 leerlingen')).toBeVisible();
		await expect(host.getByText('5 leerlingen')).toBeVisible();
		await expectNoAxeViolations(pupils[0]);
	});

	await test.step('thermometer: answer, change, pass', async () => {
		await open(host, 'start');
		for (const [index, page] of pupils.entries()) {
			await expect(page.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeVisible();
			if (index === 4) await page.getByRole('button', { name: 'Pas' }).click();
			else
				await page
					.getByRole('button', { name: index < 2 ? /Goed/ : /Gaat wel/ })
					.first()
					.click();
			await expect(
				page.getByRole('status').filter({ hasText: index === 4 ? 'gepast' : 'Ontvangen' })
			).toBeVisible();
		}
		// Pupil 3 changes their mind.
		await pupils[2].getByRole('button', { name: /Heel goed/ }).click();
		await expect(pupils[2].getByRole('button', { name: /Heel goed/ })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(await boardCounts(board)).toHaveText('4 antwoorden · 1 keer gepast');
		await expectNoAxeViolations(pupils[2]);
		await expectNoAxeViolations(board);
	});

	await test.step('poll with several choices, then a stelling revealed by the teacher', async () => {
		await nextStep(host);
		await open(host, 'werkvormen');
		for (const page of pupils) {
			await page.getByRole('checkbox', { name: 'Stellingen' }).check();
			await page.getByRole('checkbox', { name: 'Stil debat' }).check();
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await expect(await boardCounts(board)).toHaveText('5 antwoorden');
		await expect(board.locator('.results .bars li .number').first()).toHaveText(/100%\s*\(5\)/);

		await open(host, 'stelling-voor');
		for (const [index, page] of pupils.entries()) {
			await page
				.getByRole('button', { name: index < 3 ? 'Helemaal oneens' : 'Eens', exact: true })
				.click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await pupils[0]
			.getByLabel('Waarom? (mag je overslaan)')
			.fill('Leerlingen moeten weten waar ik sta');
		await pupils[0].getByRole('button', { name: 'Verstuur' }).click();
		await expect(
			board.getByText('De uitslag verschijnt als de docent hem laat zien.')
		).toBeVisible();
		// The reason waits in the moderation queue (the teacher's results may list it too).
		await expect(
			queueOf(host, 'stelling-voor')
				.locator('li.response')
				.filter({ hasText: 'Leerlingen moeten weten waar ik sta' })
		).toBeAttached();
		await expect(board.getByText('Leerlingen moeten weten waar ik sta')).toHaveCount(0);
		await block(host, 'stelling-voor')
			.getByRole('button', { name: 'Toon uitslag op het bord' })
			.click();
		await expect(board.locator('.results .bars li .number').first()).toHaveText(/60%\s*\(3\)/);
		// Structured dialogue: the approved reason appears under its position, not before.
		const reason = queueOf(host, 'stelling-voor')
			.locator('li.response')
			.filter({ hasText: 'waar ik sta' });
		await reason.getByRole('button', { name: 'Toon' }).click();
		await expect(board.getByRole('region', { name: 'Helemaal oneens' })).toContainText(
			'Leerlingen moeten weten waar ik sta'
		);
	});

	await test.step('position line, four corners with a switch, lagerhuis with a timer', async () => {
		await nextStep(host);
		await open(host, 'ervaring');
		for (const page of pupils) {
			await page.getByLabel('Schuif naar jouw plek').fill('80');
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await expect(await boardCounts(board)).toHaveText('5 antwoorden');
		await expect(
			board.getByText('De meeste leerlingen staan dicht bij ‘Heel vertrouwd’.')
		).toBeVisible();

		await open(host, 'hoeken');
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Ik vraag wat hij bedoelt' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await pupils[1].getByRole('button', { name: 'Ik begrens meteen' }).click();
		await expect(board.getByText('Wissels tussen hoeken')).toBeVisible();
		await expect(
			board.getByText('Ik vraag wat hij bedoelt naar Ik begrens meteen: 1')
		).toBeVisible();

		await open(host, 'lagerhuis');
		await block(host, 'lagerhuis').getByRole('button', { name: 'Start timer' }).click();
		await expect(board.getByText(/^Nog [12]:\d\d$/)).toBeVisible();
		for (const [index, page] of pupils.entries()) {
			await page.getByRole('button', { name: ['Voor', 'Tegen', 'Twijfel'][index % 3] }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await expect(await boardCounts(board)).toHaveText('5 antwoorden');
	});

	await test.step('word cloud and casus', async () => {
		await nextStep(host);
		await open(host, 'woorden');
		for (const page of pupils) {
			await page.getByLabel('Woord 1').fill('Respect');
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		// Teacher-first: the board shows the words once the teacher lets them through.
		await expect(board.locator('.cloud li')).toHaveCount(0);
		await host.getByRole('button', { name: 'Toon alle woorden' }).click();
		await expect(board.locator('.cloud li').first()).toHaveText(/respect/);

		await open(host, 'casus');
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Ik vraag door naar zijn ervaring' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		// A casus waits for the teacher to reveal it; the board shows the answers coming in.
		await expect(board.getByText('5 van 5 leerlingen hebben geantwoord')).toBeVisible();
	});

	await test.step('the repeated stelling shows the shift', async () => {
		await nextStep(host);
		await nextStep(host);
		await open(host, 'stelling-na');
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Eens', exact: true }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		}
		await block(host, 'stelling-na')
			.getByRole('button', { name: 'Toon uitslag op het bord' })
			.click();
		await expect(board.locator('li:not(.heads) > .before-number').first()).toHaveText(
			/60%\s*\(3\)/
		);
		await expect(board.locator('.bars li .percent').nth(3)).toHaveText('100%');
		await expectNoAxeViolations(board);
		await expectNoAxeViolations(host);
	});

	await test.step('the teacher ends the lesson', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expect(pupils[0].getByRole('heading', { name: /De les is afgelopen/ })).toBeVisible();
		await expect(host.getByText(/Deze les is beëindigd/)).toBeVisible();
		const summary = host.getByRole('region', { name: 'Samenvatting van de uitslagen' });
		await expect(summary.getByRole('article')).toHaveCount(9);
		await expect(summary.getByText('4 antwoorden · 1 keer gepast')).toBeVisible();
		await expectNoAxeViolations(host);
	});

	await test.step('the teacher prints a summary and downloads the lesson as a workbook', async () => {
		const hostUrl = host.url();
		await host.getByRole('link', { name: 'Printbare samenvatting en Excel-bestand' }).click();
		await expect(host.getByRole('heading', { level: 1 })).toContainText('Samenvatting');
		await expect(host.getByText('5 antwoorden').first()).toBeVisible();
		await expectNoAxeViolations(host);
		const exportPath = `${new URL(hostUrl).pathname}/export`;
		const response = await teacher.request.get(exportPath);
		expect(response.headers()['content-type']).toContain('spreadsheetml');
		const sheets = await readExcelFile(await response.body());
		const poll = sheets.find((sheet) => sheet.data.some((row) => row[0] === 'Stellingen'))!;
		expect(poll.data.slice(3).map((row) => row.slice(0, 3))).toEqual([
			['Antwoord', 'Aantal', 'Percentage'],
			['Stellingen', 5, 1],
			['Vier hoeken', 0, 0],
			['Lagerhuisdebat', 0, 0],
			['Stil debat', 5, 1],
			['Pas', 0, null]
		]);
		const stranger = await browser.newContext();
		expect((await stranger.request.get(exportPath)).status()).toBe(403);
		await host.goto(hostUrl);
	});

	await test.step('the teacher deletes the lesson and its answers at once', async () => {
		const hostPath = new URL(host.url()).pathname;
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Verwijder deze les en alle antwoorden nu' }).click();
		await expect(host).toHaveURL(/\/lessons$/);
		expect((await host.goto(hostPath))?.status()).toBe(403);
	});
});

test('a pupil answers by keyboard on a 320 pixel wide phone', async ({ browser }) => {
	const { host, pupil } = await lessonWithOnePupil(browser, {
		viewport: { width: 320, height: 640 }
	});
	await open(host, 'start');
	await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeFocused();
	await pupil.keyboard.press('Tab');
	await pupil.keyboard.press('Tab');
	await pupil.keyboard.press('Enter');
	await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
	const overflow = await pupil.evaluate(
		() => document.documentElement.scrollWidth - window.innerWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await expectNoAxeViolations(pupil);
});

test('focus stays where the pupil is while the teacher changes other things', async ({
	browser
}) => {
	const { host, pupil } = await lessonWithOnePupil(browser);
	await open(host, 'start');
	await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeFocused();
	await pupil.keyboard.press('Tab');
	const focused = await pupil.evaluate(() => document.activeElement?.outerHTML);
	// Locking the room sends every phone the session again, with the same question.
	await host.getByRole('button', { name: /Sluit deelname/ }).click();
	await expect(host.getByRole('button', { name: 'Heropen deelname' })).toBeVisible();
	// The phone has had the update by now; nothing on it shows that, so give it a moment.
	await pupil.waitForTimeout(500);
	expect(await pupil.evaluate(() => document.activeElement?.outerHTML)).toBe(focused);
});

test('a phone that cannot fetch the way of answering says so, and a reload recovers', async ({
	browser
}) => {
	const { host, pupil } = await lessonWithOnePupil(browser);
	// The written-response form is fetched when the first written question opens (the controls
	// for a tap came while the phone joined); here the network fails then.
	await pupil.route('**/_app/immutable/**', (route) => route.abort());
	while (!(await block(host, 'open-vraag').isVisible())) await nextStep(host);
	await open(host, 'open-vraag');
	await expect(
		pupil.getByRole('heading', { name: 'Dat lukte niet. Probeer het nog eens.' })
	).toBeFocused();
	await expectNoAxeViolations(pupil);

	await pupil.unrouteAll();
	await pupil.getByRole('button', { name: 'Opnieuw proberen' }).click();
	await expect(pupil.getByRole('heading', { name: /Wat heb jij nodig/ })).toBeVisible();
	await pupil.getByRole('textbox').first().fill('Dat niemand lacht');
	await pupil.getByRole('button', { name: 'Verstuur' }).click();
	await expect(pupil.getByRole('status').filter({ hasText: 'Verstuurd' })).toBeVisible();
});

test('a pupil who reloads keeps their answer, and a locked room turns new pupils away', async ({
	browser
}) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	await open(host, 'start');

	const pupil = await pupilPhone(browser);
	await pupil.goto(`/j/${code}`);
	await pupil.getByRole('button', { name: /Gaat wel/ }).click();
	await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
	await pupil.reload();
	await expect(pupil.getByRole('button', { name: /Gaat wel/ })).toHaveAttribute(
		'aria-pressed',
		'true'
	);

	await host.getByRole('button', { name: 'Sluit deelname (geen nieuwe leerlingen)' }).click();
	const late = await pupilPhone(browser);
	await late.goto(`/j/${code}`);
	await expect(late.getByRole('alert')).toHaveText(/De docent heeft de deelname gesloten/);
});

test('only the browser that started a session can run it', async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	await host.goto('/lessons/klasgesprek-uitproberen');
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	const hostPath = new URL(host.url()).pathname;

	const stranger = await (await browser.newContext()).newPage();
	for (const path of [hostPath, hostPath.replace('/host/', '/board/')]) {
		const response = await stranger.goto(path);
		expect(response?.status()).toBe(403);
	}

	// The secret host link lets the teacher's phone in, and then leaves the address bar.
	const link = await host
		.getByRole('textbox', {
			name: 'Link om deze les op je telefoon te besturen',
			includeHidden: true
		})
		.inputValue();
	const phonePage = await (await browser.newContext({ ...phone })).newPage();
	// The link names the address a phone can reach (the LAN address); the test server only
	// listens on 127.0.0.1, so the phone follows the same path there.
	const { pathname, search } = new URL(link);
	await phonePage.goto(pathname + search);
	await expect(phonePage).toHaveURL(new RegExp(`${hostPath}$`));
	await expect(phonePage.getByRole('heading', { name: 'Les besturen' })).toBeVisible();
});

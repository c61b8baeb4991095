import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import readExcelFile from 'read-excel-file/node';
import { expectNoAxeViolations } from './axe';
import { cardOf, controlsOf, nextStep, queueOf, startLesson } from './host';
import { phone } from './phone';
import {
	BoardWatch,
	expectBoardTextAtLeast,
	expectConsoleBarFits,
	expectFateBarCoversNothing
} from './trust';

// The dialogue methods of issue 19, live in the sample lessons: a tweegesprek that pairs ten
// phones across a planned spread of a stelling, think time that locks the answers of a hard
// question, and ground rules the class agrees to. The console at 1366×768, the board on a
// 1024×768 beamer, pupils on 360×640 phones, axe on every state.

test.setTimeout(300_000);

const expect = baseExpect.configure({ timeout: 15_000 });
const laptop = { width: 1366, height: 768 };
const beamer = { width: 1024, height: 768 };
const small = { width: 360, height: 640 };
const shots = '/tmp/dialogue-methods-shots';

async function phoneOf(browser: Browser, code: string) {
	const context = await browser.newContext({ ...phone, viewport: small });
	const page = await context.newPage();
	await page.goto(`/j/${code}`);
	await expect(page.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	return page;
}

async function open(host: Page, blockId: string) {
	await controlsOf(host, blockId)
		.getByRole('button', { name: /^(Open voor leerlingen|Opnieuw openen)/ })
		.click();
	await expect(controlsOf(host, blockId)).toHaveClass(/open/);
}

async function close(host: Page, blockId: string) {
	await controlsOf(host, blockId).getByRole('button', { name: 'Sluit', exact: true }).click();
	await expect(controlsOf(host, blockId)).not.toHaveClass(/open/);
}

/** The teacher, the board beside it, and the lesson started. */
async function lesson(browser: Browser, slug: string) {
	const teacher = await browser.newContext({ viewport: laptop });
	const host = await teacher.newPage();
	const code = await startLesson(host, '', slug);
	const board = await teacher.newPage();
	await board.setViewportSize(beamer);
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	await expect(board.locator('.code')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
	return { teacher, host, board, code };
}

/** The sign a phone shows now: its number, or null without one. */
async function signOf(pupil: Page): Promise<number | null> {
	const sign = pupil.locator('.sign');
	if ((await sign.count()) === 0) return null;
	return Number(await sign.getAttribute('data-sign'));
}

/** What a stelling's answers are called on the phone and board: none of them may show in a tweegesprek. */
const answerWords = /\b(helemaal (on)?eens|oneens|eens|neutraal|weet niet)\b/i;

test.beforeAll(() => mkdirSync(shots, { recursive: true }));

test('a tweegesprek pairs ten phones across the stelling, shows nobody an answer, and keeps a sign through a reload', async ({
	browser
}) => {
	const { host, board, code } = await lesson(browser, 'identiteit-en-erbij-horen');
	const watch = new BoardWatch(board);
	const pupils: Page[] = [];
	for (let index = 0; index < 10; index += 1) pupils.push(await phoneOf(browser, code));
	await expect(host.getByText('10 leerlingen')).toBeVisible();

	// The planned spread: two of each answer, a pupil who passes and one in the middle who steps out.
	const planned = [1, 1, 2, 2, 4, 4, 5, 5];
	const labels = ['Helemaal oneens', 'Oneens', 'Neutraal', 'Eens', 'Helemaal eens'];
	const passer = pupils[8];
	const stepsOut = pupils[9];

	await test.step('the class answers the stelling', async () => {
		await nextStep(host);
		await nextStep(host);
		await open(host, 'erbij-horen');
		for (const [index, pupil] of pupils.entries()) {
			await expect(pupil.getByRole('heading', { name: /ergens bij te horen/ })).toBeVisible();
			if (pupil === passer) await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
			else
				await pupil
					.getByRole('button', { name: labels[(planned[index] ?? 3) - 1], exact: true })
					.click();
			await expect(pupil.locator('.fate')).toContainText(/Ontvangen|gepast/);
		}
		await close(host, 'erbij-horen');
	});

	await test.step('the tweegesprek opens: phones wait for pairs, and may step out', async () => {
		await open(host, 'erbij-horen-tweegesprek');
		for (const pupil of pupils)
			await expect(
				pupil.getByRole('heading', { name: 'Zo meteen praat je met iemand' })
			).toBeVisible();
		await expect(
			board.getByText(/Zo meteen krijg je op je telefoon een gesprekspartner/)
		).toBeVisible();
		await expectNoAxeViolations(pupils[0]);
		await expectNoAxeViolations(board);
		await expectNoAxeViolations(host);
		await stepsOut.getByRole('button', { name: 'Ik doe niet mee' }).click();
		await expect(stepsOut.getByRole('heading', { name: 'Je doet niet mee' })).toBeVisible();
		await expect(stepsOut.getByRole('button', { name: 'Toch meedoen' })).toBeVisible();
		await expectNoAxeViolations(stepsOut);
	});

	const signs = new Map<Page, number>();
	await test.step('the teacher makes the pairs: across the spread, a passer and one who stepped out without', async () => {
		await controlsOf(host, 'erbij-horen-tweegesprek')
			.getByRole('button', { name: 'Maak tweetallen' })
			.click();
		await expect(controlsOf(host, 'erbij-horen-tweegesprek')).toContainText(
			'4 groepjes, 8 leerlingen'
		);
		for (const pupil of pupils.slice(0, 8)) {
			await expect(pupil.locator('.sign')).toBeVisible();
			await expect(pupil.getByText('Zoek wie hetzelfde teken heeft')).toBeVisible();
			await expect(
				pupil.getByText('Je gesprekspartner gaf een ander antwoord dan jij.')
			).toBeVisible();
			signs.set(pupil, (await signOf(pupil))!);
		}
		const groups = new Map<number, number[]>();
		pupils
			.slice(0, 8)
			.forEach((pupil, index) =>
				groups.set(signs.get(pupil)!, [...(groups.get(signs.get(pupil)!) ?? []), planned[index]])
			);
		expect([...groups.values()].map((group) => group.length)).toEqual([2, 2, 2, 2]);
		for (const [low, high] of groups.values())
			expect(Math.abs(high - low)).toBeGreaterThanOrEqual(2);

		await expect(
			passer.getByRole('heading', { name: 'Je hebt nu geen gesprekspartner' })
		).toBeVisible();
		await expect(passer.getByText('Je hebt gepast')).toBeVisible();
		await expect(passer.locator('.sign')).toHaveCount(0);
		await expect(stepsOut.locator('.sign')).toHaveCount(0);

		// No phone shows an answer: not its partner's, not its own.
		for (const pupil of pupils)
			expect(await pupil.locator('.content').innerText()).not.toMatch(answerWords);

		// The sign is on the screen as the phone shows the pairs, without scrolling.
		await expect(pupils[0].locator('.sign')).toBeInViewport({ ratio: 1 });
		await pupils[0].screenshot({ path: `${shots}/tweegesprek-sign-360x640.png` });
		await expect(board.getByText('Kijk op je telefoon')).toBeVisible();
		await expect(board.getByText('4 groepjes')).toBeVisible();
		expect(await board.locator('body').innerText()).not.toMatch(answerWords);
		await expectBoardTextAtLeast(board, 'the tweegesprek with its pairs');
		await watch.check('with the pairs made');
		await expectNoAxeViolations(pupils[0]);
		await expectNoAxeViolations(passer);
		await expectNoAxeViolations(board);
		await expectNoAxeViolations(host);
		await expectFateBarCoversNothing(pupils[0], 'with a sign');
		// The console's bar with the pairs' buttons and counts keeps its room on a small laptop.
		await host.setViewportSize(beamer);
		await expectConsoleBarFits(host);
		await expectNoAxeViolations(host);
		await host.setViewportSize(laptop);
		await pupils[0].screenshot({ path: `${shots}/tweegesprek-phone-360x640.png` });
		await board.screenshot({ path: `${shots}/tweegesprek-board-1024x768.png` });
	});

	await test.step('a phone that reloads, or loses its connection, gets its own sign back', async () => {
		const pupil = pupils[3];
		await pupil.reload();
		await expect(pupil.locator('.sign')).toBeVisible();
		expect(await signOf(pupil)).toBe(signs.get(pupil));
		await pupil.context().setOffline(true);
		await expect(pupil.getByText(/Verbinding weg/)).toBeVisible();
		await pupil.context().setOffline(false);
		await expect(pupil.getByText(/Verbinding weg/)).toHaveCount(0);
		expect(await signOf(pupil)).toBe(signs.get(pupil));
	});

	await test.step('a pupil who steps out leaves their partner in another group, with its own sign', async () => {
		const leaving = pupils[0];
		const partner = pupils.slice(1, 8).find((pupil) => signs.get(pupil) === signs.get(leaving))!;
		await leaving.getByRole('button', { name: 'Ik doe niet mee' }).click();
		await expect(leaving.getByRole('heading', { name: 'Je doet niet mee' })).toBeVisible();
		await expect(partner.getByText("Jullie zijn met z'n drieën.")).toBeVisible();
		const joined = (await signOf(partner))!;
		const others = pupils.slice(1, 8).filter((pupil) => pupil !== partner);
		expect(others.filter((pupil) => signs.get(pupil) === joined)).toHaveLength(2);
		for (const pupil of others) expect(await signOf(pupil)).toBe(signs.get(pupil));
		await expect(controlsOf(host, 'erbij-horen-tweegesprek')).toContainText(
			'3 groepjes, 7 leerlingen'
		);
	});

	await test.step('pairing again makes a new round; closing forgets the pairs', async () => {
		await controlsOf(host, 'erbij-horen-tweegesprek')
			.getByRole('button', { name: 'Opnieuw indelen' })
			.click();
		await expect(controlsOf(host, 'erbij-horen-tweegesprek')).toContainText(
			'3 groepjes, 7 leerlingen'
		);
		await close(host, 'erbij-horen-tweegesprek');
		for (const pupil of pupils)
			await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	});
});

test('think time locks the answers of a hard question until it is over, and survives a reload', async ({
	browser
}) => {
	const { host, board, code } = await lesson(browser, 'democratie-en-de-rechtsstaat');
	const pupil = await phoneOf(browser, code);
	await nextStep(host);
	await nextStep(host);
	await open(host, 'meerderheid');
	const corner = pupil.getByRole('button', { name: /grondrechten gelden voor iedereen/ });

	await test.step('the board counts down, the phone shows the question with its answers locked', async () => {
		await expect(pupil.getByRole('heading', { name: /Een grote meerderheid/ })).toBeVisible();
		await expect(pupil.getByText('Denk eerst na')).toBeVisible();
		await expect(corner).toBeVisible();
		await expect(corner).toBeDisabled();
		await expect(pupil.getByRole('button', { name: 'Pas', exact: true })).toBeDisabled();
		await expect(board.locator('.think')).toContainText(/Denk eerst na\s*0:[0-4]\d/);
		await expect(
			controlsOf(host, 'meerderheid').getByRole('button', { name: 'Sla over' })
		).toBeVisible();
	});

	// The checks below take longer than the 45 s of think time on a busy machine: time first.
	await test.step('the teacher adds time', async () => {
		await controlsOf(host, 'meerderheid').getByRole('button', { name: '+30 s' }).click();
		await expect(board.locator('.think')).toContainText(/1:[01]\d/);
	});

	await test.step('the locked phone, the board and the console pass axe and fit', async () => {
		await expectNoAxeViolations(pupil);
		await expectNoAxeViolations(board);
		await expectNoAxeViolations(host);
		await expectBoardTextAtLeast(board, 'think time');
		await host.setViewportSize(beamer);
		await expectConsoleBarFits(host);
		await host.setViewportSize(laptop);
		await pupil.screenshot({ path: `${shots}/denktijd-phone-360x640.png` });
		await board.screenshot({ path: `${shots}/denktijd-board-1024x768.png` });
	});

	await test.step('a reload keeps the phone locked', async () => {
		await pupil.reload();
		await expect(pupil.getByText('Denk eerst na')).toBeVisible();
		await expect(corner).toBeDisabled();
	});

	await test.step('skipping opens the answers on the phone at once', async () => {
		await controlsOf(host, 'meerderheid').getByRole('button', { name: 'Sla over' }).click();
		await expect(corner).toBeEnabled();
		await expect(pupil.getByText('Denk eerst na')).toHaveCount(0);
		await expect(board.locator('.think')).toHaveCount(0);
		await corner.click();
		await expect(pupil.locator('.fate')).toContainText('Ontvangen');
		await expectNoAxeViolations(pupil);
	});
});

test('the class agrees to the ground rules: the board counts who joins in, suggestions wait for the teacher', async ({
	browser
}) => {
	const { teacher, host, board, code } = await lesson(browser, 'gespreksregels-afspreken');
	const watch = new BoardWatch(board);
	const pupils = [
		await phoneOf(browser, code),
		await phoneOf(browser, code),
		await phoneOf(browser, code)
	];
	const [first, second, third] = pupils;
	const agree = (pupil: Page) =>
		pupil.getByRole('button', { name: 'Ik doe mee met deze afspraken' });

	await test.step('the rules open on every phone with the two choices', async () => {
		await open(host, 'regels');
		for (const pupil of pupils) {
			await expect(pupil.getByText('We lachen niemand uit.')).toBeVisible();
			await expect(agree(pupil)).toBeVisible();
			await expect(pupil.getByRole('button', { name: 'Ik wil iets toevoegen' })).toBeVisible();
		}
		await expect(board.getByText('0 leerlingen doen mee met deze afspraken')).toBeVisible();
		await expectNoAxeViolations(first);
		await expectNoAxeViolations(board);
		await expectNoAxeViolations(host);
	});

	await test.step('two agree; the board says how many, never who did not', async () => {
		await agree(first).click();
		await agree(second).click();
		await expect(agree(first)).toHaveAttribute('aria-pressed', 'true');
		await expect(first.locator('.fate')).toContainText('Je doet mee met de afspraken');
		await expect(board.getByText('2 leerlingen doen mee met deze afspraken')).toBeVisible();
		const shown = await board.locator('body').innerText();
		expect(shown).not.toMatch(/niet mee|van de \d|\d+ leerlingen? (doen|doet) niet/i);
		await expect(cardOf(host, 'regels')).toContainText('2 leerlingen doen mee');
		await first.reload();
		await expect(agree(first)).toHaveAttribute('aria-pressed', 'true');
		await expectNoAxeViolations(first);
		await expectBoardTextAtLeast(board, 'the ground rules with their count');
		await board.screenshot({ path: `${shots}/instemmen-board-1024x768.png` });
	});

	await test.step('a suggestion waits for the teacher, then stands under the rules', async () => {
		await third.getByRole('button', { name: 'Ik wil iets toevoegen' }).click();
		await third
			.getByLabel('Wat wil je toevoegen?')
			.fill('We kijken niet op onze telefoon als iemand praat.');
		await third.getByRole('button', { name: 'Verstuur' }).first().click();
		await expect(third.getByText('Jouw voorstellen')).toBeVisible();
		watch.hold('niet op onze telefoon', 'a suggestion not yet shown');
		const item = queueOf(host, 'regels').locator('li.response').filter({ hasText: 'telefoon' });
		await expect(item).toBeVisible();
		await watch.check('with the suggestion waiting');
		await expectNoAxeViolations(third);
		await expectNoAxeViolations(host);
		await third.screenshot({ path: `${shots}/instemmen-phone-360x640.png` });
		await watch.release('niet op onze telefoon', 'the teacher shows the suggestion');
		await item.getByRole('button', { name: 'Toon', exact: true }).click();
		await expect(board.getByText('Voorstellen van de klas')).toBeVisible();
		await expect(
			board.getByText('We kijken niet op onze telefoon als iemand praat.')
		).toBeVisible();
		await expectNoAxeViolations(board);
	});

	await test.step('who did not agree goes on with the lesson like everyone', async () => {
		await close(host, 'regels');
		await open(host, 'start');
		await third
			.getByRole('button')
			.filter({ hasText: /😐|Gaat wel|Neutraal/ })
			.first()
			.click();
		await expect(third.locator('.fate')).toContainText('Ontvangen');
	});

	await test.step('the workbook counts the agreement and the suggestion, no names', async () => {
		const response = await teacher.request.get(new URL(host.url()).pathname + '/export');
		expect(response.ok()).toBe(true);
		const sheets = await readExcelFile(Buffer.from(await response.body()));
		const rules = sheets.find((sheet) => /gespreksregels/i.test(sheet.sheet))!;
		const rows = rules.data.map((row) => row.filter((cell) => cell !== null));
		expect(rows).toContainEqual(['Doet mee met de afspraken', 2]);
		expect(rows).toContainEqual(['We kijken niet op onze telefoon als iemand praat.']);
	});
});

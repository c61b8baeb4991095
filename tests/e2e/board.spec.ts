import {
	devices,
	expect,
	test,
	type Browser,
	type BrowserContext,
	type Locator,
	type Page
} from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lanAddresses } from '../../src/lib/server/join-address';
import { expectNoAxeViolations } from './axe';
import { send, socketPupils, teacherSocket } from './class';
import { controlsOf, nextStep, startLesson } from './host';
import { startOwnServer } from './own-server';

// The board is a presenter screen on a beamer: every block of the demo lesson, with pupils
// answering, fits the screen without scrolling, at the resolutions of school beamers, and every
// word on it is large enough to read from the back of the classroom.

test.setTimeout(480_000);

const phone = { ...devices['Pixel 7'], defaultBrowserType: undefined };
const shots = process.env.BOARD_SHOTS ? '/tmp/board-shots' : '';
const sizes = [
	{ width: 1024, height: 768 },
	{ width: 1366, height: 768 },
	...(shots ? [{ width: 1920, height: 1080 }] : [])
];

const hostBlock = controlsOf;

async function open(host: Page, id: string) {
	await hostBlock(host, id).getByRole('button', { name: 'Open voor leerlingen' }).click();
	await expect(hostBlock(host, id)).toHaveClass(/open/);
}

async function reveal(host: Page, id: string) {
	await hostBlock(host, id).getByRole('button', { name: 'Toon uitslag op het bord' }).click();
}

async function pupilsJoin(browser: Browser, code: string, count: number) {
	const pupils: Page[] = [];
	for (let index = 0; index < count; index += 1) {
		const page = await (await browser.newContext({ ...phone })).newPage();
		await page.goto(`/j/${code}`);
		await expect(page.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
		pupils.push(page);
	}
	return pupils;
}

async function received(page: Page) {
	await expect(page.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
}

/** Entirely on screen: not cut off at any edge of the window. */
async function expectInside(board: Page, target: Locator) {
	await expect(target.first()).toBeVisible();
	const count = await target.count();
	const { width, height } = board.viewportSize()!;
	for (let index = 0; index < count; index += 1) {
		const box = await target.nth(index).boundingBox();
		expect(box, `element ${index} is rendered`).not.toBeNull();
		expect(box!.x).toBeGreaterThanOrEqual(0);
		expect(box!.y).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
		expect(box!.y + box!.height).toBeLessThanOrEqual(height + 0.5);
	}
}

async function expectNoScroll(board: Page) {
	const { scrollHeight, innerHeight } = await board.evaluate(() => ({
		scrollHeight: document.documentElement.scrollHeight,
		innerHeight: window.innerHeight
	}));
	expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
}

/** The smallest type the back row of a classroom reads on a 1024×768 beamer, in screen pixels. */
const backRow = 24;

/**
 * Every visible text on the board, as rendered on the screen: its computed size times the scale
 * of the slide it sits on (the board is laid out at 1280 wide and scaled to the screen).
 */
async function renderedText(board: Page) {
	return board.evaluate(() => {
		const texts: { text: string; size: number }[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent?.trim();
			const element = node.parentElement;
			if (!text || !element || element.closest('.visually-hidden, title, style, script')) continue;
			if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const box = range.getBoundingClientRect();
			// Off the screen (a skip link until it has focus) is not on the board.
			if (box.width === 0 || box.height === 0 || box.bottom <= 0 || box.right <= 0) continue;
			if (box.top >= window.innerHeight || box.left >= window.innerWidth) continue;
			const slide = element.closest<HTMLElement>('.slide');
			const scale = slide ? slide.getBoundingClientRect().width / slide.offsetWidth : 1;
			texts.push({
				text: text.slice(0, 40),
				size: parseFloat(getComputedStyle(element).fontSize) * scale
			});
		}
		return texts;
	});
}

/** No visible text on the board is under the back row's floor. */
async function expectReadableFromTheBack(board: Page, { blank = false } = {}) {
	const texts = await renderedText(board);
	// A blanked board shows nothing at all; any other state has something to read.
	if (blank) expect(texts).toEqual([]);
	else expect(texts.length).toBeGreaterThan(0);
	const small = texts.filter(({ size }) => size < backRow - 0.05);
	expect(small, `text under ${backRow} px`).toEqual([]);
}

/** No visible element runs past the screen's right or bottom edge, where the slide cuts it off. */
async function expectNothingCutOff(board: Page) {
	const past = await board.evaluate(() => {
		const found: string[] = [];
		for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
			if (element.closest('.visually-hidden')) continue;
			if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
			const box = element.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			const right = Math.round(box.right - window.innerWidth);
			const bottom = Math.round(box.bottom - window.innerHeight);
			if (right > 0 || bottom > 0)
				found.push(
					`${element.tagName.toLowerCase()}.${element.className} "${element.textContent?.trim().slice(0, 30)}" ${right > 0 ? `${right}px past the right` : `${bottom}px past the bottom`}`
				);
		}
		return found;
	});
	expect(past, 'cut off at the edge of the screen').toEqual([]);
}

/**
 * The state a board is in fits the screen, reads from the back, passes axe, and is
 * photographed when asked.
 */
async function expectPresentable(board: Page, name: string, { blank = false } = {}) {
	// The board's fit settles in a frame after a change.
	await board.evaluate(
		() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
	);
	if (shots) {
		const { width, height } = board.viewportSize()!;
		mkdirSync(shots, { recursive: true });
		await board.screenshot({ path: `${shots}/${width}x${height}-${name}.png` });
	}
	await expectNoScroll(board);
	await expectReadableFromTheBack(board, { blank });
	await expectNothingCutOff(board);
	await expectNoAxeViolations(board);
}

const prompt = (board: Page) => board.locator('.focus .prompt');
const bars = (board: Page) => board.locator('.results .bars li .label, .results .bars li .number');

const sizeNames = sizes.map(({ width, height }) => `${width}×${height}`).join(' and ');

/**
 * A board per beamer size, all on the same lesson: every state is checked on each, while the
 * class answers once (a lesson per size cost twice the phones and the clicks for the same check).
 */
async function openBoards(teacher: BrowserContext, path: string) {
	const boards: Page[] = [];
	for (const size of sizes) {
		const board = await teacher.newPage();
		await board.setViewportSize(size);
		await board.goto(path);
		boards.push(board);
	}
	/** Runs a check on every board in turn, with the board's own screen size. */
	return async (check: (board: Page, size: { width: number; height: number }) => Promise<void>) => {
		for (const board of boards) await check(board, board.viewportSize()!);
	};
}

test(`the board presents every block of the demo lesson at ${sizeNames}`, async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const everyBoard = await openBoards(
		teacher,
		new URL(host.url()).pathname.replace('/host/', '/board/')
	);
	const pupils = await pupilsJoin(browser, code, 3);

	await test.step('while pupils join, the code and QR code fill the board', async () => {
		await everyBoard(async (board, size) => {
			await expect(board.getByText('3 leerlingen')).toBeVisible();
			await expectInside(board, board.locator('.join-large .code'));
			await expectInside(board, board.getByRole('img', { name: 'QR-code om mee te doen' }));
			const codeHeight = (await board.locator('.join-large .code').boundingBox())!.height;
			expect(codeHeight).toBeGreaterThan(size.height * 0.1);
			await expectPresentable(board, '01-joining');
		});
	});

	await test.step('thermometer: prompt, answer progress, then the results', async () => {
		await open(host, 'start');
		await everyBoard(async (board, size) => {
			await expect(board.locator('.join-large')).toHaveCount(0);
			await expectInside(board, board.locator('.strip .code'));
			await expectInside(board, prompt(board));
			const promptSize = await prompt(board).evaluate((node) =>
				parseFloat(getComputedStyle(node).fontSize)
			);
			const scale = size.width / 1280;
			// A prompt line is at least 5% of the screen's height (two lines: 10%).
			expect(promptSize * scale * 1.2).toBeGreaterThanOrEqual(size.height * 0.05);
			await expect(board.getByText('0 van 3 leerlingen hebben geantwoord')).toBeVisible();
		});
		await pupils[0].getByRole('button', { name: /Goed/ }).first().click();
		await received(pupils[0]);
		await everyBoard(async (board) => {
			await expect(board.getByText('1 van 3 leerlingen heeft geantwoord')).toBeVisible();
			await expectPresentable(board, '02-thermometer-answering');
		});
		for (const page of pupils.slice(1)) {
			await page.getByRole('button', { name: /Gaat wel/ }).click();
			await received(page);
		}
		await everyBoard(async (board) => {
			await expect(board.locator('.results .counts')).toHaveText('3 antwoorden');
			await expectInside(board, bars(board));
			await expectInside(board, prompt(board));
			await expectPresentable(board, '03-thermometer-results');
		});
	});

	await test.step('a poll with several choices says so, with letters on board and phone', async () => {
		await nextStep(host);
		await open(host, 'werkvormen');
		await expect(pupils[0].getByText('Kies er één of meer')).toBeVisible();
		await expect(pupils[0].locator('label.option').first()).toContainText('A');
		await everyBoard(async (board) => {
			await expect(board.getByText('Kies er één of meer')).toBeVisible();
			await expect(board.locator('.focus .options li').first()).toContainText('A');
			await expectPresentable(board, '04-poll-answering');
		});
		for (const page of pupils) {
			await page.getByRole('checkbox', { name: 'Stellingen' }).check();
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await received(page);
		}
		await everyBoard(async (board) => {
			await expect(board.locator('.results .bars li .percent').first()).toHaveText('100%');
			await expect(board.locator('.results .bars li .letter').first()).toHaveText('A');
			await expectInside(board, bars(board));
			await expectPresentable(board, '05-poll-results');
		});
	});

	await test.step('a stelling reads from oneens to eens, weet niet last, once revealed', async () => {
		await open(host, 'stelling-voor');
		const answers = ['Eens', 'Helemaal eens', 'Weet niet'];
		for (const [index, page] of pupils.entries()) {
			await page.getByRole('button', { name: answers[index], exact: true }).click();
			await received(page);
		}
		await everyBoard(async (board) => {
			await expect(board.getByText('3 van 3 leerlingen hebben geantwoord')).toBeVisible();
			await expect(
				board.getByText('De uitslag verschijnt als de docent hem laat zien.')
			).toBeVisible();
			await expectPresentable(board, '06-stelling-hidden');
		});
		await reveal(host, 'stelling-voor');
		await everyBoard(async (board) => {
			const labels = board.locator('.results .bars li .label');
			await expect(labels).toHaveText([
				'Helemaal oneens',
				'Oneens',
				'Neutraal',
				'Eens',
				'Helemaal eens',
				'Weet niet'
			]);
			await expect(board.locator('.results .bars li .percent').nth(3)).toHaveText('33%');
			await expect(board.getByText('Gemiddeld 4,5')).toBeVisible();
			await expectInside(board, bars(board));
			await expectInside(board, prompt(board));
			await expectPresentable(board, '07-stelling-results');
		});
	});

	await test.step('position line', async () => {
		await nextStep(host);
		await open(host, 'ervaring');
		for (const page of pupils) {
			await page.getByLabel('Schuif naar jouw plek').fill('75');
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await received(page);
		}
		await everyBoard(async (board) => {
			// One dot per pupil on the line, the spread said in words; no empty bars, no bare numbers.
			await expect(board.locator('.results .plot .dot')).toHaveCount(3);
			await expect(
				board.getByText('De meeste leerlingen staan dicht bij ‘Heel vertrouwd’.')
			).toBeVisible();
			await expect(board.locator('.results .plot')).toHaveText('');
			await expect(board.getByText(/Middelste positie/)).toHaveCount(0);
			await expectInside(board, board.locator('.results .plot, .results .poles span'));
			await expectPresentable(board, '08-position-results');
		});
	});

	await test.step('four corners: board and phone name the same corner', async () => {
		await open(host, 'hoeken');
		await everyBoard(async (board) => {
			await expect(board.getByText('Hoek B')).toBeVisible();
			await expect(board.getByText('Ga naar de hoek van je keuze')).toBeVisible();
		});
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Ik vraag wat hij bedoelt' }).click();
			await received(page);
		}
		await expect(pupils[0].getByText('Ga naar hoek B')).toBeVisible();
		await everyBoard(async (board) => {
			await expect(board.locator('.results .bars li .letter').nth(1)).toHaveText('B');
			await expectInside(board, bars(board));
			await expectPresentable(board, '09-corners-results');
		});
	});

	await test.step('lagerhuis: a large timer that stays with its block', async () => {
		await open(host, 'lagerhuis');
		await hostBlock(host, 'lagerhuis').getByRole('button', { name: 'Start timer' }).click();
		const timer = (board: Page) => board.locator('.timer-slot');
		await everyBoard(async (board, size) => {
			await expect(timer(board)).toHaveText(/^Nog [12]:\d\d$/);
			const timerHeight = (await timer(board).boundingBox())!.height;
			expect(timerHeight).toBeGreaterThan(size.height * 0.08);
		});
		for (const [index, page] of pupils.entries()) {
			await page.getByRole('button', { name: ['Voor', 'Tegen', 'Twijfel'][index] }).click();
			await received(page);
		}
		await everyBoard(async (board) => {
			await expectInside(board, bars(board));
			await expectInside(board, timer(board));
			await expectPresentable(board, '10-lagerhuis-results');
		});
	});

	await test.step('word cloud and casus, and the timer stays behind on its step', async () => {
		await nextStep(host);
		await open(host, 'woorden');
		await everyBoard(async (board) => {
			await expect(board.getByText(/Nog \d|Gepauzeerd/)).toHaveCount(0);
			await expect(prompt(board)).toContainText('Welk woord');
		});
		for (const [index, page] of pupils.entries()) {
			await page.getByLabel('Woord 1').fill(['respect', 'luisteren', 'respect'][index]);
			await page.getByRole('button', { name: 'Verstuur' }).click();
			await received(page);
		}
		// A word cloud is teacher-first: the words reach the board once the teacher lets them through.
		await host.getByRole('button', { name: 'Toon alle woorden' }).click();
		await everyBoard(async (board) => {
			await expectInside(board, board.locator('.results .cloud li'));
			await expectPresentable(board, '11-wordcloud-results');
		});

		await open(host, 'casus');
		await everyBoard(async (board) => {
			await expect(prompt(board)).toContainText('Tijdens een les over de verkiezingen');
			await expectInside(board, prompt(board));
		});
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Ik vraag door naar zijn ervaring' }).click();
			await received(page);
		}
		// A casus waits for the teacher, like a stelling: the class sees the answers come in.
		await everyBoard(async (board) => {
			await expect(board.getByText('3 van 3 leerlingen hebben geantwoord')).toBeVisible();
		});
		await reveal(host, 'casus');
		await everyBoard(async (board) => {
			await expect(board.locator('.results .bars li .letter')).toHaveText(['A', 'B', 'C']);
			await expectInside(board, bars(board));
			await expectInside(board, prompt(board));
			await expectPresentable(board, '12-casus-results');
		});
	});

	await test.step('open prompt and silent debate show their prompt and wall', async () => {
		await nextStep(host);
		await open(host, 'open-vraag');
		await everyBoard(async (board) => {
			await expect(prompt(board)).toContainText('Wat heb jij nodig');
			await expectInside(board, prompt(board));
			await expect(board.locator('.wall')).toBeVisible();
			await expectPresentable(board, '13-open');
		});
		await open(host, 'stil-debat');
		await everyBoard(async (board) => {
			await expect(prompt(board)).toContainText('Mag een docent');
			await expectInside(board, prompt(board));
			await expectPresentable(board, '14-stil-debat');
		});
	});

	await test.step('the repeated stelling shows before and after on one screen', async () => {
		await nextStep(host);
		await open(host, 'stelling-na');
		for (const page of pupils) {
			await page.getByRole('button', { name: 'Eens', exact: true }).click();
			await received(page);
		}
		await reveal(host, 'stelling-na');
		await everyBoard(async (board) => {
			await expect(board.locator('.before-number').first()).toBeVisible();
			await expectInside(board, bars(board));
			await expectInside(board, board.locator('.before-number'));
			await expectInside(board, prompt(board));
			await expectPresentable(board, '15-stelling-compared');
		});

		await open(host, 'terugblik');
		await everyBoard(async (board) => {
			await expectInside(board, board.locator('.focus .questions li'));
			await expectPresentable(board, '16-exit-ticket');
		});
	});

	await test.step('the host blanks the board at once and brings it back', async () => {
		await host.getByRole('button', { name: 'Bord leeg' }).click();
		await everyBoard(async (board) => {
			await expect(board.locator('.blank')).toBeVisible();
			await expect(board.locator('.code')).toHaveCount(0);
			await expect(board.locator('.focus')).toHaveCount(0);
			await expectPresentable(board, '17-blank', { blank: true });
		});
		await host.getByRole('button', { name: 'Bord leeg' }).click();
		await everyBoard(async (board) => {
			await expect(board.locator('.focus')).toBeVisible();
		});
	});

	await test.step('the host shows the code large again for a latecomer', async () => {
		await host.getByRole('button', { name: 'Toon de code groot' }).click();
		await everyBoard(async (board) => {
			await expectInside(board, board.locator('.join-large .code'));
			await expectPresentable(board, '18-code-again');
		});
		await host.getByRole('button', { name: 'Toon de code groot' }).click();
		await everyBoard(async (board) => {
			await expect(board.locator('.join-large')).toHaveCount(0);
		});
	});

	await test.step('after the lesson: it has ended, and no code is left up', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await everyBoard(async (board) => {
			await expect(board.getByText(/De les is afgelopen/)).toBeVisible();
			await expect(board.locator('.code')).toHaveCount(0);
			await expect(board.getByRole('img', { name: 'QR-code om mee te doen' })).toHaveCount(0);
			await expectPresentable(board, '19-ended');
		});
	});
});

test('the board goes full screen with its button and with the F key', async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	await startLesson(host);
	const board = await teacher.newPage();
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	await expect(board.locator('.join-large .code')).toHaveText(/\d{3} \d{3}/);
	const fullscreen = () => board.evaluate(() => document.fullscreenElement !== null);

	await board.keyboard.press('f');
	await expect.poll(fullscreen).toBe(true);
	await board.keyboard.press('f');
	await expect.poll(fullscreen).toBe(false);
	await board.getByRole('button', { name: 'Volledig scherm (F)' }).click();
	await expect.poll(fullscreen).toBe(true);
	// Shortcuts with a modifier belong to the browser.
	await board.keyboard.press('Control+f');
	await expect.poll(fullscreen).toBe(true);
});

test('the board says no phone can join while the server listens on this computer only', async ({
	browser
}) => {
	// HOST=127.0.0.1 as a teacher might start it, and no PUBLIC_URL: nothing else reaches it.
	const own = await startOwnServer(4224, {
		DATABASE_PATH: join(tmpdir(), `klasgesprek-loopback-${process.pid}.sqlite`)
	});
	try {
		const teacher = await browser.newContext({ baseURL: own.origin });
		const host = await teacher.newPage();
		await startLesson(host);
		const board = await teacher.newPage();
		// The test server runs with HOST=127.0.0.1, as a teacher who started it that way: then even the
		// machine's LAN address reaches nothing, so the board names none and says what to do instead.
		await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
		const port = new URL(board.url()).port;
		await expect(board.locator('.where')).toHaveText(`Doe mee op 127.0.0.1:${port}`);
		await expect(board.getByRole('alert')).toHaveText(
			'Deze computer deelt Klasgesprek alleen met zichzelf: geen telefoon of andere computer kan erbij. Start Klasgesprek met HOST=0.0.0.0 om leerlingen mee te laten doen.'
		);
		for (const lan of lanAddresses(networkInterfaces())) {
			await expect(board.locator('body')).not.toContainText(lan);
		}
		await expectNoAxeViolations(board);

		// The console says the same where it offers the board's link: it opens a window on this
		// computer only, and names no address another device would try in vain.
		await host.getByText('Link om het bord op een andere computer te openen').click();
		await expect(host.getByText(/alleen met zichzelf/).first()).toBeVisible();
		await expect(host.getByLabel('Link om het bord op een andere computer te openen')).toHaveValue(
			new RegExp(`^http://127\\.0\\.0\\.1:${port}/board/`)
		);
	} finally {
		await own.stop();
	}
});

/** The texts of a paged region's items the class can see now. */
async function visibleItems(board: Page) {
	return board
		.locator('[data-page-item]')
		.evaluateAll((items) =>
			items
				.filter((item) => item.checkVisibility({ visibilityProperty: true }))
				.map((item) => item.textContent?.trim() ?? '')
		);
}

/**
 * The region pages: "1/n" on the board, every item on exactly one page at full size, the
 * teacher's clicker turns the pages (and so pauses the turning), the space bar lets it go on.
 */
async function expectPaged(board: Page, texts: string[], name: string) {
	const where = board.locator('.pager .where [aria-hidden="true"]');
	await expect(where).toHaveText(/^\d+\/\d+$/);
	const pages = Number((await where.textContent())!.split('/')[1]);
	expect(pages).toBeGreaterThan(1);
	// The pages turn by themselves until the teacher pauses them, with the button or the space bar.
	const pause = board.getByRole('button', { name: 'Pauzeer het bladeren (spatie)' });
	await expect(pause).toHaveAttribute('aria-pressed', 'false');
	await pause.click();
	await expect(pause).toHaveAttribute('aria-pressed', 'true');
	await board.keyboard.press(' ');
	await expect(pause).toHaveAttribute('aria-pressed', 'false');
	// A presenter's clicker turns the pages, and so stops the turning by itself.
	await board.keyboard.press('PageDown');
	await expect(pause).toHaveAttribute('aria-pressed', 'true');
	const first = Number((await where.textContent())!.split('/')[0]);
	const seen: string[] = [];
	for (let turned = 0; turned < pages; turned += 1) {
		await expect(where).toHaveText(`${((first - 1 + turned) % pages) + 1}/${pages}`);
		await expectPresentable(board, `${name}-page-${turned + 1}`);
		seen.push(...(await visibleItems(board)));
		await board.keyboard.press('PageDown');
	}
	await expect(where).toHaveText(`${first}/${pages}`);
	// Every item is on exactly one page, at full size.
	for (const text of texts) expect(seen.filter((item) => item.includes(text))).toHaveLength(1);
}

const sentences = [
	'Dat je elkaar laat uitpraten, ook als je het helemaal oneens bent met wat iemand zegt.',
	'Dat niemand wordt uitgelachen om wat hij denkt, ook niet na de les op het schoolplein.',
	'Dat de docent ook zegt wat hij zelf niet weet, en dat het goed is om te twijfelen.',
	'Tijd om na te denken voordat ik iets moet zeggen, want dan durf ik meer.',
	'Dat we afspreken wat er in de klas blijft en wat niet, en ons daar ook aan houden.',
	'Dat je mag zeggen dat je iets niet snapt zonder dat iemand gaat zuchten.',
	'Een docent die doorvraagt in plaats van meteen te oordelen over wat je zegt.',
	'Dat mijn mening niet meteen wordt weggezet als dom of als iets van mijn ouders.',
	'Dat het rustig is in de klas en dat niet steeds dezelfde mensen praten.',
	'Dat ik anoniem iets kan zeggen, zoals nu, en dat het dan toch serieus wordt genomen.',
	'Dat er ook ruimte is voor gevoelens en niet alleen voor feiten en meningen.',
	'Dat we het over het onderwerp hebben en niet over de persoon die iets zegt.'
];

test(`what does not fit the board at ${sizeNames} is paged at full size`, async ({ browser }) => {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const { origin, pathname } = new URL(host.url());
	const sessionId = pathname.split('/').at(-1)!;
	const everyBoard = await openBoards(teacher, `/board/${sessionId}`);
	const pupils = await socketPupils(origin, code, sentences.length);
	const desk = await teacherSocket(origin, teacher, sessionId);
	try {
		await send(desk.client, 'board:code', { large: false });

		await test.step('the vragenbus questions on their step', async () => {
			const questions = sentences.map((text) => `${text.split(',')[0]}?`);
			// Open all lesson: the questions stand on their step, as the board shows them.
			for (const [index, pupil] of pupils.entries())
				await send(pupil, 'response:submit', {
					blockId: 'vragen',
					text: questions[index],
					clientId: `vraag-${index}`
				});
			await send(desk.client, 'block:close', {});
			expect(await desk.approveAll('vragen')).toBe(questions.length);
			await everyBoard(async (board) => {
				await expect(board.getByText(questions[0])).toBeAttached();
				await expectPaged(board, questions, '20-questions');
			});
		});

		await test.step('many reasons beside a stelling, before and after', async () => {
			await send(desk.client, 'session:step', { step: 2 });
			for (const blockId of ['stelling-voor', 'stelling-na']) {
				if (blockId === 'stelling-na') await send(desk.client, 'session:step', { step: 6 });
				await send(desk.client, 'block:open', { blockId });
				for (const [index, pupil] of pupils.entries())
					await send(pupil, 'answer:submit', {
						blockId,
						value: {
							kind: 'scale',
							value: [1, 2, 4, 5, 0][index % 5],
							reason: sentences[index].slice(0, 120)
						}
					});
				await send(desk.client, 'block:reveal', { blockId, revealed: true });
				expect(await desk.approveAll(blockId)).toBe(sentences.length);
				await everyBoard(async (board) => {
					await expect(board.locator('.results .bars')).toBeVisible();
					await expectPaged(
						board,
						sentences.map((text) => text.slice(0, 60)),
						`21-reasons-${blockId}`
					);
				});
			}
		});

		await test.step('a full wall of responses', async () => {
			await send(desk.client, 'session:step', { step: 5 });
			await send(desk.client, 'block:open', { blockId: 'open-vraag' });
			for (const [index, pupil] of pupils.entries())
				await send(pupil, 'response:submit', {
					blockId: 'open-vraag',
					text: sentences[index],
					clientId: `open-${index}`
				});
			expect(await desk.approveAll('open-vraag')).toBe(sentences.length);
			await everyBoard(async (board) => {
				await expect(board.getByText(sentences[0])).toBeAttached();
				await expectPaged(board, sentences, '22-wall');
			});
		});
	} finally {
		for (const client of [...pupils, desk.client]) client.disconnect();
		await teacher.close();
	}
});

test('at a parents’ evening the board and the console speak of parents, and a casus of six fits the beamer', async ({
	browser
}) => {
	const teacher = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const host = await teacher.newPage();
	const code = await startLesson(host, '', 'ouderavond-online-meegesleept');
	const board = await teacher.newPage();
	await board.setViewportSize({ width: 1024, height: 768 });
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	const parents = await pupilsJoin(browser, code, 5);
	const bar = host.locator('header.bar');
	/** Nothing the board or the console's own words say names pupils (the lesson's text may). */
	async function expectNoPupils(moment: string) {
		for (const [screen, words] of [
			['board', board.locator('body')],
			['console bar', bar],
			['console footer', host.locator('footer.site-footer')],
			['queue', host.getByRole('heading', { name: /^Reacties van/ })],
			['open badge', host.locator('article.block .badge')]
		] as const)
			for (const text of await words.allInnerTexts())
				expect.soft(text, `The ${screen} ${moment}`).not.toMatch(/leerling/i);
	}

	await expect(board.getByText('5 ouders')).toBeVisible();
	await expect(bar).toContainText('5 ouders');
	await expect(host.getByRole('heading', { name: 'Reacties van ouders' })).toBeVisible();
	await expectNoPupils('while parents join');

	for (let step = 1; step < 4; step += 1) await nextStep(host);
	await controlsOf(host, 'aan-tafel')
		.getByRole('button', { name: /^Open voor ouders/ })
		.click();
	await expect(host.locator('article.block[data-block="aan-tafel"] .badge')).toHaveText(
		'Open: ouders kunnen antwoorden'
	);
	await parents[0].getByRole('button', { name: /Hoe kom je daarbij/ }).click();
	await received(parents[0]);
	await expect(board.getByText('1 van 5 ouders heeft geantwoord')).toBeVisible();
	await expectNoPupils('with a casus open');
	// Six long options and the count under them, on a 4:3 beamer: nothing runs off its bottom.
	await expectPresentable(board, '30-parents-casus-six');
	for (const [index, parent] of parents.slice(1).entries()) {
		await parent
			.getByRole('group')
			.getByRole('button')
			.nth(index + 2)
			.click();
		await received(parent);
	}
	await hostBlock(host, 'aan-tafel').getByRole('button', { name: 'Sluit', exact: true }).click();
	await reveal(host, 'aan-tafel');
	await expect(board.locator('.results .counts').first()).toHaveText('5 antwoorden');
	await expectPresentable(board, '31-parents-casus-six-results');

	host.once('dialog', (dialog) => {
		expect
			.soft(dialog.message())
			.toBe('De les beëindigen? Ouders kunnen daarna niets meer insturen.');
		void dialog.accept();
	});
	await host.getByRole('button', { name: 'Beëindig de les' }).click();
	await expect(board.getByText('De les is afgelopen', { exact: false })).toBeVisible();
});

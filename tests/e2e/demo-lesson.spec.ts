import {
	expect as baseExpect,
	test,
	type Browser,
	type Locator,
	type Page
} from '@playwright/test';
import { mkdirSync } from 'node:fs';
import readExcelFile from 'read-excel-file/node';
import { expectNoAxeViolations } from './axe';
import { cardOf, controlsOf, nextStep, queueOf, startLesson } from './host';
import { phone } from './phone';
import {
	BoardWatch,
	expectBlockState,
	expectBoardTextAtLeast,
	expectConsoleBarFits,
	expectFateBarCoversNothing,
	expectNoRawMarkupOrIds,
	expectNothingLiveAfterTheEnd,
	expectOpeningSaysWhatCloses,
	expectPhoneTruth,
	expectTeacherOnly,
	expectWaiting
} from './trust';

// The whole demo lesson, run as a new teacher would: the console on a 1366×768 laptop (and at
// 1024×768), the board on a 1024×768 beamer, five pupils on 360×640 phones. Every block is
// opened, answered (some pupils pass), moderated and revealed, then the lesson ends and the
// summary and workbook are read. After each action the board, the console and the phones are
// held to what the teacher may trust (tests/e2e/trust.ts).

test.setTimeout(360_000);

// The machine may be busy: waiting on a real state gets time. A check of what a screen says
// right after that state (soft: the run goes on, so one run lists every broken promise) less.
const expect = baseExpect.configure({ timeout: 15_000 });
const soft = baseExpect.configure({ soft: true, timeout: 5_000 });

const laptop = { width: 1366, height: 768 };
/** Set DEMO_SHOTS=1 to keep the screens of every checkpoint in /tmp/demo-shots for review. */
const shots = process.env.DEMO_SHOTS ? '/tmp/demo-shots' : null;
const beamer = { width: 1024, height: 768 };
const blockIds = [
	'vragen',
	'regels',
	'start',
	'werkvormen',
	'stelling-voor',
	'ervaring',
	'hoeken',
	'lagerhuis',
	'woorden',
	'casus',
	'open-vraag',
	'stil-debat',
	'stelling-na',
	'terugblik'
];

async function phoneOf(browser: Browser, code: string) {
	const context = await browser.newContext({ ...phone, viewport: { width: 360, height: 640 } });
	const page = await context.newPage();
	await page.goto(`/j/${code}`);
	await expect(page.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
	return page;
}

const received = (pupil: Page) =>
	expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
const passed = (pupil: Page) =>
	expect(pupil.getByRole('status').filter({ hasText: 'gepast' })).toBeVisible();

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

async function reveal(host: Page, blockId: string) {
	await controlsOf(host, blockId).getByRole('button', { name: 'Toon uitslag op het bord' }).click();
}

/** The teacher lets the whole word cloud through at once; what the filter holds stays held. */
async function letTheCloudThrough(host: Page) {
	await cardOf(host, 'woorden')
		.getByRole('button', { name: /^Toon alle woorden/ })
		.click();
}

/** Returns a response flagged for a phone number with the prompt that fits: leave it out. */
async function returnWithThePromptThatFits(item: Locator) {
	const prompt = item.getByRole('button', { name: /persoonlijke gegevens/i });
	// The queue re-renders as other responses are decided: ask again until the prompts show.
	await expect(async () => {
		if (!(await prompt.isVisible()))
			await item.getByRole('button', { name: 'Terugsturen' }).click();
		await baseExpect(
			prompt,
			'A phone number offers the prompt to leave out personal data'
		).toBeVisible({
			timeout: 3_000
		});
	}).toPass({ timeout: 20_000 });
	await prompt.click();
}

function queueItem(host: Page, blockId: string, text: string) {
	return queueOf(host, blockId).locator('li.response').filter({ hasText: text });
}

async function write(pupil: Page, label: string | RegExp, text: string) {
	await pupil.getByLabel(label).first().fill(text);
	await send(pupil);
}

/** The question's own send button (the vragenbus below it has one too). */
async function send(pupil: Page) {
	await pupil.getByRole('button', { name: 'Verstuur' }).first().click();
}

test('a new teacher runs the whole demo lesson and can trust every screen', async ({ browser }) => {
	const teacher = await browser.newContext({ viewport: laptop });
	const host = await teacher.newPage();

	await test.step('the lesson page shows no raw markup or ids', async () => {
		await host.goto('/lessons/klasgesprek-uitproberen');
		await expectNoRawMarkupOrIds(host, blockIds, 'on the lesson page');
	});

	const code = await startLesson(host);
	const board = await teacher.newPage();
	await board.setViewportSize(beamer);
	const watch = new BoardWatch(board);
	let waiting = 0;

	/** After each action: nothing held on the board or its socket, the right count waiting. */
	async function checkpoint(moment: string) {
		await watch.check(moment);
		await expectWaiting(host, waiting, moment);
		await expectNoRawMarkupOrIds(host, blockIds, moment);
		if (shots) await photograph(moment);
	}

	/** Console, board and two phones as they stand now, to read after the run (DEMO_SHOTS=1). */
	let shotNumber = 0;
	async function photograph(moment: string) {
		shotNumber += 1;
		const name = `${String(shotNumber).padStart(2, '0')}-${moment.replace(/\W+/g, '-')}`;
		mkdirSync(shots!, { recursive: true });
		await host.screenshot({ path: `${shots}/${name}-console.png` });
		await board.screenshot({ path: `${shots}/${name}-board.png` });
		for (const [index, pupil] of pupils.slice(0, 2).entries())
			await pupil.screenshot({ path: `${shots}/${name}-phone-${index + 1}.png` });
	}

	await test.step('the board is the first thing to open, and stays in the bar', async () => {
		await soft(
			host.getByRole('link', { name: /Open het bord/ }),
			'Before a board is attached, opening it is the first visible action'
		).toBeInViewport();
		await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
		await expect(board.locator('.code')).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
		await soft(
			host.locator('header').getByRole('link', { name: /bord/i }).first(),
			'With a board attached, the bar still offers it'
		).toBeVisible();
	});

	const pupils: Page[] = [];
	for (let index = 0; index < 5; index += 1) pupils.push(await phoneOf(browser, code));
	await expect(host.getByText('5 leerlingen')).toBeVisible();
	await expectNoAxeViolations(pupils[0]);
	await expectFateBarCoversNothing(pupils[0], 'while waiting for the first question');
	await checkpoint('after five pupils joined');

	await test.step('step 1: the vragenbus, one truth on both screens', async () => {
		const box = pupils[0].getByText('Stel een vraag, anoniem');
		await expect(box).toBeVisible();
		// Either it is open all lesson and the console says so, or the phone cannot send yet.
		await expectBlockState(host, 'vragen', { is: 'open' });
		await box.click();
		await write(pupils[0], 'Jouw vraag', 'Wat gebeurt er met mijn antwoorden?');
		await expect(pupils[0].getByText('Je vraag is verstuurd.')).toBeVisible();
		await soft(pupils[0].getByLabel('Jouw vraag'), 'The label stays "Jouw vraag"').toBeVisible();
		watch.hold('Wat gebeurt er met mijn antwoorden?', 'a question not yet shown');
		waiting += 1;
		await pupils[1].getByText('Stel een vraag, anoniem').click();
		await write(pupils[1], 'Jouw vraag', 'Bel me even op 06-98765432');
		await expect(pupils[1].getByText('Je vraag is verstuurd.')).toBeVisible();
		watch.hold('98765432', 'a phone number in a question');
		waiting += 1;
		await expect(queueItem(host, 'vragen', '06-98765432')).toContainText('telefoonnummer');
		await checkpoint('after two questions in the vragenbus');
		await expectPhoneTruth(pupils[0], board, 'Wat gebeurt er met mijn antwoorden?', 'waiting');
	});

	await test.step('step 1: the thermometer, answered, passed, closed and reopened', async () => {
		await expectBlockState(host, 'start', { is: 'not-opened' });
		await open(host, 'start');
		await expectBlockState(host, 'start', { is: 'open' });
		for (const [index, pupil] of pupils.entries()) {
			await expect(pupil.getByRole('heading', { name: /Hoe zit je erbij/ })).toBeVisible();
			if (index === 4) {
				await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
				await passed(pupil);
			} else {
				await pupil
					.getByRole('button', { name: index < 2 ? /^Goed/ : /Gaat wel/ })
					.first()
					.click();
				await received(pupil);
			}
		}
		await expectFateBarCoversNothing(pupils[0], 'after a thermometer answer');
		await expect(board.locator('.results .counts').first()).toHaveText(
			'4 antwoorden · 1 keer gepast'
		);
		await expectNoAxeViolations(pupils[0]);
		await expectBoardTextAtLeast(board, 'the thermometer with results');
		await close(host, 'start');
		await expectBlockState(host, 'start', { is: 'closed', answers: 4 });
		await soft(
			controlsOf(host, 'start').getByRole('button'),
			'Opening a closed block again says it reopens'
		).toContainText([/heropen|opnieuw/i]);
		await checkpoint('after the thermometer closed');
	});

	await test.step('step 1: the teacher shows one question and hides the other', async () => {
		await watch.release('Wat gebeurt er met mijn antwoorden?', 'the vragenbus');
		await queueItem(host, 'vragen', 'Wat gebeurt er')
			.getByRole('button', { name: 'Toon', exact: true })
			.click();
		waiting -= 1;
		await queueItem(host, 'vragen', '06-98765432').getByRole('button', { name: 'Verberg' }).click();
		waiting -= 1;
		await expect(queueItem(host, 'vragen', '06-98765432')).toContainText('Verborgen');
		await checkpoint('after the teacher decided on both questions');
		await expectPhoneTruth(pupils[0], board, 'Wat gebeurt er met mijn antwoorden?', 'on-board');
		await expectNoAxeViolations(host);
	});

	await test.step('step 2: a poll with several choices', async () => {
		await nextStep(host);
		await soft(host.getByRole('heading', { name: 'Alleen voor de docent' })).toBeInViewport();
		await expectBlockState(host, 'werkvormen', { is: 'not-opened' });
		await open(host, 'werkvormen');
		for (const [index, pupil] of pupils.entries()) {
			if (index === 4) {
				await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
				await passed(pupil);
				continue;
			}
			await pupil.getByRole('checkbox', { name: 'Stellingen' }).check();
			if (index % 2 === 0) await pupil.getByRole('checkbox', { name: 'Stil debat' }).check();
			await send(pupil);
			await received(pupil);
		}
		await expectFateBarCoversNothing(pupils[0], 'after a poll answer');
		await expect(board.locator('.results .counts').first()).toHaveText(
			'4 antwoorden · 1 keer gepast'
		);
		await expectBoardTextAtLeast(board, 'the poll with results');
		await checkpoint('after the poll');
	});

	await test.step('step 2: the stelling, its reasons for the teacher alone, revealed', async () => {
		await expectOpeningSaysWhatCloses(host, 'stelling-voor', /poll|peiling/i);
		await open(host, 'stelling-voor');
		await expectBlockState(host, 'werkvormen', { is: 'closed', answers: 4 });
		for (const [index, pupil] of pupils.entries()) {
			if (index === 4) {
				await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
				await passed(pupil);
				continue;
			}
			await pupil
				.getByRole('button', { name: index < 3 ? 'Helemaal oneens' : 'Eens', exact: true })
				.click();
			await received(pupil);
		}
		const before = await pupils[0].locator('.fate').innerText();
		await pupils[0]
			.getByLabel('Waarom? (mag je overslaan)')
			.fill('Leerlingen moeten weten waar ik sta');
		await send(pupils[0]);
		// A reason can stand on the board beside the results, so it waits for the teacher's 'Toon'.
		watch.hold('Leerlingen moeten weten waar ik sta', 'a reason the teacher has not shown');
		waiting += 1;
		await soft(
			pupils[0].locator('.fate'),
			'Sending a reason changes what the phone says, and says who reads it'
		).not.toHaveText(before);
		await soft(pupils[0].locator('.fate')).toContainText(/docent/);
		await expectFateBarCoversNothing(pupils[0], 'after sending a reason');
		await expect(queueOf(host, 'stelling-voor')).toContainText('Leerlingen moeten weten');
		await checkpoint('after a stelling reason (waiting for the teacher)');
		await expect(
			board.getByText('De uitslag verschijnt als de docent hem laat zien.')
		).toBeVisible();
		await close(host, 'stelling-voor');
		await expectBlockState(host, 'stelling-voor', { is: 'closed', answers: 4 });
		await reveal(host, 'stelling-voor');
		await expect(board.locator('.results .bars li .number').first()).toHaveText(/75%\s*\(3\)/);
		await expectBlockState(host, 'stelling-voor', { is: 'on-board' });
		await expectBoardTextAtLeast(board, 'the stelling revealed');
		await checkpoint('after the stelling was revealed');
		// The teacher puts the reason beside the results: only now may the board show it.
		await watch.release('Leerlingen moeten weten waar ik sta', 'the reasons of the stelling');
		await queueItem(host, 'stelling-voor', 'Leerlingen moeten weten')
			.getByRole('button', { name: 'Toon', exact: true })
			.click();
		waiting -= 1;
		await expect(board.getByText('Leerlingen moeten weten waar ik sta')).toBeVisible();
		await checkpoint('after the teacher showed the reason');
		await expectNoAxeViolations(board);
	});

	await test.step('step 3: position line, four corners, lagerhuis with a timer', async () => {
		await nextStep(host);
		await open(host, 'ervaring');
		for (const [index, pupil] of pupils.entries()) {
			await pupil.getByLabel('Schuif naar jouw plek').fill(String([20, 40, 80, 80, 60][index]));
			await send(pupil);
			await received(pupil);
		}
		await expect(board.locator('.results .counts').first()).toHaveText('5 antwoorden');
		await expectFateBarCoversNothing(pupils[0], 'after placing oneself on the line');
		await expectBoardTextAtLeast(board, 'the position line');

		await expectOpeningSaysWhatCloses(host, 'hoeken', /positielijn|lijn/i);
		await open(host, 'hoeken');
		for (const [index, pupil] of pupils.entries()) {
			await pupil
				.getByRole('button', { name: index < 3 ? 'Ik vraag wat hij bedoelt' : 'Ik begrens meteen' })
				.click();
			await received(pupil);
		}
		await pupils[1].getByRole('button', { name: 'Ik begrens meteen' }).click();
		await expect(
			board.getByText('Ik vraag wat hij bedoelt naar Ik begrens meteen: 1')
		).toBeVisible();
		await expectFateBarCoversNothing(pupils[1], 'after a corner and its reason field');
		await expectBoardTextAtLeast(board, 'four corners with a switch');

		// A closed lagerhuis has no timer of its own: starting it opens the debate with it.
		await soft(
			controlsOf(host, 'lagerhuis').getByRole('button', { name: 'Start timer', exact: true }),
			'No timer for a lagerhuis that is not open'
		).toHaveCount(0);
		await controlsOf(host, 'lagerhuis')
			.getByRole('button', { name: 'Open en start timer' })
			.click();
		await expect(controlsOf(host, 'lagerhuis')).toHaveClass(/open/);
		await expect(board.getByText(/^Nog [12]:\d\d$/)).toBeVisible();
		for (const [index, pupil] of pupils.entries()) {
			await pupil.getByRole('button', { name: ['Voor', 'Tegen', 'Twijfel'][index % 3] }).click();
			await received(pupil);
		}
		await expect(board.locator('.results .counts').first()).toHaveText('5 antwoorden');
		await expectBoardTextAtLeast(board, 'the lagerhuis with its timer');
		await expectBlockState(host, 'ervaring', { is: 'closed', answers: 5 });
		await checkpoint('after the lagerhuis');

		await host.setViewportSize(beamer);
		await expectConsoleBarFits(host);
		await expectNoAxeViolations(host);
		await host.setViewportSize(laptop);
	});

	await test.step('step 4: the word cloud is the teacher’s first', async () => {
		await nextStep(host);
		await open(host, 'woorden');
		const words = [
			['kanker', 'respect'],
			['jesse', 'luisteren'],
			['flikker', 'respect'],
			['luisteren', 'eerlijk']
		];
		watch.hold('kanker', 'a curse typed as a word');
		watch.hold('jesse', 'a first name typed as a word');
		watch.hold('flikker', 'a slur typed as a word');
		for (const word of ['respect', 'luisteren', 'eerlijk'])
			watch.hold(word, 'a word the teacher has not let through yet');
		for (const [index, pupil] of pupils.entries()) {
			if (index === 4) continue;
			for (const [slot, word] of words[index].entries())
				await pupil.getByLabel(`Woord ${slot + 1}`).fill(word);
			await send(pupil);
			await received(pupil);
		}
		await expectFateBarCoversNothing(pupils[0], 'after sending words');
		const review = cardOf(host, 'woorden');
		await expect(review).toContainText('luisteren');
		await checkpoint('after pupils sent their words');
		for (const word of ['kanker', 'jesse', 'flikker'])
			await soft(
				review.locator('li.held').filter({ hasText: word }),
				`The console holds "${word}" with its reason`
			).toContainText('Gemarkeerd');

		for (const word of ['respect', 'luisteren', 'eerlijk'])
			await watch.release(word, 'the whole cloud');
		await letTheCloudThrough(host);
		await expect(board.locator('.cloud')).toContainText('respect');
		await expect(board.locator('.cloud')).toContainText('eerlijk');
		await review.getByRole('button', { name: 'Haal weg flikker' }).click();
		await checkpoint('after the teacher let the cloud through, held words still held');
		await expectBoardTextAtLeast(board, 'the word cloud');
		await expectNoAxeViolations(host);
	});

	await test.step('step 4: the casus, revealed by hand', async () => {
		await open(host, 'casus');
		await expectBlockState(host, 'woorden', { is: 'closed', answers: 4 });
		for (const [index, pupil] of pupils.entries()) {
			if (index === 4) {
				await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
				await passed(pupil);
				continue;
			}
			await pupil
				.getByRole('button', {
					name: index < 2 ? 'Ik vraag door naar zijn ervaring' : 'Ik leg uit hoe stemmen werkt'
				})
				.click();
			await received(pupil);
		}
		await expect(board.getByText('4 van 5 leerlingen hebben geantwoord')).toBeVisible();
		await close(host, 'casus');
		await reveal(host, 'casus');
		await expectBlockState(host, 'casus', { is: 'on-board' });
		await expectBoardTextAtLeast(board, 'the casus revealed');
		await checkpoint('after the casus');
	});

	const openTexts = [
		'Dat niemand me uitlacht',
		'Tijd om na te denken',
		'Bel me op 06-12345678',
		'Jesse is altijd stil in de les'
	];
	await test.step('step 5: the open question, every response read first', async () => {
		await nextStep(host);
		await open(host, 'open-vraag');
		for (const [index, pupil] of pupils.entries()) {
			await expect(pupil.getByRole('heading', { name: /eerlijk te zeggen/ })).toBeVisible();
			if (index === 4) {
				await pupil.getByRole('button', { name: 'Pas', exact: true }).click();
				await passed(pupil);
				continue;
			}
			watch.hold(index === 2 ? '12345678' : openTexts[index], 'an open answer not yet shown');
			await write(pupil, 'Jouw reactie', openTexts[index]);
			await expect(
				pupil.getByRole('status').filter({ hasText: 'Je docent leest het eerst' })
			).toBeVisible();
			waiting += 1;
			await expectPhoneTruth(pupil, board, openTexts[index], 'waiting');
		}
		await expectFateBarCoversNothing(pupils[0], 'after sending an open answer');
		await expect(queueItem(host, 'open-vraag', '06-12345678')).toContainText('telefoonnummer');
		await checkpoint('after four open answers');

		for (const text of openTexts.slice(0, 2)) {
			await watch.release(text, 'approved open answer');
			await queueItem(host, 'open-vraag', text)
				.getByRole('button', { name: 'Toon', exact: true })
				.click();
			waiting -= 1;
		}
		await expectPhoneTruth(pupils[0], board, openTexts[0], 'on-board');
		await expectPhoneTruth(pupils[1], board, openTexts[1], 'on-board');

		const number = queueItem(host, 'open-vraag', '06-12345678');
		await number.getByRole('button', { name: 'Terugsturen' }).click();
		await returnWithThePromptThatFits(number);
		waiting -= 1;
		await expect(
			pupils[2].getByRole('heading', { name: 'Je docent vraagt je iets' })
		).toBeVisible();
		await expect(pupils[2].getByText(/persoonlijke gegevens/i).first()).toBeVisible();
		await soft(
			pupils[2].locator('textarea:visible'),
			'A returned response offers one field to rephrase in, not a second empty one'
		).toHaveCount(1);
		await expectFateBarCoversNothing(pupils[2], 'with a returned response');
		await expectNoAxeViolations(pupils[2]);
		await pupils[2].locator('textarea:visible').first().fill('Praat met me na de les');
		await pupils[2].getByRole('button', { name: 'Verstuur nieuwe versie' }).click();
		watch.hold('Praat met me na de les', 'a rephrased answer not yet shown');
		waiting += 1;
		await expect(queueItem(host, 'open-vraag', 'Praat met me na de les')).toBeVisible();

		await queueItem(host, 'open-vraag', openTexts[3])
			.getByRole('button', { name: 'Verberg' })
			.click();
		waiting -= 1;
		await checkpoint('after approving two, returning one and hiding one');
		await expectPhoneTruth(pupils[3], board, openTexts[3], 'not-on-board');
		await expectBoardTextAtLeast(board, 'the wall of the open question');
	});

	await test.step('step 5: the silent debate', async () => {
		await expectOpeningSaysWhatCloses(host, 'stil-debat', /open vraag/i);
		await open(host, 'stil-debat');
		const texts = ['Ja, als ze zegt dat het haar mening is', 'Nee, dan durf ik niet meer'];
		for (const [index, text] of texts.entries()) {
			watch.hold(text, 'a silent-debate response not yet shown');
			await write(pupils[index], 'Jouw reactie', text);
			await expect(
				pupils[index].getByRole('status').filter({ hasText: 'Je docent leest het eerst' })
			).toBeVisible();
			waiting += 1;
		}
		await checkpoint('after two silent-debate responses');
		await watch.release(texts[0], 'approved silent-debate response');
		await queueItem(host, 'stil-debat', texts[0])
			.getByRole('button', { name: 'Toon', exact: true })
			.click();
		waiting -= 1;
		await expectPhoneTruth(pupils[0], board, texts[0], 'on-board');
		await checkpoint('after approving one silent-debate response');
		await expectNoAxeViolations(board);
	});

	await test.step('step 6: the stelling again, with the shift', async () => {
		await nextStep(host);
		await open(host, 'stelling-na');
		for (const [index, pupil] of pupils.entries()) {
			await pupil.getByRole('button', { name: index < 4 ? 'Eens' : 'Oneens', exact: true }).click();
			await received(pupil);
		}
		await pupils[1].getByLabel('Waarom? (mag je overslaan)').fill('Ik denk er nu anders over');
		await send(pupils[1]);
		// It waits for the teacher's 'Toon', as every reason does.
		watch.hold('Ik denk er nu anders over', 'a reason the teacher has not shown');
		waiting += 1;
		await expect(queueOf(host, 'stelling-na')).toContainText('Ik denk er nu anders over');
		await close(host, 'stelling-na');
		await reveal(host, 'stelling-na');
		await expect(board.locator('li:not(.heads) > .before-number').first()).toHaveText(
			/75%\s*\(3\)/
		);
		await expectBlockState(host, 'stelling-na', { is: 'on-board' });
		await expectBoardTextAtLeast(board, 'the stelling with before and after');
		await checkpoint('after the second stelling');
	});

	const tickets = ['De stelling met redenen', 'Ik maak je af', 'Bel me op 06-55566677'];
	await test.step('step 6: the exit ticket, for the teacher alone', async () => {
		const question = 'Welke werkvorm ga je als eerste gebruiken?';
		await soft(
			controlsOf(host, 'terugblik'),
			'The bar names the exit ticket’s question'
		).toContainText(question);
		await soft(
			queueOf(host, 'terugblik').getByRole('heading').first(),
			'The queue’s heading names its question'
		).toContainText(question);
		await open(host, 'terugblik');
		for (const [index, text] of tickets.entries()) {
			watch.hold(text, 'an exit-ticket answer');
			await write(pupils[index], question, text);
			await expectTeacherOnly(pupils[index]);
		}
		await expectFateBarCoversNothing(pupils[0], 'after an exit ticket');
		await expect(queueOf(host, 'terugblik').locator('li.response')).toHaveCount(3);
		await checkpoint('after three exit tickets (read, never waiting)');
		await expectNoAxeViolations(pupils[0]);
		await expectNoAxeViolations(host);
	});

	await test.step('the end: nothing live on the console, all in the summary and workbook', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expect(host.getByText(/Deze les is beëindigd/)).toBeVisible();
		for (const pupil of pupils)
			await expect(pupil.getByRole('heading', { name: /De les is afgelopen/ })).toBeVisible();
		await expectFateBarCoversNothing(pupils[0], 'after the end');
		await watch.check('after the end');
		await expectNothingLiveAfterTheEnd(host, code);
		await expectNoRawMarkupOrIds(host, blockIds, 'after the end');
		await expect(host.getByRole('region', { name: 'Samenvatting van de uitslagen' })).toBeVisible();
		await expectNoAxeViolations(host);

		await host.getByRole('link', { name: 'Printbare samenvatting en Excel-bestand' }).click();
		await expect(host.getByRole('heading', { level: 1 })).toContainText('Samenvatting');
		const answers = host.locator('.exit-answers li');
		await expect(answers).toHaveCount(3);
		for (const answer of await answers.all())
			await soft(answer, 'An exit ticket is read, never waiting').not.toContainText('Wacht');
		await expectNoRawMarkupOrIds(host, blockIds, 'on the summary');

		const exportPath = new URL(host.url()).pathname.replace(/\/summary$/, '/export');
		const sheets = await readExcelFile(await (await teacher.request.get(exportPath)).body());
		const exitSheet = sheets.find((sheet) => sheet.sheet.endsWith('Exit ticket'))!;
		const rows = exitSheet.data.slice(4).map((row) => row.slice(1, 3));
		expect(rows.map((row) => row[0])).toEqual(tickets);
		for (const row of rows)
			expect
				.soft(row[1], 'An exit ticket in the workbook is read, never waiting')
				.not.toBe('Wacht');
		await watch.check('after the summary was read');
	});
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import readExcelFile from 'read-excel-file/node';
import { expectNoAxeViolations } from './axe';
import { controlsOf, nextStep, queueOf, startLesson } from './host';
import { pupilPhone } from './phone';

// A teacher and five pupils in a moderated dialogue: nothing reaches the board unapproved.

test.setTimeout(240_000);

/** The demo lesson started, with the host view and the board open in the teacher's browser. */
async function teacherWithBoard(browser: Browser) {
	const teacher = await browser.newContext();
	const host = await teacher.newPage();
	const code = await startLesson(host);
	const board = await teacher.newPage();
	await board.goto(new URL(host.url()).pathname.replace('/host/', '/board/'));
	return { host, board, code };
}

function queueItem(host: Page, text: string) {
	return host.locator('li.response').filter({ hasText: text });
}

test('a moderated open prompt: queue first, board only after approval', async ({ browser }) => {
	const { host, board, code } = await teacherWithBoard(browser);

	const pupils: Page[] = [];
	for (let index = 0; index < 5; index += 1) pupils.push(await pupilPhone(browser, code));

	for (let step = 1; step < 5; step += 1) await nextStep(host);
	const openBlock = queueOf(host, 'open-vraag');
	await controlsOf(host, 'open-vraag')
		.getByRole('button', { name: 'Open voor leerlingen' })
		.click();

	const texts = [
		'Dat niemand me uitlacht',
		'Tijd om na te denken',
		'<script>alert("x")</script><img src=x onerror=alert(1)>',
		'Ik maak je af',
		'Bel me op 06-12345678'
	];
	for (const [index, page] of pupils.entries()) {
		await expect(page.getByRole('heading', { name: /eerlijk te zeggen/ })).toBeVisible();
		await page.getByLabel('Jouw reactie').fill(texts[index]);
		await page.getByRole('button', { name: 'Verstuur' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Verstuurd' })).toBeVisible();
		await expect(page.getByText('Wacht op de docent')).toBeVisible();
	}

	await test.step('responses arrive in the queue and not on the board', async () => {
		await expect(openBlock.getByText('5 wachten · 0 getoond · 0 verborgen')).toBeVisible();
		await expect(host.locator('.top .waiting')).toHaveText('Wacht op jou: 5');
		for (const text of texts) await expect(board.getByText(text)).toHaveCount(0);
		await expect(queueItem(host, 'Ik maak je af')).toContainText('Gemarkeerd: dreiging');
		await expect(queueItem(host, '06-12345678')).toContainText('telefoonnummer');
	});

	await test.step('approve all holds the flagged ones; hide and pin work', async () => {
		await openBlock.getByRole('button', { name: 'Toon alle reacties zonder markering' }).click();
		await expect(openBlock.getByText('2 wachten · 3 getoond · 0 verborgen')).toBeVisible();
		await expect(board.getByText('Dat niemand me uitlacht')).toBeVisible();
		await expect(board.getByText('Ik maak je af')).toHaveCount(0);
		await queueItem(host, 'Ik maak je af').getByRole('button', { name: 'Verberg' }).click();
		await expect(openBlock.getByText('1 wachten · 3 getoond · 1 verborgen')).toBeVisible();
		await expect(host.locator('.top .waiting')).toHaveText('Wacht op jou: 1');
		await queueItem(host, 'Tijd om na te denken')
			.getByRole('button', { name: 'Uitlichten' })
			.click();
		await expect(board.locator('blockquote.pinned')).toHaveText(/Tijd om na te denken/);
	});

	await test.step('Terugsturen offers the prompt that fits a phone number first', async () => {
		const phone = queueItem(host, '06-12345678');
		await phone.getByRole('button', { name: 'Terugsturen' }).click();
		const prompts = phone
			.getByRole('group', { name: 'Vraag aan de schrijver' })
			.getByRole('button');
		await expect(prompts.first()).toHaveText(
			'Laat persoonlijke gegevens weg. (Past bij de markering)'
		);
		// The general prompts stay on offer, and the teacher may write one.
		await expect(phone.getByRole('button', { name: 'Kun je een voorbeeld geven?' })).toBeVisible();
		await expect(phone.getByLabel('Of schrijf zelf een vraag')).toBeVisible();
		await expectNoAxeViolations(host);
		await prompts.first().click();
		await expect(phone).toContainText('Teruggestuurd');
		await expect(openBlock.getByText('0 wachten · 3 getoond · 1 verborgen')).toBeVisible();
		await expect(host.locator('.top .waiting')).toHaveText('Wacht op jou: 0');
		await expect(pupils[4].getByText('Laat persoonlijke gegevens weg.')).toBeVisible();
	});

	await test.step('markup shows as text on every view', async () => {
		const raw = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		await expect(board.getByText(raw)).toBeVisible();
		await expect(queueItem(host, 'onerror')).toContainText(raw);
		await expect(pupils[0].getByText(raw)).toBeVisible();
		for (const page of [board, host, pupils[0]])
			expect(await page.locator('img[src="x"]').count()).toBe(0);
	});

	await test.step('pupils recognise a response once', async () => {
		const item = pupils[0].locator('.wall li').filter({ hasText: 'Tijd om na te denken' });
		await item.getByRole('button', { name: /Ik herken dit/ }).click();
		await expect(item.getByRole('button', { name: /Ik herken dit/ })).toBeDisabled();
		await expect(board.getByText('1 herkennen dit')).toBeVisible();
	});

	await test.step('pausing stops new responses with a clear message', async () => {
		await openBlock.getByRole('button', { name: 'Pauzeer nieuwe reacties' }).click();
		await pupils[1].getByLabel('Jouw reactie').fill('Nog eentje');
		await pupils[1].getByRole('button', { name: 'Verstuur' }).click();
		await expect(
			pupils[1].getByText('De docent heeft het insturen even gepauzeerd.')
		).toBeVisible();
	});

	await expectNoAxeViolations(host);
	await expectNoAxeViolations(board);
	await expectNoAxeViolations(pupils[0]);
});

test('exit tickets stay with the teacher: never on the board, all of them in the summary after the lesson', async ({
	browser
}) => {
	const { host, board, code } = await teacherWithBoard(browser);
	const pupils: Page[] = [];
	for (let index = 0; index < 3; index += 1) pupils.push(await pupilPhone(browser, code));

	for (let step = 1; step < 6; step += 1) await nextStep(host);
	const ticket = queueOf(host, 'terugblik');
	const question = 'Welke werkvorm ga je als eerste gebruiken?';
	// Named by its question, in the bar and in its queue's heading, not by 'Exit ticket' alone.
	await expect(controlsOf(host, 'terugblik')).toContainText(question);
	await controlsOf(host, 'terugblik').getByRole('button', { name: 'Open voor leerlingen' }).click();
	await expect(ticket.getByRole('heading', { level: 3 })).toContainText(question);

	const texts = ['De stelling met redenen', 'Ik maak je af', 'Bel me op 06-12345678'];
	for (const [index, pupil] of pupils.entries()) {
		await pupil.getByLabel('Welke werkvorm ga je als eerste gebruiken?').fill(texts[index]);
		await pupil.getByRole('button', { name: 'Verstuur' }).click();
		await expect(pupil.getByRole('status').filter({ hasText: 'Verstuurd' })).toBeVisible();
		await expect(
			pupil
				.getByRole('region', { name: 'Wat jij stuurde' })
				.getByText('Alleen je docent leest dit. Het komt niet op het bord.')
		).toBeVisible();
	}
	const help = pupils[0].getByRole('complementary', { name: 'Waar kun je terecht?' });
	await expect(help).toContainText('mentor');
	await expect(help).toContainText('Kindertelefoon: 0800-0432');
	await expect(help).toContainText('Direct gevaar? Bel 112.');

	await test.step('the teacher reads every answer, flagged ones marked, and cannot show any', async () => {
		await expect(ticket.locator('li.response')).toHaveCount(3);
		// Read, never waiting: no count goes up, no answer says 'Wacht'.
		await expect(ticket.getByText('3 ontvangen · 0 verborgen')).toBeVisible();
		await expect(ticket.locator('li.response .status')).toHaveText([
			'Ontvangen',
			'Ontvangen',
			'Ontvangen'
		]);
		await expect(host.locator('.top .waiting')).toHaveText('Wacht op jou: 0');
		await expect(controlsOf(host, 'terugblik').locator('.waiting')).toHaveCount(0);
		await expect(queueItem(host, 'Ik maak je af')).toContainText('Gemarkeerd: dreiging');
		await expect(queueItem(host, '06-12345678')).toContainText('telefoonnummer');
		await expect(ticket.getByText(/nooit op het bord/)).toBeVisible();
		await expect(ticket.getByRole('button', { name: 'Toon', exact: true })).toHaveCount(0);
		await expect(ticket.getByRole('button', { name: /Toon alle reacties/ })).toHaveCount(0);
		await expect(ticket.getByRole('button', { name: 'Uitlichten' })).toHaveCount(0);
		for (const text of texts) await expect(board.getByText(text)).toHaveCount(0);
		// No phone sees another pupil's answer either.
		await expect(pupils[0].getByText(texts[1])).toHaveCount(0);
		await expect(pupils[1].getByText(texts[0])).toHaveCount(0);
	});

	await test.step('after the lesson ended and a reload, the summary holds all of them', async () => {
		host.once('dialog', (dialog) => dialog.accept());
		await host.getByRole('button', { name: 'Beëindig de les' }).click();
		await expect(host.getByText(/Deze les is beëindigd/)).toBeVisible();
		await host.reload();
		await host.getByRole('link', { name: 'Printbare samenvatting en Excel-bestand' }).click();
		await expect(host.getByRole('heading', { level: 1 })).toContainText('Samenvatting');
		await host.reload();
		const answers = host.locator('.exit-answers li');
		await expect(answers).toHaveCount(3);
		for (const text of texts) await expect(answers.filter({ hasText: text })).toHaveCount(1);
		await expect(answers.filter({ hasText: 'Ik maak je af' })).toContainText(
			'Gemarkeerd: dreiging'
		);
		await expect(answers.filter({ hasText: '06-12345678' })).toContainText('telefoonnummer');
		await expect(answers.filter({ hasText: 'De stelling met redenen' })).toContainText('Ontvangen');
		await expect(host.locator('.exit-answers')).not.toContainText('Wacht');
		await expectNoAxeViolations(host);
	});

	await test.step('the workbook holds every answer with its flags, for the host only', async () => {
		const download = host.waitForEvent('download');
		await host.getByRole('link', { name: 'Download alle uitslagen (Excel)' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/^klasgesprek-uitproberen-\d{4}-\d{2}-\d{2}\.xlsx$/);
		const sheets = await readExcelFile((await file.path())!);
		const exitSheet = sheets.find((sheet) => sheet.sheet.endsWith('Exit ticket'))!;
		const rows = exitSheet.data.slice(4).map((row) => row.slice(1, 4));
		const received = 'Ontvangen (alleen voor jou)';
		expect(rows).toEqual([
			['De stelling met redenen', received, null],
			['Ik maak je af', received, expect.stringContaining('dreiging')],
			['Bel me op 06-12345678', received, expect.stringContaining('telefoonnummer')]
		]);
		const overview = sheets[0].data.find((row) => String(row[0]).endsWith('Exit ticket'))!;
		expect(overview[1]).toBe('Welke werkvorm ga je als eerste gebruiken?');
		const exportPath = new URL(host.url()).pathname.replace(/\/summary$/, '/export');
		const stranger = await browser.newContext();
		expect((await stranger.request.get(exportPath)).status()).toBe(403);
	});

	for (const text of texts) await expect(board.getByText(text)).toHaveCount(0);
	await expectNoAxeViolations(pupils[0]);
});

test('pupils can drop a question in the vragenbus at any moment; it waits for the teacher', async ({
	browser
}) => {
	const { host, board, code } = await teacherWithBoard(browser);
	const pupil = await pupilPhone(browser, code);

	// One truth on both screens: the console shows it open all lesson, the phone takes a question.
	const controls = controlsOf(host, 'vragen');
	await expect(controls).toContainText('Open de hele les');
	await expect(controls.getByRole('button', { name: 'Open voor leerlingen' })).toHaveCount(0);
	await pupil.getByText('Stel een vraag, anoniem').click();
	await pupil.getByLabel('Jouw vraag').fill('Wat gebeurt er met mijn antwoorden?');
	await pupil.getByRole('button', { name: 'Verstuur' }).click();
	await expect(pupil.getByText('Je vraag is verstuurd.')).toBeVisible();
	// After sending, it is still 'Jouw vraag', never 'Jouw reactie'.
	await expect(pupil.getByLabel('Jouw vraag')).toBeVisible();
	await expect(pupil.getByLabel('Jouw reactie')).toHaveCount(0);
	await expect(host.locator('.top .waiting')).toHaveText('Wacht op jou: 1');
	await expect(queueOf(host, 'vragen')).toContainText('Open de hele les');

	const box = queueOf(host, 'vragen');
	const question = box
		.locator('li.response')
		.filter({ hasText: 'Wat gebeurt er met mijn antwoorden?' });
	await expect(question).toBeVisible();
	await expect(board.getByText('Wat gebeurt er met mijn antwoorden?')).toHaveCount(0);
	// The join code filled the board while pupils joined; the teacher makes room for the lesson.
	await host.getByRole('button', { name: 'Toon de code groot' }).click();
	await question.getByRole('button', { name: 'Toon' }).click();
	await expect(board.getByText('Wat gebeurt er met mijn antwoorden?')).toBeVisible();
	// On the board, and the phone says so; once the board moves on, it was chosen for it.
	await expect(pupil.getByText('Staat op het bord')).toBeVisible();
	await expect(pupil.getByText('Gekozen voor het bord')).toHaveCount(0);
	await expectNoAxeViolations(pupil);
	await nextStep(host);
	await expect(board.getByText('Wat gebeurt er met mijn antwoorden?')).toHaveCount(0);
	await expect(pupil.getByText('Gekozen voor het bord')).toBeVisible();
	await expect(pupil.getByText('Staat op het bord')).toHaveCount(0);
});

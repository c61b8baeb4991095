import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectNoAxeViolations } from './axe';
import { send, socketPupils, teacherSocket } from './class';
import { cardOf } from './host';
import { expectBoardTextAtLeast } from './trust';

// A class followed through a programme: the teacher names their classes, runs the preparation
// lesson of a performance for 3B, and in the follow-up for 3B the board sets 3B's answers from
// then beside today's, dated; for 4C it shows nothing of 3B. The programme page says which class
// did which lesson when. Set PROGRAMME_SHOTS=<folder> to keep screenshots for review.

test.setTimeout(240_000);

const shots = process.env.PROGRAMME_SHOTS ?? '';
if (shots) mkdirSync(shots, { recursive: true });

const beamer = { width: 1024, height: 768 };

/** Signs a new browser in as a teacher of its own: "Maak je eigen ruimte", then to the classes. */
async function signedInTeacher(context: BrowserContext) {
	const page = await context.newPage();
	await page.goto('/inloggen');
	await page.getByRole('button', { name: 'Maak je eigen ruimte' }).click();
	await expect(page.getByRole('heading', { name: 'Je geheime link' })).toBeVisible();
	await page.goto('/mijn/klassen');
	await expect(page.getByRole('heading', { level: 1, name: 'Mijn klassen' })).toBeVisible();
	return page;
}

async function addClass(page: Page, name: string) {
	await page.getByLabel('Nieuwe klas').fill(name);
	await page.getByRole('button', { name: 'Klas toevoegen' }).click();
	await expect(page.getByRole('status')).toHaveText(`Klas ${name} is toegevoegd.`);
}

/** Starts a lesson from its page for one of the teacher's classes; the session's id. */
async function startFor(page: Page, lesson: string, className: string) {
	await page.goto(`/lessons/${lesson}`);
	await page.getByLabel('Klas', { exact: true }).selectOption({ label: className });
	await page.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(page).toHaveURL(/\/host\/[\w-]+$/);
	await expect(page.locator('.code')).toHaveText(/^\d{6}$/);
	return {
		sessionId: new URL(page.url()).pathname.split('/').at(-1)!,
		code: (await page.locator('.code').textContent())!.trim()
	};
}

/** Pupils answer a stelling over the real protocol; the teacher reveals it. */
async function classAnswers(
	context: BrowserContext,
	origin: string,
	session: { sessionId: string; code: string },
	blockId: string,
	values: number[]
) {
	const desk = await teacherSocket(origin, context, session.sessionId);
	const pupils = await socketPupils(origin, session.code, values.length);
	await send(desk.client, 'block:open', { blockId });
	for (const [index, pupil] of pupils.entries())
		await send(pupil, 'answer:submit', { blockId, value: { kind: 'scale', value: values[index] } });
	await send(desk.client, 'block:reveal', { blockId, revealed: true });
	return {
		desk,
		close() {
			for (const socket of [desk.client, ...pupils]) socket.disconnect();
		}
	};
}

test('a class’s answer before the performance stands beside its answer after, on the board', async ({
	browser
}) => {
	const context = await browser.newContext();
	const teacher = await signedInTeacher(context);
	const origin = new URL(teacher.url()).origin;

	await test.step('the teacher names two classes', async () => {
		await addClass(teacher, '3B');
		await addClass(teacher, '4C');
		await teacher.getByLabel('Nieuwe klas').fill('3b');
		await teacher.getByRole('button', { name: 'Klas toevoegen' }).click();
		await expect(teacher.getByRole('alert')).toHaveText(/al een klas met die naam/);
		await expectNoAxeViolations(teacher);
		if (shots) await teacher.screenshot({ path: `${shots}/classes-1280x720.png`, fullPage: true });
	});

	await test.step('3B does the preparation lesson and answers the stelling', async () => {
		await teacher.goto('/lessons/het-stille-plein-voorbereiding');
		await expect(teacher.getByRole('group', { name: 'Voor welke klas?' })).toBeVisible();
		await expectNoAxeViolations(teacher);
		if (shots) await teacher.screenshot({ path: `${shots}/start-form-1280x720.png` });
		const preparation = await startFor(teacher, 'het-stille-plein-voorbereiding', '3B');
		const answered = await classAnswers(
			context,
			origin,
			preparation,
			'veel-mensen',
			[5, 4, 4, 2, 3, 4]
		);
		await send(answered.desk.client, 'session:end', {});
		answered.close();
	});

	const board = await context.newPage();
	await board.setViewportSize(beamer);

	await test.step('in the follow-up for 3B, the board shows both, dated', async () => {
		const followUp = await startFor(teacher, 'het-stille-plein-nagesprek', '3B');
		await board.goto(`/board/${followUp.sessionId}`);
		const answered = await classAnswers(
			context,
			origin,
			followUp,
			'veel-mensen-na',
			[1, 2, 2, 1, 3, 2]
		);
		const bars = board.locator('.results .bars.compared');
		await expect(bars).toBeVisible();
		const legend = board.locator('.results .legend.across');
		await expect(legend).toContainText('Nu');
		await expect(legend).toContainText(/Voor de voorstelling, \d{1,2} \w+/);
		await expect(bars.locator('.heads')).toHaveText(/Nu\s*Toen/);
		// 'Eens' was 3 of 6 before (50 %), 0 now; 'Oneens' 1 of 6 before, 3 of 6 now.
		await expect(bars.locator('li', { hasText: /^\s*Eens/ })).toContainText('0%');
		await expect(bars.locator('li', { hasText: /^\s*Eens/ })).toContainText('50%');
		await expectBoardTextAtLeast(board, 'the comparison across lessons');
		if (shots) await board.screenshot({ path: `${shots}/board-1024x768-across-lessons.png` });
		// The teacher's console shows it too.
		await expect(cardOf(teacher, 'veel-mensen-na')).toContainText(/Voor de voorstelling, \d/);
		await expectNoAxeViolations(teacher);
		if (shots)
			await cardOf(teacher, 'veel-mensen-na').screenshot({
				path: `${shots}/console-card-across-lessons.png`
			});
		answered.close();
	});

	await test.step('in the follow-up for 4C, nothing of 3B is shown', async () => {
		const other = await startFor(teacher, 'het-stille-plein-nagesprek', '4C');
		await board.goto(`/board/${other.sessionId}`);
		const answered = await classAnswers(context, origin, other, 'veel-mensen-na', [4, 4, 5, 5, 3]);
		await expect(board.locator('.results .bars')).toBeVisible();
		await expect(board.locator('.results .bars.compared')).toHaveCount(0);
		await expect(board.getByText(/Voor de voorstelling/)).toHaveCount(0);
		answered.close();
	});

	await test.step('the programme page says which class did which lesson, and when', async () => {
		for (const size of [
			{ width: 1366, height: 768 },
			{ width: 360, height: 640 }
		]) {
			await teacher.setViewportSize(size);
			await teacher.goto('/programmas/het-stille-plein');
			await expect(
				teacher.getByRole('heading', { level: 1, name: 'Voorstelling: Het Stille Plein' })
			).toBeVisible();
			const table = teacher.getByRole('table');
			await expect(table.getByRole('row', { name: /3B/ })).toContainText(/\d{1,2} \w+.*nu bezig/);
			await expect(table.getByRole('row', { name: /4C/ })).toContainText(/nog niet/);
			await expectNoAxeViolations(teacher);
			if (shots)
				await teacher.screenshot({
					path: `${shots}/programme-${size.width}x${size.height}.png`,
					fullPage: true
				});
		}
		await teacher.setViewportSize({ width: 1366, height: 768 });
		await teacher.goto('/lessons');
		const card = teacher.getByRole('article', { name: 'Voorstelling: Het Stille Plein' });
		await expect(card.getByRole('row', { name: /3B/ })).toBeVisible();
		await expectNoAxeViolations(teacher);
		if (shots) {
			await card.screenshot({ path: `${shots}/library-card-1366x768.png` });
			await teacher.screenshot({ path: `${shots}/library-1366x768.png`, fullPage: true });
		}
	});

	await context.close();
});

test('a teacher who is not signed in starts a lesson as before, without a class', async ({
	page
}) => {
	await page.goto('/lessons/het-stille-plein-nagesprek');
	await expect(page.getByRole('group', { name: 'Voor welke klas?' })).toHaveCount(0);
	await page.goto('/programmas/het-stille-plein');
	await expect(page.getByRole('table')).toHaveCount(0);
	await expectNoAxeViolations(page);
});

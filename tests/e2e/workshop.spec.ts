import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { e2eServerEnvironment } from '../../playwright.config';
import { expectNoAxeViolations } from './axe';

// The workshop: an author writes a lesson in the browser, sees its problems at their lines and
// its preview as they type, and publishes it into a running server's library.

const lesson = (title: string, slug = '') => `---
title: ${title}
${slug ? `slug: ${slug}\n` : ''}summary: Een les die in de werkplaats is geschreven, om te testen.
kind: lesson
themes: [polarisatie]
audience: [vo-onderbouw]
duration: 30
goals:
  - Leerlingen horen elkaars standpunt.
language: nl
authors: [Testauteur]
licence: CC BY-SA 4.0
version: '1.0'
---

## Landen

:::poll {#keuze kleur=rood}
Hoe kom je naar school?
- Lopend
- Fiets
:::

## Standpunten

:::stellin {#eens}
Iedereen mag in de klas zeggen wat hij denkt.
:::

:::vier-hoeken {#hoeken}
Wat helpt het meest?
- Praten
- Luisteren
- Lezen
:::
`;

const editor = (page: Page) => page.locator('.cm-content');
const problems = (page: Page) => page.getByTestId('problems');
const boardPreviews = (page: Page) =>
	page.getByTestId('workshop-preview').getByTestId('board-preview');

/** Replaces everything in the editor, as a paste does. */
async function replaceText(page: Page, text: string) {
	await editor(page).click();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.insertText(text);
}

/** Puts the cursor on the problem's line through the list, then retypes that line. */
async function fixLine(page: Page, line: number, text: string) {
	await problems(page)
		.getByRole('button', { name: `Regel ${line}`, exact: true })
		.click();
	await expect(page.locator('.cm-activeLine')).toBeVisible();
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+End');
	await page.keyboard.insertText(text);
}

async function openWorkshop(page: Page, origin = '') {
	await page.goto(`${origin}/workshop`);
	await expect(page.locator('.cm-editor')).toBeVisible();
}

test.describe('writing a lesson', () => {
	test('shows three mistakes at their lines, clears them as they are fixed, and previews step 2 as typed', async ({
		page
	}) => {
		await openWorkshop(page);
		await replaceText(page, lesson('Werkplaatsles'));
		const source = lesson('Werkplaatsles').split('\n');
		const lineOf = (text: string) => source.findIndex((line) => line.startsWith(text)) + 1;

		await expect(problems(page)).toContainText('3 problemen gevonden');
		for (const [text, message] of [
			[':::poll', "kent het kenmerk 'kleur' niet"],
			[':::stellin', "Het bloktype 'stellin' bestaat niet"],
			[':::vier-hoeken', 'heeft 3 opties']
		]) {
			const line = lineOf(text);
			const item = problems(page)
				.getByRole('listitem')
				.filter({ hasText: `Regel ${line}` });
			await expect(item).toContainText(message);
			// In the editor, the same line is marked and its gutter says why.
			await item.getByRole('button').click();
			await expect(page.locator('.cm-activeLine')).toContainText(text);
			await expect(page.locator('.cm-activeLine .cm-lintRange-error')).toHaveCount(1);
		}
		await expect(page.locator('.cm-gutter-lint .cm-lint-marker-error')).toHaveCount(3);

		await fixLine(page, lineOf(':::poll'), ':::poll {#keuze}');
		await expect(problems(page)).toContainText('2 problemen gevonden');
		await fixLine(page, lineOf(':::stellin'), ':::stelling {#eens}');
		await fixLine(page, lineOf(':::vier-hoeken'), ':::poll {#hoeken}');
		await expect(problems(page)).toContainText('Geen problemen gevonden');
		await expect(page.locator('.cm-lint-marker-error')).toHaveCount(0);

		// Step 2's board preview follows the typing.
		const stepTwo = boardPreviews(page).nth(1);
		await expect(stepTwo).toContainText('Iedereen mag in de klas zeggen wat hij denkt.');
		await page.locator('.cm-line', { hasText: 'Iedereen mag in de klas' }).click();
		await page.keyboard.press('End');
		await page.keyboard.type(' Ook als het schuurt.');
		await expect(stepTwo).toContainText('wat hij denkt. Ook als het schuurt.');
		await expect(stepTwo).toContainText('Stelling');

		// The draft survives a reload.
		await page.reload();
		await expect(page.locator('.cm-editor')).toBeVisible();
		await expect(editor(page)).toContainText('Ook als het schuurt.');
		await expect(boardPreviews(page).nth(1)).toContainText('Ook als het schuurt.');
	});

	test('warns when the minutes do not add up, without calling it a problem', async ({ page }) => {
		await openWorkshop(page);
		const fixed = lesson('Tijdles')
			.replace('{#keuze kleur=rood}', '{#keuze}')
			.replace(':::stellin ', ':::stelling ')
			.replace(':::vier-hoeken {#hoeken}', ':::poll {#hoeken}');
		await replaceText(page, `${fixed}\n:::docent\n**Tijd: 45 minuten.**\n:::\n`);
		await expect(problems(page)).toContainText('Geen problemen gevonden');
		await expect(problems(page)).toContainText('1 waarschuwing: de les werkt wel');
		const item = problems(page).getByRole('listitem').filter({ hasText: 'Regel 7' });
		await expect(item).toContainText('tellen op tot 45 minuten, maar de les duurt 30 minuten');
		await expect(page.locator('.cm-gutter-lint .cm-lint-marker-warning')).toHaveCount(1);
		await expect(page.locator('.cm-lint-marker-error')).toHaveCount(0);
		await expectNoAxeViolations(page);
	});

	test('offers block types and attributes with an explanation', async ({ page }) => {
		await openWorkshop(page);
		await editor(page).click();
		await page.keyboard.press('ControlOrMeta+End');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Enter');
		await page.keyboard.type(':::stel');
		const completions = page.locator('.cm-tooltip-autocomplete');
		await expect(
			completions.getByRole('option', { name: 'stelling', selected: true })
		).toBeVisible();
		await expect(page.locator('.cm-completionInfo')).toContainText('eens of oneens');
		// CodeMirror ignores Enter for a moment after the list changed, against accidental picks.
		await page.waitForTimeout(300);
		await page.keyboard.press('Enter');
		await expect(completions).toHaveCount(0);
		await expect(editor(page)).toContainText(':::stelling {#}');
		// Inside the braces, the attributes of that block type, each with what it does.
		await page.keyboard.type('mening r');
		await expect(completions.getByRole('option', { name: /^reason/ })).toBeVisible();
		await expect(completions.getByRole('option', { name: /^words/ })).toHaveCount(0);
	});

	test('starts from a copy of a library lesson and downloads it as .md, restoring the draft it replaced', async ({
		page
	}) => {
		await openWorkshop(page);
		await replaceText(page, lesson('Mijn concept'));
		await page.getByLabel('Begin met').selectOption('wat-is-polarisatie');
		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('button', { name: 'Openen' }).click();
		await expect(page).toHaveURL(/\/workshop$/);
		await expect(page.getByText('Je werkt aan een kopie van')).toBeVisible();
		await expect(editor(page)).toContainText("title: 'Wat is polarisatie?");
		await expect(problems(page)).toContainText('Geen problemen gevonden');

		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Download als .md' }).click();
		const file = await download;
		// A copy is named after its title, as publishing would name it: the original stays.
		expect(file.suggestedFilename()).toBe('wat-is-polarisatie-wij-zij-en-de-stille-middengroep.md');
		expect(readFileSync((await file.path())!, 'utf8')).toBe(
			readFileSync('lessons/wat-is-polarisatie.md', 'utf8')
		);

		await page.getByRole('button', { name: 'Zet mijn vorige concept terug' }).click();
		await expect(editor(page)).toContainText('title: Mijn concept');
	});

	test('passes axe, needs nothing from the internet, and can be left by keyboard', async ({
		page,
		baseURL
	}) => {
		const origins = new Set<string>();
		page.on('request', (request) => {
			if (!request.url().startsWith('data:')) origins.add(new URL(request.url()).origin);
		});
		await openWorkshop(page);
		await expect(problems(page)).toContainText('Geen problemen gevonden');
		expect([...origins]).toEqual([new URL(baseURL!).origin]);
		await expect(
			page.getByText('Druk op Escape en dan Tab om de editor te verlaten')
		).toBeVisible();
		await expectNoAxeViolations(page);
		await editor(page).click();
		await page.keyboard.press('Tab');
		await expect(editor(page)).toBeFocused();
		await page.keyboard.press('Escape');
		await page.keyboard.press('Tab');
		await expect(editor(page)).not.toBeFocused();
	});
});

for (const viewport of [
	{ width: 1366, height: 768 },
	{ width: 1024, height: 768 }
]) {
	test(`on a ${viewport.width}×${viewport.height} laptop the editor fills the height and its problems are in view`, async ({
		browser
	}) => {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		await openWorkshop(page);
		await replaceText(page, lesson('Werkplaatsles'));
		await expect(problems(page)).toContainText('3 problemen gevonden');
		await page.evaluate(() => window.scrollTo(0, 0));

		const editorBox = (await page.locator('.cm-editor').boundingBox())!;
		const listBox = (await problems(page).boundingBox())!;
		// The problem list, its heading, count and first problem, lies within the screen, under
		// the editor, without scrolling the page.
		expect(listBox.y).toBeGreaterThanOrEqual(editorBox.y + editorBox.height);
		for (const part of [
			problems(page).getByRole('heading'),
			problems(page).getByRole('status'),
			problems(page).getByRole('listitem').first()
		]) {
			const box = (await part.boundingBox())!;
			expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
		}
		// The editor takes the height the problems leave: together they reach the screen's bottom.
		expect(listBox.y + listBox.height).toBeGreaterThan(viewport.height - 32);
		expect(editorBox.height).toBeGreaterThanOrEqual(192);
		await expect(page.getByTestId('workshop-preview')).toBeInViewport();
		await context.close();
	});
}

test('passes axe in English on a phone, the preview under the editor', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		locale: 'en-GB'
	});
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
	const page = await context.newPage();
	await openWorkshop(page);
	await expect(page.getByRole('heading', { name: 'Lesson workshop' })).toBeVisible();
	await expect(problems(page)).toContainText('No problems found');
	const editorBox = (await page.locator('.cm-editor').boundingBox())!;
	const previewBox = (await page.getByTestId('workshop-preview').boundingBox())!;
	expect(previewBox.y).toBeGreaterThan(editorBox.y + editorBox.height);
	await expectNoAxeViolations(page);
	await context.close();
});

// Publishing writes into LESSONS_DIR: a server of this spec's own, on the build the webServer
// made, with a copy of the library in a temp folder and one author key.
const port = Number(process.env.E2E_PORT ?? 4173) + 1;
const origin = `http://127.0.0.1:${port}`;
const authorKey = 'werkplaats-sleutel-voor-de-test';
let folder = '';
let lessonsDirectory = '';
let server: ChildProcess | null = null;

/** Every file below LESSONS_DIR with its contents: what "writes nothing" is checked against. */
function snapshot(): Record<string, string> {
	const files: Record<string, string> = {};
	for (const entry of readdirSync(lessonsDirectory, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const path = join(entry.parentPath, entry.name);
		files[relative(lessonsDirectory, path)] = readFileSync(path, 'utf8');
	}
	return files;
}

test.describe('publishing from the workshop', () => {
	test.describe.configure({ mode: 'serial' });

	test.beforeAll(async () => {
		folder = mkdtempSync(join(tmpdir(), 'klasgesprek-workshop-'));
		lessonsDirectory = join(folder, 'lessons');
		cpSync('lessons', lessonsDirectory, { recursive: true });
		writeFileSync(
			join(folder, 'author-keys'),
			`# keys for the workshop e2e\n${authorKey}  # Test\n`
		);
		server = spawn(process.execPath, ['server.ts'], {
			env: {
				...process.env,
				...e2eServerEnvironment,
				PORT: String(port),
				DATABASE_PATH: join(folder, 'store.sqlite'),
				LESSONS_DIR: lessonsDirectory,
				AUTHOR_KEYS_FILE: join(folder, 'author-keys')
			},
			stdio: 'ignore'
		});
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			if (
				await fetch(`${origin}/`).then(
					(response) => response.ok,
					() => false
				)
			)
				return;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error('the workshop server did not start');
	});

	test.afterAll(async () => {
		const exited = new Promise((resolve) => server?.once('exit', resolve));
		server?.kill('SIGTERM');
		await exited;
		rmSync(folder, { recursive: true, force: true });
	});

	const publishButton = (page: Page) =>
		page.getByRole('button', { name: 'Publiceer in de bibliotheek' });
	const outcome = (page: Page) => page.locator('#publish-outcome');

	test('refuses without a key, with a wrong key, a slug outside the folder and a 2 MB paste, writing nothing', async ({
		page
	}) => {
		test.setTimeout(90_000);
		const before = snapshot();
		await openWorkshop(page, origin);

		await publishButton(page).click();
		await expect(outcome(page)).toHaveText('Vul je auteurssleutel in.');
		await expect(page.getByLabel('Auteurssleutel')).toBeFocused();

		await page.getByLabel('Auteurssleutel').fill('niet-de-goede-sleutel');
		await publishButton(page).click();
		await expect(outcome(page)).toContainText('Deze auteurssleutel klopt niet');

		await page.getByLabel('Auteurssleutel').fill(authorKey);
		const escaping = lesson('Ontsnapping', '../../buiten').replace(
			':::poll {#keuze kleur=rood}',
			':::poll {#keuze}'
		);
		await replaceText(
			page,
			escaping.replace(':::stellin', ':::stelling').replace(':::vier-hoeken', ':::poll')
		);
		await publishButton(page).click();
		await expect(outcome(page)).toContainText(/niet gepubliceerd|geen geldige bestandsnaam/);

		// 2 MB pasted into the editor: refused by the server before it reads the lesson.
		const huge = `${lesson('Te groot')}\n${'Een hele lange alinea tekst. '.repeat(72_000)}`;
		expect(huge.length).toBeGreaterThan(2_000_000);
		await editor(page).evaluate((element, text) => {
			const data = new DataTransfer();
			data.setData('text/plain', text);
			element.dispatchEvent(
				new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
			);
		}, huge);
		await publishButton(page).click();
		await expect(outcome(page)).toContainText('De les is te groot om te publiceren');

		expect(snapshot()).toEqual(before);
	});

	test('publishes a lesson that the library serves and a teacher can start, without a restart', async ({
		page
	}) => {
		await openWorkshop(page, origin);
		const fixed = lesson('Gepubliceerd in de werkplaats')
			.replace(':::poll {#keuze kleur=rood}', ':::poll {#keuze}')
			.replace(':::stellin', ':::stelling')
			.replace(':::vier-hoeken', ':::poll');
		await replaceText(page, fixed);
		await expect(problems(page)).toContainText('Geen problemen gevonden');
		await page.getByLabel('Auteurssleutel').fill(authorKey);
		await publishButton(page).click();
		await expect(outcome(page)).toContainText("Gepubliceerd als 'gepubliceerd-in-de-werkplaats'");
		expect(readFileSync(join(lessonsDirectory, 'gepubliceerd-in-de-werkplaats.md'), 'utf8')).toBe(
			fixed
		);

		// Publishing again asks before it replaces, and keeps the previous version.
		await publishButton(page).click();
		await expect(outcome(page)).toContainText(
			"Er staat al een les 'gepubliceerd-in-de-werkplaats'"
		);
		await page.getByRole('button', { name: 'Ja, vervang de les' }).click();
		await expect(outcome(page)).toContainText('De vorige versie is bewaard');
		expect(readdirSync(join(lessonsDirectory, '_previous'))).toHaveLength(1);

		await expect(async () => {
			await page.goto(`${origin}/lessons`);
			await expect(page.getByRole('link', { name: 'Gepubliceerd in de werkplaats' })).toBeVisible({
				timeout: 500
			});
		}).toPass({ timeout: 10_000 });
		await page.getByRole('link', { name: 'Gepubliceerd in de werkplaats' }).click();
		await page.getByRole('button', { name: 'Start deze les live' }).click();
		await expect(page).toHaveURL(/\/host\//);
	});
});

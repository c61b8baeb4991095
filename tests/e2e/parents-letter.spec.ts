import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expectNoAxeViolations } from './axe';

// The letter to parents and carers, per lesson and per performance: reached from the lesson page
// and the library, in Dutch or English, filled in, passing axe, and printed to an A4 PDF of one
// or two pages. Set LETTER_SHOTS=1 to keep the PDFs and screenshots in /tmp/letter-shots.

const shots = process.env.LETTER_SHOTS ? '/tmp/letter-shots' : '';

const letter = (page: Page) => page.locator('article.letter');

/** Pages of a PDF as Chromium writes it: one `/Type /Page` object each. */
function pdfPageCount(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

/** The titles of a PDF's outline (its bookmarks: the letter's headings) and its document title. */
function pdfTitles(pdf: Buffer): string[] {
	const text = pdf.toString('latin1');
	const titles: string[] = [];
	for (const match of text.matchAll(/\/Title\s*(?:<([0-9A-Fa-f]+)>|\(((?:\\.|[^\\)])*)\))/g)) {
		if (match[1] !== undefined) {
			const bytes = Buffer.from(match[1], 'hex');
			const utf16 = bytes[0] === 0xfe && bytes[1] === 0xff;
			titles.push(
				utf16 ? bytes.subarray(2).swap16().toString('utf16le') : bytes.toString('latin1')
			);
		} else {
			titles.push(match[2].replace(/\\([()\\])/g, '$1'));
		}
	}
	return titles;
}

/** Prints the page as the teacher's browser would to PDF, and keeps it when asked. */
async function printToPdf(page: Page, name: string): Promise<Buffer> {
	const pdf = await page.pdf({
		format: 'A4',
		preferCSSPageSize: true,
		outline: true,
		tagged: true
	});
	if (shots) {
		mkdirSync(shots, { recursive: true });
		writeFileSync(`${shots}/${name}.pdf`, pdf);
	}
	return pdf;
}

test.describe('the letter to parents', () => {
	test("a lesson's letter: from the lesson page, from the lesson file, with this deployment's help", async ({
		page
	}) => {
		await page.goto('/lessons/complotdenken-herkennen');
		// The start of every teacher note and follow-up question the lesson page shows.
		const notes = (await page.getByTestId('teacher-panel').locator('.note .body').allInnerTexts())
			.map((text) => text.replace(/\s+/g, ' ').trim().slice(0, 50))
			.filter((text) => text.length > 0);
		expect(notes.length).toBeGreaterThan(5);
		await page.getByRole('link', { name: 'Brief voor ouders', exact: true }).click();
		await expect(page).toHaveURL(/\/lessons\/complotdenken-herkennen\/ouderbrief$/);

		await expect(letter(page)).toHaveAttribute('lang', 'nl');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Een les over complotdenken, weerbaarheid en online veiligheid'
		);
		await expect(
			letter(page).getByRole('heading', { level: 2, name: 'Complotdenken herkennen' })
		).toBeVisible();
		await expect(letter(page)).toContainText('50 minuten');
		await expect(letter(page)).toContainText(
			'Leerlingen kunnen kenmerken van complotdenken herkennen'
		);
		await expect(letter(page)).toContainText(
			'Ze geven hun mening over een stelling: eens, oneens of iets ertussenin.'
		);
		await expect(letter(page)).toContainText(
			'Aan het eind schrijven ze kort op wat ze van de les vinden. Alleen de docent leest dit.'
		);
		await expect(letter(page)).toContainText('Ze vullen geen naam in en maken geen account.');
		await expect(letter(page)).toContainText(
			'Een leerling mag altijd ‘pas’ kiezen of niets zeggen.'
		);
		await expect(letter(page)).toContainText('De antwoorden worden na 30 dagen gewist.');
		// The settings of the e2e server (playwright.config.ts).
		await expect(letter(page)).toContainText('Voor ouders en verzorgers in Voorbeeldstad:');
		await expect(letter(page)).toContainText('Opvoedsteunpunt Voorbeeldstad: 010 000 0000');
		await expect(letter(page)).toContainText(
			'U kunt ook de gemeente Voorbeeldstad mailen: signaal@voorbeeldstad.example.'
		);
		await expect(letter(page)).toContainText('Kindertelefoon: 0800-0432');
		await expect(letter(page)).toContainText('Is er direct gevaar? Bel 112.');
		const letterText = (await letter(page).innerText()).replace(/\s+/g, ' ');
		for (const note of notes) expect(letterText).not.toContain(note);
		await expectNoAxeViolations(page);

		await test.step('the teacher fills in the class and date, and switches the letter to English', async () => {
			await page.getByRole('textbox', { name: 'Klas' }).fill('3B');
			await page.getByRole('textbox', { name: 'Datum' }).fill('dinsdag 12 maart');
			await page.getByRole('button', { name: 'Zet in de brief' }).click();
			await expect(page).toHaveURL(/klas=3B/);
			await expect(letter(page).locator('.fields')).toContainText('Klas: 3B');
			await expect(letter(page).locator('.fields')).toContainText(
				'Datum van de les: dinsdag 12 maart'
			);

			await page
				.getByRole('navigation', { name: 'Taal van de brief' })
				.getByRole('link', { name: 'English' })
				.click();
			await expect(page).toHaveURL(/taal=en/);
			await expect(letter(page)).toHaveAttribute('lang', 'en');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'A lesson about conspiracy thinking, resilience and online safety'
			);
			await expect(letter(page).locator('.fields')).toContainText('Class: 3B');
			await expect(letter(page)).toContainText('This lesson is taught in Dutch.');
			// The interface stays in the teacher's language.
			await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
			await expect(page.getByRole('button', { name: 'Zet in de brief' })).toBeVisible();
			await expectNoAxeViolations(page);
		});

		await test.step('it prints as a clean A4 letter of one or two pages', async () => {
			await page.goto('/lessons/complotdenken-herkennen/ouderbrief');
			await page.emulateMedia({ media: 'print' });
			await expect(page.locator('.site-header')).toBeHidden();
			await expect(page.locator('.site-footer')).toBeHidden();
			await expect(page.getByRole('button', { name: 'Afdrukken of opslaan als PDF' })).toBeHidden();
			await expect(letter(page)).toBeVisible();
			const pdf = await printToPdf(page, 'lesson-complotdenken-herkennen');
			expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
			expect(pdfPageCount(pdf)).toBeLessThanOrEqual(2);
			const titles = pdfTitles(pdf);
			expect(titles).toContain('Complotdenken herkennen');
			expect(titles).toContain('Waar kunt u terecht?');
			expect(titles.join(' ')).not.toMatch(/Terug naar de les|Taal van de brief/);
		});
	});

	test("a performance's letter: its modules in order, from the library and from a module's page", async ({
		page
	}) => {
		await page.goto('/lessons');
		await page
			.getByRole('article', { name: 'Voorstelling: Het Stille Plein' })
			.getByRole('link', { name: 'Brief voor ouders over deze voorstelling' })
			.click();
		await expect(page).toHaveURL(/\/programmas\/het-stille-plein\/ouderbrief$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'De voorstelling ‘Het Stille Plein’ en de lessen erbij'
		);
		await expect(letter(page).getByRole('heading', { level: 2 }).first()).toHaveText(
			'Het Stille Plein: voorbereidende les'
		);
		await expect(letter(page).getByRole('heading', { level: 2 }).nth(1)).toHaveText(
			'Het Stille Plein: nagesprek'
		);
		await expect(letter(page).getByRole('heading', { level: 2 }).nth(2)).toHaveText(
			'Het Stille Plein: verwerkingsles'
		);
		await expect(letter(page)).toContainText('Voorbereidende les · 40 minuten');
		await expect(letter(page)).toContainText('Datum van de voorstelling:');
		await expect(letter(page)).toContainText('Dit doen de leerlingen in de lessen:');
		await expectNoAxeViolations(page);

		const pdf = await printToPdf(page, 'programme-het-stille-plein');
		expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
		expect(pdfPageCount(pdf)).toBeLessThanOrEqual(2);
		expect(pdfTitles(pdf)).toEqual(
			expect.arrayContaining([
				'Het Stille Plein: voorbereidende les',
				'Het Stille Plein: nagesprek',
				'Het Stille Plein: verwerkingsles'
			])
		);

		await page.goto('/lessons/het-stille-plein-nagesprek');
		await page.getByRole('link', { name: 'Brief voor ouders over de hele voorstelling' }).click();
		await expect(page).toHaveURL(/\/programmas\/het-stille-plein\/ouderbrief$/);
		await page.goto('/lessons/het-stille-plein-nagesprek');
		await page.getByRole('link', { name: 'Brief voor ouders', exact: true }).click();
		await expect(page).toHaveURL(/\/lessons\/het-stille-plein-nagesprek\/ouderbrief$/);
	});

	for (const { width, height } of [
		{ width: 1366, height: 768 },
		{ width: 360, height: 640 }
	]) {
		test(`reads at ${width}×${height} without scrolling sideways`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width, height } });
			const page = await context.newPage();
			for (const [name, path] of [
				['lesson', '/lessons/complotdenken-herkennen/ouderbrief'],
				['programme', '/programmas/wij-tegen-de-rest/ouderbrief?taal=en&klas=3B']
			]) {
				await page.goto(path);
				await expect(letter(page)).toBeVisible();
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, 'scrolls sideways').toBeLessThanOrEqual(0);
				if (shots) {
					mkdirSync(shots, { recursive: true });
					await page.screenshot({ path: `${shots}/${name}-${width}x${height}.png` });
					await letter(page).evaluate((element) => element.scrollIntoView());
					await page.screenshot({ path: `${shots}/${name}-${width}x${height}-letter.png` });
				}
			}
			await context.close();
		});
	}

	test('a training for professionals has no letter, and an unknown performance none either', async ({
		page
	}) => {
		await page.goto('/lessons/signalen-herkennen-en-bespreken');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('link', { name: /Brief voor ouders/ })).toHaveCount(0);
		const training = await page.goto('/lessons/signalen-herkennen-en-bespreken/ouderbrief');
		expect(training?.status()).toBe(404);
		await expect(
			page.getByText('Deze les is voor volwassenen: een training voor professionals')
		).toBeVisible();
		const unknown = await page.goto('/programmas/bestaat-niet/ouderbrief');
		expect(unknown?.status()).toBe(404);
		await expect(
			page.getByText('Deze voorstelling staat niet (meer) in de bibliotheek.')
		).toBeVisible();
		await expectNoAxeViolations(page);
	});
});

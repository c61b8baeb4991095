import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { openBeforeItsScript } from './slow-script';

const cards = (page: Page) => page.locator('article.card');
/** Every lesson the library lists, on a card of its own or in a programme's card. */
const lessonLinks = (page: Page) => page.locator('.card a[href^="/lessons/"]');
const count = (page: Page) => page.getByRole('status');

test.describe('the lesson library', () => {
	test('lists every sample lesson and shows each performance as one card', async ({ page }) => {
		await page.goto('/lessons');
		await expect(count(page)).toHaveText(/^(\d+) van de \1 lessen$/);
		expect(await lessonLinks(page).count()).toBeGreaterThanOrEqual(15);
		const theatre = page.getByRole('region', { name: 'Theatervoorstellingen' });
		await expect(theatre.getByRole('heading', { level: 3 })).toHaveCount(2);
		await expect(theatre.locator('article.card')).toHaveCount(2);
		// Its lessons in the order a class meets them: the preparation, the post-show talk, the
		// processing lesson.
		for (const performance of ['Het Stille Plein', 'Wij tegen De Rest'])
			await expect(
				theatre.getByRole('article', { name: `Voorstelling: ${performance}` }).getByRole('listitem')
			).toHaveText([/^Voorbereidende les/, /^Nagesprek/, /^Verwerkingsles/]);
		await expect(
			theatre.getByRole('heading', { name: /Voorstelling: Wij tegen De Rest/ })
		).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('filters by audience, kind and duration as the teacher clicks', async ({ page }) => {
		await page.goto('/lessons');
		await page.getByRole('checkbox', { name: 'Professionals (training)' }).check();
		await expect(page).toHaveURL(/doelgroep=professionals/);
		await expect(cards(page)).toHaveCount(3);
		await expect(cards(page).filter({ hasText: 'Signalen' })).toHaveCount(1);
		await expect(cards(page).filter({ hasText: 'onder druk' })).toHaveCount(1);

		await page.goto('/lessons');
		await page.getByRole('radio', { name: 'Theatermodule' }).check();
		await expect(page).toHaveURL(/soort=theatre-followup/);
		await expect(page.getByRole('region', { name: 'Lessen', exact: true })).toHaveCount(0);
		expect(await cards(page).count()).toBe(2);
		expect(await lessonLinks(page).count()).toBe(6);

		await page.goto('/lessons');
		await page.getByRole('radio', { name: 'tot 30 minuten' }).check();
		await expect(page).toHaveURL(/duur=30/);
		for (const text of await page.locator('.card .meta span:first-child').allTextContents()) {
			expect(Number.parseInt(text)).toBeLessThanOrEqual(30);
		}
	});

	test('filters by theme', async ({ page }) => {
		await page.goto('/lessons?thema=complotdenken');
		await expect(page.getByRole('checkbox', { name: 'Complotdenken' })).toBeChecked();
		const titles = await page.locator('.card h3, .card h4').allTextContents();
		expect(titles.length).toBeGreaterThan(0);
		expect(titles.join(' ')).toMatch(/[Cc]omplot/);
		expect(titles.join(' ')).not.toMatch(/Democratie en de rechtsstaat/);
	});

	test('searches by words while typing and keeps focus in the field', async ({ page }) => {
		await page.goto('/lessons');
		const field = page.getByRole('searchbox', { name: 'Zoek op woorden' });
		await field.fill('filterbubbel algoritmes');
		await expect(page).toHaveURL(/q=filterbubbel/);
		await expect(cards(page)).toHaveCount(1);
		await expect(field).toBeFocused();
		await field.fill('woordzonderlessen');
		await expect(page.getByText('Geen lessen gevonden.')).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('searches the words typed while the page was still loading its script', async ({ page }) => {
		// On a school's slow wifi a teacher types before the script arrives; hydration must not
		// wipe the words, and the search follows once the script runs.
		const loading = await openBeforeItsScript(page, '/lessons');
		const field = page.getByRole('searchbox', { name: 'Zoek op woorden' });
		await field.fill('filterbubbel algoritmes');
		await loading.release();
		await expect(field).toHaveValue('filterbubbel algoritmes');
		await expect(page).toHaveURL(/q=filterbubbel/);
		await expect(cards(page)).toHaveCount(1);
	});

	test('filters without JavaScript through the search button', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/lessons');
		await page.getByRole('checkbox', { name: 'Professionals (training)' }).check();
		await page.getByRole('button', { name: 'Zoeken' }).click();
		await expect(cards(page)).toHaveCount(3);
		await context.close();
	});

	test('shows whole lines of every summary, and which lessons are in another language', async ({
		page
	}) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto('/lessons');
		const summaries = await page.locator('.card .summary').evaluateAll((nodes) =>
			nodes.map((node) => {
				const style = getComputedStyle(node);
				return { height: node.clientHeight, line: parseFloat(style.lineHeight) };
			})
		);
		expect(summaries.length).toBeGreaterThan(10);
		for (const { height, line } of summaries) {
			const lines = height / line;
			expect(Math.abs(lines - Math.round(lines)), `${height}px of ${line}px lines`).toBeLessThan(
				0.05
			);
			expect(Math.round(lines)).toBeLessThanOrEqual(5);
		}
		const english = cards(page).filter({
			hasText: 'Us and them: polarisation and the quiet middle'
		});
		await expect(english.locator('.language')).toHaveText(/^Taal van de les:\sEngels$/);
		await expect(cards(page).locator('.language')).toHaveCount(1);
		await expectNoAxeViolations(page);
	});
});

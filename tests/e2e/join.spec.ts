import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { controlsOf, startLesson } from './host';
import { phone } from './phone';
import { openBeforeItsScript } from './slow-script';

test.describe('the pupils entrance', () => {
	test('offers a big code field, says what is kept, and passes axe', async ({ page }) => {
		await page.goto('/');
		await expect(
			page.getByRole('heading', { level: 1, name: 'Doe mee met het klasgesprek' })
		).toBeVisible();
		await expect(page.getByLabel('Code van het bord')).toBeVisible();
		await expect(page.getByText('we vragen geen naam')).toContainText('30 dagen');
		await expectNoAxeViolations(page);
	});

	test('explains a code that is not six digits, by keyboard only', async ({ page }) => {
		await page.goto('/');
		await page.getByLabel('Code van het bord').fill('12a');
		await page.keyboard.press('Enter');
		const error = page.getByRole('alert');
		await expect(error).toHaveText('Een code bestaat uit 6 cijfers. Kijk nog eens op het bord.');
		await expect(page.getByLabel('Code van het bord')).toHaveAttribute('aria-invalid', 'true');
		await expectNoAxeViolations(page);
	});

	test('takes a well-formed code to its join page, which says when no lesson uses it', async ({
		page
	}) => {
		await page.goto('/');
		await page.getByLabel('Code van het bord').fill('123 456');
		await page.getByRole('button', { name: 'Meedoen' }).click();
		await expect(page).toHaveURL(/\/j\/123456$/);
		await expect(page.getByRole('heading', { name: 'Deze code kennen we niet' })).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('works without JavaScript', async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/');
		await page.getByLabel('Code van het bord').fill('x');
		await page.getByRole('button', { name: 'Meedoen' }).click();
		await expect(page.getByText('Een code bestaat uit 6 cijfers.')).toBeVisible();
		await context.close();
	});

	test('keeps a code typed while the page was still loading its script', async ({ page }) => {
		// On a cheap phone on school wifi a pupil types before the script arrives; hydration
		// must not wipe what they typed.
		const loading = await openBeforeItsScript(page, '/');
		await page.getByLabel('Code van het bord').fill('7a');
		await loading.release();
		await expect(page.getByLabel('Code van het bord')).toHaveValue('7a');
	});

	test('fits a 320 pixel wide phone without sideways scrolling', async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
		const page = await context.newPage();
		await page.goto('/');
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await context.close();
	});

	test('shows a pupil on a phone no teacher menu, only the name and the language', async ({
		browser
	}) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
		const page = await context.newPage();
		await page.goto('/');
		await expect(page.getByRole('navigation')).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Werkplaats' })).toHaveCount(0);
		await expect(page.getByRole('button', { name: /English/ })).toBeVisible();
		// The code field, not a menu, is what the top of the phone shows.
		const header = (await page.locator('header').boundingBox())!;
		expect(header.height).toBeLessThanOrEqual(80);
		const field = (await page.getByLabel('Code van het bord').boundingBox())!;
		expect(field.y + field.height).toBeLessThanOrEqual(640);
		await expectNoAxeViolations(page);
		// A teacher's page keeps its menu.
		await page.goto('/lessons');
		await expect(
			page.getByRole('navigation').getByRole('link', { name: 'Werkplaats' })
		).toBeVisible();
		await context.close();
	});

	test('leads teachers to the library', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('link', { name: /Naar de lessen/ }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Lessenbibliotheek' })).toBeVisible();
	});
});

test.describe('a phone on a school network that blocks WebSockets', () => {
	test('joins, answers and hears the teacher by long-polling, its handshake sent with the page', async ({
		browser
	}) => {
		const host = await (await browser.newContext()).newPage();
		const code = await startLesson(host);
		const pupil = await (await browser.newContext({ ...phone })).newPage();
		// The proxy refuses every WebSocket; long-polling is all the phone has.
		let refused = 0;
		await pupil.routeWebSocket(/\/socket\.io\//, (webSocket) => {
			refused += 1;
			return webSocket.close();
		});
		const handshakes: string[] = [];
		pupil.on('request', (request) => {
			const url = new URL(request.url());
			if (url.pathname === '/socket.io/' && !url.searchParams.has('sid'))
				handshakes.push(url.search);
		});
		await pupil.goto(`/j/${code}`);
		await expect(pupil.getByRole('heading', { name: /Kijk naar het bord/ })).toBeVisible();
		// One handshake: the page's HTML asked for it, and the socket took that answer.
		expect(handshakes).toHaveLength(1);

		await controlsOf(host, 'start').getByRole('button', { name: 'Open voor leerlingen' }).click();
		await pupil.getByRole('button', { name: /Gaat wel/ }).click();
		await expect(pupil.getByRole('status').filter({ hasText: 'Ontvangen' })).toBeVisible();
		await expect(host.locator('article.block[data-block="start"]')).toContainText('1 antwoord');
		expect(refused).toBeGreaterThan(0);
	});
});

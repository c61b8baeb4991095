import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

// Every lesson page passes axe with zero violations. In four shares that run side by side: axe on
// two dozen lesson pages one after another took more than three minutes on a busy two-core machine.
const shares = 4;
for (let share = 0; share < shares; share += 1)
	test(`every lesson page passes axe (share ${share + 1} of ${shares})`, async ({ page }) => {
		test.setTimeout(180_000);
		await page.goto('/lessons');
		const hrefs = await page
			.locator('.card a')
			.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
		expect(hrefs.length).toBeGreaterThanOrEqual(15);
		for (const href of hrefs.filter((_, index) => index % shares === share)) {
			await page.goto(href);
			await expectNoAxeViolations(page);
		}
	});

test('the library, guide, a lesson and its letters pass axe in English and on a phone', async ({
	browser
}) => {
	// Seven pages, each checked by axe: more than the default half minute on a busy machine.
	test.setTimeout(120_000);
	const context = await browser.newContext({
		viewport: { width: 360, height: 740 },
		locale: 'en-GB'
	});
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'en', url: test.info().project.use.baseURL! }
	]);
	const page = await context.newPage();
	for (const path of [
		'/',
		'/lessons',
		'/lessons/complotdenken-herkennen',
		'/guide',
		'/accessibility',
		'/lessons/complotdenken-herkennen/ouderbrief',
		'/programmas/het-stille-plein/ouderbrief'
	]) {
		await page.goto(path);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expectNoAxeViolations(page);
	}
	await context.close();
});

test('an unknown page gets a 404 that passes axe', async ({ page }) => {
	const response = await page.goto('/bestaat/niet');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Pagina niet gevonden' })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('a page is sent gzip-compressed to a browser that takes it, and plain to one that does not', async ({
	request
}) => {
	const compressed = await request.get('/lessons', { headers: { 'accept-encoding': 'gzip' } });
	expect(compressed.headers()['content-encoding']).toBe('gzip');
	expect(compressed.headers()['vary']).toContain('Accept-Encoding');
	// Decompressed by the client: the whole page, not a fragment of it.
	const page = await compressed.text();
	expect(page).toMatch(/^<!doctype html>/i);
	expect(page).toContain('</html>');
	const plain = await request.get('/lessons', { headers: { 'accept-encoding': 'identity' } });
	expect(plain.headers()['content-encoding']).toBeUndefined();
	expect(await plain.text()).toContain('</html>');
});

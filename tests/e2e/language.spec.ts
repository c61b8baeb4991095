import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

test('switches the whole interface to English and back, staying on the same page', async ({
	page
}) => {
	await page.goto('/lessons?doelgroep=mbo');
	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page).toHaveURL(/\/lessons\?doelgroep=mbo$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lesson library');
	await expect(page.getByRole('checkbox', { name: 'Vocational (mbo)' })).toBeChecked();
	await expectNoAxeViolations(page);

	await page.goto('/guide');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Guide: leading hard conversations in class'
	);
	await expect(page.getByText('Acute danger? Call 112.')).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Schakel naar het Nederlands' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Handreiking: moeilijke gesprekken in de klas'
	);
});

// A browser sends its origin with every form post; SvelteKit refuses posts without one.
const sameOrigin = (baseURL: string | undefined) => ({ origin: new URL(baseURL!).origin });

test('refuses an unknown language', async ({ request, baseURL }) => {
	const response = await request.post('/language', {
		form: { locale: 'de', redirectTo: '/' },
		headers: sameOrigin(baseURL)
	});
	expect(response.status()).toBe(400);
});

test('never redirects to another site after switching language', async ({ request, baseURL }) => {
	const response = await request.post('/language', {
		form: { locale: 'en', redirectTo: '//evil.example/' },
		headers: sameOrigin(baseURL),
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe('/');
});

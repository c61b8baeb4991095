import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

test.describe('the teacher guide', () => {
	test('gives guidance and the deployment signalling route, and passes axe', async ({ page }) => {
		await page.goto('/guide');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Handreiking: moeilijke gesprekken in de klas'
		);
		await expect(page.getByRole('heading', { name: /Begrenzen en uitnodigen/ })).toBeVisible();
		await expect(page.getByRole('heading', { name: /stille middengroep/i })).toBeVisible();
		const route = page.getByRole('region', {
			name: /Route bij zorgen om een leerling in Voorbeeldstad/
		});
		await expect(route).toContainText('Acuut gevaar? Bel 112.');
		const mail = route.getByRole('link', { name: 'signaal@voorbeeldstad.example' });
		await expect(mail).toHaveAttribute(
			'href',
			'mailto:signaal@voorbeeldstad.example?subject=signaal%20radicalisering'
		);
		await expect(route).toContainText('Onderwerp: signaal radicalisering');
		await expect(route).toContainText('Klasgesprek is geen meldkanaal');
		await expectNoAxeViolations(page);
	});

	test('has no way anywhere to single out a pupil', async ({ page }) => {
		for (const path of ['/', '/lessons', '/lessons/signalen-herkennen-en-bespreken', '/guide']) {
			await page.goto(path);
			await expect(page.getByRole('button', { name: /markeer|meld leerling|flag/i })).toHaveCount(
				0
			);
		}
	});

	test('has a table of contents that reaches every section', async ({ page }) => {
		await page.goto('/guide');
		const contents = page.getByRole('navigation', { name: 'Inhoud' });
		const links = contents.getByRole('link');
		expect(await links.count()).toBeGreaterThanOrEqual(8);
		await contents.getByRole('link', { name: 'Route bij zorgen om een leerling' }).click();
		await expect(page.locator('#route-heading')).toBeInViewport();
		await links.last().click();
		await expect(page.locator('#advies-en-meldlijnen')).toBeInViewport();
	});

	test('puts the route right after the sentence that points to it, on screen and on paper', async ({
		page
	}) => {
		await page.goto('/guide');
		for (const media of ['screen', 'print'] as const) {
			await page.emulateMedia({ media });
			const pointer = page.getByText(/Gebruik daarvoor de route van jouw gemeente hieronder/);
			const route = page.getByRole('region', { name: /Route bij zorgen om een leerling/ });
			const next = page.getByRole('heading', { level: 2, name: 'Advies en meldlijnen' });
			await expect(route).toBeVisible();
			const [pointerBox, routeBox, nextBox] = await Promise.all(
				[pointer, route, next].map(async (locator) => (await locator.boundingBox())!)
			);
			expect(routeBox.y).toBeGreaterThan(pointerBox.y);
			expect(nextBox.y).toBeGreaterThan(routeBox.y);
		}
	});
});

test('the accessibility statement passes axe', async ({ page }) => {
	await page.goto('/accessibility');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Toegankelijkheidsverklaring' })
	).toBeVisible();
	await expect(page.getByText(/WCAG 2\.1/).first()).toBeVisible();
	await expectNoAxeViolations(page);
});

// A teacher's own space without an identity provider: made with one click, opened on another
// device with its secret link (shown once, with a QR code), renewed so the old link stops at
// once. Mijn lessen: a lesson started before signing in is added by its host link or from its
// console, its summary and workbook are at hand once it ended, and it can be deleted. Axe and
// screenshots of /inloggen and /mijn on a laptop and a phone.

import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { startLesson } from './host';

async function device(browser: Browser, viewport = { width: 1366, height: 768 }) {
	const context = await browser.newContext({ viewport });
	return { context, page: await context.newPage() };
}

/** "Maak je eigen ruimte" on this device; returns the secret link it showed once. */
async function makeSpace(page: Page) {
	await page.goto('/inloggen');
	await page.getByRole('button', { name: 'Maak je eigen ruimte' }).click();
	await expect(page.getByRole('heading', { name: 'Je geheime link' })).toBeVisible();
	await expect(page.getByRole('img', { name: 'QR-code van je geheime link' })).toBeVisible();
	return page.getByLabel('Geheime link naar je ruimte').inputValue();
}

test('a space of my own opens on a second device, and a new link stops the old one', async ({
	browser
}) => {
	const laptop = await device(browser);
	const first = await makeSpace(laptop.page);
	expect(first).toMatch(/\/ruimte\/[\w-]{43}$/);
	await expect(
		laptop.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', {
			name: 'Mijn lessen'
		})
	).toBeVisible();

	const phone = await device(browser, { width: 360, height: 640 });
	await phone.page.goto(first);
	await expect(phone.page.getByRole('heading', { level: 1 })).toHaveText('Je eigen ruimte openen');
	await phone.page.getByLabel('Onthoud mij op dit apparaat').check();
	await phone.page.getByRole('button', { name: 'Inloggen op dit apparaat' }).click();
	await expect(phone.page).toHaveURL(/\/mijn$/);
	const remembered = (await phone.context.cookies()).find(
		(cookie) => cookie.name === 'klasgesprek-teacher'
	);
	expect(remembered?.expires).toBeGreaterThan(Date.now() / 1000 + 20 * 86_400);

	// A name the teacher gives themselves shows where the link is opened.
	await laptop.page.goto('/mijn');
	await laptop.page.getByLabel('Je naam (mag leeg blijven)').fill('Meneer Jansen');
	await laptop.page.getByRole('button', { name: 'Naam bewaren' }).click();
	await expect(
		laptop.page.getByRole('status').filter({ hasText: 'Je naam is bewaard.' })
	).toBeVisible();

	await laptop.page.getByRole('button', { name: 'Nieuwe link maken' }).click();
	const second = await laptop.page.getByLabel('Geheime link naar je ruimte').inputValue();
	expect(second).not.toBe(first);

	const stranger = await device(browser);
	await stranger.page.goto(first);
	await expect(stranger.page.getByRole('heading', { level: 1 })).toHaveText('Deze link werkt niet');
	await expect(stranger.page.getByRole('alert')).toContainText('Heb je een nieuwe link gemaakt?');
	await expectNoAxeViolations(stranger.page);
	await stranger.page.goto(second);
	await expect(stranger.page.locator('main')).toContainText('Ruimte van Meneer Jansen');

	// Revoked, no link opens the space; the phone signed in before stays signed in.
	await laptop.page.getByRole('button', { name: 'Link intrekken' }).click();
	await expect(laptop.page.locator('main')).toContainText('Je geheime link werkt niet meer.');
	await stranger.page.goto(second);
	await expect(stranger.page.getByRole('heading', { level: 1 })).toHaveText('Deze link werkt niet');
	await phone.page.reload();
	await expect(phone.page).toHaveURL(/\/mijn$/);

	// Signing out everywhere signs the phone out too.
	await laptop.page.getByRole('button', { name: 'Overal uitloggen' }).click();
	await expect(laptop.page).toHaveURL(/\/inloggen\?uitgelogd/);
	await expect(laptop.page.getByRole('status')).toHaveText('Je bent uitgelogd.');
	await phone.page.goto('/mijn');
	await expect(phone.page).toHaveURL(/\/inloggen\?naar=%2Fmijn$/);
	for (const { context } of [laptop, phone, stranger]) await context.close();
});

test('a lesson started before signing in joins Mijn lessen, and leaves it when deleted', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const laptop = await device(browser);
	await startLesson(laptop.page);
	const hostPath = new URL(laptop.page.url()).pathname;
	await laptop.page.getByText('Link om deze les op je telefoon te besturen').click();
	const hostLink = await laptop.page
		.getByLabel('Link om deze les op je telefoon te besturen')
		.inputValue();
	// A second lesson, kept from its console.
	const other = await laptop.context.newPage();
	await startLesson(other);

	await makeSpace(laptop.page);
	await laptop.page.goto('/mijn');
	await expect(laptop.page.locator('main')).toContainText('Je hebt nog geen lessen.');
	await laptop.page.getByLabel('Link of geheime code uit de console').fill('https://example.org/');
	await laptop.page.getByRole('button', { name: 'Toevoegen' }).click();
	await expect(laptop.page.getByRole('alert')).toContainText('Dit is geen link uit de console.');
	await laptop.page.getByLabel('Link of geheime code uit de console').fill(hostLink);
	await laptop.page.getByRole('button', { name: 'Toevoegen' }).click();
	await expect(
		laptop.page.getByRole('status').filter({ hasText: 'De les staat nu in Mijn lessen.' })
	).toBeVisible();
	await expect(laptop.page.locator('li.lesson')).toHaveCount(1);

	await other.reload();
	await other.getByRole('button', { name: 'Bewaar in Mijn lessen' }).click();
	await expect(other.getByText('Deze les staat in Mijn lessen.')).toBeVisible();
	await laptop.page.reload();
	await expect(laptop.page.locator('li.lesson')).toHaveCount(2);
	await expectNoAxeViolations(laptop.page);

	// Ended, the first offers its summary and workbook, and goes when deleted.
	await laptop.page.goto(hostPath);
	laptop.page.once('dialog', (dialog) => dialog.accept());
	await laptop.page.getByRole('button', { name: 'Beëindig de les' }).click();
	await expect(laptop.page.getByText(/Deze les is beëindigd/)).toBeVisible();
	await laptop.page.goto('/mijn');
	const ended = laptop.page.locator(`li.lesson[data-session="${hostPath.split('/').pop()}"]`);
	await expect(ended).toContainText('Afgelopen');
	await expect(ended.getByRole('link', { name: 'Samenvatting' })).toBeVisible();
	const download = laptop.page.waitForEvent('download');
	await ended.getByRole('link', { name: 'Werkmap (Excel)' }).click();
	expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
	laptop.page.once('dialog', (dialog) => dialog.accept());
	await ended.getByRole('button', { name: /verwijderen$/i }).click();
	await expect(
		laptop.page.getByRole('status').filter({ hasText: 'De les is verwijderd.' })
	).toBeVisible();
	await expect(laptop.page.locator('li.lesson')).toHaveCount(1);
	await laptop.context.close();
});

test('the sign-in page and Mijn lessen pass axe and fit a laptop and a phone', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const directory = test.info().outputPath();
	for (const viewport of [
		{ width: 1366, height: 768 },
		{ width: 360, height: 640 }
	]) {
		const { context, page } = await device(browser, viewport);
		const size = `${viewport.width}x${viewport.height}`;
		await page.goto('/inloggen');
		await expectNoAxeViolations(page);
		await page.screenshot({ path: `${directory}/inloggen-${size}.png`, fullPage: true });
		await makeSpace(page);
		await expectNoAxeViolations(page);
		await page.screenshot({ path: `${directory}/ruimte-gemaakt-${size}.png`, fullPage: true });
		await startLesson(page);
		await page.goto('/mijn');
		await expect(page.locator('li.lesson')).toHaveCount(1);
		await expectNoAxeViolations(page);
		await page.screenshot({ path: `${directory}/mijn-${size}.png`, fullPage: true });
		// Nothing wider than the screen: no sideways scrolling on a phone.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			viewport.width
		);
		await context.close();
	}
});

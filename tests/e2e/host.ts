import { expect, type Page } from '@playwright/test';

/**
 * Goes to the next step and waits until the server has moved there: a second click before
 * that would ask for the same step again, as a teacher's double click does.
 */
export async function nextStep(host: Page) {
	const where = host.locator('.where');
	const now = Number((await where.textContent())?.match(/Stap (\d+)/)?.[1]);
	await host.getByRole('button', { name: /Volgende stap/ }).click();
	await expect(where).toContainText(`Stap ${now + 1} van`);
}

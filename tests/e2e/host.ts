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

/** Starts the demo lesson and returns the join code once the host view is connected. */
export async function startLesson(host: Page, origin = '') {
	await host.goto(`${origin}/lessons/klasgesprek-uitproberen`);
	await host.getByRole('button', { name: 'Start deze les live' }).click();
	await expect(host).toHaveURL(/\/host\/[\w-]+$/);
	await expect(host.locator('.code')).toHaveText(/^\d{6}$/);
	return (await host.locator('.code').textContent())!.trim();
}
